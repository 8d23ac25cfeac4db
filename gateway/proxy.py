"""Streaming reverse proxy to the services, plus the declarative table that documents each proxied operation.

Bodies are streamed both ways (uploads of hundreds of MB, audio streams, SSE) with one long-lived
``httpx.AsyncClient`` per upstream; nothing is buffered whole. Connection failures become 503, timeouts
504, other transport errors 502, all problem+json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from starlette.background import BackgroundTask

from gateway.auth import require_api_key
from shared.errors import ServiceUnavailable, UpstreamError, UpstreamTimeout
from shared.logging import REQUEST_ID_HEADER, request_id_var

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
SMALL_BODY_BYTES = 256 * 1024
# The client's credentials stop at the gateway; services trust the internal network.
NOT_FORWARDED = HOP_BY_HOP | {"authorization", "x-api-key", "cookie"}


@dataclass(frozen=True)
class Operation:
    """One public operation served by a service, declared from the shared contracts."""

    method: str
    path: str
    upstream: str
    operation_id: str
    tag: str
    summary: str
    status_code: int = 200
    response_model: type[BaseModel] | None = None
    form_model: type[BaseModel] | None = None
    json_model: type[BaseModel] | None = None
    response_media_types: tuple[str, ...] = ()
    query: dict[str, dict[str, Any]] = field(default_factory=dict)


class Upstreams:
    def __init__(self, urls: dict[str, str], connect_timeout: float, read_timeout: float) -> None:
        timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout)
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        self.clients = {
            name: httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) for name, url in urls.items()
        }

    async def aclose(self) -> None:
        for client in self.clients.values():
            await client.aclose()

    async def forward(self, name: str, request: Request) -> Response:
        client = self.clients[name]
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in NOT_FORWARDED]
        headers.append((REQUEST_ID_HEADER, request_id_var.get() or ""))
        if request.client:
            headers.append(("X-Forwarded-For", request.client.host))
        has_body = request.method in ("POST", "PUT", "PATCH") or "content-length" in request.headers
        if "content-length" in request.headers:
            headers.append(("Content-Length", request.headers["content-length"]))
        upstream_request = client.build_request(
            request.method,
            request.url.path,
            params=request.query_params,
            headers=headers,
            content=request.stream() if has_body else None,
        )
        try:
            upstream = await client.send(upstream_request, stream=True)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"The {name} service did not answer in time.", code=f"{name}_timeout") from exc
        except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:
            raise ServiceUnavailable(f"The {name} service is unreachable.", code=f"{name}_unavailable") from exc
        except httpx.HTTPError as exc:
            raise UpstreamError(f"The {name} service failed: {type(exc).__name__}.", code=f"{name}_error") from exc
        response_headers = {
            k: v
            for k, v in upstream.headers.items()
            if k.lower() not in HOP_BY_HOP and k.lower() != REQUEST_ID_HEADER.lower()
        }
        length = upstream.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) <= SMALL_BODY_BYTES:
            # Small answers with a known length (JSON, problems) are read in one go: one write instead of a
            # chunked stream plus a background close, which is most of the proxy's cost on small requests.
            try:
                body = await upstream.aread()
            finally:
                await upstream.aclose()
            return Response(body, status_code=upstream.status_code, headers=response_headers)
        if length is not None:
            response_headers["content-length"] = length
        return StreamingResponse(
            upstream.aiter_raw(),
            status_code=upstream.status_code,
            headers=response_headers,
            background=BackgroundTask(upstream.aclose),
        )


PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}
_PATH_PARAM = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(:path)?}")
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {
        "description": desc,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    for code, desc in (
        (400, "Bad request"),
        (401, "Missing or invalid API key"),
        (404, "Not found"),
        (413, "Too large"),
        (422, "Invalid input"),
        (429, "Rate limited"),
        (502, "Upstream failed"),
        (503, "Service unavailable"),
        (504, "Upstream timeout"),
    )
}


def _schema_ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def add_operation(router: APIRouter, op: Operation, body_models: dict[str, type[BaseModel]]) -> None:
    """Register a proxy route whose OpenAPI entry is typed by the operation's contract models."""

    async def endpoint(request: Request) -> Response:
        upstreams: Upstreams = request.app.state.upstreams
        return await upstreams.forward(op.upstream, request)

    extra: dict[str, Any] = {
        "parameters": [
            {"name": m.group(1), "in": "path", "required": True, "schema": {"type": "string"}}
            for m in _PATH_PARAM.finditer(op.path)
        ]
        + [{"name": n, "in": "query", "required": False, "schema": s} for n, s in op.query.items()]
    }
    if op.form_model is not None:
        body_models[op.form_model.__name__] = op.form_model
        extra["requestBody"] = {
            "required": True,
            "content": {"multipart/form-data": {"schema": _schema_ref(op.form_model)}},
        }
    elif op.json_model is not None:
        body_models[op.json_model.__name__] = op.json_model
        extra["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _schema_ref(op.json_model)}},
        }
    responses = dict(PROBLEM_RESPONSES)
    for media_type in op.response_media_types:
        responses.setdefault(op.status_code, {"description": "Success", "content": {}})
        responses[op.status_code]["content"][media_type] = {"schema": {"type": "string", "format": "binary"}}
    endpoint.__name__ = op.operation_id.replace("-", "_")
    router.add_api_route(
        op.path,
        endpoint,
        methods=[op.method],
        operation_id=op.operation_id,
        tags=[op.tag],
        summary=op.summary,
        status_code=op.status_code,
        response_model=op.response_model,
        openapi_extra=extra,
        responses=responses,
        dependencies=[Depends(require_api_key)],
    )

"""Streaming reverse proxy to the services; the proxy table is read from the public spec (``sdk/openapi.json``).

Each operation a service serves carries ``x-talkface-service`` (its upstream) in the spec, written by
``scripts/export_openapi.py`` from the services' own routes; services serve the same paths as the gateway,
so a request is forwarded to the same path.

Bodies are streamed both ways (uploads of hundreds of MB, audio streams, SSE) with one long-lived
``httpx.AsyncClient`` per upstream; nothing is buffered whole. Transport failures are mapped by the one
upstream policy (``shared.clients.upstream``); the services' own problems pass through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote_from_bytes

import httpx
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from gateway.auth import require_api_key
from gateway.deps import GatewayDeps
from shared.clients import transport_error
from shared.contracts.live import API_KEY_ID_HEADER
from shared.errors import ErrorCode as E
from shared.errors import problem_responses
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
# The key's non-secret id goes on instead (per-key limits in the services); a client cannot set it itself.
NOT_FORWARDED = HOP_BY_HOP | {"authorization", "x-api-key", "cookie", API_KEY_ID_HEADER.lower()}


SERVICE_MARKER = "x-talkface-service"
GATEWAY_ERRORS = (E.missing_api_key, E.invalid_api_key, E.rate_limited, E.redis_unavailable)
"""What the gateway itself may answer on any authenticated route (the rate limiter lives in Redis)."""
PROBLEM_RESPONSES = problem_responses(*GATEWAY_ERRORS)
# RFC 3986 path characters kept as they are; anything else in the raw path is percent-encoded (see forward).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def upstream_errors(name: str) -> tuple[E, ...]:
    """What the gateway answers when the ``name`` service cannot be reached (shared.clients.upstream)."""
    return (E[f"{name}_unavailable"], E[f"{name}_timeout"], E[f"{name}_error"], E.payload_too_large)


@dataclass(frozen=True)
class ProxyRoute:
    """One public operation served by a service: forwarded as is to ``upstream``."""

    method: str
    path: str
    upstream: str


def proxy_table(spec: dict[str, Any]) -> list[ProxyRoute]:
    """Every operation of the public spec that a service serves (marked with ``x-talkface-service``)."""
    return [
        ProxyRoute(method.upper(), path, op[SERVICE_MARKER])
        for path, item in spec.get("paths", {}).items()
        for method, op in item.items()
        if isinstance(op, dict) and SERVICE_MARKER in op
    ]


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

    async def forward(self, name: str, request: Request, key_id: str | None = None) -> Response:
        client = self.clients[name]
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in NOT_FORWARDED]
        headers.append((REQUEST_ID_HEADER, request_id_var.get() or ""))
        if key_id:
            headers.append((API_KEY_ID_HEADER, key_id))
        if request.client:
            headers.append(("X-Forwarded-For", request.client.host))
        has_body = request.method in ("POST", "PUT", "PATCH") or "content-length" in request.headers
        if "content-length" in request.headers:
            headers.append(("Content-Length", request.headers["content-length"]))
        # The raw path as the client sent it, re-encoded: a decoded path with control characters in an id
        # would make httpx raise InvalidURL; this way the service sees the same bytes and answers 422/404.
        raw_path: bytes = request.scope.get("raw_path") or request.url.path.encode()
        upstream_request = client.build_request(
            request.method,
            quote_from_bytes(raw_path, safe=_PATH_SAFE),
            params=request.query_params,
            headers=headers,
            content=request.stream() if has_body else None,
        )
        try:
            upstream = await client.send(upstream_request, stream=True)
        except httpx.HTTPError as exc:
            raise transport_error(name, exc) from exc
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


def add_proxy_routes(router: APIRouter, table: list[ProxyRoute]) -> None:
    """Register one authenticated forwarding route per operation; the spec documents them (not FastAPI)."""
    for route in table:

        def make_endpoint(upstream: str) -> Any:
            async def endpoint(  # the key is checked first: an unauthenticated call gets its 401 before anything
                request: Request, key_id: Annotated[str, Depends(require_api_key)], state: GatewayDeps
            ) -> Response:
                return await state.upstreams.forward(upstream, request, key_id)

            return endpoint

        router.add_api_route(
            route.path,
            make_endpoint(route.upstream),
            methods=[route.method],
            include_in_schema=False,
        )

"""One policy for failures of a call to another service (used by the service clients and the gateway proxy).

- cannot connect, or the connection closed without an answer -> 503 ``<name>_unavailable`` (retryable);
- no answer in time -> 504 ``<name>_timeout`` (retryable);
- any other transport failure -> 502 ``<name>_error`` (retryable);
- the upstream answered problem+json -> the same problem again (same status and code: an unknown voice stays
  a 404 ``voice_not_found``, a loading backend a 503);
- the upstream answered something else that is not a success -> 502 ``<name>_error``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from pydantic import ValidationError

from shared.contracts.common import Problem
from shared.errors import ProblemError, ServiceUnavailable, UpstreamError, UpstreamTimeout
from shared.logging import REQUEST_ID_HEADER, request_id_var

CONNECT_TIMEOUT_S = 3.0


def upstream_http(timeout_s: float = 300.0, connect_timeout_s: float = CONNECT_TIMEOUT_S) -> httpx.AsyncClient:
    """The process's one HTTP client for calls to other services (each call may set a shorter timeout)."""
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    return httpx.AsyncClient(timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s), limits=limits)


def transport_error(name: str, exc: httpx.HTTPError) -> ProblemError:
    """A call that got no answer from the ``name`` service."""
    if isinstance(exc, httpx.TimeoutException):
        return UpstreamTimeout(f"The {name} service did not answer in time.", code=f"{name}_timeout")
    if isinstance(exc, httpx.ConnectError | httpx.RemoteProtocolError):
        return ServiceUnavailable(f"The {name} service is unreachable.", code=f"{name}_unavailable")
    return UpstreamError(f"The {name} service failed: {type(exc).__name__}.", code=f"{name}_error")


def problem_from_response(name: str, status: int, body: bytes) -> ProblemError:
    """An unsuccessful answer of the ``name`` service: its own problem again, else a 502."""
    try:
        problem = Problem.model_validate(json.loads(body))
    except (ValueError, ValidationError):
        return UpstreamError(f"The {name} service answered HTTP {status}.", code=f"{name}_error")
    return ProblemError.from_problem(problem.model_copy(update={"status": status}))


def forwarded_headers() -> dict[str, str]:
    """The request id of the work in hand, so the callee's log lines carry it too."""
    request_id = request_id_var.get()
    return {REQUEST_ID_HEADER: request_id} if request_id else {}


class UpstreamClient:
    """Calls to one service at ``base_url`` over a shared ``httpx.AsyncClient``."""

    name = "upstream"

    def __init__(self, http: httpx.AsyncClient, base_url: str, timeout_s: float | None = None) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.timeout = (
            httpx.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s)) if timeout_s is not None else None
        )

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def _options(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """``kwargs`` for httpx plus the forwarded request id and this client's timeout."""
        options = dict(kwargs)
        options["headers"] = {**forwarded_headers(), **options.get("headers", {})}
        if self.timeout is not None:
            options.setdefault("timeout", self.timeout)
        return options

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One call; any answer but 2xx raises the mapped problem."""
        try:
            response = await self.http.request(method, self.url(path), **self._options(kwargs))
        except httpx.HTTPError as exc:
            raise transport_error(self.name, exc) from exc
        if not response.is_success:
            raise problem_from_response(self.name, response.status_code, response.content)
        return response

    @asynccontextmanager
    async def stream(self, method: str, path: str, **kwargs: Any) -> AsyncIterator[httpx.Response]:
        """A streamed call (SSE, audio); the status is checked before the body is read."""
        try:
            async with self.http.stream(method, self.url(path), **self._options(kwargs)) as response:
                if not response.is_success:
                    raise problem_from_response(self.name, response.status_code, await response.aread())
                yield response
        except httpx.HTTPError as exc:
            raise transport_error(self.name, exc) from exc

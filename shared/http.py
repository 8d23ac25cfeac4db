"""HTTP plumbing every app shares: request ids, request metrics, health and readiness routes."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import anyio
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.types import Receive, Scope, Send

from shared.contracts.common import DependencyCheck, DependencyState, GpuInfo, Health, Readiness
from shared.errors import PayloadTooLarge, problem_response, to_problem_error
from shared.gpu import list_gpus
from shared.logging import REQUEST_ID_HEADER, new_request_id, request_id_var

log = logging.getLogger(__name__)

REQUESTS = Counter("talkface_http_requests_total", "HTTP requests", ["app", "method", "route", "status"])
LATENCY = Histogram(
    "talkface_http_request_seconds",
    "HTTP request latency",
    ["app", "method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
JOBS_CREATED = Counter("talkface_jobs_created_total", "Jobs created by this app", ["kind"])

ReadinessCheck = Callable[[], Awaitable[DependencyCheck | None]]
"""A dependency's probe: returns its state (``None`` is a plain required ``ok``); raising means required and
``down``, with the exception as the reason."""


async def run_check(check: ReadinessCheck) -> DependencyCheck:
    """A probe's answer as a :class:`DependencyCheck`; a readiness probe reports, it does not raise."""
    try:
        result = await check()
    except Exception as exc:
        return DependencyCheck(state=DependencyState.down, detail=f"{type(exc).__name__}: {exc}"[:300])
    return result if result is not None else DependencyCheck(state=DependencyState.ok)


class CachedCheck:
    """Runs a costly probe (an HTTP call to an LLM endpoint) at most once per ``ttl_s``; callers meanwhile get
    the last answer, concurrent ones share one run. Keeps ``/readyz`` cheap however often it is polled.
    Hand-written: it caches one value of a coroutine, which the TTL caches of cachetools do not await."""

    def __init__(self, check: ReadinessCheck, ttl_s: float) -> None:
        self._check = check
        self._ttl_s = ttl_s
        self._lock = asyncio.Lock()
        self._result: DependencyCheck | None = None
        self._checked_at = 0.0

    async def __call__(self) -> DependencyCheck:
        async with self._lock:
            if self._result is None or time.monotonic() - self._checked_at >= self._ttl_s:
                self._result = await run_check(self._check)
                self._checked_at = time.monotonic()
            return self._result


class RequestContextMiddleware:
    """Pure ASGI (no body buffering, SSE-safe): sets the request id, echoes it, records metrics."""

    def __init__(self, app: Callable, app_name: str) -> None:
        self.app = app
        self.app_name = app_name

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(REQUEST_ID_HEADER.lower().encode())
        request_id = incoming.decode()[:64] if incoming else new_request_id()
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status_holder = {"status": 500}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                status_holder["started"] = 1
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (REQUEST_ID_HEADER.lower().encode(), request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            # Rendered here, not by Starlette's outermost error middleware, so the 500 still carries the
            # request id (instance + header) and the traceback is logged with it.
            if status_holder.get("started"):
                raise
            err = to_problem_error(exc)
            if err.status >= 500:
                log.error("unhandled error on %s %s", scope["method"], scope["path"], exc_info=exc)
            await problem_response(err.to_problem(request_id))(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            path = getattr(route, "path", None) or "unmatched"
            REQUESTS.labels(self.app_name, scope["method"], path, status_holder["status"]).inc()
            LATENCY.labels(self.app_name, scope["method"], path).observe(time.perf_counter() - started)
            request_id_var.reset(token)


def health_router(service: str, version: str, checks: dict[str, ReadinessCheck]) -> APIRouter:
    """``/healthz`` (process alive), ``/readyz`` (each dependency's state; 503 while a required one is not
    ``ok``), ``/metrics`` (Prometheus)."""
    router = APIRouter(tags=["health"])

    @router.get("/healthz", operation_id="health-alive", response_model=Health)
    async def healthz() -> Health:
        return Health(service=service, version=version)

    @router.get("/readyz", operation_id="health-ready", response_model=Readiness, responses={503: {"model": Readiness}})
    async def readyz() -> JSONResponse:
        found = await asyncio.gather(*(run_check(check) for check in checks.values()))
        results = dict(zip(checks, found, strict=True))
        ready = all(c.state == DependencyState.ok for c in results.values() if c.required)
        body = Readiness(ready=ready, service=service, version=version, checks=results)
        return JSONResponse(body.model_dump(mode="json"), status_code=200 if ready else 503)

    @router.get("/gpus", operation_id="health-gpus", response_model=list[GpuInfo])
    async def gpus() -> list[GpuInfo]:
        return await anyio.to_thread.run_sync(list_gpus)

    @router.get("/metrics", operation_id="health-metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        """Process metrics plus, on service apps, the job metrics their workers keep in Redis."""
        extra: CollectorRegistry | None = getattr(request.app.state, "metrics_registry", None)

        def render() -> bytes:
            return generate_latest() + (generate_latest(extra) if extra is not None else b"")

        return Response(await anyio.to_thread.run_sync(render), media_type=CONTENT_TYPE_LATEST)

    return router


class BodySizeLimitMiddleware(RequestBodyLimitMiddleware):
    """Refuse bodies over ``max_body_size`` with a 413 problem before they are parsed or spooled to disk.

    Starlette's RequestBodyLimitMiddleware counts the bytes as the app reads them (chunked uploads without a
    Content-Length included) and raises a 413 HTTPException, which the one error handler renders. What this
    adds: a declared Content-Length over the limit is refused at once, before authentication or routing, as
    problem+json (Starlette answers that case in plain text, once the app has read or responded).
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = Headers(scope=scope).get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_body_size:
                err = PayloadTooLarge(
                    f"The request body exceeds the limit of {self.max_body_size} bytes.", code="payload_too_large"
                )
                response = problem_response(err.to_problem(request_id_var.get()))
                await response(scope, _no_receive, send)
                return
        await super().__call__(scope, receive, send)


async def _no_receive():
    return {"type": "http.disconnect"}


def install_http_basics(app: FastAPI, app_name: str, max_body_bytes: int) -> None:
    """Order matters: the request id is set first (outermost) so a 413 carries it too."""
    app.add_middleware(BodySizeLimitMiddleware, max_body_size=max_body_bytes)
    app.add_middleware(RequestContextMiddleware, app_name=app_name)

"""The public gateway: one API (auth, routing, jobs, artifacts, one OpenAPI spec) and the static SPA.

Run: ``uvicorn --factory gateway.main:create_app`` or ``python -m gateway.main``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from prometheus_client import CollectorRegistry

from gateway import auth_api, jobs_api, system_api
from gateway.auth import RateLimiter
from gateway.deps import GatewayState
from gateway.proxy import Upstreams, add_proxy_routes, proxy_table
from gateway.settings import GatewaySettings
from shared.app_state import get_state, set_state
from shared.errors import install_error_handlers
from shared.http import health_router, install_http_basics
from shared.jobs import JobStore, WorkerRegistry
from shared.jobs.metrics import QueueDepthCollector
from shared.logging import configure_logging
from shared.redis_client import connect_async_redis, connect_redis
from shared.service_app import VERSION
from shared.storage import ArtifactStore


def load_public_spec(path: Path) -> dict[str, Any]:
    """The committed public spec (``make openapi`` writes it from the services' routes)."""
    spec: dict[str, Any] = json.loads(path.read_text())
    return spec


def create_app(settings: GatewaySettings | None = None, public_spec: dict[str, Any] | None = None) -> FastAPI:
    """``public_spec`` defaults to the file at ``settings.openapi_path``; it is served as ``/openapi.json``
    and its service operations make the proxy table."""
    settings = settings or GatewaySettings()
    spec = public_spec if public_spec is not None else load_public_spec(settings.openapi_path)
    configure_logging("gateway", settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sync_redis = connect_redis(settings.redis_url)
        async_redis = connect_async_redis(settings.redis_url)
        upstreams = Upstreams(settings.upstreams(), settings.connect_timeout_s, settings.read_timeout_s)
        state = GatewayState(
            settings=settings,
            redis=sync_redis,
            aredis=async_redis,
            jobs=JobStore(sync_redis, settings.key_prefix, settings.job_ttl_seconds),
            storage=ArtifactStore(settings),
            workers=WorkerRegistry(sync_redis, settings.key_prefix),
            upstreams=upstreams,
            rate_limiter=RateLimiter(settings.redis_url, settings.rate_limit, settings.key_prefix),
        )
        set_state(app, state)
        # /metrics: messages waiting and live workers per job queue, for autoscalers (docs/deploy.md).
        app.state.metrics_registry = CollectorRegistry(auto_describe=True)
        app.state.metrics_registry.register(QueueDepthCollector(sync_redis, settings))
        try:
            yield
        finally:
            await upstreams.aclose()
            await async_redis.aclose()
            sync_redis.close()

    app = FastAPI(
        title="TalkFace API",
        version=VERSION,
        lifespan=lifespan,
        description="Public API of TalkFace: voice cloning and TTS, talking-head video, chat, training, jobs.",
    )
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID"],
        )
    install_http_basics(app, "gateway", settings.limits.max_upload_bytes + 64 * 1024)

    async def check_redis() -> None:
        await get_state(app, GatewayState).aredis.ping()

    async def check_storage() -> None:
        await anyio.to_thread.run_sync(get_state(app, GatewayState).storage.ping)

    app.include_router(health_router("gateway", VERSION, {"redis": check_redis, "s3": check_storage}))
    app.include_router(auth_api.router)
    app.include_router(jobs_api.router)
    app.include_router(system_api.router)
    app.router.redirect_slashes = False  # `/api/v1/videos/` is no route (404), not a redirect to the list
    proxied = APIRouter()
    add_proxy_routes(proxied, proxy_table(spec))
    app.include_router(proxied)
    app.openapi = lambda: spec  # type: ignore[method-assign]
    if settings.frontend_dist.is_dir():
        app.mount("/", StaticFiles(directory=settings.frontend_dist, html=True), name="spa")
    return app


def gateway_openapi(app: FastAPI) -> dict[str, Any]:
    """The spec of the gateway's own routes (jobs, artifacts, system, health) with its security schemes;
    ``scripts/export_openapi.py`` adds the services' operations to it."""
    spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    spec.setdefault("components", {}).setdefault("securitySchemes", {}).update(
        {
            "bearer": {"type": "http", "scheme": "bearer"},
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
    )
    spec["security"] = [{"bearer": []}, {"apiKey": []}]
    return spec


def main() -> None:
    import uvicorn

    settings = GatewaySettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

"""The skeleton every service app shares: lifespan-built clients on ``app.state``, error handler, request
ids, health routes, and submitting jobs. A service's own ``main.py`` adds its routers and readiness checks."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio
import redis
from dramatiq.brokers.redis import RedisBroker
from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from shared.app_state import get_state, set_state
from shared.blocking import call_blocking
from shared.contracts.common import DependencyCheck, Job, JobAccepted
from shared.errors import install_error_handlers
from shared.http import JOBS_CREATED, ReadinessCheck, health_router, install_http_basics
from shared.jobs import JobStore, build_broker, enqueue_job
from shared.jobs.broker import route_queue
from shared.jobs.metrics import JobMetricsCollector
from shared.logging import configure_logging, request_id_var
from shared.openapi import install_openapi
from shared.redis_client import connect_redis
from shared.settings import ServiceSettings
from shared.storage import ArtifactStore

log = logging.getLogger(__name__)
VERSION = "0.1.0"


@dataclass
class ServiceClients:
    """Long-lived clients of one service app, built in lifespan (part of its :class:`ServiceState`)."""

    settings: ServiceSettings
    redis: redis.Redis
    jobs: JobStore
    storage: ArtifactStore
    broker: RedisBroker

    call = staticmethod(call_blocking)

    def pick_queue(self, gpu_indices: list[int]) -> str:
        """Least-loaded live GPU queue of this service, or its CPU queue when no GPU is asked for; a 503 when
        none of the asked GPUs has a live worker (:func:`shared.jobs.broker.route_queue`)."""
        return route_queue(self.redis, self.settings, gpu_indices)

    async def submit_job(
        self,
        kind: str,
        inputs: dict[str, Any],
        *,
        gpu_indices: list[int] | None = None,
        job_id: str | None = None,
    ) -> Job:
        """Write the job record, then hand the message to Dramatiq. Inputs must already be stored."""

        def create_and_enqueue() -> Job:
            queue = self.pick_queue(gpu_indices or [])
            job = self.jobs.create(
                kind=kind,
                service=self.settings.service_name,
                queue=queue,
                inputs=inputs,
                request_id=request_id_var.get(),
                job_id=job_id,
            )
            try:
                enqueue_job(self.broker, job)
            except Exception:
                self.jobs.delete(job.id)  # no record of a job that can never run
                raise
            return job

        job: Job = await self.call(create_and_enqueue)
        JOBS_CREATED.labels(kind).inc()
        return job


@dataclass
class ServiceState:
    """The typed state every service app keeps (``shared.app_state``); a service's own state extends it."""

    clients: ServiceClients


def accepted(job: Job) -> JobAccepted:
    return JobAccepted(job=job, status_url=f"/api/v1/jobs/{job.id}", events_url=f"/api/v1/jobs/{job.id}/events")


def create_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    routers: list[Any],
    extra_checks: dict[str, Callable[[FastAPI], Awaitable[DependencyCheck | None]]] | None = None,
    on_startup: Callable[[FastAPI], Awaitable[None]] | None = None,
    on_shutdown: Callable[[FastAPI], Awaitable[None]] | None = None,
) -> FastAPI:
    configure_logging(settings.service_name, settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = connect_redis(settings.redis_url)
        storage = ArtifactStore(settings)
        try:
            await anyio.to_thread.run_sync(storage.ensure_bucket)
        except Exception as exc:  # start anyway; /readyz reports the store until it answers
            log.warning("artifact store not ready at start-up: %s", exc)
        clients = ServiceClients(
            settings=settings,
            redis=client,
            jobs=JobStore(client, settings.key_prefix, settings.job_ttl_seconds),
            storage=storage,
            broker=build_broker(settings),
        )
        set_state(app, ServiceState(clients))  # `on_startup` may extend it with the service's own parts
        app.state.metrics_registry = CollectorRegistry(auto_describe=True)
        app.state.metrics_registry.register(JobMetricsCollector(client, settings.key_prefix, settings.service_name))
        if on_startup is not None:
            await on_startup(app)
        try:
            yield
        finally:
            if on_shutdown is not None:
                await on_shutdown(app)
            client.close()

    app = FastAPI(title=title, description=description, version=VERSION, lifespan=lifespan)
    install_error_handlers(app)
    install_http_basics(app, settings.service_name, settings.limits.max_upload_bytes + 64 * 1024)

    async def check_redis() -> None:
        await anyio.to_thread.run_sync(get_state(app, ServiceState).clients.redis.ping)

    async def check_storage() -> None:
        await anyio.to_thread.run_sync(get_state(app, ServiceState).clients.storage.ensure_bucket)

    # Redis and S3 for every service, then the service's own: each returns its state (see ReadinessCheck).
    checks: dict[str, ReadinessCheck] = {"redis": check_redis, "s3": check_storage}
    for name, check in (extra_checks or {}).items():
        checks[name] = (lambda c: lambda: c(app))(check)
    app.include_router(health_router(settings.service_name, VERSION, checks))
    for router in routers:
        app.include_router(router)
    install_openapi(app)
    return app

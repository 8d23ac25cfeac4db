"""The gateway's long-lived clients, built in lifespan and kept on ``app.state``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
import redis
import redis.asyncio as aredis
from fastapi import Request

from gateway.proxy import Upstreams
from gateway.settings import GatewaySettings
from shared.contracts.common import Job
from shared.errors import to_problem_error
from shared.jobs import JobStore, WorkerRegistry
from shared.storage import ArtifactStore


@dataclass
class GatewayClients:
    settings: GatewaySettings
    redis: redis.Redis
    aredis: aredis.Redis
    jobs: JobStore
    storage: ArtifactStore
    workers: WorkerRegistry
    upstreams: Upstreams

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Blocking store calls run in a thread; outages become 503 problem+json."""
        try:
            return await anyio.to_thread.run_sync(lambda: fn(*args))
        except Exception as exc:
            raise to_problem_error(exc) from exc

    async def with_urls(self, job: Job) -> Job:
        if not job.artifacts:
            return job
        artifacts = [self.storage.with_url(a) for a in job.artifacts]  # presigning is local arithmetic
        return job.model_copy(update={"artifacts": artifacts})


def gateway_clients(request: Request) -> GatewayClients:
    value: GatewayClients = request.app.state.clients
    return value

"""The gateway's typed state (built in ``main.py``'s lifespan) and the dependency routes take it by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import redis
import redis.asyncio as aredis

from gateway.settings import GatewaySettings
from shared.app_state import depends_on_state
from shared.blocking import call_blocking
from shared.contracts.common import Job
from shared.jobs import JobStore, WorkerRegistry
from shared.storage import ArtifactStore

if TYPE_CHECKING:  # both modules take this state as a dependency
    from gateway.auth import RateLimiter
    from gateway.proxy import Upstreams


@dataclass
class GatewayState:
    settings: GatewaySettings
    redis: redis.Redis
    aredis: aredis.Redis
    jobs: JobStore
    storage: ArtifactStore
    workers: WorkerRegistry
    upstreams: Upstreams
    rate_limiter: RateLimiter

    call = staticmethod(call_blocking)

    async def with_urls(self, job: Job) -> Job:
        if not job.artifacts:
            return job
        artifacts = [self.storage.with_url(a) for a in job.artifacts]  # presigning is local arithmetic
        return job.model_copy(update={"artifacts": artifacts})


GatewayDeps = Annotated[GatewayState, depends_on_state(GatewayState)]

"""The gateway's long-lived clients, built in lifespan and kept on ``app.state``."""

from __future__ import annotations

from dataclasses import dataclass

import redis
import redis.asyncio as aredis
from fastapi import Request

from gateway.proxy import Upstreams
from gateway.settings import GatewaySettings
from shared.blocking import call_blocking
from shared.contracts.common import Job
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

    call = staticmethod(call_blocking)

    async def with_urls(self, job: Job) -> Job:
        if not job.artifacts:
            return job
        artifacts = [self.storage.with_url(a) for a in job.artifacts]  # presigning is local arithmetic
        return job.model_copy(update={"artifacts": artifacts})


def gateway_clients(request: Request) -> GatewayClients:
    value: GatewayClients = request.app.state.clients
    return value

"""``GET /api/v1/system``: readiness and version of each service with each of its dependencies' state (Redis,
S3, LLM, ASR, speech backend, renderers), GPUs, queue depths, live workers."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter, Depends
from pydantic import ValidationError

from gateway.auth import require_api_key
from gateway.deps import GatewayDeps
from gateway.proxy import PROBLEM_RESPONSES
from shared.contracts.common import DependencyCheck, GpuInfo, ServiceStatus, SystemStatus
from shared.gpu import list_gpus
from shared.jobs import queue_depths
from shared.service_app import VERSION

router = APIRouter(
    prefix="/api/v1", tags=["system"], dependencies=[Depends(require_api_key)], responses=PROBLEM_RESPONSES
)
PROBE_TIMEOUT_S = 3.0


async def _probe(name: str, client: httpx.AsyncClient) -> tuple[ServiceStatus, list[GpuInfo]]:
    url = str(client.base_url)
    try:
        ready, gpus = await asyncio.gather(
            client.get("/readyz", timeout=PROBE_TIMEOUT_S), client.get("/gpus", timeout=PROBE_TIMEOUT_S)
        )
    except httpx.HTTPError as exc:
        return ServiceStatus(name=name, url=url, ready=False, error=f"{type(exc).__name__}: unreachable"), []
    body = ready.json() if ready.headers.get("content-type", "").startswith("application/json") else {}
    try:
        checks = {k: DependencyCheck.model_validate(v) for k, v in (body.get("checks") or {}).items()}
    except (ValidationError, AttributeError):
        return ServiceStatus(
            name=name, url=url, ready=False, error=f"unreadable /readyz (HTTP {ready.status_code})"
        ), []
    status = ServiceStatus(
        name=name,
        url=url,
        ready=ready.status_code == 200 and bool(body.get("ready")),
        version=body.get("version"),
        checks=checks,
    )
    found = [GpuInfo.model_validate(g) for g in gpus.json()] if gpus.status_code == 200 else []
    return status, found


@router.get(
    "/system", operation_id="system-status", response_model=SystemStatus, summary="Services, GPUs, queues and workers"
)
async def system_status(c: GatewayDeps) -> SystemStatus:
    probes = await asyncio.gather(*(_probe(n, cl) for n, cl in c.upstreams.clients.items()))
    gpus: dict[str, GpuInfo] = {}
    for _, found in probes:
        for gpu in found:
            gpus.setdefault(gpu.uuid or f"{gpu.name}-{gpu.index}", gpu)
    for gpu in list_gpus():
        gpus.setdefault(gpu.uuid or f"{gpu.name}-{gpu.index}", gpu)
    workers = await c.call(c.workers.live)
    depths = await c.call(queue_depths, c.redis, c.settings)
    for worker in workers:
        for queue in worker.queues:
            depths.setdefault(queue, 0)
    return SystemStatus(
        version=VERSION,
        services=[s for s, _ in probes],
        gpus=list(gpus.values()),
        queues=dict(sorted(depths.items())),
        workers=workers,
    )

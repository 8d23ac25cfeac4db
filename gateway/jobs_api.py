"""Jobs and artifacts, read straight from the shared job store (Redis) and artifact store (S3)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import RedirectResponse
from sse_starlette.sse import EventSourceResponse

from gateway.auth import require_api_key
from gateway.deps import GatewayDeps, GatewayState
from gateway.proxy import PROBLEM_RESPONSES
from shared.contracts.common import Job, JobEvent, JobList, JobStatus, ResourceId, sse_response
from shared.errors import BadRequest, InvalidInput, problem_responses
from shared.errors import ErrorCode as E
from shared.jobs.store import event_from_stream
from shared.openapi import EventStream
from shared.storage import is_valid_key

router = APIRouter(prefix="/api/v1", dependencies=[Depends(require_api_key)], responses=PROBLEM_RESPONSES)
SSE_BLOCK_MS = 15_000

JOB_EVENTS = sse_response(
    "`progress`, `log`, `metrics` (a training step's figures in `data`: a `TrainingMetrics`) and `status` "
    "events (JobEvent); the stream ends after the final `status`.",
    [("progress", "JobEvent"), ("log", "JobEvent"), ("metrics", "JobEvent"), ("status", "JobEvent")],
)


@router.get("/jobs", operation_id="jobs-list", response_model=JobList, tags=["jobs"], summary="List jobs")
async def list_jobs(
    c: GatewayDeps,
    service: str | None = None,
    status: JobStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[float | None, Query(description="Cursor: `next_cursor` of the previous page")] = None,
) -> JobList:
    jobs: list[Job] = await c.call(lambda: c.jobs.recent(limit=limit, before=before, service=service, status=status))
    cursor = str(jobs[-1].created_at.timestamp() - 1e-6) if len(jobs) == limit else None
    return JobList(items=[await c.with_urls(j) for j in jobs], next_cursor=cursor)


@router.get(
    "/jobs/{job_id}",
    operation_id="jobs-get",
    response_model=Job,
    responses=problem_responses(E.job_not_found),
    tags=["jobs"],
    summary="Get a job",
)
async def get_job(job_id: ResourceId, c: GatewayDeps) -> Job:
    return await c.with_urls(await c.call(c.jobs.get, job_id))


@router.delete(
    "/jobs/{job_id}",
    operation_id="jobs-cancel",
    response_model=Job,
    responses=problem_responses(E.job_not_found, E.job_finished),
    tags=["jobs"],
    summary="Cancel a job (at once if queued, between steps if running)",
)
async def cancel_job(job_id: ResourceId, c: GatewayDeps) -> Job:
    return await c.call(c.jobs.request_cancel, job_id)


@router.get(
    "/jobs/{job_id}/events",
    operation_id="jobs-events",
    tags=["jobs"],
    summary="Follow a job's progress (SSE; resumable with Last-Event-ID)",
    response_class=EventStream,
    responses={200: JOB_EVENTS, **problem_responses(E.job_not_found, E.bad_event_id)},
)
async def job_events(
    job_id: ResourceId,
    c: GatewayDeps,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    after: Annotated[str | None, Query(description="Same as the Last-Event-ID header")] = None,
) -> EventSourceResponse:
    await c.call(c.jobs.get, job_id)  # 404 before the stream starts
    start = last_event_id or after or "0-0"
    if not _valid_stream_id(start):
        raise BadRequest("Last-Event-ID must be a stream id like 1700000000000-0.", code="bad_event_id")
    return EventSourceResponse(_stream(c, job_id, start), ping=10)


def _valid_stream_id(value: str) -> bool:
    left, _, right = value.partition("-")
    return left.isdigit() and (right == "" or right.isdigit())


async def _stream(c: GatewayState, job_id: str, start: str) -> AsyncIterator[dict[str, str]]:
    key = c.jobs.keys.events(job_id)
    last = start
    while True:
        batches: list[Any] = cast(Any, await c.aredis.xread({key: last}, count=100, block=SSE_BLOCK_MS))
        for _, entries in batches or []:
            for entry_id, fields in entries:
                event: JobEvent = event_from_stream(job_id, entry_id, fields)
                last = event.id
                yield {"id": event.id, "event": event.type, "data": event.model_dump_json()}
                if event.type == "status" and event.status is not None and event.status.finished:
                    return
        if not batches:  # quiet for a while: stop if the job finished and its final event was trimmed
            job = await c.call(c.jobs.get, job_id)
            if job.status.finished and not await c.aredis.xrange(key, min=f"({last}", count=1):
                return


@router.get(
    "/artifacts/{artifact_id:path}",
    operation_id="artifacts-download",
    tags=["artifacts"],
    status_code=307,
    summary="Download an artifact (redirects to a presigned URL)",
    response_class=RedirectResponse,
    responses=problem_responses(E.artifact_not_found, E.bad_artifact_id, E.storage_unavailable),
)
async def download_artifact(artifact_id: str, c: GatewayDeps) -> RedirectResponse:
    if not is_valid_key(artifact_id):
        raise InvalidInput("Malformed artifact id.", code="bad_artifact_id")
    stored = await c.call(c.storage.stat, artifact_id)
    url = await c.call(c.storage.presigned_url, artifact_id, stored.key.rsplit("/", 1)[-1])
    return RedirectResponse(url, status_code=307)

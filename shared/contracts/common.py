"""Contracts used by every service: problems, jobs, artifacts, health and system status."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[\w-]{1,64}$"
"""Every id in a path (jobs, voices, avatars, videos, conversations): letters (any script, for built-in voice
names), digits, ``_`` and ``-``. Anything else (``/``, control characters) is a 422 before any lookup."""
ResourceId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""The type of every ``{..._id}`` path parameter."""


class Problem(BaseModel):
    """RFC 9457 problem details, plus a stable ``code`` and a ``retryable`` hint."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str
    retryable: bool = False
    instance: str | None = Field(None, description="The request id; quote it when reporting a problem.")


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.succeeded, JobStatus.failed, JobStatus.cancelled)


class Artifact(BaseModel):
    """A file a job produced, stored in S3. ``url`` is a presigned GET filled in when the job is read."""

    id: str = Field(description="Object key; also the path of GET /api/v1/artifacts/{id}.")
    name: str
    content_type: str
    size: int
    sha256: str
    url: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class Job(BaseModel):
    """The durable record of one unit of background work."""

    id: str
    kind: str = Field(description="What the job does, e.g. `voice.pitch_shift`.")
    service: str
    queue: str
    status: JobStatus = JobStatus.queued
    progress: float = Field(0.0, ge=0.0, le=1.0)
    stage: str = "queued"
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    inputs: dict[str, Any] = Field(default_factory=dict)
    result: dict[str, Any] = Field(default_factory=dict)
    artifacts: list[Artifact] = Field(default_factory=list)
    error: Problem | None = None
    attempts: int = 0
    worker_id: str | None = None
    cancel_requested: bool = False
    request_id: str | None = None


class JobAccepted(BaseModel):
    """Answer of every endpoint that starts a job (HTTP 202)."""

    job: Job
    events_url: str
    status_url: str


class JobList(BaseModel):
    items: list[Job]
    next_cursor: str | None = None


class JobEvent(BaseModel):
    """One entry of a job's event stream (SSE `event:` is ``type``; `id:` is the stream id)."""

    id: str
    type: str = Field(description="progress | log | status | metrics")
    job_id: str
    status: JobStatus | None = None
    progress: float | None = None
    stage: str | None = None
    message: str | None = None
    data: dict[str, Any] | None = Field(
        None, description="Figures of a `metrics` event, e.g. a training step's loss, PSNR, it/s and ETA."
    )
    at: datetime


class Health(BaseModel):
    status: str = "ok"
    service: str
    version: str


class DependencyState(StrEnum):
    ok = "ok"
    loading = "loading"  # on its way (models loading); not ready yet, nothing wrong
    down = "down"  # should work and does not (unreachable, failed to load)
    unavailable = "unavailable"  # not provisioned here (e.g. a renderer that needs a trained avatar)


class DependencyCheck(BaseModel):
    """The state of one thing a service needs (Redis, S3, its LLM, a model, a renderer) and why."""

    state: DependencyState
    required: bool = Field(True, description="Whether the service is ready only when this is `ok`.")
    detail: str | None = Field(None, description="What it is (engine, endpoint) or why it is not `ok`.")


class Readiness(BaseModel):
    ready: bool = Field(description="Every required dependency is `ok`.")
    service: str
    version: str
    checks: dict[str, DependencyCheck] = Field(description="Each dependency by name.")


class GpuInfo(BaseModel):
    index: int
    uuid: str | None = None
    name: str
    memory_total_mb: int
    memory_used_mb: int
    utilization_percent: int | None = None
    temperature_c: int | None = None


class WorkerInfo(BaseModel):
    id: str
    service: str
    queues: list[str]
    pid: int
    host: str
    started_at: datetime
    last_seen: datetime
    current_job: str | None = None


class ServiceStatus(BaseModel):
    name: str
    url: str
    ready: bool
    version: str | None = None
    checks: dict[str, DependencyCheck] = Field(default_factory=dict, description="The service's own readiness checks.")
    error: str | None = Field(None, description="Why the gateway could not read the service's readiness.")


class SystemStatus(BaseModel):
    version: str
    services: list[ServiceStatus]
    gpus: list[GpuInfo]
    queues: dict[str, int] = Field(description="Messages waiting per queue.")
    workers: list[WorkerInfo]


class ApiKeyCheck(BaseModel):
    """The presented API key is valid (a cheap authenticated call for a client to test a key with)."""

    key_id: str = Field(description="A stable, non-secret handle of the key (rate-limit bucket, logs).")


class LocalApiKey(BaseModel):
    """The gateway's API key, handed to a browser on the gateway's own machine (the local stack's web app)."""

    api_key: str


def sse_response(description: str, events: list[tuple[str, str | None]]) -> dict[str, Any]:
    """OpenAPI response entry of a ``text/event-stream`` answer: each event (``event:`` name, ``message`` for
    unnamed ones) with the component schema its JSON ``data:`` follows (``None``: the literal ``[DONE]``).
    Schemathesis and the SPA's generated client read each event from this schema."""
    variants: list[dict[str, Any]] = []
    for name, model in events:
        data: dict[str, Any] = (
            {"type": "string", "contentMediaType": "application/json", "contentSchema": _ref(model)}
            if model is not None
            else {"const": "[DONE]"}
        )
        event = {"const": name}
        variants.append(
            {
                "type": "object",
                "required": ["event", "data"],
                "properties": {"event": event, "data": data, "id": {"type": "string"}, "retry": {"type": "integer"}},
            }
        )
    schema = {"type": "object", "anyOf": variants}
    return {"description": description, "content": {"text/event-stream": {"schema": schema}}}


def _ref(model: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model}"}

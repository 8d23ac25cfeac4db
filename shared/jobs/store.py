"""The durable job record, kept in Redis beside Dramatiq's own message bookkeeping.

Dramatiq delivers messages; this store is what clients read: status, progress, stage, artifacts, error.
Progress and log events go to one Redis Stream per job so SSE clients can resume with ``Last-Event-ID``.
Writes that race (a cancel from the API against progress from a worker) use WATCH/MULTI transactions.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any, cast

import redis

from shared.clock import utcnow
from shared.contracts.common import Job, JobEvent, JobStatus, Problem
from shared.errors import Conflict, NotFound

EVENTS_MAXLEN = 2000


def new_job_id() -> str:
    return "job_" + uuid.uuid4().hex


class JobKeys:
    """Every Redis key the job system uses, under one configurable prefix."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def job(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}"

    def events(self, job_id: str) -> str:
        return f"{self.prefix}:job:{job_id}:events"

    @property
    def index(self) -> str:
        return f"{self.prefix}:jobs"


def event_from_stream(job_id: str, entry_id: str, fields: dict[str, str]) -> JobEvent:
    payload = json.loads(fields["data"])
    return JobEvent(id=str(entry_id), job_id=job_id, **payload)


class JobStore:
    """Synchronous store used by workers directly and by APIs through a thread (``anyio.to_thread``)."""

    def __init__(self, client: redis.Redis, prefix: str = "tf", ttl_seconds: int = 7 * 24 * 3600) -> None:
        self.redis = client
        self.keys = JobKeys(prefix)
        self.ttl = ttl_seconds

    # -- creation and reading -------------------------------------------------------------------------
    def create(
        self,
        *,
        kind: str,
        service: str,
        queue: str,
        inputs: dict[str, Any],
        request_id: str | None = None,
        job_id: str | None = None,
    ) -> Job:
        now = utcnow()
        job = Job(
            id=job_id or new_job_id(),
            kind=kind,
            service=service,
            queue=queue,
            created_at=now,
            updated_at=now,
            inputs=inputs,
            request_id=request_id,
        )
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(self.keys.job(job.id), job.model_dump_json(), ex=self.ttl)
        pipe.zadd(self.keys.index, {job.id: now.timestamp()})
        pipe.execute()
        self.add_event(job.id, "status", status=job.status, progress=0.0, stage=job.stage)
        return job

    def get(self, job_id: str) -> Job:
        raw = self.redis.get(self.keys.job(job_id))
        if raw is None:
            raise NotFound(f"No job {job_id}.", code="job_not_found")
        return Job.model_validate_json(raw)

    def ended_status(self, job_id: str) -> JobStatus | None:
        """How a job ended, or None while it is queued or running; an expired job record counts as failed. For
        resources that mirror their job's status and must settle when it ended before its worker ran it."""
        try:
            status = self.get(job_id).status
        except NotFound:
            return JobStatus.failed
        return status if status in (JobStatus.cancelled, JobStatus.failed, JobStatus.succeeded) else None

    def recent(
        self,
        *,
        limit: int = 50,
        before: float | None = None,
        service: str | None = None,
        status: JobStatus | None = None,
    ) -> list[Job]:
        """Newest first. Filters apply after the index scan, so scan a few pages' worth."""
        high: float | str = before if before is not None else "+inf"
        ids: list[Any] = cast(Any, self.redis.zrevrangebyscore(self.keys.index, high, "-inf", start=0, num=limit * 5))
        jobs: list[Job] = []
        raws = self.redis.mget([self.keys.job(i) for i in ids]) if ids else []
        for raw in raws:
            if raw is None:
                continue
            job = Job.model_validate_json(raw)
            if (service and job.service != service) or (status and job.status != status):
                continue
            jobs.append(job)
            if len(jobs) >= limit:
                break
        return jobs

    # -- updates --------------------------------------------------------------------------------------
    def update(self, job_id: str, mutate: Callable[[Job], Job | None]) -> Job:
        """Apply ``mutate`` atomically (optimistic WATCH/MULTI); returns the stored job."""
        key = self.keys.job(job_id)
        result: dict[str, Job] = {}

        def txn(pipe: redis.client.Pipeline) -> None:
            raw = pipe.get(key)
            if raw is None:
                raise NotFound(f"No job {job_id}.", code="job_not_found")
            job = Job.model_validate_json(raw)
            changed = mutate(job)
            result["job"] = changed or job
            if changed is not None:
                changed.updated_at = utcnow()
                pipe.multi()
                pipe.set(key, changed.model_dump_json(), ex=self.ttl)

        self.redis.transaction(txn, key)
        return result["job"]

    def add_event(self, job_id: str, type_: str, **fields: Any) -> str:
        payload = {"type": type_, "at": utcnow().isoformat(), **fields}
        entry = self.redis.xadd(
            self.keys.events(job_id),
            {"data": json.dumps(payload, default=str)},
            maxlen=EVENTS_MAXLEN,
            approximate=True,
        )
        self.redis.expire(self.keys.events(job_id), self.ttl)
        return str(entry)

    def events(self, job_id: str, after: str = "0") -> list[JobEvent]:
        entries: list[Any] = cast(
            Any, self.redis.xrange(self.keys.events(job_id), min=f"({after}" if after != "0" else "-")
        )
        return [event_from_stream(job_id, entry_id, fields) for entry_id, fields in entries]

    def set_progress(self, job_id: str, progress: float, stage: str | None = None) -> Job:
        def mutate(job: Job) -> Job:
            job.progress = max(job.progress, min(1.0, max(0.0, progress)))
            if stage:
                job.stage = stage
            return job

        job = self.update(job_id, mutate)
        self.add_event(job_id, "progress", progress=job.progress, stage=job.stage, status=job.status)
        return job

    def mark_running(self, job_id: str, worker_id: str) -> Job:
        def mutate(job: Job) -> Job:
            job.status = JobStatus.running
            job.attempts += 1
            job.worker_id = worker_id
            job.started_at = job.started_at or utcnow()
            job.stage = "running" if job.attempts == 1 else f"running (attempt {job.attempts})"
            return job

        job = self.update(job_id, mutate)
        self.add_event(
            job_id,
            "status",
            status=job.status,
            progress=job.progress,
            stage=job.stage,
            message=f"attempt {job.attempts} on {worker_id}",
        )
        return job

    def finish(
        self,
        job_id: str,
        status: JobStatus,
        *,
        error: Problem | None = None,
        result: dict[str, Any] | None = None,
        artifacts: list[Any] | None = None,
    ) -> Job:
        def mutate(job: Job) -> Job:
            job.status = status
            job.finished_at = utcnow()
            job.stage = status.value
            if status == JobStatus.succeeded:
                job.progress = 1.0
            if error is not None:
                job.error = error
            if result is not None:
                job.result = result
            if artifacts is not None:
                job.artifacts = artifacts
            return job

        job = self.update(job_id, mutate)
        self.add_event(
            job_id,
            "status",
            status=job.status,
            progress=job.progress,
            stage=job.stage,
            message=error.detail if error else None,
        )
        return job

    def request_cancel(self, job_id: str) -> Job:
        """Queued jobs are cancelled at once; running ones get a flag the worker checks between steps."""

        def mutate(job: Job) -> Job:
            if job.status.finished:
                raise Conflict(f"Job {job_id} already {job.status.value}.", code="job_finished")
            job.cancel_requested = True
            if job.status == JobStatus.queued:
                job.status = JobStatus.cancelled
                job.stage = "cancelled"
                job.finished_at = utcnow()
            return job

        job = self.update(job_id, mutate)
        message = "cancelled before start" if job.status == JobStatus.cancelled else "cancel requested"
        self.add_event(job_id, "status", status=job.status, progress=job.progress, stage=job.stage, message=message)
        return job

    def cancel_requested(self, job_id: str) -> bool:
        return self.get(job_id).cancel_requested

    def delete(self, job_id: str) -> None:
        self.redis.delete(self.keys.job(job_id), self.keys.events(job_id))
        self.redis.zrem(self.keys.index, job_id)

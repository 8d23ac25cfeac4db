"""Running jobs: the actor wrapper that keeps the job record honest, and the worker process entry point.

A handler receives a :class:`JobContext` and returns a :class:`JobOutcome`. The wrapper marks the record
running, reports progress, and marks it succeeded only after the handler has written its artifacts.
A handler must be idempotent: a job whose worker was killed is delivered again and starts from the top
(artifacts are keyed by job id, so a second run overwrites the first one's partial output).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dramatiq
import redis

from shared.clock import utcnow
from shared.contracts.common import Artifact, JobStatus, WorkerInfo
from shared.errors import JobCancelled, ProblemError, to_problem_error
from shared.jobs.broker import WorkerRegistry, build_broker, worker_identity
from shared.jobs.metrics import record_job
from shared.jobs.store import JobStore
from shared.logging import configure_logging, job_id_var, request_id_var
from shared.redis_client import connect_redis
from shared.settings import ServiceSettings
from shared.storage import ArtifactStore

log = logging.getLogger(__name__)

PROGRESS_MIN_INTERVAL = 0.25  # seconds between progress writes, so per-frame reports do not flood Redis


@dataclass
class JobOutcome:
    result: dict[str, Any] = field(default_factory=dict)
    artifacts: list[Artifact] = field(default_factory=list)


@dataclass
class WorkerRuntime:
    """Long-lived clients of a worker process, built once in :func:`run_worker`."""

    settings: ServiceSettings
    jobs: JobStore
    storage: ArtifactStore
    worker_id: str
    resources: dict[str, Any] = field(default_factory=dict)  # e.g. loaded model backends
    current_jobs: set[str] = field(default_factory=set)


_runtime: WorkerRuntime | None = None


def runtime() -> WorkerRuntime:
    if _runtime is None:
        raise RuntimeError("worker runtime not initialised: start the worker with run_worker()")
    return _runtime


def set_runtime(value: WorkerRuntime | None) -> None:
    global _runtime
    _runtime = value


class JobContext:
    """What a handler sees: its job, the stores, a scratch directory, progress and cancellation."""

    def __init__(self, rt: WorkerRuntime, job_id: str, workdir: Path) -> None:
        self.rt = rt
        self.job = rt.jobs.get(job_id)
        self.storage = rt.storage
        self.workdir = workdir
        self._last_progress_write = 0.0

    @property
    def inputs(self) -> dict[str, Any]:
        return self.job.inputs

    def progress(self, fraction: float, stage: str | None = None, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and stage is None and now - self._last_progress_write < PROGRESS_MIN_INTERVAL:
            return
        self._last_progress_write = now
        self.rt.jobs.set_progress(self.job.id, fraction, stage)

    def log(self, message: str) -> None:
        log.info(message)
        self.rt.jobs.add_event(self.job.id, "log", message=message)

    def check_cancelled(self) -> None:
        """Call between steps; raises :class:`JobCancelled` once a cancel was requested."""
        if self.rt.jobs.cancel_requested(self.job.id):
            raise JobCancelled(self.job.id)

    def artifact_key(self, name: str) -> str:
        return f"jobs/{self.job.id}/{name}"

    def put_artifact(self, name: str, path: Path, content_type: str, **metadata: Any) -> Artifact:
        artifact = self.storage.put_artifact(self.artifact_key(name), path, content_type, name=name)
        artifact.metadata.update(metadata)
        return artifact


Handler = Callable[[JobContext], JobOutcome]


def job_actor(kind: str, *, queue: str, time_limit_s: float = 3600) -> Callable[[Handler], Any]:
    """Register ``handler`` as the Dramatiq actor for job kind ``kind`` (no Dramatiq retries: a bad input
    fails once and clearly; redelivery after a worker death is the broker's job, not a retry)."""

    def decorate(handler: Handler) -> Any:
        def run(job_id: str) -> None:
            _execute(kind, handler, job_id)

        run.__name__ = handler.__name__
        return dramatiq.actor(actor_name=kind, queue_name=queue, max_retries=0, time_limit=int(time_limit_s * 1000))(
            run
        )

    return decorate


def _execute(kind: str, handler: Handler, job_id: str) -> None:
    rt = runtime()
    job = rt.jobs.get(job_id)
    if job.status.finished:  # cancelled while queued, or a duplicate delivery of a finished job
        log.info("skipping job %s: already %s", job_id, job.status.value)
        return
    job_token = job_id_var.set(job_id)
    request_token = request_id_var.set(job.request_id)
    rt.current_jobs.add(job_id)
    started = time.monotonic()
    status = JobStatus.failed
    try:
        running = rt.jobs.mark_running(job_id, rt.worker_id)
        log.info("job %s (%s) started, attempt %d", job_id, kind, running.attempts)
        with tempfile.TemporaryDirectory(prefix=f"{job_id}-") as tmp:
            ctx = JobContext(rt, job_id, Path(tmp))
            ctx.check_cancelled()
            outcome = handler(ctx)
        status = JobStatus.succeeded
        rt.jobs.finish(job_id, status, result=outcome.result, artifacts=outcome.artifacts)
    except JobCancelled:
        status = JobStatus.cancelled
        rt.jobs.finish(job_id, status)
    except Exception as exc:  # every failure becomes the job's problem+json, never a retry storm
        status = JobStatus.failed
        problem_error = to_problem_error(exc)
        if not isinstance(exc, ProblemError):
            log.exception("job %s failed", job_id)
        rt.jobs.finish(job_id, JobStatus.failed, error=problem_error.to_problem(job.request_id))
    finally:
        log.info("job %s (%s) %s after %.2f s", job_id, kind, status.value, time.monotonic() - started)
        try:
            record_job(
                rt.jobs.redis,
                rt.settings.key_prefix,
                rt.settings.service_name,
                kind,
                status.value,
                time.monotonic() - started,
            )
        except redis.exceptions.RedisError:
            log.warning("could not record job metrics")
        rt.current_jobs.discard(job_id)
        job_id_var.reset(job_token)
        request_id_var.reset(request_token)


def run_worker(
    settings: ServiceSettings,
    *,
    register_actors: Callable[[], None],
    setup: Callable[[WorkerRuntime], None] | None = None,
) -> None:
    """Entry point of ``python -m services.<name>.worker``: consume this service's (GPU's) queue until
    SIGTERM/SIGINT. One process, ``worker_threads`` threads; SIGKILL loses nothing (redelivery)."""
    configure_logging(f"{settings.service_name}-worker", settings.log_level)
    broker = build_broker(settings)
    register_actors()
    client = connect_redis(settings.redis_url, timeout_s=None)
    storage = ArtifactStore(settings)
    storage.ensure_bucket()
    worker_id, host = worker_identity(settings.service_name)
    rt = WorkerRuntime(
        settings=settings,
        jobs=JobStore(client, settings.key_prefix, settings.job_ttl_seconds),
        storage=storage,
        worker_id=worker_id,
    )
    set_runtime(rt)
    if setup is not None:
        setup(rt)
    queue = settings.queue_name()
    broker.declare_queue(queue)
    registry = WorkerRegistry(client, settings.key_prefix)
    info = WorkerInfo(
        id=worker_id,
        service=settings.service_name,
        queues=[queue],
        pid=os.getpid(),
        host=host,
        started_at=utcnow(),
        last_seen=utcnow(),
    )
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker = dramatiq.Worker(broker, queues={queue}, worker_threads=settings.worker_threads, worker_timeout=500)
    worker.start()
    log.info("worker %s consuming %s", worker_id, queue)
    try:
        while not stop.is_set():
            info.current_job = next(iter(rt.current_jobs), None)
            try:
                registry.beat(info)
            except redis.exceptions.ConnectionError:
                log.warning("cannot reach Redis for the worker heartbeat")
            stop.wait(5)
    finally:
        log.info("worker %s stopping", worker_id)
        worker.stop(timeout=10_000)
        with contextlib.suppress(redis.exceptions.ConnectionError):
            registry.remove(worker_id)

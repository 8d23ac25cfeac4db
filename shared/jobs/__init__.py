"""Jobs: Dramatiq delivers, our Redis record tracks (see store.py, broker.py, worker.py)."""

from shared.jobs.broker import WorkerRegistry, build_broker, enqueue_job, queue_depths
from shared.jobs.store import JobStore, new_job_id
from shared.jobs.worker import JobContext, JobOutcome, job_actor, run_worker

__all__ = [
    "JobContext",
    "JobOutcome",
    "JobStore",
    "WorkerRegistry",
    "build_broker",
    "enqueue_job",
    "job_actor",
    "new_job_id",
    "queue_depths",
    "run_worker",
]

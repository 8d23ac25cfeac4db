"""How a job ended, as resources that mirror their job (datasets, trainings) read it, against a real redis-server."""

from __future__ import annotations

import redis

from shared.contracts.common import JobStatus
from shared.jobs.store import JobStore
from tests.unit.deploy_support import redis_url  # noqa: F401  (a fixture)


def test_ended_status_is_none_while_queued_or_running_and_failed_when_the_job_expired(redis_url: str) -> None:  # noqa: F811
    jobs = JobStore(redis.Redis.from_url(redis_url, decode_responses=True), prefix="tf-store")
    queued = jobs.create(kind="k", service="trainer", queue="trainer", inputs={})
    assert jobs.ended_status(queued.id) is None
    jobs.mark_running(queued.id, "w1")
    assert jobs.ended_status(queued.id) is None

    cancelled = jobs.create(kind="k", service="trainer", queue="trainer", inputs={})
    jobs.request_cancel(cancelled.id)  # cancelled before a worker took it
    assert jobs.ended_status(cancelled.id) == JobStatus.cancelled

    assert jobs.ended_status("job_expired0000") == JobStatus.failed

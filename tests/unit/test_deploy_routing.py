"""Jobs never wait on a GPU queue that no live worker consumes, and the gateway's queue gauges, against a real
redis-server: the API routes a GPU job to the least-loaded GPU queue that has a live worker, or refuses it at
once with a retryable 503 that names the queues; the CPU queue is always taken."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import ClassVar

import pytest
import redis
from prometheus_client import CollectorRegistry, generate_latest

from shared.contracts.common import WorkerInfo
from shared.errors import ServiceUnavailable
from shared.jobs import WorkerRegistry
from shared.jobs.broker import route_queue
from shared.jobs.metrics import QueueDepthCollector
from shared.settings import ServiceSettings
from tests.unit.deploy_support import redis_url  # noqa: F401  (a fixture)

PREFIX = "tf-routing"


class VoiceLike(ServiceSettings):
    service_name: ClassVar[str] = "voice"


@pytest.fixture
def client(redis_url: str) -> redis.Redis:  # noqa: F811
    return redis.Redis.from_url(redis_url, decode_responses=True)


@pytest.fixture
def settings(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> VoiceLike:  # noqa: F811
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    return VoiceLike(redis_url=redis_url, key_prefix=PREFIX, _env_file=None)


def beat(client: redis.Redis, queue: str, *, age: timedelta = timedelta(0)) -> None:
    seen = datetime.now(UTC) - age
    info = WorkerInfo(
        id=f"w-{queue}", service="voice", queues=[queue], pid=1, host="h", started_at=seen, last_seen=seen
    )
    # Written as the worker writes it, with the chosen age (beat() would stamp it fresh).
    client.hset(f"{PREFIX}:workers", info.id, info.model_dump_json())


def waiting(client: redis.Redis, queue: str, count: int) -> None:
    client.rpush(f"{PREFIX}-dramatiq:{queue}", *[f"m{i}" for i in range(count)])


def test_cpu_jobs_take_the_cpu_queue_even_with_no_worker(client: redis.Redis, settings: VoiceLike) -> None:
    assert route_queue(client, settings, []) == "voice"


def test_gpu_job_with_no_live_gpu_worker_is_refused(client: redis.Redis, settings: VoiceLike) -> None:
    beat(client, "voice")  # a CPU worker does not take GPU queues
    beat(client, "voice.gpu1", age=timedelta(minutes=5))  # a stopped heartbeat
    with pytest.raises(ServiceUnavailable) as refused:
        route_queue(client, settings, [0, 1])
    problem = refused.value.to_problem()
    assert problem.status == 503 and problem.retryable and problem.code == "service_unavailable"
    assert "voice.gpu0, voice.gpu1" in str(problem.detail) and "VOICE_GPUS" in str(problem.detail)
    assert problem.model_dump()["queues"] == ["voice.gpu0", "voice.gpu1"]


def test_gpu_jobs_go_to_the_least_loaded_live_gpu_queue(client: redis.Redis, settings: VoiceLike) -> None:
    beat(client, "voice.gpu1")
    assert route_queue(client, settings, [0, 1]) == "voice.gpu1"  # gpu0 has no worker: never chosen
    beat(client, "voice.gpu0")
    waiting(client, "voice.gpu0", 3)
    waiting(client, "voice.gpu1", 1)
    assert route_queue(client, settings, [0, 1]) == "voice.gpu1"
    waiting(client, "voice.gpu1", 5)
    assert route_queue(client, settings, [0, 1]) == "voice.gpu0"
    assert route_queue(client, settings, [0]) == "voice.gpu0"


def test_queue_gauges(client: redis.Redis, settings: VoiceLike) -> None:
    beat(client, "voice.gpu0")
    beat(client, "video")
    waiting(client, "voice.gpu0", 2)
    waiting(client, "trainer", 4)  # waiting with no worker: visible as 0 workers
    client.rpush(f"{PREFIX}-dramatiq:voice.DQ", "delayed")  # Dramatiq's delay queue is not a job queue
    registry = CollectorRegistry()
    registry.register(QueueDepthCollector(client, settings))
    text = generate_latest(registry).decode()
    assert 'talkface_queue_depth{queue="voice.gpu0"} 2.0' in text
    assert 'talkface_queue_depth{queue="trainer"} 4.0' in text
    assert 'talkface_queue_depth{queue="video"} 0.0' in text
    assert 'talkface_queue_workers{queue="trainer"} 0.0' in text
    assert 'talkface_queue_workers{queue="voice.gpu0"} 1.0' in text
    assert "voice.DQ" not in text
    assert WorkerRegistry(client, PREFIX).live()  # the collector reads, it does not drop live workers

"""Dramatiq's Redis broker, configured once for APIs (which enqueue) and workers (which consume).

We deliver with Dramatiq rather than a queue of our own; what we add is routing a message to the queue of a
service and GPU (``voice``, ``video.gpu0``) and reading queue depths and live workers for ``/system``.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import timedelta

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from shared.clock import utcnow
from shared.contracts.common import Job, WorkerInfo
from shared.errors import ServiceUnavailable
from shared.settings import CommonSettings, ServiceSettings

WORKER_STALE_AFTER = timedelta(seconds=30)


def build_broker(settings: CommonSettings) -> RedisBroker:
    """The broker with redelivery settings from configuration (heartbeat + maintenance: docs/platform-notes.md)."""
    broker = RedisBroker(
        url=settings.redis_url,
        namespace=f"{settings.key_prefix}-dramatiq",
        heartbeat_timeout=settings.worker_heartbeat_ms,
        maintenance_chance=settings.broker_maintenance_chance,
        middleware=[AgeLimit(), TimeLimit(), ShutdownNotifications(), Callbacks(), Pipelines(), Retries()],
        socket_connect_timeout=3,
        socket_timeout=10,
    )
    dramatiq.set_broker(broker)
    return broker


def enqueue_job(broker: RedisBroker, job: Job) -> None:
    """Send the job's message to its own queue (service and, where it has one, GPU)."""
    broker.declare_queue(job.queue)
    broker.enqueue(dramatiq.Message(queue_name=job.queue, actor_name=job.kind, args=(job.id,), kwargs={}, options={}))


def queue_depths(client: redis.Redis, settings: CommonSettings) -> dict[str, int]:
    """Messages waiting per queue, read from Dramatiq's Redis layout (``<ns>:<queue>`` lists)."""
    namespace = f"{settings.key_prefix}-dramatiq"
    depths: dict[str, int] = {}
    for key in client.scan_iter(match=f"{namespace}:*", count=500):
        queue = key[len(namespace) + 1 :]
        if queue.startswith("__") or queue.endswith((".msgs", ".XQ", ".DQ")):
            continue
        if client.type(key) == "list":
            depths[queue] = int(client.llen(key))
    return depths


def route_queue(client: redis.Redis, settings: ServiceSettings, gpu_indices: list[int]) -> str:
    """The queue a new job goes to: the CPU queue when no GPU is asked for; otherwise the least-loaded of the
    asked GPUs' queues that a live worker consumes (its heartbeat in the registry is fresh).

    A GPU queue that no live worker consumes would keep the job waiting forever (nothing times out a queued
    message), so when none of the asked GPUs has a live worker the job is refused at once: a retryable 503 that
    names the queues, before anything is stored. The CPU queue is never refused: a CPU worker runs in every
    deployment, and one that is restarting picks up what waits.
    """
    if not gpu_indices:
        return settings.queue_name()
    queues = [settings.queue_name(i) for i in gpu_indices]
    live = {queue for worker in WorkerRegistry(client, settings.key_prefix).live() for queue in worker.queues}
    candidates = [queue for queue in queues if queue in live]
    if not candidates:
        raise ServiceUnavailable(
            f"No live {settings.service_name} worker consumes {', '.join(queues)}: start a GPU worker for "
            f"{'it' if len(queues) == 1 else 'one of them'}, or list only GPUs that have one "
            f"({settings.service_name.upper()}_GPUS; docs/ops.md, GPU assignment).",
            extra={"queues": queues},
        )
    depths = queue_depths(client, settings)
    return min(candidates, key=lambda q: depths.get(q, 0))


class WorkerRegistry:
    """Live workers, each refreshing its entry every few seconds; stale entries are dropped on read."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.redis = client
        self.key = f"{prefix}:workers"

    def beat(self, info: WorkerInfo) -> None:
        info.last_seen = utcnow()
        self.redis.hset(self.key, info.id, info.model_dump_json())

    def remove(self, worker_id: str) -> None:
        self.redis.hdel(self.key, worker_id)

    def live(self) -> list[WorkerInfo]:
        now = utcnow()
        workers = []
        for worker_id, raw in self.redis.hgetall(self.key).items():
            info = WorkerInfo.model_validate(json.loads(raw))
            if now - info.last_seen > WORKER_STALE_AFTER:
                self.redis.hdel(self.key, worker_id)
                continue
            workers.append(info)
        return sorted(workers, key=lambda w: (w.service, w.id))


def worker_identity(service: str) -> tuple[str, str]:
    host = socket.gethostname()
    return f"{service}@{host}:{os.getpid()}", host

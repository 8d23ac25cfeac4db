"""Job counters and duration histograms kept in Redis, exposed on each service's ``/metrics``.

Workers are separate processes (possibly many, on other hosts), so in-process Prometheus counters would be
scattered; each worker adds its figures to one small Redis hash per service instead, and the service API
renders them at scrape time. The metric names are the usual Prometheus ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any, cast

import redis
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

from shared.jobs.broker import WorkerRegistry, queue_depths
from shared.settings import CommonSettings

BUCKETS = (0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 7200)


def metrics_key(prefix: str, service: str) -> str:
    return f"{prefix}:metrics:{service}"


def record_job(client: redis.Redis, prefix: str, service: str, kind: str, status: str, seconds: float) -> None:
    key = metrics_key(prefix, service)
    pipe = client.pipeline(transaction=False)
    pipe.hincrby(key, f"count|{kind}|{status}", 1)
    pipe.hincrbyfloat(key, f"sum|{kind}", seconds)
    for bound in BUCKETS:
        if seconds <= bound:
            pipe.hincrby(key, f"bucket|{kind}|{bound}", 1)
    pipe.hincrby(key, f"bucket|{kind}|+Inf", 1)
    pipe.execute()


class JobMetricsCollector(Collector):
    def __init__(self, client: redis.Redis, prefix: str, service: str) -> None:
        self.client = client
        self.key = metrics_key(prefix, service)

    def collect(self) -> Iterator[Metric]:
        try:
            raw = cast(dict[Any, Any], self.client.hgetall(self.key))
        except redis.exceptions.RedisError:
            return
        counts = CounterMetricFamily("talkface_jobs_finished", "Jobs finished", labels=["kind", "status"])
        sums: dict[str, float] = {}
        buckets: dict[str, dict[str, float]] = defaultdict(dict)
        for field, value in raw.items():
            parts = field.split("|")
            if parts[0] == "count":
                counts.add_metric([parts[1], parts[2]], float(value))
            elif parts[0] == "sum":
                sums[parts[1]] = float(value)
            elif parts[0] == "bucket":
                buckets[parts[1]][parts[2]] = float(value)
        yield counts
        histogram = HistogramMetricFamily("talkface_job_seconds", "Wall time of job attempts", labels=["kind"])
        for kind, by_bound in buckets.items():
            ordered = [(str(b), by_bound.get(str(b), 0.0)) for b in BUCKETS] + [("+Inf", by_bound.get("+Inf", 0.0))]
            histogram.add_metric([kind], ordered, sum_value=sums.get(kind, 0.0))
        yield histogram


class QueueDepthCollector(Collector):
    """Messages waiting and live workers per Dramatiq queue, read at scrape time (the gateway's ``/metrics``).

    Autoscalers read the waiting messages: KEDA's Redis-list scaler reads the same lists directly, and a
    Prometheus-based one (KEDA's Prometheus scaler, the Prometheus adapter for an HPA) reads this gauge. A queue
    that has messages and no worker (``talkface_queue_workers`` 0) is work no one will run.
    """

    def __init__(self, client: redis.Redis, settings: CommonSettings) -> None:
        self.client = client
        self.settings = settings

    def collect(self) -> Iterator[Metric]:
        try:
            depths = queue_depths(self.client, self.settings)
            live = WorkerRegistry(self.client, self.settings.key_prefix).live()
        except redis.exceptions.RedisError:
            return
        workers: dict[str, int] = defaultdict(int)
        for worker in live:
            for queue in worker.queues:
                workers[queue] += 1
        waiting = GaugeMetricFamily("talkface_queue_depth", "Job messages waiting in a queue", labels=["queue"])
        consumers = GaugeMetricFamily("talkface_queue_workers", "Live workers consuming a queue", labels=["queue"])
        for queue in sorted(set(depths) | set(workers)):
            waiting.add_metric([queue], float(depths.get(queue, 0)))
            consumers.add_metric([queue], float(workers.get(queue, 0)))
        yield waiting
        yield consumers

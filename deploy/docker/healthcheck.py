#!/usr/bin/env python3
"""Container health probe, installed as ``tf-healthcheck`` in every TalkFace image.

``tf-healthcheck [URL]``: GET the URL (default ``$TF_HEALTH_URL``, which each image sets to its app's
``/healthz``) and exit 0 on a 2xx answer. The python:3.11-slim base ships neither curl nor wget; the standard
library does the job without adding a package to every image.

``tf-healthcheck --worker``: a worker serves no HTTP. It is healthy while the heartbeat that ``run_worker``
writes every few seconds into the worker registry (the one ``/api/v1/system`` lists) is fresh for a worker
on this host. Reading Redis means an unreachable Redis also reports the worker unhealthy, which is true: it
cannot take jobs then.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import urllib.request
from datetime import UTC, datetime, timedelta

# Same rule as shared.jobs.broker.WORKER_STALE_AFTER (the test keeps them equal).
STALE_AFTER = timedelta(seconds=30)


def url_ok(url: str) -> int:
    if not url:
        print("unhealthy: no URL (pass one or set TF_HEALTH_URL)", file=sys.stderr)
        return 1
    timeout = float(os.environ.get("TF_HEALTH_TIMEOUT_S", "4"))
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # a fixed local URL
            return 0 if 200 <= response.status < 300 else 1
    except Exception as exc:  # any failure means unhealthy; say why for `docker inspect`
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1


def worker_ok() -> int:
    # Reads the registry directly rather than through shared.jobs.WorkerRegistry: importing the jobs package
    # (Dramatiq, minio, ...) costs several times more CPU than this whole probe, every 15 s in every worker.
    # tests/unit/test_deploy_images.py writes heartbeats with WorkerRegistry and checks that this reads them alike.
    import redis

    from shared.settings import CommonSettings

    settings = CommonSettings()
    host = socket.gethostname()
    try:
        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=3, socket_timeout=3)
        entries = client.hvals(f"{settings.key_prefix}:workers")
    except Exception as exc:
        print(f"unhealthy: cannot read the worker registry: {exc}", file=sys.stderr)
        return 1
    now = datetime.now(UTC)
    for raw in entries:
        info = json.loads(raw)
        if info.get("host") == host and now - datetime.fromisoformat(info["last_seen"]) <= STALE_AFTER:
            return 0
    print(f"unhealthy: no fresh worker heartbeat from {host}", file=sys.stderr)
    return 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["--worker"]:
        return worker_ok()
    return url_ok(argv[0] if argv else os.environ.get("TF_HEALTH_URL", ""))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The apps' own Redis clients (job records, events, conversations, the worker registry, job metrics).

``decode_responses=True``: every value we keep in Redis is text (JSON, ids, numbers), so replies come back as
``str`` and no caller decodes bytes. Dramatiq builds its own client for its queues (``build_broker``).
"""

from __future__ import annotations

import redis
import redis.asyncio as aredis


def connect_redis(url: str, *, connect_timeout_s: float = 2.0, timeout_s: float | None = 10.0) -> redis.Redis:
    return redis.Redis.from_url(
        url, decode_responses=True, socket_connect_timeout=connect_timeout_s, socket_timeout=timeout_s
    )


def connect_async_redis(url: str, *, connect_timeout_s: float = 2.0, timeout_s: float = 30.0) -> aredis.Redis:
    return aredis.Redis.from_url(
        url, decode_responses=True, socket_connect_timeout=connect_timeout_s, socket_timeout=timeout_s
    )

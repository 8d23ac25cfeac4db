"""The one way an async app runs a blocking call (Redis, minio, a model) without stalling its event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio

from shared.errors import to_problem_error


async def call_blocking(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a worker thread; outages of the stores become their 503 problems (``to_problem_error``)."""
    try:
        return await anyio.to_thread.run_sync(lambda: fn(*args))
    except Exception as exc:
        raise to_problem_error(exc) from exc

"""The stack a benchmark starts for itself: its own temp dir, the voice, video and chat services (no workers),
an API client with the stack's key, and the astronaut portrait avatar that chat and live benchmarks talk to."""

from __future__ import annotations

import os
import platform
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from scripts.devstack import Stack
from tests.fixtures import astronaut, encode


@dataclass
class BenchStack:
    stack: Stack
    api: httpx.Client
    avatar_id: str
    workdir: Path


def print_machine() -> None:
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}; "
        f"load average before start {os.getloadavg()[0]:.1f}"
    )


@contextmanager
def bench_stack(prefix: str, overrides: dict[str, str] | None = None) -> Iterator[BenchStack]:
    """Start, yield, and always stop (printing the load average at the end, beside the figures)."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    env = {"TALKFACE_ENV": "test", "GATEWAY_RATE_LIMIT": "", **(overrides or {})}
    stack = Stack(var_dir=workdir / "stack", env_overrides=env)
    try:
        began = time.perf_counter()
        stack.start_all(services=("voice", "video", "chat"), workers=())
        print(f"stack ready in {time.perf_counter() - began:.1f} s")
        with httpx.Client(
            base_url=stack.gateway_url, headers={"Authorization": f"Bearer {stack.api_key}"}, timeout=300
        ) as api:
            avatar = api.post(
                "/api/v1/avatars", data={"name": "bench"}, files={"file": ("photo.jpg", encode(astronaut(), ".jpg"))}
            )
            avatar.raise_for_status()
            yield BenchStack(stack, api, avatar.json()["id"], workdir)
    finally:
        stack.stop_all()
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")

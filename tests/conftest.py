"""Shared fixtures: a real local stack (redis-server, S3 server, every service, workers, gateway) on free
ports in a temp dir, started once per test session. Nothing is mocked."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.isolation import isolate

isolate()  # before any settings class is imported: no developer `.env` or exported variable reaches the suite

from scripts.devstack import Stack  # noqa: E402


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    var = tmp_path_factory.mktemp("stack")
    stack = Stack(
        var_dir=var,
        env_overrides={
            # Short redelivery settings so a killed worker's job comes back within seconds (docs/platform-notes.md).
            "WORKER_HEARTBEAT_MS": "3000",
            "BROKER_MAINTENANCE_CHANCE": "1000000",
            "TALKFACE_ENV": "test",
            "GATEWAY_RATE_LIMIT": "100000/minute",
            # Dataset uploads of 12 s instead of 30 s keep the trainer tests' renders and preprocessing short.
            "TRAINER_DATASET_MIN_DURATION_S": "12",
            # Voice enrollment: a handful of candidates (the base and two generations of two), only where asked.
            "VOICE_ENROLL_BUDGET": "5",
            "VOICE_ENROLL_POPULATION": "2",
            "VOICE_ENROLL_ON_CREATE": "false",
            "LOG_LEVEL": os.environ.get("TF_TEST_LOG_LEVEL", "INFO"),
        },
    )
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()
        for log in sorted(Path(var, "log").glob("*.log")):
            text = log.read_text(errors="replace")
            if "Traceback" in text:
                print(f"\n===== {log.name} (tail) =====\n{text[-4000:]}")


@pytest.fixture(scope="session")
def api(stack: Stack) -> Iterator[httpx.Client]:
    """An authenticated client of the gateway."""
    with httpx.Client(
        base_url=stack.gateway_url, headers={"Authorization": f"Bearer {stack.api_key}"}, timeout=120
    ) as client:
        yield client

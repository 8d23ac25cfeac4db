"""``/readyz``: each dependency with its state and why; 503 while a required one is not ``ok``; optional ones
report without blocking; a costly probe runs at most once per its cache period."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI
from fastapi.testclient import TestClient

from shared.contracts.common import DependencyCheck, DependencyState
from shared.http import CachedCheck, health_router
from tests.helpers import run_async


def app_with(checks: dict) -> TestClient:
    app = FastAPI()
    app.include_router(health_router("demo", "1.0", checks))
    return TestClient(app)


async def fine() -> None:
    return None


async def broken() -> None:
    raise ConnectionError("connection refused")


async def not_provisioned() -> DependencyCheck:
    return DependencyCheck(state=DependencyState.unavailable, required=False, detail="needs a trained avatar")


async def loading() -> DependencyCheck:
    return DependencyCheck(state=DependencyState.loading, detail="Whisper base is loading")


def test_ready_when_every_required_dependency_is_ok() -> None:
    response = app_with({"redis": fine, "renderer:ernerf": not_provisioned}).get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert body["checks"]["redis"] == {"state": "ok", "required": True, "detail": None}
    assert body["checks"]["renderer:ernerf"] == {
        "state": "unavailable",
        "required": False,
        "detail": "needs a trained avatar",
    }


def test_a_required_dependency_down_or_loading_is_503_naming_it() -> None:
    response = app_with({"redis": fine, "llm": broken, "asr": loading}).get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["llm"]["state"] == "down" and checks["llm"]["detail"] == "ConnectionError: connection refused"
    assert checks["asr"]["state"] == "loading" and checks["redis"]["state"] == "ok"


def test_cached_check_probes_once_per_period_and_shares_concurrent_calls() -> None:
    calls = 0

    async def probe() -> DependencyCheck:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return DependencyCheck(state=DependencyState.ok, detail=f"probe {calls}")

    async def scenario() -> None:
        cached = CachedCheck(probe, ttl_s=60)
        answers = await asyncio.gather(*(cached() for _ in range(5)))
        assert calls == 1 and {a.detail for a in answers} == {"probe 1"}
        expired = CachedCheck(probe, ttl_s=0)
        await expired()
        await expired()
        assert calls == 3

    run_async(scenario())

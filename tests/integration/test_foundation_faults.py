"""Faults on a stack of its own (so the shared one stays healthy): size limits, S3 down, Redis down."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from scripts.devstack import Stack
from tests.helpers import voiced_signal, write_wav

pytestmark = pytest.mark.integration
UPLOAD_LIMIT = 1_000_000
SECOND_KEY = "tf-second-key-for-rate-limits"


@pytest.fixture(scope="module")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = Stack(
        var_dir=tmp_path_factory.mktemp("faults"),
        env_overrides={
            "LIMIT_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
            "TALKFACE_ENV": "test",
            "API_KEYS": f"tf-dev-key,{SECOND_KEY}",
            "GATEWAY_RATE_LIMIT": "20/minute",
            "GATEWAY_CORS_ORIGINS": "http://spa.example.test",
            "LOG_LEVEL": os.environ.get("TF_TEST_LOG_LEVEL", "INFO"),
        },
    )
    try:
        stack.start_all(services=("voice",), workers=())
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture(scope="module")
def client(fault_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fault_stack.gateway_url, headers={"X-API-Key": fault_stack.api_key}, timeout=60) as c:
        yield c


def post_audio(client: httpx.Client, path: Path) -> httpx.Response:
    with path.open("rb") as fh:
        return client.post(
            "/api/v1/audio/pitch-shift", files={"file": (path.name, fh, "audio/wav")}, data={"semitones": "2"}
        )


def job_count(stack: Stack) -> int:
    return int(redis.Redis.from_url(stack.redis_url or "").zcard("tf:jobs"))


def test_oversized_upload_is_413(client: httpx.Client, fault_stack: Stack, tmp_path: Path) -> None:
    big = write_wav(tmp_path / "big.wav", voiced_signal(seconds=40.0))  # ~1.3 MB > 1 MB limit
    response = post_audio(client, big)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is enforced while streaming
        for _ in range(20):
            yield b"0" * 100_000

    streamed = client.post(
        "/api/v1/audio/pitch-shift", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=xyz"}
    )
    assert streamed.status_code == 413
    assert job_count(fault_stack) == 0


def test_rate_limit_per_key_and_cors(fault_stack: Stack) -> None:
    url = f"{fault_stack.gateway_url}/api/v1/jobs"
    statuses = [httpx.get(url, headers={"X-API-Key": SECOND_KEY}).status_code for _ in range(25)]
    assert statuses[:20] == [200] * 20 and statuses[-1] == 429
    limited = httpx.get(url, headers={"X-API-Key": SECOND_KEY})
    assert limited.json()["code"] == "rate_limited" and limited.json()["retryable"] is True
    # Another key has its own budget.
    assert httpx.get(url, headers={"X-API-Key": fault_stack.api_key}).status_code == 200
    preflight = httpx.options(
        url, headers={"Origin": "http://spa.example.test", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.headers["access-control-allow-origin"] == "http://spa.example.test"
    other = httpx.options(url, headers={"Origin": "http://evil.example.test", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in other.headers


def test_s3_down_is_503_and_writes_no_record(client: httpx.Client, fault_stack: Stack, tmp_path: Path) -> None:
    small = write_wav(tmp_path / "small.wav", voiced_signal(seconds=1.0))
    assert post_audio(client, small).status_code == 202  # healthy first
    before = job_count(fault_stack)
    fault_stack.stop_proc("s3")
    try:
        response = post_audio(client, small)
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "storage_unavailable" and response.json()["retryable"] is True
        assert job_count(fault_stack) == before  # no half-written job
        ready = httpx.get(f"{fault_stack.service_url('voice')}/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["s3"]["state"] == "down"
    finally:
        fault_stack.start_s3()
    assert post_audio(client, small).status_code == 202  # recovers once S3 is back


def test_redis_down_is_503(client: httpx.Client, fault_stack: Stack, tmp_path: Path) -> None:
    small = write_wav(tmp_path / "small.wav", voiced_signal(seconds=1.0))
    fault_stack.stop_proc("redis")
    for response in (post_audio(client, small), client.get("/api/v1/jobs"), client.get("/api/v1/jobs/job_x")):
        assert response.status_code == 503, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "redis_unavailable"
        assert response.json()["instance"]
    ready = httpx.get(f"{fault_stack.gateway_url}/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["redis"]["state"] == "down"

"""End to end through the real stack: gateway → voice API → Dramatiq → worker → S3 → job record → client."""

from __future__ import annotations

import io
import json
import os
import signal
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf

from scripts.devstack import Stack
from shared.pitch import median_f0
from tests.helpers import read_sse, voiced_signal, wait_job, write_wav

pytestmark = pytest.mark.integration
RATE = 16000


def submit(api: httpx.Client, path: Path, semitones: float) -> dict:
    with path.open("rb") as fh:
        response = api.post(
            "/api/v1/audio/pitch-shift",
            files={"file": (path.name, fh, "audio/wav")},
            data={"semitones": str(semitones)},
        )
    assert response.status_code == 202, response.text
    return response.json()


def download(api: httpx.Client, job: dict, name: str) -> bytes:
    artifact = next(a for a in job["artifacts"] if a["name"] == name)
    direct = httpx.get(artifact["url"], timeout=30)  # presigned URL straight from S3
    assert direct.status_code == 200
    via_gateway = api.get(f"/api/v1/artifacts/{artifact['id']}", follow_redirects=True)
    assert via_gateway.status_code == 200 and via_gateway.content == direct.content
    assert len(direct.content) == artifact["size"]
    return direct.content


@pytest.mark.parametrize("semitones", [5.0, -7.0])
def test_pitch_shift_through_the_gateway(api: httpx.Client, tmp_path: Path, semitones: float) -> None:
    source = voiced_signal(f0=150.0, seconds=3.0, sample_rate=RATE)
    # Upload as FLAC to prove any ffmpeg-decodable format is accepted.
    path = tmp_path / "voice.flac"
    sf.write(path, source, RATE, format="FLAC")
    accepted = submit(api, path, semitones)
    assert accepted["job"]["status"] == "queued"
    assert accepted["status_url"] == f"/api/v1/jobs/{accepted['job']['id']}"
    job = wait_job(api, accepted["job"]["id"])
    assert job["status"] == "succeeded", job
    assert job["progress"] == 1.0 and job["attempts"] == 1
    output, rate = sf.read(io.BytesIO(download(api, job, "output.wav")), dtype="float32")
    assert rate == RATE
    assert abs(len(output) - len(source)) <= RATE * 0.01  # same duration
    ratio = median_f0(output, rate) / median_f0(source, RATE)
    assert ratio == pytest.approx(2 ** (semitones / 12), rel=0.03)
    assert job["result"]["output_median_f0_hz"] > 0


def test_events_arrive_in_order_and_resume(api: httpx.Client, tmp_path: Path) -> None:
    accepted = submit(api, write_wav(tmp_path / "a.wav", voiced_signal(seconds=2.0)), 3.0)
    job_id = accepted["job"]["id"]
    wait_job(api, job_id)
    events = read_sse(api, accepted["events_url"])
    ids = [e["id"] for e in events]
    assert ids == sorted(ids, key=lambda i: tuple(int(p) for p in i.split("-")))
    assert events[0]["event"] == "status" and events[0]["data"]["status"] == "queued"
    assert events[-1]["event"] == "status" and events[-1]["data"]["status"] == "succeeded"
    progress = [e["data"]["progress"] for e in events if e["event"] == "progress"]
    assert progress and progress == sorted(progress)
    # Reconnect after the third event: the rest arrives, nothing twice.
    resumed = read_sse(api, accepted["events_url"], headers={"Last-Event-ID": ids[2]})
    assert [e["id"] for e in resumed] == ids[3:]


def test_events_follow_a_live_job(api: httpx.Client, tmp_path: Path) -> None:
    accepted = submit(api, write_wav(tmp_path / "b.wav", voiced_signal(seconds=20.0)), 2.0)
    events = read_sse(api, accepted["events_url"])  # opened while queued/running; ends at the final status
    statuses = [e["data"]["status"] for e in events if e["event"] == "status"]
    assert statuses[0] == "queued" and statuses[-1] == "succeeded" and "running" in statuses


def test_cancel_a_queued_job(api: httpx.Client, stack: Stack, tmp_path: Path) -> None:
    worker = stack.procs["voice-worker"].popen
    os.kill(worker.pid, signal.SIGSTOP)  # hold the only worker so the job stays queued
    try:
        accepted = submit(api, write_wav(tmp_path / "c.wav", voiced_signal(seconds=1.0)), 1.0)
        job_id = accepted["job"]["id"]
        cancelled = api.delete(f"/api/v1/jobs/{job_id}")
        assert cancelled.status_code == 200
        assert cancelled.json()["status"] == "cancelled"
    finally:
        os.kill(worker.pid, signal.SIGCONT)
    time.sleep(2)  # the worker now receives the message and must skip it
    job = api.get(f"/api/v1/jobs/{job_id}").json()
    assert job["status"] == "cancelled" and job["attempts"] == 0 and job["artifacts"] == []
    again = api.delete(f"/api/v1/jobs/{job_id}")
    assert again.status_code == 409 and again.json()["code"] == "job_finished"


def test_cancel_a_running_job(api: httpx.Client, tmp_path: Path) -> None:
    accepted = submit(api, write_wav(tmp_path / "d.wav", voiced_signal(seconds=120.0)), 4.0)
    job_id = accepted["job"]["id"]
    wait_job(api, job_id, until={"running"})
    response = api.delete(f"/api/v1/jobs/{job_id}")
    assert response.status_code == 200 and response.json()["cancel_requested"] is True
    job = wait_job(api, job_id, timeout=60)
    assert job["status"] == "cancelled"
    assert job["progress"] < 1.0 and job["artifacts"] == []


@pytest.mark.slow
def test_killed_worker_job_completes_on_another(api: httpx.Client, stack: Stack, tmp_path: Path) -> None:
    accepted = submit(api, write_wav(tmp_path / "e.wav", voiced_signal(seconds=90.0)), -3.0)
    job_id = accepted["job"]["id"]
    job = wait_job(api, job_id, until={"running"})
    first_worker = job["worker_id"]
    stack.start_worker("voice", name="voice-worker-2")
    time.sleep(1.0)
    stack.stop_proc("voice-worker", sig=signal.SIGKILL)  # dies holding the unacked message
    try:
        job = wait_job(api, job_id, timeout=150)
        assert job["status"] == "succeeded", job
        assert job["attempts"] == 2 and job["worker_id"] != first_worker
        output, rate = sf.read(io.BytesIO(download(api, job, "output.wav")), dtype="float32")
        assert abs(len(output) / rate - 90.0) < 0.05
        events = api.get(f"/api/v1/jobs/{job_id}").json()
        assert events["status"] == "succeeded"
    finally:
        stack.start_worker("voice")  # leave the stack with its usual worker
        stack.stop_proc("voice-worker-2")


def test_jobs_list_and_system(api: httpx.Client) -> None:
    jobs = api.get("/api/v1/jobs", params={"service": "voice", "limit": 5}).json()
    assert 1 <= len(jobs["items"]) <= 5
    assert all(j["service"] == "voice" for j in jobs["items"])
    created = [j["created_at"] for j in jobs["items"]]
    assert created == sorted(created, reverse=True)
    system = api.get("/api/v1/system").json()
    assert system["gpus"] == []  # no NVIDIA driver here: an empty list, not an error
    assert {s["name"] for s in system["services"]} == {"voice", "video", "chat", "trainer"}
    assert all(s["ready"] for s in system["services"]), system["services"]
    assert "voice" in system["queues"]
    assert any(w["service"] == "voice" and w["queues"] == ["voice"] for w in system["workers"])


def test_health_and_metrics_without_auth(stack: Stack) -> None:
    for name in ("gateway", "voice", "video", "chat", "trainer"):
        base = stack.service_url(name)
        assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
        ready = httpx.get(f"{base}/readyz").json()
        assert ready["ready"] is True, ready
        assert ready["checks"]["redis"]["state"] == "ok" and ready["checks"]["s3"]["state"] == "ok"
    metrics = httpx.get(f"{stack.gateway_url}/metrics").text
    assert "talkface_http_requests_total" in metrics
    voice_metrics = httpx.get(f"{stack.service_url('voice')}/metrics").text
    assert 'talkface_jobs_created_total{kind="voice.pitch_shift"}' in voice_metrics
    assert 'talkface_jobs_finished_total{kind="voice.pitch_shift",status="succeeded"}' in voice_metrics
    assert 'talkface_job_seconds_bucket{kind="voice.pitch_shift",le="+Inf"}' in voice_metrics


def test_request_id_propagates_to_the_job(api: httpx.Client, stack: Stack, tmp_path: Path) -> None:
    path = write_wav(tmp_path / "f.wav", voiced_signal(seconds=0.5))
    with path.open("rb") as fh:
        response = api.post(
            "/api/v1/audio/pitch-shift",
            files={"file": ("f.wav", fh)},
            data={"semitones": "1"},
            headers={"X-Request-ID": "trace-me-42"},
        )
    assert response.headers["x-request-id"] == "trace-me-42"
    job = response.json()["job"]
    assert job["request_id"] == "trace-me-42"
    wait_job(api, job["id"])
    # The same id appears in the JSON log lines of the gateway, the service and the worker that ran the job.
    for log_name in ("gateway", "voice", "voice-worker"):
        lines = [
            json.loads(line)
            for line in (stack.log_dir / f"{log_name}.log").read_text().splitlines()
            if line.startswith("{") and "trace-me-42" in line
        ]
        assert lines, log_name
        assert all(line["request_id"] == "trace-me-42" for line in lines)
    worker_lines = [
        json.loads(line)
        for line in (stack.log_dir / "voice-worker.log").read_text().splitlines()
        if line.startswith("{") and job["id"] in line
    ]
    assert any(line["job_id"] == job["id"] for line in worker_lines)


def test_bad_requests_are_problems(api: httpx.Client, stack: Stack, tmp_path: Path) -> None:
    garbage = tmp_path / "fake.mp3"
    garbage.write_bytes(b"ID3 this is not really audio" * 100)
    with garbage.open("rb") as fh:
        response = api.post(
            "/api/v1/audio/pitch-shift", files={"file": ("fake.mp3", fh, "audio/mpeg")}, data={"semitones": "2"}
        )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "undecodable_audio"
    assert "/tmp" not in response.json()["detail"]  # no server paths in messages
    out_of_range = api.post("/api/v1/audio/pitch-shift", files={"file": ("a.wav", b"RIFF")}, data={"semitones": "13"})
    assert out_of_range.status_code == 422 and out_of_range.json()["code"] == "validation_error"
    unknown = api.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert api.get("/api/v1/jobs/job_doesnotexist").json()["code"] == "job_not_found"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "wrong"}):
        denied = httpx.get(f"{stack.gateway_url}/api/v1/jobs", headers=headers)
        assert denied.status_code == 401 and denied.json()["code"] in {"missing_api_key", "invalid_api_key"}
    assert httpx.get(f"{stack.gateway_url}/api/v1/jobs", headers={"X-API-Key": stack.api_key}).status_code == 200
    silent = np.zeros(10, dtype=np.float32)
    path = write_wav(tmp_path / "short.wav", silent)
    with path.open("rb") as fh:
        too_short = api.post("/api/v1/audio/pitch-shift", files={"file": ("short.wav", fh)}, data={"semitones": "1"})
    assert too_short.status_code == 422 and too_short.json()["code"] == "audio_too_short"

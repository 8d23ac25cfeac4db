"""Plain helpers for integration tests: waiting on jobs, reading SSE, the stack's store, avatars and
conversations, synthetic audio. Test data built from packaged files is in ``tests/fixtures.py``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpx
import numpy as np
import soundfile as sf
from httpx_sse import EventSource
from pydantic import SecretStr

from scripts.devstack import Stack
from shared.settings import CommonSettings
from shared.storage import ArtifactStore

FINISHED = {"succeeded", "failed", "cancelled"}


def wait_job(api: httpx.Client, job_id: str, timeout: float = 120, until: set[str] | None = None) -> dict[str, Any]:
    """Poll a job until it reaches one of ``until`` (default: any finished status)."""
    targets = until or FINISHED
    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        job = api.get(f"/api/v1/jobs/{job_id}").raise_for_status().json()
        if job["status"] in targets:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {job.get('status')} after {timeout} s: {job}")


def sse_events(response: httpx.Response) -> Iterator[tuple[str, dict[str, Any]]]:
    """(event name, JSON data) of each event of an SSE response, parsed by httpx-sse."""
    for event in EventSource(response).iter_sse():
        if event.data:
            yield event.event, event.json()


def read_sse(
    api: httpx.Client,
    url: str,
    headers: dict[str, str] | None = None,
    max_events: int | None = None,
    timeout: float = 120,
) -> list[dict[str, Any]]:
    """GET an SSE stream into a list of {id, event, data} dicts (data JSON-decoded)."""
    events: list[dict[str, Any]] = []
    with api.stream("GET", url, headers=headers, timeout=timeout) as response:
        response.raise_for_status()
        for event in EventSource(response).iter_sse():
            if not event.data:
                continue
            events.append({"id": event.id, "event": event.event, "data": event.json()})
            if max_events is not None and len(events) >= max_events:
                break
    return events


def stack_store(stack: Stack) -> ArtifactStore:
    """The artifact store the stack's services write to."""
    env = stack.env()
    settings = CommonSettings(
        s3_endpoint=env["S3_ENDPOINT"],
        s3_access_key=SecretStr(env["S3_ACCESS_KEY"]),
        s3_secret_key=SecretStr(env["S3_SECRET_KEY"]),
        s3_bucket=env["S3_BUCKET"],
        redis_url=env["REDIS_URL"],
    )
    return ArtifactStore(settings)


def create_avatar(
    api: httpx.Client, data: bytes, name: str = "astronaut", filename: str = "photo.png", **fields: str
) -> httpx.Response:
    return api.post("/api/v1/avatars", data={"name": name, **fields}, files={"file": (filename, data)})


# A conversation that answers in text only, briefly and reproducibly.
QUIET_CONVERSATION: dict[str, Any] = {"speak": False, "llm": {"temperature": 0, "seed": 7, "max_tokens": 32}}


def new_conversation(api: httpx.Client, **body: Any) -> str:
    response = api.post("/api/v1/conversations", json={**QUIET_CONVERSATION, **body})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def voiced_signal(f0: float = 140.0, seconds: float = 2.0, sample_rate: int = 16000, seed: int = 0) -> np.ndarray:
    """A speech-like voiced signal: a glottal-ish pulse train with slight vibrato through two formants."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    inst_f0 = f0 * (1 + 0.02 * np.sin(2 * np.pi * 5 * t))
    phase = 2 * np.pi * np.cumsum(inst_f0) / sample_rate
    source = sum((1.0 / k) * np.sin(k * phase) for k in range(1, 30))
    from scipy.signal import lfilter

    y = np.asarray(source)
    for formant, bw in ((700, 110), (1200, 120)):
        r = np.exp(-np.pi * bw / sample_rate)
        theta = 2 * np.pi * formant / sample_rate
        y = lfilter([1 - r], [1, -2 * r * np.cos(theta), r * r], y)
    y = y / np.max(np.abs(y)) * 0.5 + 0.001 * rng.standard_normal(len(y))
    return y.astype(np.float32)


def write_wav(path: Path, audio: np.ndarray, sample_rate: int = 16000) -> Path:
    sf.write(path, audio, sample_rate)
    return path


def render_talking_video(api: httpx.Client, path: Path, seconds: float = 36.0, size: int = 384) -> Path:
    """A real talking video for dataset uploads: scikit-image's astronaut animated by the video service's
    portrait animator, speaking the `moonshine-voice` recording (repeated to ``seconds``), saved as MP4."""
    from tests.fixtures import astronaut, encode, speech_path

    avatar = create_avatar(api, encode(astronaut()), name="dataset-speaker")
    assert avatar.status_code == 201, avatar.text
    speech, rate = sf.read(str(speech_path()), dtype="float32")
    audio = np.tile(speech, int(np.ceil(seconds * rate / len(speech))))[: int(seconds * rate)]
    wav = path.with_suffix(".wav")
    write_wav(wav, audio, rate)
    with wav.open("rb") as audio_file:
        response = api.post(
            "/api/v1/videos/jobs",
            data={"avatar_id": avatar.json()["id"], "fps": "25", "size": str(size)},
            files={"audio": ("speech.wav", audio_file, "audio/wav")},
        )
    assert response.status_code == 202, response.text
    job = wait_job(api, response.json()["job"]["id"], timeout=300)
    assert job["status"] == "succeeded", job
    video = next(a for a in job["artifacts"] if a["content_type"].startswith("video/"))
    download = httpx.get(video["url"], timeout=60)
    assert download.status_code == 200, download.text[:200]
    path.write_bytes(download.content)
    return path


ResultT = TypeVar("ResultT")


def run_async(main: Coroutine[Any, Any, ResultT]) -> ResultT:
    """``asyncio.run`` in a thread of its own: in a full run, Playwright's sync API (the session-scoped browser of
    the browser tests) keeps an event loop marked as running on the main thread, where ``asyncio.run`` refuses."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main).result()

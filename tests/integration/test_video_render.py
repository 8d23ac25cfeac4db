"""Render jobs, the gallery and the streaming render on the real stack, with real renders (short speech, small
size): the MP4 decodes, has video and audio streams of the same duration (within a frame) at the fps asked;
the gallery lists it; cancel stops it between frames; every bad request is a 4xx problem before anything is
stored. The text paths speak through the voice service's speech endpoint first."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.devstack import Stack
from services.video.encode import probe_streams
from shared.storage import ArtifactStore
from tests.fixtures import astronaut, encode, png_header_only, speech_wav_bytes
from tests.helpers import create_avatar, sse_events, stack_store, wait_job

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def store(stack: Stack) -> Iterator[ArtifactStore]:
    yield stack_store(stack)


@pytest.fixture(scope="module")
def avatar_id(api: httpx.Client) -> str:
    response = create_avatar(api, encode(astronaut()), name="render-test")
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture(scope="module")
def voice_id(api: httpx.Client) -> str:
    """An English built-in voice of the voice service (Piper's Joe ships with the embedded engines)."""
    listed = api.get("/api/v1/voices")
    assert listed.status_code == 200, listed.text
    english = [v["id"] for v in listed.json()["items"] if v["kind"] == "builtin" and "en" in v["languages"]]
    assert english, listed.json()
    return "piper-joe" if "piper-joe" in english else str(english[0])


def submit(api: httpx.Client, data: dict[str, Any], files: dict[str, Any] | None = None) -> httpx.Response:
    # Multipart even without files, as browsers send it.
    return api.post("/api/v1/videos/jobs", data=data, files=files or {"_": ("", b"")})


def download(url: str, path: Path) -> Path:
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200, response.text[:200]
    path.write_bytes(response.content)
    return path


def assert_playable(path: Path, fps: int, size: int) -> dict[str, dict[str, float]]:
    streams = probe_streams(path)
    assert set(streams) == {"video", "audio"}, streams
    video, audio = streams["video"], streams["audio"]
    assert video["width"] == size and video["height"] == size
    assert abs(video["fps"] - fps) < 0.01
    assert abs(video["duration"] - audio["duration"]) <= 1.0 / fps + 0.03, streams  # AAC priming aside
    assert abs(video["frames"] / fps - video["duration"]) < 1.5 / fps
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"], capture_output=True, text=True, timeout=60
    )
    assert decoded.returncode == 0 and not decoded.stderr.strip(), decoded.stderr
    data = path.read_bytes()
    assert 0 < data.find(b"moov") < data.find(b"mdat")  # faststart: the index comes first
    return streams


def test_render_job_from_uploaded_audio_and_gallery(api: httpx.Client, avatar_id: str, tmp_path: Path) -> None:
    wav = speech_wav_bytes(2.0, silence_after=0.5)
    response = submit(
        api, {"avatar_id": avatar_id, "fps": "20", "size": "160"}, files={"audio": ("speech.wav", wav, "audio/wav")}
    )
    assert response.status_code == 202, response.text
    job_id = response.json()["job"]["id"]
    job = wait_job(api, job_id, timeout=120)
    assert job["status"] == "succeeded", job
    result = job["result"]
    assert result["frames"] == 50 and result["fps"] == 20 and result["size"] == 160
    assert result["renderer"] == "portrait" and result["render_fps"] > 25
    names = {a["name"]: a for a in job["artifacts"]}
    assert set(names) == {"video.mp4", "poster.jpg"}
    video = download(names["video.mp4"]["url"], tmp_path / "video.mp4")
    streams = assert_playable(video, fps=20, size=160)
    assert abs(streams["video"]["duration"] - 2.5) < 0.06
    poster = httpx.get(names["poster.jpg"]["url"], timeout=10)
    assert poster.content[:3] == b"\xff\xd8\xff"

    events = read_job_events(api, job_id)
    rendering = [e["progress"] for e in events if e.get("progress") is not None and 0.1 < e["progress"] < 0.9]
    assert rendering == sorted(rendering)  # progress during the frames, never going back

    gallery = api.get("/api/v1/videos").raise_for_status().json()["items"]
    entry = next(item for item in gallery if item["id"] == job_id)
    assert entry["avatar_id"] == avatar_id and entry["avatar_name"] == "render-test"
    assert entry["video"]["url"] and entry["poster"]["url"] and abs(entry["duration_s"] - 2.5) < 1e-6
    assert api.get(f"/api/v1/videos/{job_id}").json()["id"] == job_id
    assert api.delete(f"/api/v1/videos/{job_id}").status_code == 204
    assert api.get(f"/api/v1/videos/{job_id}").status_code == 404
    assert job_id not in [item["id"] for item in api.get("/api/v1/videos").json()["items"]]


def read_job_events(api: httpx.Client, job_id: str) -> list[dict[str, Any]]:
    with api.stream("GET", f"/api/v1/jobs/{job_id}/events", timeout=30) as response:
        return [data for _, data in sse_events(response)]


def test_colour_background_and_stored_audio_input(
    api: httpx.Client, avatar_id: str, store: ArtifactStore, tmp_path: Path
) -> None:
    key = "uploads/video-tests/speech.wav"
    store.put_bytes(key, speech_wav_bytes(1.0), "audio/wav")
    response = submit(
        api,
        {
            "avatar_id": avatar_id,
            "audio_artifact_id": key,
            "fps": "25",
            "size": "128",
            "background": "colour",
            "background_colour": "#0000ff",
        },
    )
    assert response.status_code == 202, response.text
    job = wait_job(api, response.json()["job"]["id"], timeout=120)
    assert job["status"] == "succeeded", job
    names = {a["name"]: a for a in job["artifacts"]}
    assert_playable(download(names["video.mp4"]["url"], tmp_path / "v.mp4"), fps=25, size=128)


def test_image_background(api: httpx.Client, avatar_id: str, tmp_path: Path) -> None:
    import skimage.data

    backdrop = encode(skimage.data.coffee(), ".jpg")
    files = {"audio": ("a.wav", speech_wav_bytes(1.0)), "background_image": ("coffee.jpg", backdrop)}
    response = submit(api, {"avatar_id": avatar_id, "size": "128", "background": "image"}, files)
    assert response.status_code == 202, response.text
    job = wait_job(api, response.json()["job"]["id"], timeout=120)
    assert job["status"] == "succeeded", job
    names = {a["name"]: a for a in job["artifacts"]}
    assert_playable(download(names["video.mp4"]["url"], tmp_path / "bg.mp4"), fps=25, size=128)
    bomb = {"audio": ("a.wav", speech_wav_bytes(1.0)), "background_image": ("b.png", png_header_only(20_000, 20_000))}
    refused = submit(api, {"avatar_id": avatar_id, "size": "128", "background": "image"}, bomb)
    assert (refused.status_code, refused.json()["code"]) == (413, "image_too_many_pixels")


def test_cancel_stops_a_running_render(api: httpx.Client, avatar_id: str) -> None:
    wav = speech_wav_bytes(10.0, silence_after=20.0)  # 30 s at 512 px: long enough to catch it running
    response = submit(api, {"avatar_id": avatar_id, "size": "512"}, files={"audio": ("long.wav", wav)})
    assert response.status_code == 202, response.text
    job_id = response.json()["job"]["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = api.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] == "running" and job["progress"] > 0.12:
            break
        assert job["status"] in ("queued", "running"), job
        time.sleep(0.1)
    assert api.delete(f"/api/v1/jobs/{job_id}").status_code == 200
    job = wait_job(api, job_id, timeout=30)
    assert job["status"] == "cancelled" and job["progress"] < 0.9, job
    assert job_id not in [item["id"] for item in api.get("/api/v1/videos").json()["items"]]


def test_bad_render_requests(api: httpx.Client, avatar_id: str, store: ArtifactStore, tmp_path: Path) -> None:
    wav = speech_wav_bytes(1.0)
    before = {k for k in store.list("jobs/") if k.endswith(("input.wav", "background.png"))}
    cases: list[tuple[dict[str, Any], dict[str, Any] | None, int, str]] = [
        ({"avatar_id": avatar_id}, None, 422, "speech_missing"),
        (
            {"avatar_id": avatar_id, "text": "hello there", "voice_id": "piper-joe"},
            {"audio": ("a.wav", wav)},
            422,
            "speech_conflict",
        ),
        ({"avatar_id": "av_" + "0" * 32}, {"audio": ("a.wav", wav)}, 404, "avatar_not_found"),
        ({"avatar_id": avatar_id, "text": "hello there"}, None, 422, "voice_id_required"),
        (
            {"avatar_id": avatar_id},
            {"audio": ("a.wav", b"RIFF....WAVEnot really audio" * 50)},
            422,
            "undecodable_audio",
        ),
        ({"avatar_id": avatar_id, "audio_artifact_id": "uploads/none/missing.wav"}, None, 404, "audio_not_found"),
        ({"avatar_id": avatar_id, "background": "image"}, {"audio": ("a.wav", wav)}, 422, "background_image_missing"),
        ({"avatar_id": avatar_id, "size": "100"}, {"audio": ("a.wav", wav)}, 422, "validation_error"),
        ({"avatar_id": avatar_id, "fps": "240"}, {"audio": ("a.wav", wav)}, 422, "validation_error"),
        ({"avatar_id": avatar_id, "text": "x" * 6000, "voice_id": "piper-joe"}, None, 413, "text_too_long"),
    ]
    for data, files, status, code in cases:
        response = submit(api, data, files)
        assert (response.status_code, response.json().get("code")) == (status, code), (data, response.text)
    too_long = tmp_path / "long.ogg"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "anullsrc=r=8000:cl=mono",
            "-t",
            "601",
            "-c:a",
            "libopus",
            "-b:a",
            "6k",
            str(too_long),
        ],
        check=True,
        timeout=60,
    )
    response = submit(api, {"avatar_id": avatar_id}, {"audio": ("long.ogg", too_long.read_bytes())})
    assert (response.status_code, response.json()["code"]) == (413, "audio_too_long")
    after = {k for k in store.list("jobs/") if k.endswith(("input.wav", "background.png"))}
    assert after == before  # nothing stored for a refused request


def post_stream(api: httpx.Client, body: dict[str, Any]) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    """POST the streaming render; returns (status, SSE events as {event, data}, problem body if not 200)."""
    events: list[dict[str, Any]] = []
    with api.stream("POST", "/api/v1/videos/stream", json=body, timeout=180) as response:
        if response.status_code != 200:
            response.read()
            return response.status_code, [], response.json()
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [{"event": name, "data": data} for name, data in sse_events(response)]
    return 200, events, {}


def test_stream_from_stored_audio(api: httpx.Client, avatar_id: str, store: ArtifactStore, tmp_path: Path) -> None:
    key = "uploads/video-tests/stream.wav"
    store.put_bytes(key, speech_wav_bytes(7.5, silence_after=0.5), "audio/wav")  # 8 s: two segments at 4 s
    status, events, _ = post_stream(api, {"avatar_id": avatar_id, "audio_artifact_id": key, "fps": 20, "size": 128})
    assert status == 200
    kinds = [e["event"] for e in events]
    assert kinds[-1] == "done" and kinds.count("segment") >= 2 and "error" not in kinds, events
    segments = [e["data"] for e in events if e["event"] == "segment"]
    start = 0.0
    for i, segment in enumerate(segments):
        assert segment["index"] == i and abs(segment["start_s"] - start) < 1e-3 and segment["text"] is None
        start += segment["duration_s"]
        assert_playable(download(segment["url"], tmp_path / f"s{i}.mp4"), fps=20, size=128)
    done = events[-1]["data"]
    assert done["segments"] == len(segments) and abs(done["total_s"] - 8.0) < 0.06


def test_stream_refusals_come_before_the_stream(api: httpx.Client, avatar_id: str) -> None:
    cases = [
        ({"avatar_id": avatar_id, "audio_artifact_id": "uploads/none/missing.wav"}, 404, "audio_not_found"),
        ({"avatar_id": avatar_id}, 422, "speech_missing"),
        ({"avatar_id": avatar_id, "text": "Hello.", "audio_artifact_id": "uploads/x/y.wav"}, 422, "speech_conflict"),
        ({"avatar_id": "av_" + "0" * 32, "audio_artifact_id": "uploads/x/y.wav"}, 404, "avatar_not_found"),
        ({"avatar_id": avatar_id, "audio_artifact_id": "../../secret"}, 422, "bad_artifact_id"),
    ]
    for body, status, code in cases:
        got, _, problem = post_stream(api, body)
        assert (got, problem.get("code")) == (status, code), body


def test_text_render_and_stream(api: httpx.Client, avatar_id: str, voice_id: str, tmp_path: Path) -> None:
    text = "Hello, this is a short test. It has two sentences."
    response = submit(api, {"avatar_id": avatar_id, "text": text, "voice_id": voice_id, "fps": "20", "size": "128"})
    assert response.status_code == 202, response.text
    job = wait_job(api, response.json()["job"]["id"], timeout=180)
    assert job["status"] == "succeeded", job
    names = {a["name"]: a for a in job["artifacts"]}
    assert_playable(download(names["video.mp4"]["url"], tmp_path / "t.mp4"), fps=20, size=128)

    status, events, _ = post_stream(
        api, {"avatar_id": avatar_id, "text": text, "voice_id": voice_id, "fps": 20, "size": 128}
    )
    assert status == 200
    segments = [e["data"] for e in events if e["event"] == "segment"]
    assert [s["text"] for s in segments] == ["Hello, this is a short test.", "It has two sentences."]
    assert events[-1]["event"] == "done"

    unknown = submit(api, {"avatar_id": avatar_id, "text": text, "voice_id": "no-such-voice"})
    assert (unknown.status_code, unknown.json()["code"]) == (404, "voice_not_found")
    got, _, problem = post_stream(api, {"avatar_id": avatar_id, "text": text, "voice_id": "no-such-voice"})
    assert (got, problem.get("code")) == (404, "voice_not_found")

"""The ``ernerf`` renderer through the normal video API: the avatar a tiny training registered (the session's one
training, shared with the trainer tests) renders a job with new speech into an MP4 with audio, and streams;
registration checks its input and is idempotent per training; readiness says whether ER-NeRF can run here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from scripts.devstack import Stack
from shared.storage import ArtifactStore
from tests.fixtures import speech_wav_bytes
from tests.helpers import sse_events, stack_store, wait_job
from tests.integration.ernerf_helpers import trained
from tests.integration.test_video_render import assert_playable, download

pytestmark = [pytest.mark.integration]

FAKE_TRAINING = "tr_00000000000000ff"


@pytest.fixture(scope="module")
def store(stack: Stack) -> ArtifactStore:
    return stack_store(stack)


@pytest.fixture(scope="module")
def training(api: httpx.Client, stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return trained(api, stack, tmp_path_factory.mktemp("ernerf-video"))[1]


def registration(**changes: Any) -> dict[str, Any]:
    body = {
        "name": "head",
        "training_id": FAKE_TRAINING,
        "checkpoint_key": f"trainings/{FAKE_TRAINING}/checkpoint.pt",
        "width": 128,
        "height": 128,
    }
    return {**body, **changes}


def test_registration_is_checked_and_readiness_names_the_renderer(
    api: httpx.Client, stack: Stack, store: ArtifactStore
) -> None:
    before = set(store.list("avatars/"))
    missing = api.post("/api/v1/avatars/ernerf", json=registration())
    assert missing.status_code == 404 and missing.json()["code"] == "checkpoint_not_found", missing.text
    for bad in ({"checkpoint_key": "voices/x/model.pt"}, {"checkpoint_key": "trainings/../etc.pt"}, {"width": 0}):
        refused = api.post("/api/v1/avatars/ernerf", json=registration(**bad))
        assert refused.status_code == 422 and refused.json()["code"] == "validation_error", (bad, refused.text)
    assert set(store.list("avatars/")) == before
    ready = httpx.get(f"{stack.service_url('video')}/readyz", timeout=60).json()
    assert ready["checks"]["renderer:ernerf"]["state"] == "ok", ready  # torch and the model library are here


@pytest.mark.slow
def test_ernerf_avatar_renders_new_speech(api: httpx.Client, training: dict[str, Any], tmp_path: Path) -> None:
    avatar_id = training["avatar_id"]
    again = api.post(
        "/api/v1/avatars/ernerf",
        json=registration(training_id=training["id"], checkpoint_key=training["checkpoint"]["key"], name="again"),
    )
    assert again.status_code == 201 and again.json()["id"] == avatar_id, again.text  # the same training's avatar

    wav = speech_wav_bytes(0.6)
    response = api.post(
        "/api/v1/videos/jobs",
        data={"avatar_id": avatar_id, "fps": "25", "size": "128"},
        files={"audio": ("speech.wav", wav, "audio/wav")},
    )
    assert response.status_code == 202, response.text
    assert response.json()["job"]["queue"] == "video"  # no VIDEO_GPUS here: the CPU worker renders it
    job = wait_job(api, response.json()["job"]["id"], timeout=120)
    assert job["status"] == "succeeded", job
    result = job["result"]
    assert result["renderer"] == "ernerf" and result["frames"] == 15 and result["avatar_id"] == avatar_id
    names = {a["name"]: a for a in job["artifacts"]}
    video = download(names["video.mp4"]["url"], tmp_path / "ernerf.mp4")
    streams = assert_playable(video, fps=25, size=128)
    assert abs(streams["video"]["duration"] - 0.6) < 0.06

    refused = api.post(
        "/api/v1/videos/jobs",
        data={"avatar_id": avatar_id, "background": "colour"},
        files={"audio": ("speech.wav", wav, "audio/wav")},
    )
    assert refused.status_code == 422 and refused.json()["code"] == "background_unavailable"

    key = job["inputs"]["audio_key"]  # the stored speech again, now streamed
    with api.stream(
        "POST", "/api/v1/videos/stream", json={"avatar_id": avatar_id, "audio_artifact_id": key, "size": 128}
    ) as stream:
        assert stream.status_code == 200
        events = list(sse_events(stream))
    kinds = [name for name, _ in events]
    assert kinds == ["segment", "done"], events
    segment = events[0][1]
    assert_playable(download(segment["url"], tmp_path / "segment.mp4"), fps=25, size=128)

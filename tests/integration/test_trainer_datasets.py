"""Identity datasets through the gateway: a real talking video (the astronaut animated by the portrait animator
with human speech) becomes an ER-NeRF dataset in S3; bad uploads are refused before anything is stored; a
failed quality gate keeps only the error report; cancel and delete. The test stack lowers the minimum duration
to 12 s (tests/conftest.py)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile as sf

from scripts.devstack import Stack
from shared.media import require_tool
from shared.storage import ArtifactStore
from tests.fixtures import speech_path
from tests.helpers import render_talking_video, sse_events, stack_store, wait_job

pytestmark = [pytest.mark.integration]

SECONDS = 13.0  # just over the test stack's 12 s minimum
STAGES = ["downloading", "normalise", "landmarks", "audio", "pose", "masks", "blink", "previews", "done", "storing"]


@pytest.fixture(scope="module")
def store(stack: Stack) -> ArtifactStore:
    return stack_store(stack)


@pytest.fixture(scope="module")
def talking_video(api: httpx.Client, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_talking_video(api, tmp_path_factory.mktemp("trainer") / "talking.mp4", seconds=SECONDS)


def faceless_video(path: Path, seconds: float) -> Path:
    """A test pattern with human speech: readable, long enough, no face."""
    speech, rate = sf.read(str(speech_path()), dtype="float32")
    wav = path.with_suffix(".wav")
    sf.write(wav, np.tile(speech, 3)[: int(seconds * rate)], rate)
    command = [require_tool("ffmpeg"), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"]
    command += ["-i", str(wav), "-t", str(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]
    subprocess.run([*command, "-shortest", str(path)], check=True, timeout=120)
    return path


def upload(api: httpx.Client, path: Path, filename: str | None = None, **fields: str) -> httpx.Response:
    with path.open("rb") as video:
        files = {"file": (filename or path.name, video)}
        return api.post("/api/v1/datasets", data={"name": "speaker", "preset": "tiny", **fields}, files=files)


def keys(store: ArtifactStore, dataset_id: str = "") -> set[str]:
    prefix = f"datasets/{dataset_id}/" if dataset_id else "datasets/"
    return set(store.list(prefix))


def job_events(api: httpx.Client, job_id: str) -> list[dict[str, Any]]:
    with api.stream("GET", f"/api/v1/jobs/{job_id}/events", timeout=30) as response:
        return [data for _, data in sse_events(response)]


def test_bad_uploads_are_refused_and_store_nothing(api: httpx.Client, store: ArtifactStore, tmp_path: Path) -> None:
    before = keys(store)
    text = tmp_path / "notes.mp4"
    text.write_text("not a video at all\n" * 100)
    refused = upload(api, text)
    assert refused.status_code == 422 and refused.json()["code"] == "undecodable_video", refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")

    wrong_container = upload(api, text, filename="clip.gif")
    assert wrong_container.status_code == 415 and wrong_container.json()["code"] == "unsupported_video_format"

    short = faceless_video(tmp_path / "short.mp4", 4.0)
    too_short = upload(api, short)
    assert too_short.status_code == 422, too_short.text
    body = too_short.json()
    assert body["code"] == "video_too_short" and body["limit"] == 12.0 and 3.5 < body["measured"] < 4.5

    renamed = upload(api, short, filename="short.avi")  # an mp4 is not an avi
    assert renamed.status_code == 415 and renamed.json()["code"] == "unsupported_video_format"
    unnamed = api.post("/api/v1/datasets", files={"file": ("clip.mp4", short.read_bytes())})
    assert unnamed.status_code == 422 and unnamed.json()["code"] == "validation_error"
    assert keys(store) == before


@pytest.mark.slow
def test_talking_video_becomes_an_ernerf_dataset(api: httpx.Client, store: ArtifactStore, talking_video: Path) -> None:
    response = upload(api, talking_video, language="en")
    assert response.status_code == 202, response.text
    job_id = response.json()["job"]["id"]
    job = wait_job(api, job_id, timeout=240)
    assert job["status"] == "succeeded", job
    stages = [e["stage"] for e in job_events(api, job_id) if e.get("type") == "progress" and e.get("stage")]
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == STAGES

    result = job["result"]
    dataset = api.get(f"/api/v1/datasets/{result['dataset_id']}").raise_for_status().json()
    assert dataset["status"] == "ready" and dataset["job_id"] == job_id and dataset["language"] == "en"
    assert abs(dataset["source_duration_s"] - SECONDS) < 0.5 and dataset["preset"] == "tiny"
    report = dataset["report"]
    assert report == result["report"] and report["problems"] == []
    assert report["fps"] == 25 and report["width"] == report["height"] == 128
    assert abs(report["duration_s"] - SECONDS) < 0.5
    assert report["frames_kept"] >= 0.9 * report["frames_total"] > 0
    assert report["train_frames"] + report["val_frames"] == report["frames_kept"]
    assert report["reprojection_px"]["median"] < 2.0 and report["face_height_px"]["min"] > 64
    assert report["head_pose"] is not None and report["audio_features"] == "logmel32 (aud.npy)"

    # Every file of ER-NeRF's layout, per frame where it is per frame; the upload is gone.
    prefix = f"datasets/{dataset['id']}/"
    stored = {k.removeprefix(prefix) for k in keys(store, dataset["id"])}
    n = report["frames_total"]
    for folder, ext in (("ori_imgs", "jpg"), ("ori_imgs", "lms"), ("parsing", "png"), ("gt_imgs", "jpg")):
        assert len([k for k in stored if k.startswith(f"data/{folder}/") and k.endswith(f".{ext}")]) == n, folder
    assert len([k for k in stored if k.startswith("data/torso_imgs/")]) == n
    for name in ("aud.wav", "aud.npy", "bc.jpg", "au.csv", "track_params.pt", "report.json"):
        assert f"data/{name}" in stored, name
    assert {"data/transforms_train.json", "data/transforms_val.json", "record.json"} <= stored
    assert not any(k.startswith("upload.") for k in stored) and dataset["files"] == len(stored) - 1
    train = json.loads(store.get_bytes(prefix + "data/transforms_train.json"))
    assert len(train["frames"]) == report["train_frames"] and train["cx"] == 64
    assert json.loads(store.get_bytes(prefix + "data/report.json"))["frames_kept"] == report["frames_kept"]

    previews = {p["name"]: p["url"] for p in dataset["previews"]}
    assert set(previews) == {"landmarks.jpg", "masks.jpg", "background.jpg", "pose.png", "reprojection.png"}
    for name, url in previews.items():
        image = httpx.get(url, timeout=30)
        assert image.status_code == 200 and image.content[:4] in (b"\xff\xd8\xff\xe0", b"\x89PNG"), name
    listed = api.get("/api/v1/datasets").raise_for_status().json()["items"]
    assert dataset["id"] in [d["id"] for d in listed]

    assert api.delete(f"/api/v1/datasets/{dataset['id']}").status_code == 204
    gone = api.get(f"/api/v1/datasets/{dataset['id']}")
    assert gone.status_code == 404 and gone.json()["code"] == "dataset_not_found"
    assert keys(store, dataset["id"]) == set()


@pytest.mark.slow
def test_a_failed_quality_gate_keeps_only_the_report(api: httpx.Client, store: ArtifactStore, tmp_path: Path) -> None:
    response = upload(api, faceless_video(tmp_path / "pattern.mp4", SECONDS))
    assert response.status_code == 202, response.text
    job = wait_job(api, response.json()["job"]["id"], timeout=180)
    assert job["status"] == "failed" and job["error"]["code"] == "no_face", job
    datasets = api.get("/api/v1/datasets").raise_for_status().json()["items"]
    (dataset,) = [d for d in datasets if d["job_id"] == job["id"]]
    assert dataset["status"] == "rejected" and dataset["previews"] == [] and dataset["files"] == 0
    assert [p["code"] for p in dataset["report"]["problems"]] == ["no_face"]
    prefix = f"datasets/{dataset['id']}/"
    assert keys(store, dataset["id"]) == {prefix + "record.json", prefix + "report.json"}
    assert api.delete(f"/api/v1/datasets/{dataset['id']}").status_code == 204
    assert keys(store, dataset["id"]) == set()


@pytest.mark.slow
def test_cancel_then_delete(api: httpx.Client, store: ArtifactStore, talking_video: Path) -> None:
    response = upload(api, talking_video)
    assert response.status_code == 202, response.text
    job_id = response.json()["job"]["id"]
    (dataset,) = [d for d in api.get("/api/v1/datasets").json()["items"] if d["job_id"] == job_id]
    busy = api.delete(f"/api/v1/datasets/{dataset['id']}")
    assert busy.status_code == 409 and busy.json()["code"] == "dataset_busy", busy.text

    assert api.delete(f"/api/v1/jobs/{job_id}").status_code == 200
    assert wait_job(api, job_id, timeout=60)["status"] == "cancelled"
    cancelled = api.get(f"/api/v1/datasets/{dataset['id']}").raise_for_status().json()
    assert cancelled["status"] == "cancelled" and cancelled["report"] is None
    assert keys(store, dataset["id"]) == {f"datasets/{dataset['id']}/record.json"}
    assert api.delete(f"/api/v1/datasets/{dataset['id']}").status_code == 204
    assert keys(store, dataset["id"]) == set()

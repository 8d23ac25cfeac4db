"""Shared by the ER-NeRF integration tests: one synthetic identity dataset seeded into the stack, and one tiny
training on it through the gateway, each made once per test session (cached per stack).

The dataset is the synthetic talking head (known pose, mouth and blink) run through the real preprocessing
pipeline in this process and stored exactly where and how the dataset job stores a ready dataset
(``datasets/<id>/data/...`` plus its record): the datasets API's own upload path takes a 12 s video and a
minute of preprocessing, which the trainer's dataset tests already cover.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from scripts.devstack import Stack
from services.trainer.dataset.pipeline import build_dataset
from services.trainer.dataset.synthetic import write_clip
from services.trainer.datasets import DATA_DIR, DatasetRecord, dataset_key, new_dataset_id
from services.trainer.settings import DatasetLimits
from shared.clock import utcnow
from shared.contracts.trainer import DatasetPreset, DatasetStatus
from shared.storage import ArtifactStore
from tests.helpers import stack_store, wait_job

SECONDS = 2.0
SIZE = 128  # the synthetic video; the dataset is 64 px
# 64 px frames (the smallest tiny dataset): every validation frame, preview and rendered frame costs a quarter of
# 128 px on the test machine's two cores.
LIMITS = DatasetLimits(
    dataset_min_duration_s=1.0, dataset_min_face_px=32.0, dataset_min_sharpness=500.0, dataset_size_tiny=64
)
# A training that finishes in seconds on a CPU and still crosses every stage, log, preview and checkpoint.
TINY_TRAINING: dict[str, Any] = {
    "preset": "tiny",
    "stages": ["head", "lips", "torso"],
    "iterations": {"head": 10, "lips": 5, "torso": 5},
    "log_every": 5,
    "validate_every": 5,
    "preview_every": 5,
    "checkpoint_every": 5,
}
_cache: dict[tuple[int, str], Any] = {}


def seed_dataset(stack: Stack, root: Path) -> str:
    """The synthetic head preprocessed into a ready dataset in the stack's S3; returns its id."""
    key = (id(stack), "dataset")
    if key in _cache:
        return str(_cache[key])
    clip = write_clip(root / "clip.mp4", seconds=SECONDS, size=SIZE)
    report = build_dataset(clip.video, root / "dataset", preset=DatasetPreset.tiny, limits=LIMITS)
    store = stack_store(stack)
    dataset_id = new_dataset_id()
    files = sorted(p for p in (root / "dataset").rglob("*") if p.is_file())

    def put(path: Path) -> None:
        parts = path.relative_to(root / "dataset").parts
        store.put_file(dataset_key(dataset_id, DATA_DIR, *parts), path, "application/octet-stream")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(put, files))
    now = utcnow()
    record = DatasetRecord(
        id=dataset_id,
        name="synthetic head",
        preset=DatasetPreset.tiny,
        status=DatasetStatus.ready,
        job_id="job_" + "0" * 32,
        created_at=now,
        updated_at=now,
        source_duration_s=SECONDS,
        files=len(files),
        report=report,
    )
    store.put_bytes(dataset_key(dataset_id, "record.json"), record.model_dump_json().encode(), "application/json")
    _cache[key] = dataset_id
    return dataset_id


def start_training(api: httpx.Client, dataset_id: str, **body: Any) -> dict[str, Any]:
    response = api.post("/api/v1/trainings", json={"dataset_id": dataset_id, **TINY_TRAINING, **body})
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()["job"]
    return job


def training_of(api: httpx.Client, job: dict[str, Any]) -> dict[str, Any]:
    training: dict[str, Any] = api.get(f"/api/v1/trainings/{job['inputs']['training_id']}").raise_for_status().json()
    return training


def wait_training(api: httpx.Client, job: dict[str, Any], until: Any, timeout: float = 120) -> dict[str, Any]:
    """Poll the training until ``until(training)`` holds."""
    deadline = time.monotonic() + timeout
    training = training_of(api, job)
    while not until(training):
        assert time.monotonic() < deadline, f"training never reached the state wanted: {training}"
        assert training["status"] not in ("failed", "cancelled"), training
        time.sleep(0.2)
        training = training_of(api, job)
    return training


def trained(api: httpx.Client, stack: Stack, root: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(job, training) of the session's one finished tiny training, whose avatar the video tests render."""
    key = (id(stack), "training")
    if key not in _cache:
        job = start_training(api, seed_dataset(stack, root), name="synthetic ernerf")
        finished = wait_job(api, job["id"], timeout=240)
        assert finished["status"] == "succeeded", finished
        _cache[key] = (finished, training_of(api, job))
    result: tuple[dict[str, Any], dict[str, Any]] = _cache[key]
    return result


def artifact_store(stack: Stack) -> ArtifactStore:
    return stack_store(stack)

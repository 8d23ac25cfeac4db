"""ER-NeRF trainings through the gateway on the synthetic head dataset: requests checked before anything is
stored; a tiny three-stage training with live metrics events, previews and checkpoints in S3 and an ``ernerf``
avatar at the end; a job redelivered after its worker is SIGKILLed resumes from the last checkpoint, and a
cancel stops it keeping that checkpoint, from which ``POST /api/v1/trainings/{id}/resume`` continues it.
Iterations are tiny: the point is the plumbing, not the picture (the model library's own tests judge the model)."""

from __future__ import annotations

import signal
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from scripts.devstack import Stack
from shared.contracts.trainer import TrainingMetrics
from shared.storage import ArtifactStore
from tests.helpers import read_sse, stack_store, wait_job
from tests.integration.ernerf_helpers import seed_dataset, start_training, trained, training_of, wait_training

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def store(stack: Stack) -> ArtifactStore:
    return stack_store(stack)


@pytest.fixture(scope="module")
def dataset_id(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> str:
    return seed_dataset(stack, tmp_path_factory.mktemp("ernerf-dataset"))


def test_training_requests_are_checked(api: httpx.Client, store: ArtifactStore, dataset_id: str) -> None:
    before = set(store.list("trainings/"))
    unknown = api.post("/api/v1/trainings", json={"dataset_id": "ds_0123456789abcdef", "preset": "tiny"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "dataset_not_found", unknown.text
    no_gpu = api.post("/api/v1/trainings", json={"dataset_id": dataset_id, "preset": "tiny", "gpu": 7})
    assert no_gpu.status_code == 422 and no_gpu.json()["code"] == "gpu_not_available", no_gpu.text
    too_long = api.post(
        "/api/v1/trainings", json={"dataset_id": dataset_id, "preset": "tiny", "iterations": {"head": 10**7}}
    )
    assert too_long.status_code == 422 and too_long.json()["code"] == "too_many_iterations", too_long.text
    assert too_long.json()["limit"] == 500_000
    bad_bodies: list[dict[str, Any]] = [{"stages": []}, {"stages": ["hair"]}, {"preset": "huge"}, {"seed": -1}]
    for bad in bad_bodies:
        refused = api.post("/api/v1/trainings", json={"dataset_id": dataset_id, **bad})
        assert refused.status_code == 422 and refused.json()["code"] == "validation_error", (bad, refused.text)
    assert set(store.list("trainings/")) == before
    missing = api.get("/api/v1/trainings/tr_0123456789abcdef")
    assert missing.status_code == 404 and missing.json()["code"] == "training_not_found"


def test_cpu_training_says_how_slow_it_will_be(api: httpx.Client, dataset_id: str) -> None:
    job = start_training(api, dataset_id, stages=["head"], iterations={"head": 100_000}, log_every=1)
    assert job["queue"] == "trainer" and job["inputs"]["device"] == "cpu"
    # The estimate comes from TRAINER_TRAINING_CPU_S_PER_IT_TINY (0.06 s): 6,000 s, past the 1,800 s warning.
    assert job["inputs"]["estimate_s"] == 6_000.0
    assert job["inputs"]["warning"] == (
        "Training on a CPU: expect about 1.7 h for 100,000 iterations of the tiny preset (about 17 min on one GPU)."
    )
    assert api.delete(f"/api/v1/jobs/{job['id']}").status_code == 200
    assert wait_job(api, job["id"], timeout=60)["status"] == "cancelled"
    training = training_of(api, job)
    assert training["status"] == "cancelled" and training["iterations"] == {"head": 100_000}
    assert training["device"] == "cpu" and training["warning"] == job["inputs"]["warning"]
    assert api.delete(f"/api/v1/trainings/{training['id']}").status_code == 204
    assert api.get(f"/api/v1/trainings/{training['id']}").status_code == 404


def test_tiny_training_reports_progress_and_registers_an_avatar(
    api: httpx.Client, stack: Stack, store: ArtifactStore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    job, training = trained(api, stack, tmp_path_factory.mktemp("ernerf-train"))
    events = read_sse(api, f"/api/v1/jobs/{job['id']}/events", timeout=30)
    metrics = [e["data"] for e in events if e["event"] == "metrics"]
    stages = [m["stage"] for m in metrics]
    assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == ["head", "lips", "torso"]
    steps = [m["data"]["step"] for m in metrics]
    assert steps == sorted(steps) and steps[-1] == 20 and all(m["data"]["total_steps"] == 20 for m in metrics)
    for m in metrics:
        assert m["data"]["loss"] > 0 and m["data"]["it_per_s"] > 0 and m["data"]["eta_s"] is not None
    assert any(m["data"]["psnr"] for m in metrics) and any(m["data"]["preview"] for m in metrics)
    assert sum(1 for m in metrics if m["data"]["checkpoint"]) == 4  # head 5 and 10, lips 5, torso 5

    assert training["status"] == "succeeded" and training["step"] == training["total_steps"] == 20
    assert training["progress"] == 1.0 and training["eta_s"] == 0.0 and training["attempts"] == 1
    assert [p["step"] for p in training["history"]] == steps
    assert training["psnr"] is not None and training["resumed_from"] is None
    prefix = f"trainings/{training['id']}/"
    keys = set(store.list(prefix))
    assert training["checkpoint"]["key"] == prefix + "checkpoint.pt" and prefix + "checkpoint.pt" in keys
    assert training["checkpoint"]["stage"] == "torso" and training["checkpoint"]["step"] == 20
    assert training["previews"] and {p["key"] for p in training["previews"]} <= keys
    png = httpx.get(training["previews"][-1]["url"], timeout=30)
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    assert job["result"]["avatar_id"] == training["avatar_id"] and job["result"]["steps"] == 20

    avatars = api.get("/api/v1/avatars").raise_for_status().json()["items"]
    (avatar,) = [a for a in avatars if a["id"] == training["avatar_id"]]
    assert avatar["kind"] == "ernerf" and avatar["training_id"] == training["id"]
    assert avatar["name"] == "synthetic ernerf" and avatar["has_matte"] is False
    thumb = httpx.get(avatar["thumbnail_url"], timeout=30)
    assert thumb.status_code == 200 and thumb.content[:3] == b"\xff\xd8\xff"
    listed = api.get("/api/v1/trainings", params={"dataset_id": training["dataset_id"]}).json()["items"]
    assert training["id"] in [t["id"] for t in listed]


def _status_messages(events: list[dict[str, Any]]) -> list[str]:
    return [e["data"].get("message") or "" for e in events if e["event"] == "status"]


def test_redelivered_training_resumes_and_cancel_keeps_the_checkpoint(
    api: httpx.Client, stack: Stack, store: ArtifactStore, dataset_id: str
) -> None:
    job = start_training(
        api, dataset_id, stages=["head"], iterations={"head": 5000}, checkpoint_every=5, preview_every=1000
    )
    first = wait_training(api, job, lambda t: t["checkpoint"] is not None and t["checkpoint"]["step"] >= 5)
    stack.stop_proc("trainer-worker", sig=signal.SIGKILL)  # dies holding the unacked message
    stack.start_worker("trainer")

    def resumed_past_checkpoint(t: dict[str, Any]) -> bool:
        return t["attempts"] >= 2 and t["resumed_from"] is not None and t["step"] > t["resumed_from"]["step"]

    resumed = wait_training(api, job, resumed_past_checkpoint)
    assert resumed["resumed_from"]["step"] >= first["checkpoint"]["step"] >= 5
    assert resumed["status"] == "training"
    logged = [p["step"] for p in resumed["history"]]
    assert logged == sorted(set(logged))  # what attempt 1 logged past its checkpoint is not shown twice
    busy = api.delete(f"/api/v1/datasets/{dataset_id}")
    assert busy.status_code == 409 and busy.json()["code"] == "dataset_busy", busy.text

    assert api.delete(f"/api/v1/jobs/{job['id']}").status_code == 200
    cancelled_job = wait_job(api, job["id"], timeout=60)
    assert cancelled_job["status"] == "cancelled" and cancelled_job["attempts"] == 2
    training = training_of(api, job)
    assert training["status"] == "cancelled" and training["avatar_id"] is None
    assert training["checkpoint"]["step"] >= resumed["step"] > resumed["resumed_from"]["step"]
    assert training["checkpoint"]["key"] in set(store.list(f"trainings/{training['id']}/"))

    # Attempt 2 picked up after the checkpoint: its first logged step is past it, not back at the start.
    events = read_sse(api, f"/api/v1/jobs/{job['id']}/events", timeout=30)
    restart = next(i for i, e in enumerate(events) if "attempt 2" in (e["data"].get("message") or ""))
    after = [e["data"]["data"]["step"] for e in events[restart:] if e["event"] == "metrics"]
    assert after and after[0] > resumed["resumed_from"]["step"]
    assert any("resuming from the checkpoint" in (e["data"].get("message") or "") for e in events[restart:])
    assert "cancel requested" in _status_messages(events)


def test_cancelled_training_resumes_from_its_checkpoint(
    api: httpx.Client, store: ArtifactStore, dataset_id: str
) -> None:
    job = start_training(
        api,
        dataset_id,
        name="resumed ernerf",
        stages=["head"],
        iterations={"head": 120},
        checkpoint_every=20,
        validate_every=1000,
        preview_every=1000,
    )
    wait_training(api, job, lambda t: t["checkpoint"] is not None and t["checkpoint"]["step"] >= 20)
    assert api.delete(f"/api/v1/jobs/{job['id']}").status_code == 200
    assert wait_job(api, job["id"], timeout=60)["status"] == "cancelled"
    stopped = training_of(api, job)
    assert stopped["status"] == "cancelled" and 20 <= stopped["checkpoint"]["step"] < 120, stopped
    training_id, checkpoint_key = stopped["id"], stopped["checkpoint"]["key"]
    resume = f"/api/v1/trainings/{training_id}/resume"

    # The checkpoint gone from S3: refused, and the training is left as it was.
    saved = store.get_bytes(checkpoint_key)
    store.delete(checkpoint_key)
    no_checkpoint = api.post(resume)
    store.put_bytes(checkpoint_key, saved, "application/octet-stream")
    assert no_checkpoint.status_code == 409 and no_checkpoint.json()["code"] == "training_not_resumable"
    assert training_of(api, job) == stopped

    with ThreadPoolExecutor(2) as pool:  # two resumes at once: one job, never two
        answers = sorted(pool.map(lambda _: api.post(resume), range(2)), key=lambda r: r.status_code)
    accepted, second = answers
    assert accepted.status_code == 202, accepted.text
    assert second.status_code == 409 and second.json()["code"] == "training_not_resumable", second.text
    resumed_job = accepted.json()["job"]
    assert resumed_job["id"] != job["id"] and resumed_job["kind"] == "trainer.training"
    assert resumed_job["queue"] == "trainer" and resumed_job["inputs"]["training_id"] == training_id
    queued = training_of(api, resumed_job)
    assert queued["job_id"] == resumed_job["id"] and queued["resumes"] == 1 and queued["error"] is None
    running = api.post(resume)  # queued or training: refused, nothing changes
    assert running.status_code == 409 and running.json()["code"] == "training_not_resumable", running.text
    assert running.json()["training_status"] in ("queued", "training")
    assert training_of(api, resumed_job)["job_id"] == resumed_job["id"]

    finished = wait_job(api, resumed_job["id"], timeout=120)
    assert finished["status"] == "succeeded", finished
    done = training_of(api, resumed_job)
    assert done["status"] == "succeeded" and done["step"] == done["total_steps"] == 120 and done["resumes"] == 1
    assert done["resumed_from"] == stopped["checkpoint"] and finished["result"]["avatar_id"] == done["avatar_id"]
    events = read_sse(api, f"/api/v1/jobs/{resumed_job['id']}/events", timeout=30)
    metrics = [TrainingMetrics.model_validate(e["data"]["data"]) for e in events if e["event"] == "metrics"]
    # The new job went on from the checkpoint's step, not from zero.
    assert metrics and metrics[0].step > stopped["checkpoint"]["step"] and metrics[-1].step == 120
    avatars = api.get("/api/v1/avatars").raise_for_status().json()["items"]
    assert [a["training_id"] for a in avatars if a["id"] == done["avatar_id"]] == [training_id]

    succeeded = api.post(resume)
    assert succeeded.status_code == 409 and succeeded.json()["code"] == "training_not_resumable"
    assert training_of(api, resumed_job)["job_id"] == resumed_job["id"]
    unknown = api.post("/api/v1/trainings/tr_0123456789abcdef/resume")
    assert unknown.status_code == 404 and unknown.json()["code"] == "training_not_found"

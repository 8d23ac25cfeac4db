"""ER-NeRF trainings in S3 (source of truth) with a Redis hash as the listing index, like datasets.

Layout per training, under keys we mint:

- ``trainings/<id>/record.json`` — the :class:`TrainingRecord` (status, loss/PSNR history, previews, checkpoint);
- ``trainings/<id>/checkpoint.pt`` — the last checkpoint (overwritten as training goes on; a redelivered job
  resumes from it, a cancel keeps it; the final one is what the ``ernerf`` avatar is made of);
- ``trainings/<id>/previews/<stage>-<iteration>.png`` — validation frames rendered during training.

The record is written to Redis at every logged step (the API reads it there) and to S3 whenever a checkpoint, a
preview or the status changes, so a rebuilt index is at most one checkpoint interval behind.
"""

from __future__ import annotations

import re
import secrets

import redis

from services.trainer.settings import TrainingLimits
from shared.contracts.trainer import (
    Training,
    TrainingCheckpoint,
    TrainingPoint,
    TrainingPreset,
    TrainingPreview,
    TrainingStage,
    TrainingStatus,
)
from shared.record_store import RecordStore, StoredRecord
from shared.storage import ArtifactStore, make_key

TRAINING_ID = re.compile(r"^tr_[0-9a-f]{16}$")
CHECKPOINT_NAME = "checkpoint.pt"
STAGE_ORDER = tuple(TrainingStage)
# ER-NeRF's schedules (tiny: a few hundred CPU iterations; standard: the paper's 100k head + 25k lips + 200k
# torso). Used when the model library's preset does not say (``ernerf.PRESETS[name].iterations``).
DEFAULT_ITERATIONS: dict[TrainingPreset, dict[TrainingStage, int]] = {
    TrainingPreset.tiny: {TrainingStage.head: 300, TrainingStage.lips: 50, TrainingStage.torso: 100},
    TrainingPreset.standard: {TrainingStage.head: 100_000, TrainingStage.lips: 25_000, TrainingStage.torso: 200_000},
}


def new_training_id() -> str:
    return f"tr_{secrets.token_hex(8)}"


def training_key(training_id: str, *path: str) -> str:
    return make_key("trainings", training_id, *path)


def preset_iterations(preset: TrainingPreset) -> dict[TrainingStage, int]:
    """The preset's default iterations per stage: the model library's, else ER-NeRF's published schedule."""
    try:
        from ernerf import PRESETS

        known = getattr(PRESETS[preset.value], "iterations", None)
    except (ImportError, KeyError):  # the API runs without the model library installed too
        known = None
    if isinstance(known, dict) and known:
        return {TrainingStage(stage): int(n) for stage, n in known.items()}
    return dict(DEFAULT_ITERATIONS[preset])


def estimate_seconds(preset: TrainingPreset, total_steps: int, on_gpu: bool, limits: TrainingLimits) -> float:
    name = f"training_{'gpu' if on_gpu else 'cpu'}_s_per_it_{preset.value}"
    per_it: float = getattr(limits, name)
    return round(total_steps * per_it, 1)


def describe_duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class TrainingRecord(StoredRecord):
    """Everything stored about one training; :meth:`public` is what clients see."""

    name: str
    dataset_id: str
    preset: TrainingPreset
    stages: list[TrainingStage]
    iterations: dict[TrainingStage, int]
    seed: int
    gpu: int | None = None
    device: str
    default_voice_id: str | None = None
    intervals: dict[str, int] = {}
    status: TrainingStatus = TrainingStatus.queued
    job_id: str
    stage: TrainingStage | None = None
    step: int = 0
    loss: float | None = None
    psnr: float | None = None
    it_per_s: float | None = None
    eta_s: float | None = None
    estimate_s: float
    warning: str | None = None
    history: list[TrainingPoint] = []
    previews: list[tuple[TrainingStage, int, str]] = []  # (stage, iteration, key)
    checkpoint: TrainingCheckpoint | None = None
    resumed_from: TrainingCheckpoint | None = None
    attempts: int = 0
    resumes: int = 0
    final_psnr: float | None = None
    avatar_id: str | None = None
    error: str | None = None

    @property
    def active(self) -> bool:
        return self.status in (TrainingStatus.queued, TrainingStatus.training)

    @property
    def total_steps(self) -> int:
        return sum(self.iterations[stage] for stage in self.stages)

    def steps_before(self, stage: TrainingStage) -> int:
        """Iterations of the stages that run before ``stage``."""
        return sum(self.iterations[s] for s in self.stages if STAGE_ORDER.index(s) < STAGE_ORDER.index(stage))

    def position(self, stage: TrainingStage, iteration: int) -> int:
        """The step (over all stages) of ``iteration`` of ``stage``."""
        return self.steps_before(stage) + iteration

    def add_point(self, point: TrainingPoint, keep: int) -> None:
        """Append a logged step; past ``keep`` points every other old one goes (the chart keeps its shape)."""
        self.history.append(point)
        if len(self.history) > keep:
            head, tail = self.history[: keep // 2], self.history[keep // 2 :]
            self.history = head[::2] + tail

    def public(self, storage: ArtifactStore) -> Training:
        total = self.total_steps
        previews = [
            TrainingPreview(
                stage=stage, iteration=iteration, key=key, url=storage.presigned_url(key, key.rsplit("/", 1)[-1])
            )
            for stage, iteration, key in self.previews
        ]
        return Training(
            **self.model_dump(exclude={"previews", "intervals", "default_voice_id"}),
            total_steps=total,
            progress=min(1.0, self.step / total) if total else 0.0,
            previews=previews,
        )


class TrainingStore(RecordStore[TrainingRecord]):
    model = TrainingRecord
    root = "trainings"
    id_pattern = TRAINING_ID
    noun = "training"
    not_found_code = "training_not_found"

    def __init__(self, storage: ArtifactStore, client: redis.Redis, key_prefix: str = "tf") -> None:
        super().__init__(storage, client, key_prefix, "trainer:trainings")

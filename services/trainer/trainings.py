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
from datetime import datetime

import redis
from pydantic import BaseModel

from services.trainer.settings import TrainingLimits
from shared.clock import utcnow
from shared.contracts.trainer import (
    Training,
    TrainingCheckpoint,
    TrainingPoint,
    TrainingPreset,
    TrainingPreview,
    TrainingStage,
    TrainingStatus,
)
from shared.errors import NotFound
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


class TrainingRecord(BaseModel):
    """Everything stored about one training; :meth:`public` is what clients see."""

    id: str
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
    created_at: datetime
    updated_at: datetime
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


class TrainingStore:
    """Synchronous (minio and redis-py are blocking): API code calls it through ``clients.call``."""

    def __init__(self, storage: ArtifactStore, client: redis.Redis, key_prefix: str = "tf") -> None:
        self.storage = storage
        self.redis = client
        self.index_key = f"{key_prefix}:trainer:trainings"
        self.index_built_key = f"{key_prefix}:trainer:trainings:built"

    def get(self, training_id: str) -> TrainingRecord:
        if not TRAINING_ID.match(training_id):
            raise NotFound(f"No training {training_id!r}.", code="training_not_found")
        raw = self.redis.hget(self.index_key, training_id)
        if raw:
            return TrainingRecord.model_validate_json(raw)
        try:
            data = self.storage.get_bytes(training_key(training_id, "record.json"))
        except NotFound:
            raise NotFound(f"No training {training_id!r}.", code="training_not_found") from None
        record = TrainingRecord.model_validate_json(data)
        self.redis.hset(self.index_key, record.id, record.model_dump_json())
        return record

    def all(self) -> list[TrainingRecord]:
        if self.redis.exists(self.index_built_key):
            items = [TrainingRecord.model_validate_json(v) for v in self.redis.hvals(self.index_key)]
        else:
            items = self.rebuild_index()
        return sorted(items, key=lambda r: r.created_at, reverse=True)

    def rebuild_index(self) -> list[TrainingRecord]:
        """Read every record from S3 (the source of truth) and refill the Redis index."""
        items = []
        for key in self.storage.list("trainings/"):
            if key.endswith("/record.json") and key.count("/") == 2:
                try:
                    items.append(TrainingRecord.model_validate_json(self.storage.get_bytes(key)))
                except NotFound:  # deleted meanwhile
                    continue
        pipe = self.redis.pipeline()
        pipe.delete(self.index_key)
        for record in items:
            pipe.hset(self.index_key, record.id, record.model_dump_json())
        pipe.set(self.index_built_key, "1")
        pipe.execute()
        return items

    def save(self, record: TrainingRecord, *, durable: bool = True) -> TrainingRecord:
        """Write the record to the index, and to S3 when ``durable`` (status, checkpoint and preview changes)."""
        record.updated_at = utcnow()
        data = record.model_dump_json().encode()
        if durable:
            self.storage.put_bytes(training_key(record.id, "record.json"), data, "application/json")
        self.redis.hset(self.index_key, record.id, data)
        return record

    def delete(self, training_id: str) -> None:
        """Every object under ``trainings/<id>/`` and the index entry (a registered avatar keeps its copy)."""
        self.storage.delete_prefix(training_key(training_id) + "/")
        self.redis.hdel(self.index_key, training_id)

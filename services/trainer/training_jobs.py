"""The ``trainer.training`` job (worker side): the dataset from S3 -> :class:`ernerf.TrainingRun` (every logged
step a ``metrics`` event on the job's stream and a point in the record; previews and checkpoints to S3 as they
are written) -> the final checkpoint -> an ``ernerf`` avatar registered with the video service over HTTP.

Crash safety: the last checkpoint is always in S3 (``trainings/<id>/checkpoint.pt``) with its position in the
record, so a job redelivered after its worker died resumes there instead of from zero. A cancel is seen at the
next log interval; the run writes a checkpoint and stops, and that checkpoint is kept.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from services.trainer.datasets import DatasetStore, data_prefix
from services.trainer.settings import TrainerSettings
from services.trainer.trainings import CHECKPOINT_NAME, TrainingRecord, TrainingStore, training_key
from shared.clients import VideoClient, upstream_http
from shared.contracts.common import Artifact
from shared.contracts.trainer import (
    TrainingCheckpoint,
    TrainingMetrics,
    TrainingPoint,
    TrainingPreset,
    TrainingResult,
    TrainingStage,
    TrainingStatus,
)
from shared.contracts.video import ErnerfAvatarCreate
from shared.errors import JobCancelled, NotImplementedYet, ProblemError
from shared.jobs import JobContext, JobOutcome

if TYPE_CHECKING:
    import ernerf

log = logging.getLogger(__name__)

DOWNLOAD_THREADS = 8  # thousands of small frames: S3 round trips, not bandwidth, bound the download
SKIPPED_DATA = ("previews/",)  # QA images of the dataset: training never reads them
# The standard preset runs for hours: log, validate, preview and checkpoint less often than the model library's
# defaults (which suit the tiny preset's few hundred iterations).
STANDARD_INTERVALS = {"log_every": 50, "validate_every": 500, "preview_every": 2000, "checkpoint_every": 5000}
REGISTER_ATTEMPTS = 3
INSTALL_HINT = "install the trainer's requirements (pip install -e '.[trainer]', which brings torch)"


def training_store(ctx: JobContext) -> TrainingStore:
    settings: TrainerSettings = ctx.rt.settings  # type: ignore[assignment]
    return TrainingStore(ctx.storage, ctx.rt.jobs.redis, settings.key_prefix)


def load_model_library() -> Any:
    try:
        import ernerf
    except ImportError as exc:
        raise NotImplementedYet(
            f"ER-NeRF training is not available on this worker ({exc}); {INSTALL_HINT}.",
            code="training_not_available",
        ) from exc
    return ernerf


def worker_device(record: TrainingRecord) -> str:
    """``cpu``, or the CUDA device of the training's GPU as this process sees it: a worker started with
    ``CUDA_VISIBLE_DEVICES=N`` sees that one GPU as ``cuda:0``."""
    if record.gpu is None:
        return "cpu"
    return "cuda:0" if os.environ.get("CUDA_VISIBLE_DEVICES", "").strip().isdigit() else f"cuda:{record.gpu}"


def download_dataset(ctx: JobContext, dataset_id: str, root: Path) -> Path:
    prefix = data_prefix(dataset_id)
    keys = [k for k in ctx.storage.list(prefix) if not k.removeprefix(prefix).startswith(SKIPPED_DATA)]

    def get(key: str) -> None:
        target = root / key.removeprefix(prefix)
        target.parent.mkdir(parents=True, exist_ok=True)
        ctx.storage.download(key, target)

    with ThreadPoolExecutor(DOWNLOAD_THREADS) as pool:
        list(pool.map(get, keys))
    return root


def train_config(lib: Any, record: TrainingRecord, cpu_threads: int) -> ernerf.TrainConfig:
    intervals = dict(STANDARD_INTERVALS) if record.preset == TrainingPreset.standard else {}
    intervals.update(record.intervals)
    device = worker_device(record)
    config: ernerf.TrainConfig = lib.TrainConfig(
        preset=record.preset.value,
        stages=tuple(stage.value for stage in record.stages),
        iterations={stage.value: count for stage, count in record.iterations.items()},
        seed=record.seed,
        device=device,
        threads=cpu_threads if device == "cpu" else None,
        **intervals,
    )
    return config


class Progress:
    """Turns the run's events into the record, S3 objects, job progress and ``metrics`` events."""

    def __init__(self, ctx: JobContext, store: TrainingStore, record: TrainingRecord, keep: int) -> None:
        self.ctx, self.store, self.record, self.keep = ctx, store, record, keep
        self.last_stage: str | None = None

    def __call__(self, event: ernerf.ProgressEvent) -> None:
        record, ctx = self.record, self.ctx
        stage = TrainingStage(str(event.stage))
        step = record.position(stage, event.iteration)
        total = record.total_steps
        point = TrainingPoint(
            stage=stage,
            iteration=event.iteration,
            step=step,
            loss=round(float(event.loss), 6),
            psnr=None if event.psnr is None else round(float(event.psnr), 3),
            it_per_s=round(float(event.it_per_s), 3),
        )
        record.add_point(point, self.keep)
        record.stage, record.step, record.loss = stage, step, point.loss
        record.psnr = point.psnr if point.psnr is not None else record.psnr
        record.it_per_s = point.it_per_s
        record.eta_s = round((total - step) / event.it_per_s, 1) if event.it_per_s > 0 else event.eta_s
        durable = False
        if event.preview_png:
            key = training_key(record.id, "previews", f"{stage.value}-{event.iteration:06d}.png")
            ctx.storage.put_bytes(key, event.preview_png, "image/png")
            record.previews.append((stage, event.iteration, key))
            durable = True
        if event.checkpoint is not None:
            key = training_key(record.id, CHECKPOINT_NAME)
            ctx.storage.put_file(key, Path(event.checkpoint), "application/octet-stream")
            record.checkpoint = TrainingCheckpoint(key=key, stage=stage, iteration=event.iteration, step=step)
            durable = True
        self.store.save(record, durable=durable)
        label = stage.value if stage.value != self.last_stage else None
        self.last_stage = stage.value
        ctx.progress(step / total if total else 0.0, label)
        metrics = TrainingMetrics(
            **point.model_dump(),
            total_steps=total,
            eta_s=record.eta_s,
            preview=record.previews[-1][2] if event.preview_png else None,
            checkpoint=record.checkpoint.key if event.checkpoint is not None and record.checkpoint else None,
        )
        data = metrics.model_dump(mode="json")
        ctx.rt.jobs.add_event(ctx.job.id, "metrics", stage=stage.value, progress=round(step / total, 4), data=data)


def register_avatar(settings: TrainerSettings, body: ErnerfAvatarCreate) -> str:
    """Register the avatar with the video service (one client per call: the worker thread has no event loop);
    a retryable failure (the video service restarting) is tried again a few times."""

    async def call() -> str:
        async with upstream_http() as http:
            client = VideoClient(http, settings.video_base_url, settings.video_timeout_s)
            for attempt in range(1, REGISTER_ATTEMPTS + 1):
                try:
                    return (await client.register_ernerf_avatar(body)).id
                except ProblemError as exc:
                    if not exc.retryable or attempt == REGISTER_ATTEMPTS:
                        raise
                    log.warning("registering the avatar failed (%s); trying again", exc.detail)
                    await asyncio.sleep(2.0 * attempt)
            raise AssertionError("unreachable")

    return asyncio.run(call())


def run_training(ctx: JobContext) -> JobOutcome:
    settings: TrainerSettings = ctx.rt.settings  # type: ignore[assignment]
    store = training_store(ctx)
    record = store.get(ctx.inputs["training_id"])
    if record.status == TrainingStatus.succeeded and record.avatar_id and record.checkpoint:
        return _outcome(record, [])  # finished before a worker died: nothing to redo
    lib = load_model_library()
    record.status, record.error, record.attempts = TrainingStatus.training, None, ctx.job.attempts
    store.save(record)
    try:
        return _train(ctx, settings, store, record, lib)
    except JobCancelled:
        record.status = TrainingStatus.cancelled
        store.save(record)
        raise
    except Exception as exc:
        record.status = TrainingStatus.failed
        record.error = getattr(exc, "detail", None) or str(exc) or type(exc).__name__
        store.save(record)
        raise


def _train(
    ctx: JobContext, settings: TrainerSettings, store: TrainingStore, record: TrainingRecord, lib: Any
) -> JobOutcome:
    ctx.progress(0.0, "downloading dataset")
    dataset_dir = download_dataset(ctx, record.dataset_id, ctx.workdir / "dataset")
    ctx.check_cancelled()
    resume_from = None
    if record.checkpoint is not None and ctx.storage.exists(record.checkpoint.key):
        resume_from = ctx.storage.download(record.checkpoint.key, ctx.workdir / "resume.pt")
        record.resumed_from = saved = record.checkpoint
        # What the dead attempt logged past its last checkpoint is done again: the chart shows it once.
        record.history = [point for point in record.history if point.step <= saved.step]
        record.previews = [p for p in record.previews if record.position(p[0], p[1]) <= saved.step]
        store.save(record)
        ctx.log(
            f"resuming from the checkpoint at {record.checkpoint.stage.value} iteration "
            f"{record.checkpoint.iteration} (step {record.checkpoint.step} of {record.total_steps})"
        )
    run = lib.TrainingRun(
        dataset_dir,
        train_config(lib, record, settings.training_cpu_threads),
        ctx.workdir / "run",
        resume_from=resume_from,
    )
    progress = Progress(ctx, store, record, settings.training_history_points)
    started = time.monotonic()
    result = run.run(progress, lambda: ctx.rt.jobs.cancel_requested(ctx.job.id))
    log.info("training %s ran %.1f s (stopped=%s)", record.id, time.monotonic() - started, result.stopped)

    checkpoint_key = training_key(record.id, CHECKPOINT_NAME)
    final_step = record.step if result.stopped else record.total_steps
    if record.checkpoint is None or record.checkpoint.step != final_step:  # else its event stored it already
        ctx.storage.put_file(checkpoint_key, Path(result.checkpoint), "application/octet-stream")
    stored = ctx.storage.stat(checkpoint_key)
    checkpoint = Artifact(
        id=checkpoint_key,
        name=CHECKPOINT_NAME,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256 or "",
    )
    stage = record.stage or record.stages[0]
    iteration = max(0, record.step - record.steps_before(stage))
    if result.stopped:  # the run wrote a checkpoint where it stopped: that is the one kept
        record.checkpoint = TrainingCheckpoint(key=checkpoint_key, stage=stage, iteration=iteration, step=record.step)
        store.save(record)
        raise JobCancelled(ctx.job.id)

    last = record.stages[-1]
    record.stage, record.step = last, record.total_steps
    record.checkpoint = TrainingCheckpoint(
        key=checkpoint_key, stage=last, iteration=record.iterations[last], step=record.total_steps
    )
    record.final_psnr = None if result.final_psnr is None else round(float(result.final_psnr), 3)
    record.eta_s = 0.0
    store.save(record)

    ctx.progress(0.99, "registering avatar", force=True)
    record.avatar_id = register_avatar(settings, avatar_request(ctx, record, checkpoint_key))
    record.status = TrainingStatus.succeeded
    store.save(record)
    return _outcome(record, [checkpoint])


def avatar_request(ctx: JobContext, record: TrainingRecord, checkpoint_key: str) -> ErnerfAvatarCreate:
    settings: TrainerSettings = ctx.rt.settings  # type: ignore[assignment]
    dataset = DatasetStore(ctx.storage, ctx.rt.jobs.redis, settings.key_prefix).get(record.dataset_id)
    report = dataset.report
    side = settings.dataset_size_tiny if dataset.preset.value == "tiny" else settings.dataset_size_standard
    return ErnerfAvatarCreate(
        name=record.name,
        training_id=record.id,
        checkpoint_key=checkpoint_key,
        preview_key=record.previews[-1][2] if record.previews else None,
        width=(report.width if report and report.width else side),
        height=(report.height if report and report.height else side),
        default_voice_id=record.default_voice_id,
    )


def _outcome(record: TrainingRecord, artifacts: list[Artifact]) -> JobOutcome:
    assert record.checkpoint is not None and record.avatar_id is not None
    result = TrainingResult(
        training_id=record.id,
        avatar_id=record.avatar_id,
        checkpoint_key=record.checkpoint.key,
        final_psnr=record.final_psnr,
        steps=record.step,
    )
    return JobOutcome(result=result.model_dump(mode="json"), artifacts=artifacts)

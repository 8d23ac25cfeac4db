"""The ``trainer.dataset`` job (worker side): the stored upload -> :func:`build_dataset` (stages reported as job
progress, cancel polled inside every step) -> the dataset directory file for file under ``datasets/<id>/data/``
(layout in :mod:`services.trainer.datasets`) -> the record marked ``ready``.

A failed quality gate keeps only ``datasets/<id>/report.json`` (and the record, ``rejected``, with the report);
the job fails with the gate's code. Whatever the outcome, the upload is deleted once the job ends. Every key is
the dataset's own, so a redelivered message rewrites the same objects.
"""

from __future__ import annotations

import mimetypes
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from services.trainer.dataset.gates import DatasetRejected
from services.trainer.dataset.pipeline import build_dataset
from services.trainer.dataset.steps import DatasetLayout
from services.trainer.datasets import DATA_DIR, PREVIEWS_DIR, DatasetRecord, DatasetStore, dataset_key
from services.trainer.settings import TrainerSettings
from shared.contracts.common import Artifact
from shared.contracts.trainer import DatasetBuildResult, DatasetPreset, DatasetReport, DatasetStatus
from shared.errors import JobCancelled
from shared.jobs import JobContext, JobOutcome

CANCEL_CHECK_INTERVAL_S = 0.25
UPLOAD_THREADS = 8  # thousands of small frames: S3 round trips, not bandwidth, bound the upload
BUILD_SHARE = 0.9  # of the job's progress; storing the files takes the rest


def dataset_store(ctx: JobContext) -> DatasetStore:
    settings: TrainerSettings = ctx.rt.settings  # type: ignore[assignment]
    return DatasetStore(ctx.storage, ctx.rt.jobs.redis, settings.key_prefix)


def _content_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def store_directory(ctx: JobContext, dataset_id: str, root: Path) -> int:
    """Upload every file under ``root`` to ``datasets/<id>/data/<relative path>``; returns how many."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    if not files:
        return 0

    def put(path: Path) -> None:
        key = dataset_key(dataset_id, DATA_DIR, *path.relative_to(root).parts)
        ctx.storage.put_file(key, path, _content_type(path))

    with ThreadPoolExecutor(UPLOAD_THREADS) as pool:
        for done, _ in enumerate(pool.map(put, files), 1):
            ctx.progress(BUILD_SHARE + (1 - BUILD_SHARE) * done / len(files))
            if done % 200 == 0:
                ctx.check_cancelled()
    return len(files)


def _finish(store: DatasetStore, record: DatasetRecord, status: DatasetStatus, **changes: object) -> None:
    """The record's final state; the upload goes whatever the outcome (a redelivery of a finished job is
    skipped by the worker, so nothing reads it again)."""
    if record.upload_key:
        store.storage.delete(record.upload_key)
    for name, value in changes.items():
        setattr(record, name, value)
    record.status, record.upload_key = status, None
    store.save(record)


def run_dataset(ctx: JobContext) -> JobOutcome:
    settings: TrainerSettings = ctx.rt.settings  # type: ignore[assignment]
    store = dataset_store(ctx)
    record = store.get(ctx.inputs["dataset_id"])
    if record.status == DatasetStatus.ready and record.report is not None:  # stored before a worker died
        return _outcome(record, record.report, [])
    record.status, record.error = DatasetStatus.processing, None
    store.save(record)

    ctx.progress(0.0, "downloading")
    upload_key = ctx.inputs["upload_key"]
    source = ctx.storage.download(upload_key, ctx.workdir / Path(upload_key).name)
    layout = DatasetLayout(ctx.workdir / "dataset")
    last_check = [time.monotonic()]

    def cancelled() -> bool:
        now = time.monotonic()
        if now - last_check[0] < CANCEL_CHECK_INTERVAL_S:
            return False
        last_check[0] = now
        return ctx.rt.jobs.cancel_requested(ctx.job.id)

    stage_seen = [""]

    def progress(fraction: float, stage: str) -> None:
        # The stage name only when it changes: a progress write that names a stage is never throttled.
        changed = stage != stage_seen[0]
        stage_seen[0] = stage
        ctx.progress(BUILD_SHARE * fraction, stage if changed else None)

    try:
        report = build_dataset(
            source,
            layout.root,
            preset=DatasetPreset(ctx.inputs["preset"]),
            limits=settings,
            progress=progress,
            cancelled=cancelled,
        )
        ctx.progress(BUILD_SHARE, "storing", force=True)
        files = store_directory(ctx, record.id, layout.root)
    except DatasetRejected:
        rejected = DatasetReport.model_validate_json(layout.report.read_text())
        ctx.storage.put_file(dataset_key(record.id, "report.json"), layout.report, "application/json")
        _finish(store, record, DatasetStatus.rejected, report=rejected)
        raise
    except JobCancelled:
        store.storage.delete_prefix(dataset_key(record.id, DATA_DIR) + "/")
        _finish(store, record, DatasetStatus.cancelled)
        raise
    except Exception as exc:
        store.storage.delete_prefix(dataset_key(record.id, DATA_DIR) + "/")
        _finish(store, record, DatasetStatus.failed, error=str(exc) or type(exc).__name__)
        raise

    previews = sorted(p.name for p in layout.previews.glob("*") if p.is_file())
    artifacts = [
        ctx.storage.put_artifact(
            dataset_key(record.id, DATA_DIR, PREVIEWS_DIR, name), layout.previews / name, _content_type(Path(name))
        )
        for name in previews
    ]
    _finish(store, record, DatasetStatus.ready, report=report, files=files, previews=previews)
    return _outcome(record, report, artifacts)


def _outcome(record: DatasetRecord, report: DatasetReport, artifacts: list[Artifact]) -> JobOutcome:
    result = DatasetBuildResult(dataset_id=record.id, status=DatasetStatus.ready, files=record.files, report=report)
    return JobOutcome(result=result.model_dump(mode="json"), artifacts=artifacts)

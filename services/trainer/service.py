"""The trainer service's operations behind its routes: a dataset upload is checked (container, readable video,
duration; every refusal a 4xx with a stable code before anything is stored), stored, recorded and queued; reads
bring a record whose job ended without the worker seeing it (cancelled while queued) up to date."""

from __future__ import annotations

import tempfile
from pathlib import Path

import ffmpeg

from services.trainer.datasets import DatasetRecord, DatasetStore, dataset_key, new_dataset_id
from services.trainer.deps import TrainerState
from services.trainer.settings import TrainerSettings
from shared.clock import utcnow
from shared.contracts.common import Job, JobStatus
from shared.contracts.trainer import Dataset, DatasetCreateForm, DatasetList, DatasetStatus
from shared.errors import Conflict, InvalidInput, UnsupportedMediaType
from shared.jobs import JobStore, new_job_id
from shared.media import probe
from shared.uploads import save_upload

DATASET_KIND = "trainer.dataset"
# Extension -> ffprobe's format names it may probe as (mp4 and mov share a demuxer, as do mkv and webm).
CONTAINERS = {
    "mp4": "mov,mp4,m4a,3gp,3g2,mj2",
    "mov": "mov,mp4,m4a,3gp,3g2,mj2",
    "mkv": "matroska,webm",
    "webm": "matroska,webm",
    "avi": "avi",
}


def upload_extension(filename: str | None) -> str:
    ext = (filename or "").rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""
    if ext not in CONTAINERS:
        raise UnsupportedMediaType(
            f"Upload a video file ending in one of {', '.join(sorted(CONTAINERS))}.", code="unsupported_video_format"
        )
    return ext


def probe_video(path: Path, ext: str, settings: TrainerSettings) -> float:
    """The duration of a readable video in an accepted container, within the dataset's limits."""
    try:
        info = probe(path)
    except ffmpeg.Error:
        raise InvalidInput("The file is not a readable video.", code="undecodable_video") from None
    if info.get("format", {}).get("format_name") != CONTAINERS[ext]:
        raise UnsupportedMediaType(
            f"The file is not a .{ext} video (ffprobe reads {info.get('format', {}).get('format_name')!r}).",
            code="unsupported_video_format",
        )
    if not any(stream.get("codec_type") == "video" for stream in info.get("streams", [])):
        raise InvalidInput("The file has no video stream.", code="undecodable_video")
    try:
        duration = float(info["format"]["duration"])
    except (KeyError, ValueError):
        raise InvalidInput("The video's duration cannot be read.", code="undecodable_video") from None
    low, high = settings.dataset_min_duration_s, settings.dataset_max_duration_s
    if duration < low:
        raise InvalidInput(
            f"The video is {duration:.1f} s; a dataset needs at least {low:.0f} s.",
            code="video_too_short",
            extra={"measured": duration, "limit": low},
        )
    if duration > high:
        raise InvalidInput(
            f"The video is {duration:.1f} s; a dataset takes at most {high:.0f} s.",
            code="video_too_long",
            extra={"measured": duration, "limit": high},
        )
    return duration


def sync_with_job(datasets: DatasetStore, jobs: JobStore, record: DatasetRecord) -> DatasetRecord:
    """A job cancelled (or lost) before its worker ran it leaves the record queued: settle it from the job."""
    if not record.active:
        return record
    job_status = jobs.ended_status(record.job_id)
    if job_status == JobStatus.cancelled:
        record.status = DatasetStatus.cancelled
    elif job_status == JobStatus.failed:
        record.status = DatasetStatus.failed
        record.error = record.error or "The preprocessing job failed before it could update the dataset."
    else:
        return record
    if record.upload_key:
        datasets.storage.delete(record.upload_key)
        record.upload_key = None
    return datasets.save(record)


# -- the operations behind the routes ----------------------------------------------------------------------------
async def create_dataset(state: TrainerState, form: DatasetCreateForm) -> Job:
    settings, clients = state.settings, state.clients
    ext = upload_extension(form.file.filename)
    dataset_id, job_id = new_dataset_id(), new_job_id()
    with tempfile.TemporaryDirectory(prefix="dataset-") as tmp:
        # One body limit for every upload, the gateway's too (LIMIT_MAX_UPLOAD_BYTES; raise it for long 1080p videos).
        path = await save_upload(form.file, Path(tmp) / f"upload.{ext}", max_bytes=settings.limits.max_upload_bytes)
        duration = await clients.call(probe_video, path, ext, settings)
        now = utcnow()
        record = DatasetRecord(
            id=dataset_id,
            name=form.name.strip() or form.name,
            language=form.language or None,
            preset=form.preset,
            job_id=job_id,
            created_at=now,
            updated_at=now,
            source_filename=form.file.filename,
            source_duration_s=round(duration, 3),
            upload_key=dataset_key(dataset_id, f"upload.{ext}"),
        )
        try:
            await clients.call(clients.storage.put_file, record.upload_key, path, f"video/{ext}")
            await clients.call(state.datasets.save, record)
            inputs = {"dataset_id": dataset_id, "upload_key": record.upload_key, "preset": form.preset.value}
            return await clients.submit_job(DATASET_KIND, inputs, gpu_indices=settings.gpus, job_id=job_id)
        except Exception:  # no orphaned upload or record when the job is refused
            await clients.call(state.datasets.delete, dataset_id)
            raise


async def list_datasets(state: TrainerState, limit: int) -> DatasetList:
    datasets, jobs, storage = state.datasets, state.clients.jobs, state.clients.storage

    def read() -> list[Dataset]:
        return [sync_with_job(datasets, jobs, record).public(storage) for record in datasets.all()[:limit]]

    return DatasetList(items=await state.clients.call(read))


async def get_dataset(state: TrainerState, dataset_id: str) -> Dataset:
    datasets, jobs, storage = state.datasets, state.clients.jobs, state.clients.storage

    def read() -> Dataset:
        return sync_with_job(datasets, jobs, datasets.get(dataset_id)).public(storage)

    dataset: Dataset = await state.clients.call(read)
    return dataset


async def delete_dataset(state: TrainerState, dataset_id: str) -> None:
    """Refused (409 ``dataset_busy``) while the job is queued or running (a worker would write files after the
    delete) or a training of the dataset is (its worker reads them). Cancel the job
    (``DELETE /api/v1/jobs/{job_id}``), then delete."""
    datasets, jobs, trainings = state.datasets, state.clients.jobs, state.trainings

    def delete() -> None:
        record = sync_with_job(datasets, jobs, datasets.get(dataset_id))
        if record.active:
            raise Conflict(
                f"Dataset {dataset_id} is {record.status.value}; "
                f"cancel its job first (DELETE /api/v1/jobs/{record.job_id}).",
                code="dataset_busy",
            )
        training = next((t for t in trainings.all() if t.dataset_id == dataset_id and t.active), None)
        if training is not None:  # its worker reads the dataset (again, when the job is redelivered)
            raise Conflict(
                f"Training {training.id} of dataset {dataset_id} is {training.status.value}; "
                f"cancel its job first (DELETE /api/v1/jobs/{training.job_id}).",
                code="dataset_busy",
            )
        datasets.delete(dataset_id)

    await state.clients.call(delete)

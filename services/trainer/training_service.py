"""The operations behind the training routes: a training request is checked (a ready dataset, a GPU that has a
trainer worker, stages and iterations within limits; every refusal a 4xx with a stable code before anything is
stored), recorded with its expected duration and queued on the trainer worker of its GPU (or the CPU queue).
Reads bring a record whose job ended without the worker seeing it (cancelled while queued) up to date.
A cancelled or failed training is resumed by a new job that continues from its stored checkpoint."""

from __future__ import annotations

from services.trainer.deps import TrainerState
from services.trainer.service import sync_with_job as sync_dataset
from services.trainer.settings import TrainerSettings
from services.trainer.trainings import (
    STAGE_ORDER,
    TrainingRecord,
    TrainingStore,
    describe_duration,
    estimate_seconds,
    new_training_id,
    preset_iterations,
)
from shared.clock import utcnow
from shared.contracts.common import Job, JobStatus
from shared.contracts.trainer import (
    DatasetStatus,
    Training,
    TrainingCreate,
    TrainingList,
    TrainingStage,
    TrainingStatus,
)
from shared.errors import Conflict, InvalidInput, NotFound
from shared.jobs import JobStore, new_job_id

TRAINING_KIND = "trainer.training"
INTERVALS = ("log_every", "validate_every", "preview_every", "checkpoint_every")


def resolve_iterations(body: TrainingCreate, settings: TrainerSettings) -> dict[TrainingStage, int]:
    defaults = preset_iterations(body.preset)
    chosen = body.iterations or {}
    iterations = {}
    for stage in STAGE_ORDER:
        if stage not in body.stages:
            continue
        count = int(chosen.get(stage, defaults[stage]))
        if count < 1 or count > settings.training_max_iterations:
            raise InvalidInput(
                f"The {stage.value} stage takes 1 to {settings.training_max_iterations} iterations, not {count}.",
                code="too_many_iterations",
                extra={"stage": stage.value, "measured": count, "limit": settings.training_max_iterations},
            )
        iterations[stage] = count
    return iterations


def check_gpu(gpu: int | None, settings: TrainerSettings) -> None:
    if gpu is not None and gpu not in settings.gpus:
        served = ", ".join(str(i) for i in settings.gpus) or "none"
        raise InvalidInput(
            f"No trainer worker serves GPU {gpu} (GPUs with one: {served}); pick one from GET /api/v1/system, "
            "or gpu=null to train on a CPU.",
            code="gpu_not_available",
        )


def sync_with_job(trainings: TrainingStore, jobs: JobStore, record: TrainingRecord) -> TrainingRecord:
    """A job cancelled (or lost) before its worker ran it leaves the record queued: settle it from the job."""
    if not record.active:
        return record
    job_status = jobs.ended_status(record.job_id)
    if job_status == JobStatus.cancelled:
        record.status = TrainingStatus.cancelled
    elif job_status == JobStatus.failed:
        record.status = TrainingStatus.failed
        record.error = record.error or "The training job failed before it could update the training."
    else:
        return record
    return trainings.save(record)


async def create_training(state: TrainerState, body: TrainingCreate) -> Job:
    settings, clients = state.settings, state.clients
    datasets, jobs = state.datasets, clients.jobs
    dataset = await clients.call(lambda: sync_dataset(datasets, jobs, datasets.get(body.dataset_id)))
    if dataset.status != DatasetStatus.ready:
        raise Conflict(
            f"Dataset {dataset.id} is {dataset.status.value}; a training needs a ready dataset.",
            code="dataset_not_ready",
        )
    check_gpu(body.gpu, settings)
    iterations = resolve_iterations(body, settings)
    stages = [stage for stage in STAGE_ORDER if stage in iterations]
    total = sum(iterations.values())
    on_gpu = body.gpu is not None
    estimate = estimate_seconds(body.preset, total, on_gpu, settings)
    warning = None
    if not on_gpu and estimate > settings.training_cpu_warn_s:
        gpu_estimate = estimate_seconds(body.preset, total, True, settings)
        warning = (
            f"Training on a CPU: expect about {describe_duration(estimate)} for {total:,} iterations of the "
            f"{body.preset.value} preset (about {describe_duration(gpu_estimate)} on one GPU)."
        )
    training_id, job_id = new_training_id(), new_job_id()
    now = utcnow()
    record = TrainingRecord(
        id=training_id,
        name=(body.name or dataset.name).strip() or dataset.name,
        dataset_id=dataset.id,
        preset=body.preset,
        stages=stages,
        iterations=iterations,
        seed=body.seed,
        gpu=body.gpu,
        device="cpu" if body.gpu is None else f"cuda:{body.gpu}",
        default_voice_id=body.default_voice_id,
        intervals={name: value for name in INTERVALS if (value := getattr(body, name)) is not None},
        job_id=job_id,
        created_at=now,
        updated_at=now,
        estimate_s=estimate,
        warning=warning,
    )
    trainings = state.trainings
    await clients.call(trainings.save, record)
    inputs = {"training_id": training_id, "device": record.device, "estimate_s": estimate, "warning": warning}
    try:
        gpus = [body.gpu] if body.gpu is not None else []
        return await clients.submit_job(TRAINING_KIND, inputs, gpu_indices=gpus, job_id=job_id)
    except Exception:  # no orphaned record when the job is refused
        await clients.call(trainings.delete, training_id)
        raise


def resumable(state: TrainerState, training_id: str) -> TrainingRecord:
    """The training, if it can be resumed: cancelled or failed, its checkpoint in S3, its dataset ready.
    Every refusal is raised before anything is written."""
    trainings, datasets = state.trainings, state.datasets
    jobs, storage = state.clients.jobs, state.clients.storage
    record = sync_with_job(trainings, jobs, trainings.get(training_id))
    if record.status not in (TrainingStatus.cancelled, TrainingStatus.failed):
        raise Conflict(
            f"Training {training_id} is {record.status.value}; only a cancelled or failed training can be resumed.",
            code="training_not_resumable",
            extra={"training_status": record.status.value},
        )
    if record.checkpoint is None or not storage.exists(record.checkpoint.key):
        raise Conflict(
            f"Training {training_id} stopped before it stored a checkpoint; start a new training instead.",
            code="training_not_resumable",
            extra={"training_status": record.status.value},
        )
    try:
        dataset = sync_dataset(datasets, jobs, datasets.get(record.dataset_id))
    except NotFound:
        raise Conflict(
            f"Dataset {record.dataset_id} of training {training_id} was deleted; the training cannot go on.",
            code="training_not_resumable",
            extra={"training_status": record.status.value, "dataset_id": record.dataset_id},
        ) from None
    if dataset.status != DatasetStatus.ready:
        raise Conflict(
            f"Dataset {dataset.id} is {dataset.status.value}; a training needs a ready dataset.",
            code="dataset_not_ready",
        )
    return record


async def resume_training(state: TrainerState, training_id: str) -> Job:
    """Queue a new ``trainer.training`` job on the training's device; the job resumes from ``record.checkpoint``
    (as a redelivered one does). The record gets the new job id and goes back to ``queued``."""
    clients, trainings = state.clients, state.trainings
    # One resume at a time per training: from the check until the record says queued (then a second is refused).
    # thread_local=False: acquire and release run on different threads of the blocking-call pool.
    lock = trainings.redis.lock(
        f"{trainings.index_key}:resume:{training_id}", timeout=30, blocking_timeout=0, thread_local=False
    )
    if not await clients.call(lock.acquire):
        raise Conflict(
            f"Training {training_id} is being resumed by another request.",
            code="training_not_resumable",
            extra={"training_status": "resuming"},
        )
    try:
        return await _resume_locked(state, training_id)
    finally:
        await clients.call(lock.release)


async def _resume_locked(state: TrainerState, training_id: str) -> Job:
    clients, trainings = state.clients, state.trainings
    record = await clients.call(resumable, state, training_id)
    check_gpu(record.gpu, state.settings)
    previous = record.model_copy(deep=True)
    job_id = new_job_id()
    record.job_id, record.status, record.error = job_id, TrainingStatus.queued, None
    record.resumes += 1
    record.estimate_s = estimate_seconds(
        record.preset,
        record.total_steps - record.checkpoint.step if record.checkpoint else 0,
        record.gpu is not None,
        state.settings,
    )
    record.updated_at = utcnow()
    await clients.call(trainings.save, record)
    inputs = {
        "training_id": training_id,
        "device": record.device,
        "estimate_s": record.estimate_s,
        "warning": None,
        "resume": record.resumes,
    }
    try:
        gpus = [record.gpu] if record.gpu is not None else []
        return await clients.submit_job(TRAINING_KIND, inputs, gpu_indices=gpus, job_id=job_id)
    except Exception:  # a refused job leaves the training as it was
        await clients.call(trainings.save, previous)
        raise


async def list_trainings(state: TrainerState, limit: int, dataset_id: str | None) -> TrainingList:
    trainings, jobs, storage = state.trainings, state.clients.jobs, state.clients.storage

    def read() -> list[Training]:
        records = [r for r in trainings.all() if dataset_id is None or r.dataset_id == dataset_id]
        return [sync_with_job(trainings, jobs, record).public(storage) for record in records[:limit]]

    return TrainingList(items=await state.clients.call(read))


async def get_training(state: TrainerState, training_id: str) -> Training:
    trainings, jobs, storage = state.trainings, state.clients.jobs, state.clients.storage

    def read() -> Training:
        return sync_with_job(trainings, jobs, trainings.get(training_id)).public(storage)

    training: Training = await state.clients.call(read)
    return training


async def delete_training(state: TrainerState, training_id: str) -> None:
    """Refused (409 ``training_busy``) while the job is queued or running. The registered avatar stays: the
    video service keeps its own copy of the checkpoint."""
    trainings, jobs = state.trainings, state.clients.jobs

    def delete() -> None:
        record = sync_with_job(trainings, jobs, trainings.get(training_id))
        if record.active:
            raise Conflict(
                f"Training {training_id} is {record.status.value}; "
                f"cancel its job first (DELETE /api/v1/jobs/{record.job_id}).",
                code="training_busy",
            )
        trainings.delete(training_id)

    await state.clients.call(delete)

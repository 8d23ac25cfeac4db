"""Training routes (thin: parse, call :mod:`services.trainer.training_service`, answer). Cancel a training
through the jobs API (``DELETE /api/v1/jobs/{job_id}``): it stops within one log interval and keeps the last
checkpoint, from which ``POST /api/v1/trainings/{id}/resume`` continues it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.trainer import training_service
from services.trainer.deps import TrainerDeps
from shared.contracts.common import JobAccepted, ResourceId
from shared.contracts.trainer import Training, TrainingCreate, TrainingList
from shared.errors import ErrorCode as E
from shared.errors import problem_responses
from shared.openapi import SCHEMA_REF, job_result
from shared.service_app import accepted

trainings_router = APIRouter(prefix="/api/v1/trainings", tags=["trainings"])

STORES = (E.storage_unavailable, E.redis_unavailable)
# The job's `metrics` events carry a TrainingMetrics as `data`: published as a component so clients can type it.
TRAINING_JOB = job_result("TrainingResult") | {"x-job-metrics": {"$ref": SCHEMA_REF + "TrainingMetrics"}}


@trainings_router.post(
    "",
    operation_id="trainings-create",
    status_code=202,
    response_model=JobAccepted,
    responses=problem_responses(
        E.dataset_not_found, E.dataset_not_ready, E.gpu_not_available, E.too_many_iterations, *STORES
    ),
    summary="Train an ER-NeRF head on a ready dataset (job); on success an `ernerf` avatar is registered",
    openapi_extra=TRAINING_JOB,
)
async def create_training(state: TrainerDeps, body: TrainingCreate) -> JobAccepted:
    return accepted(await training_service.create_training(state, body))


@trainings_router.post(
    "/{training_id}/resume",
    operation_id="trainings-resume",
    status_code=202,
    response_model=JobAccepted,
    responses=problem_responses(
        E.training_not_found, E.training_not_resumable, E.dataset_not_ready, E.gpu_not_available, *STORES
    ),
    summary="Resume a cancelled or failed training from its last checkpoint (a new job on the same device)",
    openapi_extra=TRAINING_JOB,
)
async def resume_training(state: TrainerDeps, training_id: ResourceId) -> JobAccepted:
    return accepted(await training_service.resume_training(state, training_id))


@trainings_router.get(
    "",
    operation_id="trainings-list",
    response_model=TrainingList,
    responses=problem_responses(*STORES),
    summary="List trainings, newest first",
)
async def list_trainings(
    state: TrainerDeps,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    dataset_id: ResourceId | None = None,
) -> TrainingList:
    return await training_service.list_trainings(state, limit, dataset_id)


@trainings_router.get(
    "/{training_id}",
    operation_id="trainings-get",
    response_model=Training,
    responses=problem_responses(E.training_not_found, *STORES),
    summary="Get a training: status, loss/PSNR history, ETA, previews, checkpoint and avatar",
)
async def get_training(state: TrainerDeps, training_id: ResourceId) -> Training:
    return await training_service.get_training(state, training_id)


@trainings_router.delete(
    "/{training_id}",
    operation_id="trainings-delete",
    status_code=204,
    response_class=Response,
    responses=problem_responses(E.training_not_found, E.training_busy, *STORES),
    summary="Delete a training and its checkpoints and previews (409 while its job runs: cancel the job first)",
)
async def delete_training(state: TrainerDeps, training_id: ResourceId) -> Response:
    await training_service.delete_training(state, training_id)
    return Response(status_code=204)

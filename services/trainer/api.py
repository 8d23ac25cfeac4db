"""Trainer service HTTP routes (thin: parse, call the logic modules, answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Response

from services.trainer import service
from services.trainer.deps import TrainerDeps
from shared.contracts.common import JobAccepted, ResourceId
from shared.contracts.trainer import Dataset, DatasetCreateForm, DatasetList
from shared.errors import ErrorCode as E
from shared.errors import problem_responses
from shared.openapi import job_result
from shared.service_app import accepted

datasets_router = APIRouter(prefix="/api/v1/datasets", tags=["datasets"])

MULTIPART = Form(media_type="multipart/form-data")
STORES = (E.storage_unavailable, E.redis_unavailable)
UPLOAD_ERRORS = (
    E.upload_too_large,
    E.payload_too_large,
    E.unsupported_video_format,
    E.undecodable_video,
    E.video_too_short,
    E.video_too_long,
    E.media_timeout,
)


@datasets_router.post(
    "",
    operation_id="datasets-create",
    status_code=202,
    response_model=JobAccepted,
    responses=problem_responses(*UPLOAD_ERRORS, *STORES),
    summary="Upload a talking video and preprocess it into an ER-NeRF identity dataset (job)",
    openapi_extra=job_result("DatasetBuildResult"),
)
async def create_dataset(state: TrainerDeps, form: Annotated[DatasetCreateForm, MULTIPART]) -> JobAccepted:
    return accepted(await service.create_dataset(state, form))


@datasets_router.get(
    "",
    operation_id="datasets-list",
    response_model=DatasetList,
    responses=problem_responses(*STORES),
    summary="List identity datasets",
)
async def list_datasets(state: TrainerDeps, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> DatasetList:
    return await service.list_datasets(state, limit)


@datasets_router.get(
    "/{dataset_id}",
    operation_id="datasets-get",
    response_model=Dataset,
    responses=problem_responses(E.dataset_not_found, *STORES),
    summary="Get a dataset: status, job, report and QA previews",
)
async def get_dataset(state: TrainerDeps, dataset_id: ResourceId) -> Dataset:
    return await service.get_dataset(state, dataset_id)


@datasets_router.delete(
    "/{dataset_id}",
    operation_id="datasets-delete",
    status_code=204,
    response_class=Response,
    responses=problem_responses(E.dataset_not_found, E.dataset_busy, *STORES),
    summary="Delete a dataset and its stored files (409 while its job or a training of it runs: cancel it first)",
)
async def delete_dataset(state: TrainerDeps, dataset_id: ResourceId) -> Response:
    await service.delete_dataset(state, dataset_id)
    return Response(status_code=204)

"""Video service HTTP routes (thin: parse, call the logic modules, answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Response
from sse_starlette.sse import EventSourceResponse

from services.video import service
from services.video.deps import VideoDeps
from shared.contracts.common import JobAccepted, ResourceId, sse_response
from shared.contracts.video import (
    Avatar,
    AvatarCreateForm,
    AvatarList,
    AvatarUpdate,
    ErnerfAvatarCreate,
    VideoJobForm,
    VideoList,
    VideoStreamRequest,
    VideoSummary,
)
from shared.errors import ErrorCode as E
from shared.errors import problem_responses
from shared.openapi import EventStream, job_result
from shared.service_app import accepted

avatars_router = APIRouter(prefix="/api/v1/avatars", tags=["avatars"])
videos_router = APIRouter(prefix="/api/v1/videos", tags=["videos"])

MULTIPART = Form(media_type="multipart/form-data")
STORES = (E.storage_unavailable, E.redis_unavailable)
PHOTO_ERRORS = (
    E.payload_too_large,
    E.image_too_large,
    E.image_too_many_pixels,
    E.unsupported_image_format,
    E.not_an_image,
    E.corrupt_image,
    E.image_too_small,
    E.image_too_dark,
    E.image_too_blurry,
    E.no_face,
    E.multiple_faces,
    E.face_too_small,
    E.face_not_frontal,
    E.avatar_kind_not_available,
)
RENDER_ERRORS = (
    E.avatar_not_found,
    E.voice_not_found,
    E.audio_not_found,
    E.bad_artifact_id,
    E.speech_missing,
    E.speech_conflict,
    E.voice_id_required,
    E.text_too_long,
    E.empty_text,
    E.unsupported_language,
    E.undecodable_audio,
    E.audio_too_short,
    E.audio_too_long,
    E.background_unavailable,
    E.background_image_missing,
    E.unknown_renderer,
    E.renderer_not_available,
    E.voice_backend_unavailable,
    E.voice_unavailable,
    E.voice_timeout,
    E.voice_error,
    *STORES,
)
STREAM_EVENTS = sse_response(
    "`segment` (VideoSegment) per finished segment, then `done` (VideoStreamDone), or `error` (Problem) "
    "if rendering fails mid-stream.",
    [("segment", "VideoSegment"), ("done", "VideoStreamDone"), ("error", "Problem")],
)


@avatars_router.post(
    "",
    operation_id="avatars-create",
    status_code=201,
    response_model=Avatar,
    responses=problem_responses(*PHOTO_ERRORS, *STORES),
    summary="Create an avatar from a portrait photo",
)
async def create_avatar(state: VideoDeps, form: Annotated[AvatarCreateForm, MULTIPART]) -> Avatar:
    return await service.create_avatar(state, form)


@avatars_router.post(
    "/ernerf",
    operation_id="avatars-register_ernerf",
    status_code=201,
    response_model=Avatar,
    responses=problem_responses(E.checkpoint_not_found, *STORES),
    summary="Register a trained ER-NeRF head as an avatar (the trainer calls this; the same training gets the "
    "same avatar)",
)
async def register_ernerf_avatar(state: VideoDeps, body: ErnerfAvatarCreate) -> Avatar:
    return await service.register_ernerf_avatar(state, body)


@avatars_router.get(
    "",
    operation_id="avatars-list",
    response_model=AvatarList,
    responses=problem_responses(*STORES),
    summary="List avatars",
)
async def list_avatars(state: VideoDeps, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> AvatarList:
    return await service.list_avatars(state, limit)


@avatars_router.get(
    "/{avatar_id}",
    operation_id="avatars-get",
    response_model=Avatar,
    responses=problem_responses(E.avatar_not_found, *STORES),
    summary="Get an avatar",
)
async def get_avatar(state: VideoDeps, avatar_id: ResourceId) -> Avatar:
    return await service.get_avatar(state, avatar_id)


@avatars_router.patch(
    "/{avatar_id}",
    operation_id="avatars-update",
    response_model=Avatar,
    responses=problem_responses(E.avatar_not_found, *STORES),
    summary="Rename an avatar or set its default voice",
)
async def update_avatar(state: VideoDeps, avatar_id: ResourceId, patch: AvatarUpdate) -> Avatar:
    return await service.update_avatar(state, avatar_id, patch)


@avatars_router.delete(
    "/{avatar_id}",
    operation_id="avatars-delete",
    status_code=204,
    response_class=Response,
    responses=problem_responses(E.avatar_not_found, *STORES),
    summary="Delete an avatar and its stored files",
)
async def delete_avatar(state: VideoDeps, avatar_id: ResourceId) -> Response:
    await service.delete_avatar(state, avatar_id)
    return Response(status_code=204)


@videos_router.post(
    "/jobs",
    operation_id="videos-create_job",
    status_code=202,
    response_model=JobAccepted,
    responses=problem_responses(*RENDER_ERRORS, E.upload_too_large),
    summary="Render a talking-head video (job): MP4 with the speech muxed",
    openapi_extra=job_result("VideoRenderResult"),
)
async def create_render_job(state: VideoDeps, form: Annotated[VideoJobForm, MULTIPART]) -> JobAccepted:
    return accepted(await service.submit_render_form(state, form))


@videos_router.post(
    "/stream",
    operation_id="videos-stream",
    response_class=EventStream,
    responses={200: STREAM_EVENTS, **problem_responses(*RENDER_ERRORS)},
    summary="Render progressively: one SSE `segment` event per finished MP4 segment, then `done`",
)
async def stream_video(state: VideoDeps, body: VideoStreamRequest) -> EventSourceResponse:
    return await service.open_stream(state, body)


@videos_router.get(
    "",
    operation_id="videos-list",
    response_model=VideoList,
    responses=problem_responses(*STORES),
    summary="List past renders (gallery)",
)
async def list_videos(
    state: VideoDeps,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    avatar_id: ResourceId | None = None,
) -> VideoList:
    return await service.list_videos(state, limit, avatar_id)


@videos_router.get(
    "/{video_id}",
    operation_id="videos-get",
    response_model=VideoSummary,
    responses=problem_responses(E.video_not_found, *STORES),
    summary="Get one past render",
)
async def get_video(state: VideoDeps, video_id: ResourceId) -> VideoSummary:
    return await service.get_video(state, video_id)


@videos_router.delete(
    "/{video_id}",
    operation_id="videos-delete",
    status_code=204,
    response_class=Response,
    responses=problem_responses(E.video_not_found, *STORES),
    summary="Delete a past render and its files",
)
async def delete_video(state: VideoDeps, video_id: ResourceId) -> Response:
    await service.delete_video(state, video_id)
    return Response(status_code=204)

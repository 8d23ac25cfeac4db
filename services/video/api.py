"""Video service HTTP routes (thin: parse, call the logic modules, answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from sse_starlette.sse import EventSourceResponse

from services.video import gallery, stream
from services.video.avatars import AvatarRepository, prepare_avatar
from services.video.face import FaceAnalyzer
from services.video.photos import read_photo
from services.video.service import RenderRequest, SpeechInput, submit_render
from services.video.settings import VideoSettings
from shared.clients import VoiceClient
from shared.contracts.common import JobAccepted
from shared.contracts.video import (
    FPS_RANGE,
    SEMITONES_RANGE,
    SIZE_RANGE,
    Avatar,
    AvatarKind,
    AvatarList,
    AvatarUpdate,
    Background,
    VideoList,
    VideoStreamRequest,
    VideoSummary,
    stream_event_schema,
)
from shared.errors import NotImplementedYet, problem_responses
from shared.service_app import accepted, clients

avatars_router = APIRouter(prefix="/api/v1/avatars", tags=["avatars"])
videos_router = APIRouter(prefix="/api/v1/videos", tags=["videos"])

PROBLEMS = problem_responses(404, 413, 415, 422, 501, 503)


def _settings(request: Request) -> VideoSettings:
    settings: VideoSettings = request.app.state.settings
    return settings


def _analyzer(request: Request) -> FaceAnalyzer:
    analyzer: FaceAnalyzer = request.app.state.face_analyzer
    return analyzer


def _voice(request: Request) -> VoiceClient:
    client: VoiceClient = request.app.state.voice
    return client


@avatars_router.post(
    "",
    operation_id="avatars-create",
    status_code=201,
    response_model=Avatar,
    responses=PROBLEMS,
    summary="Create an avatar from a portrait photo",
)
async def create_avatar(
    request: Request,
    file: Annotated[UploadFile, File(description="A portrait photo (jpg, png or webp) with one frontal face.")],
    name: Annotated[str, Form(min_length=1, max_length=100)],
    kind: Annotated[AvatarKind, Form()] = AvatarKind.portrait,
    default_voice_id: Annotated[str | None, Form(max_length=100)] = None,
) -> Avatar:
    if kind != AvatarKind.portrait:
        raise NotImplementedYet(
            "ER-NeRF avatars are registered by the trainer ([7/8]) once a head is trained; "
            "upload a photo to create a portrait avatar.",
            code="avatar_kind_not_available",
        )
    settings = _settings(request)
    c = clients(request)
    data = await file.read(settings.max_image_bytes + 1)
    photo = await c.call(
        lambda: read_photo(data, max_pixels=settings.limits.max_image_pixels, max_bytes=settings.max_image_bytes)
    )
    prepared = await c.call(lambda: prepare_avatar(_analyzer(request), photo, settings))
    repo = AvatarRepository(c.storage)
    avatar: Avatar = await c.call(
        lambda: repo.create(
            prepared,
            photo,
            name=name.strip() or name,
            default_voice_id=default_voice_id,
            thumbnail_px=settings.thumbnail_px,
        )
    )
    return avatar


@avatars_router.get("", operation_id="avatars-list", response_model=AvatarList, summary="List avatars")
async def list_avatars(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> AvatarList:
    c = clients(request)
    repo = AvatarRepository(c.storage)
    return AvatarList(items=await c.call(lambda: repo.list(limit)))


@avatars_router.get(
    "/{avatar_id}", operation_id="avatars-get", response_model=Avatar, responses=PROBLEMS, summary="Get an avatar"
)
async def get_avatar(request: Request, avatar_id: str) -> Avatar:
    c = clients(request)
    avatar: Avatar = await c.call(AvatarRepository(c.storage).get, avatar_id)
    return avatar


@avatars_router.patch(
    "/{avatar_id}",
    operation_id="avatars-update",
    response_model=Avatar,
    responses=PROBLEMS,
    summary="Rename an avatar or set its default voice",
)
async def update_avatar(request: Request, avatar_id: str, patch: AvatarUpdate) -> Avatar:
    c = clients(request)
    avatar: Avatar = await c.call(AvatarRepository(c.storage).update, avatar_id, patch)
    return avatar


@avatars_router.delete(
    "/{avatar_id}",
    operation_id="avatars-delete",
    status_code=204,
    responses=PROBLEMS,
    summary="Delete an avatar and its stored files",
)
async def delete_avatar(request: Request, avatar_id: str) -> Response:
    c = clients(request)
    await c.call(AvatarRepository(c.storage).delete, avatar_id)
    return Response(status_code=204)


@videos_router.post(
    "/jobs",
    operation_id="videos-create_job",
    status_code=202,
    response_model=JobAccepted,
    responses=PROBLEMS,
    summary="Render a talking-head video (job): MP4 with the speech muxed",
)
async def create_render_job(
    request: Request,
    avatar_id: Annotated[str, Form()],
    text: Annotated[str | None, Form()] = None,
    voice_id: Annotated[str | None, Form()] = None,
    audio: Annotated[UploadFile | None, File()] = None,
    audio_artifact_id: Annotated[str | None, Form()] = None,
    fps: Annotated[int, Form(ge=FPS_RANGE[0], le=FPS_RANGE[1])] = 25,
    size: Annotated[int, Form(ge=SIZE_RANGE[0], le=SIZE_RANGE[1], multiple_of=2)] = 512,
    background: Annotated[Background, Form()] = Background.keep,
    background_colour: Annotated[str, Form(pattern=r"^#[0-9a-fA-F]{6}$")] = "#00b140",
    background_image: Annotated[UploadFile | None, File()] = None,
    pitch_semitones: Annotated[float, Form(ge=SEMITONES_RANGE[0], le=SEMITONES_RANGE[1])] = 0.0,
) -> JobAccepted:
    render = RenderRequest(
        avatar_id=avatar_id,
        fps=fps,
        size=size,
        background=background,
        background_colour=background_colour,
        background_image=background_image,
        pitch_semitones=pitch_semitones,
        speech=SpeechInput(text=text, voice_id=voice_id or None, artifact_id=audio_artifact_id or None, upload=audio),
    )
    job = await submit_render(clients(request), _voice(request), render)
    return accepted(request, job)


@videos_router.post(
    "/stream",
    operation_id="videos-stream",
    responses={200: stream_event_schema(), **PROBLEMS},
    summary="Render progressively: one SSE `segment` event per finished MP4 segment, then `done`",
)
async def stream_video(request: Request, body: VideoStreamRequest) -> EventSourceResponse:
    return await stream.open_stream(clients(request), _voice(request), body)


@videos_router.get("", operation_id="videos-list", response_model=VideoList, summary="List past renders (gallery)")
async def list_videos(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    avatar_id: str | None = None,
) -> VideoList:
    c = clients(request)
    return VideoList(items=await c.call(lambda: gallery.list_entries(c.storage, limit, avatar_id)))


@videos_router.get(
    "/{video_id}",
    operation_id="videos-get",
    response_model=VideoSummary,
    responses=PROBLEMS,
    summary="Get one past render",
)
async def get_video(request: Request, video_id: str) -> VideoSummary:
    c = clients(request)
    summary: VideoSummary = await c.call(gallery.get_entry, c.storage, video_id)
    return summary


@videos_router.delete(
    "/{video_id}",
    operation_id="videos-delete",
    status_code=204,
    responses=PROBLEMS,
    summary="Delete a past render and its files",
)
async def delete_video(request: Request, video_id: str) -> Response:
    c = clients(request)
    await c.call(gallery.delete_entry, c.storage, video_id)
    return Response(status_code=204)

"""The video service's operations behind its routes: avatars from photos, render jobs (checked, every refusal a
4xx with a stable code before anything is stored; inputs stored; queued), progressive streams, the gallery."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
from fastapi import UploadFile
from sse_starlette.sse import EventSourceResponse

from services.video import gallery, stream
from services.video.avatars import AvatarRepository, prepare_avatar
from services.video.deps import VideoState
from services.video.encode import encode_png
from services.video.photos import read_photo
from services.video.settings import VideoSettings
from services.video.speech_input import (
    SpeechInput,
    load_avatar_for_render,
    max_speech_seconds,
    resolve_speech,
    stage_artifact_audio,
)
from shared.clients import VoiceClient
from shared.contracts.common import Job
from shared.contracts.video import (
    Avatar,
    AvatarCreateForm,
    AvatarKind,
    AvatarList,
    AvatarUpdate,
    Background,
    ErnerfAvatarCreate,
    VideoJobForm,
    VideoList,
    VideoStreamRequest,
    VideoSummary,
)
from shared.errors import InvalidInput
from shared.jobs import new_job_id
from shared.media import decode_audio
from shared.service_app import ServiceClients
from shared.storage import make_key
from shared.uploads import save_upload

RENDER_KIND = "video.render"


def parse_colour(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@dataclass(frozen=True)
class RenderRequest:
    avatar_id: str
    speech: SpeechInput
    fps: int
    size: int
    background: Background
    background_colour: str
    background_image: UploadFile | None
    pitch_semitones: float


async def submit_render(clients: ServiceClients, voice: VoiceClient, request: RenderRequest) -> Job:
    settings: VideoSettings = clients.settings  # type: ignore[assignment]
    avatar = await load_avatar_for_render(clients, request.avatar_id)
    speech = resolve_speech(request.speech, avatar, settings)
    if request.background != Background.keep and not avatar.has_matte:
        raise InvalidInput("This avatar has no person matte; use background=keep.", code="background_unavailable")
    if request.background == Background.image and request.background_image is None:
        raise InvalidInput("background=image needs `background_image`.", code="background_image_missing")
    if speech.voice_id:
        await voice.check_voice(speech.voice_id)

    job_id = new_job_id()
    inputs: dict[str, object] = {
        "avatar_id": avatar.id,
        "fps": request.fps,
        "size": request.size,
        "background": request.background.value,
        "background_rgb": list(parse_colour(request.background_colour)),
        "pitch_semitones": request.pitch_semitones,
        "text": speech.text,
        "voice_id": speech.voice_id,
    }
    staged: list[tuple[str, Path, str]] = []
    with tempfile.TemporaryDirectory(prefix="render-") as tmp:
        directory = Path(tmp)
        if speech.upload is not None or speech.artifact_id is not None:
            if speech.upload is not None:
                src = await save_upload(speech.upload, directory / "upload.bin")
            else:
                src = await stage_artifact_audio(clients, speech.artifact_id or "", directory)
            wav = directory / "input.wav"
            info = await clients.call(lambda: decode_audio(src, wav, max_seconds=max_speech_seconds(settings)))
            inputs["audio_key"] = make_key("jobs", job_id, "input.wav")
            inputs["audio_duration_s"] = info.duration
            staged.append((str(inputs["audio_key"]), wav, "audio/wav"))
        if request.background == Background.image and request.background_image is not None:
            data = await request.background_image.read()
            photo = await clients.call(
                lambda: read_photo(
                    data, max_pixels=settings.limits.max_image_pixels, max_bytes=settings.max_image_bytes
                )
            )
            rgb = photo.rgb
            longest = max(rgb.shape[:2])
            if longest > 2048:  # never needed larger than the biggest output
                scale = 2048 / longest
                rgb = cv2.resize(
                    rgb, (round(rgb.shape[1] * scale), round(rgb.shape[0] * scale)), interpolation=cv2.INTER_AREA
                )
            png = directory / "background.png"
            png.write_bytes(encode_png(rgb))
            inputs["background_key"] = make_key("jobs", job_id, "background.png")
            staged.append((str(inputs["background_key"]), png, "image/png"))
        stored: list[str] = []
        try:
            for key, path, content_type in staged:
                await clients.call(clients.storage.put_file, key, path, content_type)
                stored.append(key)
            # ER-NeRF renders go to the GPU workers (VIDEO_GPUS); the portrait animator is a CPU renderer.
            gpus = settings.gpus if avatar.kind == AvatarKind.ernerf else []
            return await clients.submit_job(RENDER_KIND, inputs, gpu_indices=gpus, job_id=job_id)
        except Exception:
            for key in stored:  # no orphaned inputs when the job is refused
                await clients.call(clients.storage.delete, key)
            raise


# -- the operations behind the routes ----------------------------------------------------------------------------
async def create_avatar(state: VideoState, form: AvatarCreateForm) -> Avatar:
    """A portrait avatar from one photo: read it (4xx for what is not a usable portrait), find and prepare the
    face, store photo, matte and thumbnail."""
    if form.kind != AvatarKind.portrait:
        raise InvalidInput(
            "ER-NeRF avatars are registered by the trainer once a head is trained; "
            "upload a photo to create a portrait avatar.",
            code="avatar_kind_not_available",
        )
    settings, clients = state.settings, state.clients
    data = await form.file.read(settings.max_image_bytes + 1)
    photo = await clients.call(
        lambda: read_photo(data, max_pixels=settings.limits.max_image_pixels, max_bytes=settings.max_image_bytes)
    )
    prepared = await clients.call(lambda: prepare_avatar(state.faces, photo, settings))
    repo = AvatarRepository(clients.storage)
    avatar: Avatar = await clients.call(
        lambda: repo.create(
            prepared,
            photo,
            name=form.name.strip() or form.name,
            default_voice_id=form.default_voice_id,
            thumbnail_px=settings.thumbnail_px,
        )
    )
    return avatar


async def register_ernerf_avatar(state: VideoState, body: ErnerfAvatarCreate) -> Avatar:
    """A trained ER-NeRF head from the trainer: its checkpoint copied under the avatar (idempotent per training)."""
    from services.video import ernerf_avatars

    repo = AvatarRepository(state.clients.storage)
    avatar: Avatar = await state.clients.call(ernerf_avatars.register, repo, body, state.settings.thumbnail_px)
    return avatar


async def list_avatars(state: VideoState, limit: int) -> AvatarList:
    repo = AvatarRepository(state.clients.storage)
    return AvatarList(items=await state.clients.call(lambda: repo.list(limit)))


async def get_avatar(state: VideoState, avatar_id: str) -> Avatar:
    avatar: Avatar = await state.clients.call(AvatarRepository(state.clients.storage).get, avatar_id)
    return avatar


async def update_avatar(state: VideoState, avatar_id: str, patch: AvatarUpdate) -> Avatar:
    avatar: Avatar = await state.clients.call(AvatarRepository(state.clients.storage).update, avatar_id, patch)
    return avatar


async def delete_avatar(state: VideoState, avatar_id: str) -> None:
    await state.clients.call(AvatarRepository(state.clients.storage).delete, avatar_id)


async def submit_render_form(state: VideoState, form: VideoJobForm) -> Job:
    render = RenderRequest(
        avatar_id=form.avatar_id,
        fps=form.fps,
        size=form.size,
        background=form.background,
        background_colour=form.background_colour,
        background_image=form.background_image,
        pitch_semitones=form.pitch_semitones,
        speech=SpeechInput(
            text=form.text,
            voice_id=form.voice_id or None,
            artifact_id=form.audio_artifact_id or None,
            upload=form.audio,
        ),
    )
    return await submit_render(state.clients, state.voice, render)


async def open_stream(state: VideoState, body: VideoStreamRequest) -> EventSourceResponse:
    return await stream.open_stream(state.clients, state.voice, body)


async def list_videos(state: VideoState, limit: int, avatar_id: str | None) -> VideoList:
    storage = state.clients.storage
    return VideoList(items=await state.clients.call(lambda: gallery.list_entries(storage, limit, avatar_id)))


async def get_video(state: VideoState, video_id: str) -> VideoSummary:
    summary: VideoSummary = await state.clients.call(gallery.get_entry, state.clients.storage, video_id)
    return summary


async def delete_video(state: VideoState, video_id: str) -> None:
    await state.clients.call(gallery.delete_entry, state.clients.storage, video_id)

"""Video service logic shared by the API routes: validating a render request (every refusal is a 4xx with a
stable code, before anything is stored), storing its inputs, and queueing the job."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
from fastapi import UploadFile

from services.video.avatars import AvatarRepository
from services.video.backends import renderer_for
from services.video.encode import encode_png
from services.video.photos import read_photo
from services.video.settings import VideoSettings
from shared.clients import VoiceClient
from shared.contracts.common import Job
from shared.contracts.video import Avatar, Background
from shared.errors import InvalidInput, NotFound, PayloadTooLarge
from shared.jobs import new_job_id
from shared.media import decode_audio
from shared.service_app import ServiceClients
from shared.storage import is_valid_key, make_key
from shared.uploads import save_upload

RENDER_KIND = "video.render"
_VOICE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")


@dataclass(frozen=True)
class SpeechInput:
    """Exactly one way the speech is given."""

    text: str | None = None
    voice_id: str | None = None
    artifact_id: str | None = None
    upload: UploadFile | None = None


def resolve_speech(speech: SpeechInput, avatar: Avatar, settings: VideoSettings) -> SpeechInput:
    """Exactly one of text / audio; text needs a voice (the request's or the avatar's default)."""
    text = speech.text.strip() if speech.text and speech.text.strip() else None
    given = [
        name
        for name, present in (("text", text), ("audio", speech.upload), ("audio_artifact_id", speech.artifact_id))
        if present
    ]
    if not given:
        raise InvalidInput("Give the speech: `text` (with `voice_id`) or audio.", code="speech_missing")
    if len(given) > 1:
        raise InvalidInput(f"Give only one speech source, not {' and '.join(given)}.", code="speech_conflict")
    if text is None:
        return SpeechInput(artifact_id=speech.artifact_id, upload=speech.upload)
    if len(text) > settings.limits.max_text_chars:
        raise PayloadTooLarge(
            f"The text has {len(text)} characters; the limit is {settings.limits.max_text_chars}.", code="text_too_long"
        )
    voice_id = speech.voice_id or avatar.default_voice_id
    if not voice_id:
        raise InvalidInput(
            "`voice_id` is required with `text` (this avatar has no default voice).", code="voice_id_required"
        )
    if not _VOICE_ID.match(voice_id):
        raise NotFound(f"No voice {voice_id[:80]!r}.", code="voice_not_found")
    return SpeechInput(text=text, voice_id=voice_id)


def max_speech_seconds(settings: VideoSettings) -> float:
    return min(settings.limits.max_audio_seconds, settings.limits.max_video_seconds)


async def load_avatar_for_render(clients: ServiceClients, avatar_id: str) -> Avatar:
    repo = AvatarRepository(clients.storage)
    avatar: Avatar = await clients.call(lambda: repo.get(avatar_id, urls=False))
    renderer_for(avatar.kind)  # 501 for a renderer that cannot run here
    return avatar


async def stage_artifact_audio(clients: ServiceClients, artifact_id: str, directory: Path) -> Path:
    """Download an audio artifact of our bucket (404 when absent) for decoding."""
    if not is_valid_key(artifact_id):
        raise InvalidInput("Malformed audio_artifact_id.", code="bad_artifact_id")
    target = directory / "artifact.bin"
    try:
        await clients.call(clients.storage.download, artifact_id, target)
    except NotFound as exc:
        raise NotFound(f"No stored audio {artifact_id}.", code="audio_not_found") from exc
    return target


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
            return await clients.submit_job(RENDER_KIND, inputs, gpu_indices=[], job_id=job_id)
        except Exception:
            for key in stored:  # no orphaned inputs when the job is refused
                await clients.call(clients.storage.delete, key)
            raise

"""What a render (job or stream) is given and checked against before anything is stored: exactly one speech
source, the avatar and its renderer, a stored audio artifact. Every refusal is a 4xx with a stable code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fastapi import UploadFile

from services.video.avatars import AvatarRepository
from services.video.backends import renderer_for
from services.video.settings import VideoSettings
from shared.contracts.video import Avatar
from shared.errors import InvalidInput, NotFound, PayloadTooLarge
from shared.service_app import ServiceClients
from shared.storage import is_valid_key

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

"""The voice service's operations behind its routes: pitch-shift and speech jobs queued, voice profiles.

Speech itself is speech.py's, profiles are voices.py's; the jobs' worker side is jobs.py and speech.py."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import anyio
from fastapi import UploadFile

from services.voice import speech, voices
from services.voice.deps import VoiceState
from services.voice.dsp.audio_io import encode, media_type
from shared.contracts.common import Job
from shared.contracts.voice import SpeechRequest, VoiceCreateForm, VoiceList, VoiceProfile, VoiceUpdate
from shared.jobs import new_job_id
from shared.media import decode_audio
from shared.service_app import ServiceClients
from shared.storage import make_key
from shared.uploads import save_upload

PITCH_SHIFT_KIND = "voice.pitch_shift"


async def submit_pitch_shift(clients: ServiceClients, upload: UploadFile, semitones: float) -> Job:
    """Decode (422 if not audio), store the decoded input under the new job's id, then queue the job."""
    limits = clients.settings.limits
    job_id = new_job_id()
    with tempfile.TemporaryDirectory(prefix="pitch-") as tmp:
        src = await save_upload(upload, Path(tmp) / "upload.bin")
        wav = Path(tmp) / "input.wav"
        info = await clients.call(lambda: decode_audio(src, wav, max_seconds=limits.max_audio_seconds))
        input_key = make_key("jobs", job_id, "input.wav")
        await clients.call(clients.storage.put_file, input_key, wav, "audio/wav")
    try:
        return await clients.submit_job(
            PITCH_SHIFT_KIND,
            {
                "input_key": input_key,
                "semitones": semitones,
                "duration_s": info.duration,
                "filename": (upload.filename or "")[:200],
            },
            gpu_indices=[],
            job_id=job_id,
        )
    except Exception:
        await clients.call(clients.storage.delete, input_key)  # no orphaned input when the job is refused
        raise


@dataclass(frozen=True)
class SpokenAudio:
    """Speech for the route to send: the whole encoded audio, or its chunks as they are made."""

    content: bytes | AsyncIterator[bytes]
    media_type: str
    headers: dict[str, str]


async def speak(state: VoiceState, body: SpeechRequest) -> SpokenAudio:
    """Plan (every 4xx before any audio), then synthesise whole or open the chunk stream."""
    limit = state.clients.settings.limits.max_text_chars
    plan = await anyio.to_thread.run_sync(speech.plan_speech, state.runtime, state.store, body, limit)
    if body.stream:
        stream, rate = await speech.open_stream(state.runtime, plan, body.format)
        headers = speech.response_headers(plan, None, state.runtime.backend.name)
        headers["X-Sample-Rate"] = str(rate)
        return SpokenAudio(stream, media_type(body.format, rate), headers)
    rendered = await anyio.to_thread.run_sync(speech.render, state.runtime, plan)
    data = await anyio.to_thread.run_sync(encode, rendered.audio, rendered.sample_rate, body.format)
    headers = speech.response_headers(plan, rendered, state.runtime.backend.name)
    return SpokenAudio(data, media_type(body.format, rendered.sample_rate), headers)


async def submit_speech(state: VoiceState, body: SpeechRequest) -> Job:
    """Check the request as the synchronous route would (422/404 now, not in the job), then queue it."""
    limit = state.settings.max_job_text_chars
    request = body.model_copy(update={"stream": False})
    await anyio.to_thread.run_sync(speech.plan_speech, state.runtime, state.store, request, limit)
    return await state.clients.submit_job(
        speech.SPEECH_KIND, {"request": body.model_dump(mode="json")}, gpu_indices=state.settings.gpus
    )


async def create_voice(state: VoiceState, form: VoiceCreateForm) -> VoiceProfile:
    """Store the reference (413 past the limit), then build the profile from it in a worker thread."""
    upload = form.file
    with tempfile.TemporaryDirectory(prefix="voice-upload-") as tmp:
        path = await save_upload(upload, Path(tmp) / "upload.bin", max_bytes=state.settings.max_reference_bytes)
        profile: VoiceProfile = await anyio.to_thread.run_sync(
            lambda: voices.create_profile(
                state.runtime,
                state.store,
                path,
                filename=upload.filename,
                content_type=upload.content_type,
                name=form.name,
                language=form.language,
                transcript=form.transcript,
            )
        )
        return profile


async def list_voices(state: VoiceState) -> VoiceList:
    return VoiceList(items=await state.clients.call(voices.list_voices, state.runtime, state.store))


async def get_voice(state: VoiceState, voice_id: str) -> VoiceProfile:
    profile: VoiceProfile = await state.clients.call(voices.get_voice, state.runtime, state.store, voice_id)
    return profile


async def update_voice(state: VoiceState, voice_id: str, body: VoiceUpdate) -> VoiceProfile:
    profile: VoiceProfile = await state.clients.call(voices.update_voice, state.runtime, state.store, voice_id, body)
    return profile


async def delete_voice(state: VoiceState, voice_id: str) -> None:
    await state.clients.call(voices.delete_voice, state.runtime, state.store, voice_id)

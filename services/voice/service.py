"""The voice service's operations behind its routes: pitch-shift and speech jobs queued, voice profiles.

Speech itself is speech.py's, profiles are voices.py's; the jobs' worker side is jobs.py and speech.py."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import anyio
from fastapi import UploadFile

from services.voice import jobs, speech, voices
from services.voice.deps import VoiceState
from services.voice.dsp.audio_io import encode, media_type
from shared.contracts.common import Job
from shared.contracts.voice import (
    EnrollmentInfo,
    SpeechRequest,
    VoiceCreateForm,
    VoiceList,
    VoiceProfile,
    VoiceUpdate,
)
from shared.errors import Conflict, NotFound
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
    enroll = state.settings.enroll_on_create if form.enroll is None else form.enroll
    if enroll and state.runtime.backend.name == "embedded":
        await start_enrollment(state, profile.id)
        profile = await get_voice(state, profile.id)
    return profile


# -- enrollment ----------------------------------------------------------------------------------------------


async def _current_enrollment(state: VoiceState, voice_id: str) -> Job | None:
    """The profile's enrollment job while it is queued or running (one per profile), else None."""
    clients = state.clients
    owner = await clients.call(clients.redis.get, jobs.enrollment_key(state.settings.key_prefix, voice_id))
    if owner is None:
        return None
    try:
        job: Job = await clients.call(clients.jobs.get, owner.decode() if isinstance(owner, bytes) else owner)
    except NotFound:
        return None
    return None if job.status.finished else job


async def start_enrollment(state: VoiceState, voice_id: str) -> Job:
    """Queue the profile's enrollment job, or answer the one already queued or running; a cancelled or failed
    one resumes from its saved search state."""
    if voice_id in state.runtime.builtin_voices:
        raise Conflict("Built-in voices cannot be enrolled.", code="voice_read_only")
    await state.clients.call(state.store.get, voice_id)  # 404 for unknown ids
    if state.runtime.backend.name != "embedded":
        raise Conflict(
            f"Enrollment fits Kokoro's voice; the {state.runtime.backend.name} backend clones by itself.",
            code="enrollment_not_supported",
        )
    current = await _current_enrollment(state, voice_id)
    if current is not None:
        return current
    job = await state.clients.submit_job(jobs.ENROLL_KIND, {"voice_id": voice_id}, gpu_indices=[])
    clients = state.clients
    await clients.call(clients.redis.set, jobs.enrollment_key(state.settings.key_prefix, voice_id), job.id)
    await clients.call(
        lambda: jobs.record_enrollment(
            state.store,
            voice_id,
            status="queued",
            job_id=job.id,
            progress=0.0,
            budget=state.settings.enroll_budget,
            detail=None,
        )
    )
    return job


async def cancel_enrollment(state: VoiceState, voice_id: str) -> Job:
    """Ask the running (or queued) enrollment job to stop; its search state is kept for a later resume."""
    if voice_id in state.runtime.builtin_voices:
        raise Conflict("Built-in voices have no enrollment.", code="voice_read_only")
    manifest = await state.clients.call(state.store.get, voice_id)
    current = await _current_enrollment(state, voice_id)
    if current is None:
        raise Conflict(f"Voice {voice_id} has no enrollment job running.", code="enrollment_not_running")
    job: Job = await state.clients.call(state.clients.jobs.request_cancel, current.id)
    if job.status.finished and manifest.enrollment is not None and manifest.enrollment.status == "queued":
        # Cancelled before a worker took it: the worker will never record it, so we do.
        await state.clients.call(lambda: jobs.record_enrollment(state.store, voice_id, status="cancelled"))
    return job


async def get_enrollment(state: VoiceState, voice_id: str) -> EnrollmentInfo | None:
    manifest = await state.clients.call(state.store.get, voice_id)
    return manifest.enrollment


async def list_voices(state: VoiceState) -> VoiceList:
    return VoiceList(items=await state.clients.call(voices.list_voices, state.runtime, state.store))


async def get_voice(state: VoiceState, voice_id: str) -> VoiceProfile:
    profile: VoiceProfile = await state.clients.call(voices.get_voice, state.runtime, state.store, voice_id)
    return profile


async def update_voice(state: VoiceState, voice_id: str, body: VoiceUpdate) -> VoiceProfile:
    profile: VoiceProfile = await state.clients.call(voices.update_voice, state.runtime, state.store, voice_id, body)
    return profile


async def delete_voice(state: VoiceState, voice_id: str) -> None:
    """Delete the profile; its enrollment job, if any, is cancelled first (it would fail on a missing voice)."""
    current = None if voice_id in state.runtime.builtin_voices else await _current_enrollment(state, voice_id)
    if current is not None:
        with contextlib.suppress(Conflict):  # it finished meanwhile
            await state.clients.call(state.clients.jobs.request_cancel, current.id)
    await state.clients.call(voices.delete_voice, state.runtime, state.store, voice_id)
    await state.clients.call(state.clients.redis.delete, jobs.enrollment_key(state.settings.key_prefix, voice_id))

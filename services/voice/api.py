"""Voice service HTTP routes (thin: parse, call the logic modules off the event loop, answer)."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import anyio
from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import StreamingResponse

from services.voice import service, speech, voices
from services.voice.dsp.audio_io import encode, media_type, wav_header
from services.voice.profiles import ProfileStore
from services.voice.runtime import VoiceRuntime
from shared.contracts.common import JobAccepted
from shared.contracts.voice import SEMITONES_RANGE, SpeechRequest, VoiceList, VoiceProfile, VoiceUpdate
from shared.errors import problem_responses
from shared.service_app import accepted, clients
from shared.uploads import save_upload

PROBLEMS = problem_responses(404, 409, 413, 422, 503)
AUDIO_RESPONSES: dict[int | str, dict[str, object]] = {
    **PROBLEMS,
    200: {
        "content": {
            t: {"schema": {"type": "string", "format": "binary"}}
            for t in ("audio/wav", "audio/mpeg", "audio/ogg", "audio/L16")
        },
        "description": "The audio; headers X-Audio-Duration and (voice profiles) X-Speaker-Similarity.",
    },
}

audio_router = APIRouter(prefix="/api/v1", tags=["audio"])
speech_router = APIRouter(prefix="/api/v1", tags=["speech"])
voices_router = APIRouter(prefix="/api/v1", tags=["voices"])


@dataclass
class VoiceState:
    """Kept on ``app.state.voice``: the models and the profile store of this process."""

    runtime: VoiceRuntime
    store: ProfileStore


def voice_state(request: Request) -> VoiceState:
    state: VoiceState = request.app.state.voice
    return state


# -- pitch shift (job) -------------------------------------------------------------------------------------


@audio_router.post(
    "/audio/pitch-shift",
    operation_id="audio-pitch_shift",
    status_code=202,
    response_model=JobAccepted,
    responses=PROBLEMS,
    summary="Shift the pitch of an audio file (job)",
)
async def pitch_shift(
    request: Request,
    file: Annotated[UploadFile, File(description="Audio in any format ffmpeg decodes.")],
    semitones: Annotated[float, Form(ge=SEMITONES_RANGE[0], le=SEMITONES_RANGE[1])],
) -> JobAccepted:
    job = await service.submit_pitch_shift(clients(request), file, semitones)
    return accepted(request, job)


# -- speech ------------------------------------------------------------------------------------------------


@speech_router.post(
    "/speech",
    operation_id="speech-synthesize",
    responses=AUDIO_RESPONSES,
    response_class=Response,
    summary="Speak text with a voice (audio, optionally streamed)",
)
async def synthesize(request: Request, body: SpeechRequest) -> Response:
    state = voice_state(request)
    limit = clients(request).settings.limits.max_text_chars
    plan = await anyio.to_thread.run_sync(speech.plan_speech, state.runtime, state.store, body, limit)
    if body.stream:
        headers = speech.response_headers(plan, None, state.runtime.backend.name)
        rate = body.sample_rate or 24000
        return StreamingResponse(
            _stream(state.runtime, plan), media_type=media_type(body.format, rate), headers=headers
        )
    rendered = await anyio.to_thread.run_sync(speech.render, state.runtime, plan)
    data = await anyio.to_thread.run_sync(encode, rendered.audio, rendered.sample_rate, body.format)
    return Response(
        data,
        media_type=media_type(body.format, rendered.sample_rate),
        headers=speech.response_headers(plan, rendered, state.runtime.backend.name),
    )


async def _stream(runtime: VoiceRuntime, plan: speech.SpeechPlan) -> AsyncIterator[bytes]:
    """One chunk per synthesised segment, each produced in a worker thread as the client reads."""
    iterator = speech.iter_audio(runtime, plan)
    fmt = plan.request.format
    header_sent = False
    while True:
        item = await anyio.to_thread.run_sync(next, iterator, None)
        if item is None:
            break
        audio, rate = item
        if fmt == "wav":
            body = await anyio.to_thread.run_sync(encode, audio, rate, "pcm")
            yield (b"" if header_sent else wav_header(rate)) + body
            header_sent = True
        else:
            yield await anyio.to_thread.run_sync(encode, audio, rate, fmt)
    if fmt == "wav" and not header_sent:
        yield wav_header(plan.request.sample_rate or 24000)


@speech_router.post(
    "/speech/jobs",
    operation_id="speech-synthesize_job",
    status_code=202,
    response_model=JobAccepted,
    responses=PROBLEMS,
    summary="Speak a long text in the background (job; artifact speech.wav)",
)
async def synthesize_job(request: Request, body: SpeechRequest) -> JobAccepted:
    state = voice_state(request)
    limit = state.runtime.settings.max_job_text_chars
    await anyio.to_thread.run_sync(
        speech.plan_speech, state.runtime, state.store, body.model_copy(update={"stream": False}), limit
    )
    job = await clients(request).submit_job(
        speech.SPEECH_KIND, {"request": body.model_dump(mode="json")}, gpu_indices=state.runtime.settings.gpus
    )
    return accepted(request, job)


# -- voice profiles ----------------------------------------------------------------------------------------


@voices_router.post(
    "/voices",
    operation_id="voices-create",
    status_code=201,
    response_model=VoiceProfile,
    responses=PROBLEMS,
    summary="Create a voice profile from a 3–30 s reference recording",
)
async def create_voice(
    request: Request,
    file: Annotated[UploadFile, File(description="Reference speech (wav, mp3, m4a, ogg, webm, flac).")],
    name: Annotated[str, Form(max_length=100)],
    language: Annotated[str | None, Form()] = None,
    transcript: Annotated[str | None, Form(max_length=2000)] = None,
) -> VoiceProfile:
    state = voice_state(request)
    limit = state.runtime.settings.max_reference_bytes
    with tempfile.TemporaryDirectory(prefix="voice-upload-") as tmp:
        path = Path(tmp) / "upload.bin"
        await save_upload(file, path, max_bytes=limit)
        return await anyio.to_thread.run_sync(
            lambda: voices.create_profile(
                state.runtime,
                state.store,
                path,
                filename=file.filename,
                content_type=file.content_type,
                name=name,
                language=language,
                transcript=transcript,
            )
        )


@voices_router.get(
    "/voices",
    operation_id="voices-list",
    response_model=VoiceList,
    responses=PROBLEMS,
    summary="List voice profiles and the built-in voices",
)
async def list_voices(request: Request) -> VoiceList:
    state = voice_state(request)
    return VoiceList(items=await clients(request).call(voices.list_voices, state.runtime, state.store))


@voices_router.get(
    "/voices/{voice_id}",
    operation_id="voices-get",
    response_model=VoiceProfile,
    responses=PROBLEMS,
    summary="One voice, with its quality report and audio URLs",
)
async def get_voice(request: Request, voice_id: str) -> VoiceProfile:
    state = voice_state(request)
    profile: VoiceProfile = await clients(request).call(voices.get_voice, state.runtime, state.store, voice_id)
    return profile


@voices_router.patch(
    "/voices/{voice_id}",
    operation_id="voices-update",
    response_model=VoiceProfile,
    responses=PROBLEMS,
    summary="Rename a voice or correct its transcript",
)
async def update_voice(request: Request, voice_id: str, body: VoiceUpdate) -> VoiceProfile:
    state = voice_state(request)
    profile: VoiceProfile = await clients(request).call(voices.update_voice, state.runtime, state.store, voice_id, body)
    return profile


@voices_router.delete(
    "/voices/{voice_id}",
    operation_id="voices-delete",
    status_code=204,
    responses=PROBLEMS,
    response_class=Response,
    summary="Delete a voice profile and its stored audio",
)
async def delete_voice(request: Request, voice_id: str) -> Response:
    state = voice_state(request)
    await clients(request).call(voices.delete_voice, state.runtime, state.store, voice_id)
    return Response(status_code=204)


routers = [audio_router, speech_router, voices_router]

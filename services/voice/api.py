"""Voice service HTTP routes (thin: parse, call the logic modules off the event loop, answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Response
from fastapi.responses import StreamingResponse

from services.voice import service
from services.voice.deps import VoiceDeps
from shared.contracts.common import JobAccepted, ResourceId
from shared.contracts.voice import (
    AUDIO_MEDIA_TYPES,
    PitchShiftForm,
    SpeechRequest,
    VoiceCreateForm,
    VoiceList,
    VoiceProfile,
    VoiceUpdate,
)
from shared.errors import ErrorCode as E
from shared.errors import problem_responses
from shared.openapi import job_result
from shared.service_app import accepted

MULTIPART = Form(media_type="multipart/form-data")
BACKEND = (E.voice_backend_unavailable, E.storage_unavailable, E.redis_unavailable)
SPEECH_ERRORS = (E.voice_not_found, E.empty_text, E.text_too_long, E.unsupported_language, E.instruct_not_supported)
UPLOAD_ERRORS = (E.upload_too_large, E.payload_too_large, E.undecodable_audio, E.audio_too_short, E.audio_too_long)
PROFILE_ERRORS = (E.voice_not_found, E.voice_read_only, E.invalid_name, E.storage_unavailable, E.redis_unavailable)


class AudioResponse(Response):
    """The synthesised audio; WAV unless the request asks for another format (all declared below)."""

    media_type = AUDIO_MEDIA_TYPES["wav"]


AUDIO_RESPONSES: dict[int | str, dict[str, object]] = {
    **problem_responses(*SPEECH_ERRORS, *BACKEND),
    200: {
        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in AUDIO_MEDIA_TYPES.values()},
        "description": "The audio; headers X-Audio-Duration and (voice profiles) X-Speaker-Similarity.",
    },
}

audio_router = APIRouter(prefix="/api/v1", tags=["audio"])
speech_router = APIRouter(prefix="/api/v1", tags=["speech"])
voices_router = APIRouter(prefix="/api/v1", tags=["voices"])


# -- pitch shift (job) -------------------------------------------------------------------------------------


@audio_router.post(
    "/audio/pitch-shift",
    operation_id="audio-pitch_shift",
    status_code=202,
    response_model=JobAccepted,
    responses=problem_responses(*UPLOAD_ERRORS, E.storage_unavailable, E.redis_unavailable),
    summary="Shift the pitch of an audio file (job)",
    openapi_extra=job_result("PitchShiftResult"),
)
async def pitch_shift(state: VoiceDeps, form: Annotated[PitchShiftForm, MULTIPART]) -> JobAccepted:
    job = await service.submit_pitch_shift(state.clients, form.file, form.semitones)
    return accepted(job)


# -- speech ------------------------------------------------------------------------------------------------


@speech_router.post(
    "/speech",
    operation_id="speech-synthesize",
    responses=AUDIO_RESPONSES,
    response_class=AudioResponse,
    summary="Speak text with a voice (audio, optionally streamed)",
)
async def synthesize(state: VoiceDeps, body: SpeechRequest) -> Response:
    audio = await service.speak(state, body)
    if isinstance(audio.content, bytes):
        return Response(audio.content, media_type=audio.media_type, headers=audio.headers)
    return StreamingResponse(audio.content, media_type=audio.media_type, headers=audio.headers)


@speech_router.post(
    "/speech/jobs",
    operation_id="speech-synthesize_job",
    status_code=202,
    response_model=JobAccepted,
    responses=problem_responses(*SPEECH_ERRORS, *BACKEND),
    summary="Speak a long text in the background (job; artifact speech.wav)",
    openapi_extra=job_result("SpeechResult"),
)
async def synthesize_job(state: VoiceDeps, body: SpeechRequest) -> JobAccepted:
    return accepted(await service.submit_speech(state, body))


# -- voice profiles ----------------------------------------------------------------------------------------


@voices_router.post(
    "/voices",
    operation_id="voices-create",
    status_code=201,
    response_model=VoiceProfile,
    responses=problem_responses(
        *UPLOAD_ERRORS,
        *BACKEND,
        E.invalid_name,
        E.unsupported_language,
        E.reference_too_short,
        E.reference_too_long,
        E.reference_silent,
        E.reference_no_speech,
    ),
    summary="Create a voice profile from a 3–30 s reference recording",
)
async def create_voice(state: VoiceDeps, form: Annotated[VoiceCreateForm, MULTIPART]) -> VoiceProfile:
    return await service.create_voice(state, form)


@voices_router.get(
    "/voices",
    operation_id="voices-list",
    response_model=VoiceList,
    responses=problem_responses(*BACKEND),
    summary="List voice profiles and the built-in voices",
)
async def list_voices(state: VoiceDeps) -> VoiceList:
    return await service.list_voices(state)


@voices_router.get(
    "/voices/{voice_id}",
    operation_id="voices-get",
    response_model=VoiceProfile,
    responses=problem_responses(*PROFILE_ERRORS, *BACKEND),
    summary="One voice, with its quality report and audio URLs",
)
async def get_voice(state: VoiceDeps, voice_id: ResourceId) -> VoiceProfile:
    return await service.get_voice(state, voice_id)


@voices_router.patch(
    "/voices/{voice_id}",
    operation_id="voices-update",
    response_model=VoiceProfile,
    responses=problem_responses(*PROFILE_ERRORS),
    summary="Rename a voice or correct its transcript",
)
async def update_voice(state: VoiceDeps, voice_id: ResourceId, body: VoiceUpdate) -> VoiceProfile:
    return await service.update_voice(state, voice_id, body)


@voices_router.delete(
    "/voices/{voice_id}",
    operation_id="voices-delete",
    status_code=204,
    responses=problem_responses(*PROFILE_ERRORS),
    response_class=Response,
    summary="Delete a voice profile and its stored audio",
)
async def delete_voice(state: VoiceDeps, voice_id: ResourceId) -> Response:
    await service.delete_voice(state, voice_id)
    return Response(status_code=204)


# -- enrollment (fitting the voice in the background) -------------------------------------------------------

ENROLLMENT_ERRORS = (E.voice_not_found, E.voice_read_only, E.enrollment_not_supported, *BACKEND)


@voices_router.post(
    "/voices/{voice_id}/enrollment",
    operation_id="voices-enroll",
    status_code=202,
    response_model=JobAccepted,
    responses=problem_responses(*ENROLLMENT_ERRORS),
    summary="Fit the voice to its reference in the background (job; one per voice; resumes a cancelled one)",
    openapi_extra=job_result("EnrollmentResult"),
)
async def enroll_voice(state: VoiceDeps, voice_id: ResourceId) -> JobAccepted:
    return accepted(await service.start_enrollment(state, voice_id))


@voices_router.delete(
    "/voices/{voice_id}/enrollment",
    operation_id="voices-cancel_enrollment",
    status_code=202,
    response_model=JobAccepted,
    responses=problem_responses(*ENROLLMENT_ERRORS, E.enrollment_not_running, E.job_finished),
    summary="Stop the voice's enrollment job (its progress is kept: starting it again resumes)",
)
async def cancel_enrollment(state: VoiceDeps, voice_id: ResourceId) -> JobAccepted:
    return accepted(await service.cancel_enrollment(state, voice_id))


routers = [audio_router, speech_router, voices_router]

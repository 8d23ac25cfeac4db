"""OpenAI-compatible audio routes of the voice service (thin: map, call the pipeline or Whisper, answer):
``POST /v1/audio/speech`` and ``POST /v1/audio/transcriptions``."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import APIRouter, Form, Response
from fastapi.responses import StreamingResponse

from services.voice import openai_audio, speech
from services.voice.deps import VoiceDeps
from services.voice.dsp.audio_io import encode_stream, media_type
from shared.contracts.voice import (
    OPENAI_AUDIO_MEDIA_TYPES,
    AudioSpeechRequest,
    Transcription,
    TranscriptionForm,
    TranscriptionVerbose,
)
from shared.errors import ErrorCode as E
from shared.errors import problem_responses

router = APIRouter(prefix="/v1/audio", tags=["audio"])
MULTIPART = Form(media_type="multipart/form-data")
BINARY = {"type": "string", "format": "binary"}


class OpenAIAudioResponse(Response):
    """The speech, in the requested format (mp3 unless asked otherwise; all declared below)."""

    media_type = OPENAI_AUDIO_MEDIA_TYPES["mp3"]


def _media_type(fmt: str, rate: int) -> str:
    return media_type("pcm", rate) if fmt == "pcm" else OPENAI_AUDIO_MEDIA_TYPES[fmt]


@router.post(
    "/speech",
    operation_id="audio-speech",
    response_class=OpenAIAudioResponse,
    responses={
        200: {
            "content": {t: {"schema": BINARY} for t in OPENAI_AUDIO_MEDIA_TYPES.values()},
            "description": "The audio, streamed as it is synthesised.",
        },
        **problem_responses(
            E.model_not_found,
            E.voice_not_found,
            E.empty_text,
            E.text_too_long,
            E.unsupported_language,
            E.voice_backend_unavailable,
            E.storage_unavailable,
            E.redis_unavailable,
        ),
    },
    summary="OpenAI-compatible speech: a TalkFace voice (or an OpenAI voice name) speaks the input",
)
async def create_speech(state: VoiceDeps, body: AudioSpeechRequest) -> Response:
    request = openai_audio.speech_request(state, body)
    limit = state.clients.settings.limits.max_text_chars
    plan = await anyio.to_thread.run_sync(speech.plan_speech, state.runtime, state.store, request, limit)
    headers = speech.response_headers(plan, None, state.runtime.backend.name)
    fmt = body.response_format
    # WAV and PCM are framed per piece; the codecs get the PCM through one ffmpeg, a single clean stream.
    framed = fmt in ("wav", "pcm")
    stream, rate = await speech.open_stream(state.runtime, plan, fmt if framed else "pcm")
    if not framed:
        stream = encode_stream(stream, rate, fmt)
    return StreamingResponse(stream, media_type=_media_type(fmt, rate), headers=headers)


@router.post(
    "/transcriptions",
    operation_id="audio-transcriptions",
    response_model=Transcription | TranscriptionVerbose,
    responses={
        200: {
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "`json`: {text}; `verbose_json`: with language, duration and segments; `text`, `srt` "
            "and `vtt`: plain text.",
        },
        **problem_responses(
            E.model_not_found,
            E.upload_too_large,
            E.payload_too_large,
            E.undecodable_audio,
            E.audio_too_short,
            E.audio_too_long,
            E.media_timeout,
            E.unsupported_language,
            E.asr_unavailable,
        ),
    },
    summary="OpenAI-compatible transcription (Whisper base); silence gives an empty text",
)
async def create_transcription(state: VoiceDeps, form: Annotated[TranscriptionForm, MULTIPART]) -> Response:
    transcript = await openai_audio.transcribe(state, form)
    return openai_audio.transcription_response(transcript, form.response_format)


routers = [router]

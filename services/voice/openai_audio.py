"""OpenAI's audio API on top of the one speech pipeline (:mod:`services.voice.speech`) and the one Whisper
(:mod:`services.voice.asr`): model and voice names, the request mapping, and the transcript formats.

OpenAI's voice names map to built-in voices of the embedded backend (the table below, documented in
docs/voice.md), so tools that only know those names still speak; a TalkFace voice id is used as it is.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import Response
from fastapi.responses import JSONResponse

from services.voice.asr import Transcript
from services.voice.deps import VoiceState
from shared.contracts.voice import (
    SPEECH_MODELS,
    TRANSCRIPTION_MODELS,
    AudioSpeechRequest,
    SpeechRequest,
    Transcription,
    TranscriptionForm,
    TranscriptionVerbose,
)
from shared.errors import NotFound
from shared.uploads import save_upload

# OpenAI's stock voices -> built-in voices (female-sounding names to Kokoro's female styles, male-sounding to
# Kokoro's male style or Piper's Joe; Piper speaks English only).
OPENAI_VOICES = {
    "alloy": "kokoro-jf_alpha",
    "ash": "kokoro-jm_kumo",
    "ballad": "kokoro-jm_kumo",
    "coral": "kokoro-jf_gongitsune",
    "echo": "piper-joe",
    "fable": "kokoro-jf_nezumi",
    "nova": "kokoro-jf_tebukuro",
    "onyx": "piper-joe",
    "sage": "kokoro-jf_nezumi",
    "shimmer": "kokoro-jf_tebukuro",
    "verse": "kokoro-jm_kumo",
}
# OpenAI's speech comes at 24 kHz (its `pcm` is documented so); ours is sent at the same rate.
OPENAI_SAMPLE_RATE = 24000


def _model_not_found(model: str, accepted: list[str]) -> NotFound:
    return NotFound(f"No model {model!r} here; use one of {', '.join(accepted)}.", code="model_not_found")


def speech_request(state: VoiceState, body: AudioSpeechRequest) -> SpeechRequest:
    """The pipeline's request for an OpenAI one: 404 ``model_not_found`` for a model it does not serve,
    404 ``voice_not_found`` for an OpenAI voice whose built-in voice this backend lacks."""
    backend = state.runtime.backend
    accepted = [*SPEECH_MODELS, backend.name]
    if body.model not in accepted:
        raise _model_not_found(body.model, accepted)
    voice_id = OPENAI_VOICES.get(body.voice, body.voice)
    if body.voice in OPENAI_VOICES and state.runtime.ready and voice_id not in state.runtime.builtin_voices:
        raise NotFound(
            f"OpenAI's voice {body.voice!r} stands for the built-in voice {voice_id}, which the {backend.name} "
            "backend does not have; use a voice id from GET /api/v1/voices.",
            code="voice_not_found",
        )
    follows_instructions = getattr(backend, "supports_instruct", False)
    return SpeechRequest(
        text=body.input,
        voice_id=voice_id,
        speed=body.speed,
        sample_rate=OPENAI_SAMPLE_RATE,
        stream=True,
        instruct=body.instructions if follows_instructions and body.instructions else None,
    )


async def transcribe(state: VoiceState, form: TranscriptionForm) -> Transcript:
    """Store the upload, decode and transcribe it (blocking work in a thread)."""
    if form.model not in TRANSCRIPTION_MODELS:
        raise _model_not_found(form.model, list(TRANSCRIPTION_MODELS))
    asr, settings = state.runtime.asr, state.settings
    if asr is None:  # the API process always loads Whisper; a tool building its own runtime may not
        raise NotFound("Speech recognition is not loaded in this process.", code="model_not_found")
    with tempfile.TemporaryDirectory(prefix="voice-asr-") as tmp:
        src = await save_upload(form.file, Path(tmp) / "upload.bin", max_bytes=settings.limits.max_upload_bytes)
        transcript: Transcript = await state.clients.call(
            lambda: asr.transcribe_file(
                src,
                Path(tmp),
                max_seconds=settings.asr_max_seconds,
                min_speech_s=settings.asr_min_speech_s,
                vad_threshold=settings.asr_vad_threshold,
                language=form.language or None,
                prompt=form.prompt or None,
                temperature=form.temperature,
            )
        )
    return transcript


def transcription_response(transcript: Transcript, response_format: str) -> Response:
    """The transcript in the requested OpenAI format."""
    if response_format == "json":
        return JSONResponse(Transcription(text=transcript.text).model_dump())
    if response_format == "verbose_json":
        verbose = TranscriptionVerbose(
            language=transcript.language,
            duration=transcript.duration,
            text=transcript.text,
            segments=list(transcript.segments),
        )
        return JSONResponse(verbose.model_dump())
    if response_format == "srt":
        body = subtitles(transcript, srt=True)
    elif response_format == "vtt":
        body = subtitles(transcript, srt=False)
    else:
        body = transcript.text + "\n"
    return Response(body, media_type="text/plain; charset=utf-8")


def subtitles(transcript: Transcript, *, srt: bool) -> str:
    """SubRip or WebVTT cues, one per segment. Hand-written: two timestamp layouts and a numbered list do not
    warrant a subtitle library as a dependency of the voice service."""

    def stamp(seconds: float) -> str:
        millis = round(seconds * 1000)
        hours, rest = divmod(millis, 3_600_000)
        minutes, rest = divmod(rest, 60_000)
        secs, millis = divmod(rest, 1000)
        return f"{hours:02d}:{minutes:02d}:{secs:02d}{',' if srt else '.'}{millis:03d}"

    cues = [
        (f"{index}\n" if srt else "") + f"{stamp(s.start)} --> {stamp(s.end)}\n{s.text.strip()}\n"
        for index, s in enumerate(transcript.segments, start=1)
    ]
    return "\n".join(cues) if srt else "WEBVTT\n\n" + "\n".join(cues)

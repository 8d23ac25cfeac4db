"""Voice service operations: speech synthesis, voice profiles and the pitch-shift job."""

from __future__ import annotations

from gateway.proxy import Operation
from shared.contracts.common import JobAccepted
from shared.contracts.voice import (
    AUDIO_MEDIA_TYPES,
    PitchShiftForm,
    SpeechRequest,
    VoiceCreateForm,
    VoiceList,
    VoiceProfile,
    VoiceUpdate,
)

VOICE_PATH = "/api/v1/voices/{voice_id}"

OPERATIONS: list[Operation] = [
    Operation(
        "POST",
        "/api/v1/audio/pitch-shift",
        "voice",
        "audio-pitch_shift",
        "audio",
        "Shift the pitch of an audio file (job)",
        status_code=202,
        response_model=JobAccepted,
        form_model=PitchShiftForm,
    ),
    Operation(
        "POST",
        "/api/v1/speech",
        "voice",
        "speech-synthesize",
        "speech",
        "Speak text with a voice (audio, optionally streamed)",
        json_model=SpeechRequest,
        response_media_types=tuple(AUDIO_MEDIA_TYPES.values()),
    ),
    Operation(
        "POST",
        "/api/v1/speech/jobs",
        "voice",
        "speech-synthesize_job",
        "speech",
        "Speak a long text in the background (job; artifact speech.wav)",
        status_code=202,
        response_model=JobAccepted,
        json_model=SpeechRequest,
    ),
    Operation(
        "POST",
        "/api/v1/voices",
        "voice",
        "voices-create",
        "voices",
        "Create a voice profile from a 3–30 s reference recording",
        status_code=201,
        response_model=VoiceProfile,
        form_model=VoiceCreateForm,
    ),
    Operation(
        "GET",
        "/api/v1/voices",
        "voice",
        "voices-list",
        "voices",
        "List voice profiles and the built-in voices",
        response_model=VoiceList,
    ),
    Operation(
        "GET",
        VOICE_PATH,
        "voice",
        "voices-get",
        "voices",
        "One voice, with its quality report and audio URLs",
        response_model=VoiceProfile,
    ),
    Operation(
        "PATCH",
        VOICE_PATH,
        "voice",
        "voices-update",
        "voices",
        "Rename a voice or correct its transcript",
        response_model=VoiceProfile,
        json_model=VoiceUpdate,
    ),
    Operation(
        "DELETE",
        VOICE_PATH,
        "voice",
        "voices-delete",
        "voices",
        "Delete a voice profile and its stored audio",
        status_code=204,
    ),
]

"""Voice service contracts: speech synthesis, voice profiles and the pitch-shift job.

Other services (video, chat) call ``POST /api/v1/speech`` with :class:`SpeechRequest`; keep its fields and
defaults stable and add new fields only with defaults.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import UploadFile
from pydantic import BaseModel, Field

SEMITONES_RANGE = (-12.0, 12.0)
SPEED_RANGE = (0.5, 2.0)
SAMPLE_RATE_RANGE = (8000, 48000)
LANGUAGES = ("auto", "zh", "en")
AudioFormat = Literal["wav", "mp3", "ogg", "pcm"]
AUDIO_MEDIA_TYPES: dict[str, str] = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "pcm": "audio/L16",
}


class PitchShiftForm(BaseModel):
    """multipart/form-data body of ``POST /api/v1/audio/pitch-shift``."""

    file: UploadFile = Field(
        json_schema_extra={"format": "binary"},
        description="Audio in any format ffmpeg decodes (wav, mp3, m4a, ogg, webm, flac ...).",
    )
    semitones: float = Field(
        ge=SEMITONES_RANGE[0], le=SEMITONES_RANGE[1], description="Pitch change; formants are kept (WORLD vocoder)."
    )


class PitchShiftResult(BaseModel):
    """``result`` of a succeeded ``voice.pitch_shift`` job; the WAV is its artifact `output.wav`."""

    semitones: float
    duration_s: float
    sample_rate: int
    input_median_f0_hz: float
    output_median_f0_hz: float


# -- speech -------------------------------------------------------------------------------------------------


class SpeechRequest(BaseModel):
    """JSON body of ``POST /api/v1/speech`` and ``POST /api/v1/speech/jobs``."""

    text: str = Field(
        description="What to say: Chinese, English or both mixed. Numbers, dates and "
        "units are read out; long text is split into sentences."
    )
    voice_id: str = Field(
        description="A voice profile id (`POST /api/v1/voices`) or a built-in voice "
        "such as `kokoro-jf_alpha` or `piper-joe` (`GET /api/v1/voices`)."
    )
    # A plain string (not an enum) so an unknown language answers 422 `unsupported_language`, not a
    # generic validation error; the schema still lists the accepted values.
    language: str = Field(
        "auto",
        json_schema_extra={"enum": list(LANGUAGES)},
        description="`auto` detects zh/en from the text (mixed text allowed).",
    )
    speed: float = Field(1.0, ge=SPEED_RANGE[0], le=SPEED_RANGE[1], description="Speaking rate factor.")
    pitch_semitones: float = Field(
        0.0,
        ge=SEMITONES_RANGE[0],
        le=SEMITONES_RANGE[1],
        description="Pitch change after synthesis (WORLD; formants kept).",
    )
    format: AudioFormat = Field("wav", description="`pcm` is raw signed 16-bit little-endian mono.")
    sample_rate: int | None = Field(
        None,
        ge=SAMPLE_RATE_RANGE[0],
        le=SAMPLE_RATE_RANGE[1],
        description="Output sample rate; default: the engine's own.",
    )
    stream: bool = Field(False, description="Chunked audio, the first chunk after the first sentence.")
    instruct: str | None = Field(
        None,
        max_length=300,
        description="Style instruction (emotion, dialect ...); CosyVoice backend "
        "only, 422 `instruct_not_supported` elsewhere.",
    )
    clone: bool = Field(
        True,
        description="For a voice profile: apply the cloning stage. `false` speaks "
        "with the profile's base voice only (for comparison).",
    )


class SpeechResult(BaseModel):
    """``result`` of a succeeded ``voice.speech`` job; the audio is its artifact `speech.wav`."""

    voice_id: str
    backend: str
    language: str
    duration_s: float
    sample_rate: int
    sentences: int
    speaker_similarity: float | None = Field(
        None, description="Cosine similarity (resemblyzer) of the output to the profile's reference."
    )
    synthesis_seconds: float


# -- voice profiles -----------------------------------------------------------------------------------------


class VoiceCreateForm(BaseModel):
    """multipart/form-data body of ``POST /api/v1/voices``."""

    file: UploadFile = Field(
        json_schema_extra={"format": "binary"},
        description="Reference speech, 3–30 s of one speaker (wav, mp3, m4a, ogg, webm, flac).",
    )
    name: str = Field(min_length=1, max_length=100)
    language: str | None = Field(
        None, json_schema_extra={"enum": ["zh", "en"]}, description="Language of the reference; detected when omitted."
    )
    transcript: str | None = Field(
        None, max_length=2000, description="What the reference says; transcribed (Whisper) when omitted."
    )


class VoiceUpdate(BaseModel):
    """JSON body of ``PATCH /api/v1/voices/{voice_id}``."""

    name: str | None = Field(None, min_length=1, max_length=100)
    transcript: str | None = Field(None, min_length=1, max_length=2000)


class QualityReport(BaseModel):
    """Measurements of a reference recording, for the UI to show before anyone relies on the clone."""

    duration_s: float = Field(description="Speech duration after trimming silence.")
    original_duration_s: float
    sample_rate: int = Field(description="Sample rate of the uploaded file.")
    snr_db: float | None = Field(None, description="Estimated speech-to-noise ratio.")
    clipping_ratio: float = Field(description="Fraction of samples at or near full scale in the upload.")
    loudness_lufs: float | None = Field(None, description="Integrated loudness (ITU BS.1770) of the upload.")
    normalized_lufs: float = Field(
        description="Loudness of the processed reference: the target (−20 LUFS) unless "
        "the −1 dBFS peak ceiling kept it lower."
    )
    speech_ratio: float = Field(
        description="Fraction of the trimmed audio that voice activity detection marks as speech."
    )
    median_f0_hz: float | None = None
    warnings: list[str] = Field(default_factory=list, description="Human-readable problems found.")


class CloneInfo(BaseModel):
    """How the embedded backend imitates this speaker (computed once, at profile creation)."""

    base_voice: str = Field(description="Base voice(s) blended, e.g. `kokoro:jf_alpha*0.7+jm_kumo*0.3`.")
    base_similarity: float = Field(description="Speaker similarity of the un-cloned base voice.")
    similarity: float = Field(description="Speaker similarity after the cloning stage (calibration text).")
    f0_log_mean: float
    f0_log_std: float
    warp: float = Field(description="Spectral-envelope frequency warp factor.")


class VoiceProfile(BaseModel):
    """A user's voice (from a reference recording) or a built-in voice of an embedded engine."""

    id: str
    name: str
    kind: Literal["profile", "builtin"] = "profile"
    engine: str = Field(description="Engine that speaks it: `kokoro`, `piper` or the profile's backend.")
    language: str | None = None
    languages: list[str] = Field(default_factory=lambda: ["zh", "en"], description="Languages it can speak.")
    transcript: str | None = None
    transcript_source: Literal["user", "whisper", "none"] = "none"
    created_at: datetime | None = None
    updated_at: datetime | None = None
    quality: QualityReport | None = None
    clone: CloneInfo | None = None
    reference_url: str | None = Field(None, description="Presigned URL of the processed reference (GET one).")
    original_url: str | None = Field(None, description="Presigned URL of the uploaded file (GET one).")


class VoiceList(BaseModel):
    items: list[VoiceProfile]

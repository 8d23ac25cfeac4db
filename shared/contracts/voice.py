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
    enroll: bool | None = Field(
        None,
        description="Start the enrollment job (fitting the voice in the background); default "
        "`VOICE_ENROLL_ON_CREATE`. The profile is usable at once either way.",
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


EnrollmentVariant = Literal["base", "dsp", "fitted", "fitted_world"]


class EncoderSimilarity(BaseModel):
    """Cosine similarity to the reference on held-out sentences (never the ones the fit trained on), by two
    independent speaker encoders: the fit maximises the first and is judged on both."""

    resemblyzer: float
    voicefilter: float


class EnrollmentInfo(BaseModel):
    """The profile's enrollment: a background job that fits Kokoro's timbre vector to the speaker (style
    inversion). The profile speaks with its DSP clone until the job has chosen the best voice."""

    status: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    job_id: str | None = None
    progress: float = Field(0.0, description="0–1, as the job's own progress.")
    evaluations: int = Field(0, description="Candidate voices measured so far (kept across cancel and resume).")
    budget: int = Field(0, description="Candidate voices the search may measure (`VOICE_ENROLL_BUDGET`).")
    resumed_from: int | None = Field(
        None, description="Candidates carried over from a cancelled or interrupted run of the search."
    )
    training_similarity: float | None = Field(
        None, description="Best resemblyzer similarity on the training sentences so far."
    )
    held_out: dict[str, EncoderSimilarity] = Field(
        default_factory=dict,
        description="Held-out similarity per variant: `base` (stock style), `dsp` (stock + WORLD clone), "
        "`fitted` (fitted timbre), `fitted_world` (fitted + WORLD).",
    )
    chosen: EnrollmentVariant | None = Field(
        None, description="The variant the profile now speaks with: never below `base` on either encoder."
    )
    languages: list[str] = Field(
        default_factory=list, description="Languages the fitted timbre is used for (zh only if it passed the gate)."
    )
    zh_cer_base: float | None = Field(None, description="Whisper character error rate of the base voice (gate).")
    zh_cer_fitted: float | None = Field(None, description="The same for the fitted voice.")
    seconds: float | None = Field(None, description="Compute time of the job (all runs).")
    detail: str | None = Field(None, description="Why the job failed or what it decided, in words.")
    updated_at: datetime | None = None


class EnrollmentResult(BaseModel):
    """``result`` of a succeeded ``voice.enroll`` job."""

    voice_id: str
    enrollment: EnrollmentInfo


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
    enrollment: EnrollmentInfo | None = None
    reference_url: str | None = Field(None, description="Presigned URL of the processed reference (GET one).")
    original_url: str | None = Field(None, description="Presigned URL of the uploaded file (GET one).")


class VoiceList(BaseModel):
    items: list[VoiceProfile]


# -- OpenAI-compatible audio (/v1/audio/...) -----------------------------------------------------------------
# The model names the voice service accepts (GET /v1/models lists them). Every speech name is the one speech
# pipeline with the configured backend (its name, e.g. `embedded`, is accepted too); every transcription name
# is Whisper base. The OpenAI names are aliases so that tools with those names built in work unchanged.
SPEECH_MODELS = ("talkface-tts", "tts-1", "tts-1-hd", "gpt-4o-mini-tts")
TRANSCRIPTION_MODELS = ("talkface-asr", "whisper-1")
OpenAIAudioFormat = Literal["mp3", "opus", "aac", "flac", "wav", "pcm"]
OPENAI_AUDIO_MEDIA_TYPES: dict[str, str] = {
    "mp3": "audio/mpeg",
    "opus": "audio/ogg",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/L16",
}
TranscriptionFormat = Literal["json", "text", "srt", "verbose_json", "vtt"]


class AudioSpeechRequest(BaseModel):
    """JSON body of ``POST /v1/audio/speech`` (OpenAI's shape). Fields of OpenAI's API not listed are ignored."""

    model: str = Field(description=f"One of {', '.join(SPEECH_MODELS)}, or the backend's name (all the same engine).")
    input: str = Field(description="The text to speak (the same text rules and limit as `POST /api/v1/speech`).")
    voice: str = Field(
        description="A voice profile id, a built-in voice id (`GET /api/v1/voices`), or one of OpenAI's voice "
        "names, which map to built-in voices (docs/voice.md)."
    )
    response_format: OpenAIAudioFormat = Field(
        "mp3", description="`pcm` is raw signed 16-bit little-endian mono at 24 kHz, like OpenAI's."
    )
    speed: float = Field(1.0, ge=SPEED_RANGE[0], le=SPEED_RANGE[1], description="Speaking rate factor.")
    instructions: str | None = Field(
        None,
        max_length=300,
        description="Style instruction; followed by the CosyVoice backend, ignored by the others.",
    )


class TranscriptionForm(BaseModel):
    """multipart/form-data body of ``POST /v1/audio/transcriptions`` (OpenAI's shape)."""

    file: UploadFile = Field(
        json_schema_extra={"format": "binary"},
        description="Audio in any format ffmpeg decodes (wav, mp3, m4a, ogg, webm, flac ...).",
    )
    model: str = Field(description=f"One of {', '.join(TRANSCRIPTION_MODELS)} (both Whisper base).")
    language: str | None = Field(None, description="ISO-639-1 code (`en`, `zh` ...); detected when omitted.")
    prompt: str | None = Field(None, max_length=1000, description="Text that guides the style or spelling.")
    response_format: TranscriptionFormat = "json"
    temperature: float = Field(0.0, ge=0.0, le=1.0)


class Transcription(BaseModel):
    """``response_format=json``: the text alone."""

    text: str


class TranscriptionSegment(BaseModel):
    id: int
    seek: int
    start: float = Field(description="Seconds from the start of the audio.")
    end: float
    text: str
    tokens: list[int]
    temperature: float
    avg_logprob: float
    compression_ratio: float
    no_speech_prob: float


class TranscriptionVerbose(BaseModel):
    """``response_format=verbose_json``: the text, its language (ISO-639-1 code), the audio's duration and the
    timed segments."""

    task: Literal["transcribe"] = "transcribe"
    language: str
    duration: float
    text: str
    segments: list[TranscriptionSegment]

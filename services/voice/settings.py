"""Voice service settings (env prefix ``VOICE_``)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from pydantic_settings import SettingsConfigDict

from shared.settings import EnvList, ServiceSettings


def _default_cache_dir() -> str:
    return str(Path.home() / ".cache" / "talkface" / "voice")


class VoiceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VOICE_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "voice"
    port: int = 8101
    # Which speech engine answers /speech: `embedded` (Kokoro + Piper + DSP cloning, CPU), `cosyvoice`
    # (local model directory, GPU) or `openvoice` (embedded base TTS + an OpenVoice tone-colour converter).
    backend: str = "embedded"
    cosyvoice_model_dir: str | None = None
    # Directory holding an OpenVoice converter checkpoint (`config.json` + `checkpoint.pth`).
    openvoice_model_dir: str | None = None
    # torch device for the GPU backends (`cuda`, `cuda:0`, `cpu`); None picks cuda when available.
    device: str | None = None
    # Where reassembled model files (Kokoro ONNX, Whisper base) and calibration caches live.
    model_cache_dir: str = _default_cache_dir()
    # Threads given to onnxruntime / torch inside one process (0: all cores); Whisper has `asr_threads`.
    threads: int = 0
    # Kokoro's graph: `float` rewrites the shipped int8 file once into a faster float one (dequantised weights,
    # 2-D convolutions; ~20 % faster, ~330 MB on disk and in memory), `int8` runs the shipped file (~90 MB).
    kokoro_graph: Literal["float", "int8"] = "float"
    job_time_limit_s: float = 1800
    # Upload cap for a reference recording (the global LIMIT_MAX_UPLOAD_BYTES still applies on top).
    max_reference_bytes: int = 50 * 1024 * 1024
    # Longest text a speech *job* accepts; synchronous /speech uses LIMIT_MAX_TEXT_CHARS.
    max_job_text_chars: int = 100_000
    # Loudness every processed reference is normalised to (ITU BS.1770 integrated, LUFS).
    reference_lufs: float = -20.0
    # Working sample rate of processed references (Kokoro's native rate).
    reference_sample_rate: int = 24000
    # Load the models on start-up (False: on first use; only for tools that never synthesise).
    preload: bool = True
    # Also try blending the two closest Kokoro styles at profile creation (slower creation, sometimes closer).
    clone_blend: bool = False
    # Search budget of the cloning stage at profile creation (candidate conversions to measure).
    clone_search_steps: int = 8
    # Silence between sentences in the output.
    sentence_pause_s: float = 0.18

    # -- enrollment (style inversion: a background job per profile fits Kokoro's timbre vector) ---------------
    # Start an enrollment job when a profile is created (the form's `enroll` field overrides it per profile).
    enroll_on_create: bool = True
    # Search budget: candidate voices synthesised and measured (one synthesis of the two training sentences each).
    # 240 took about 7 minutes on 2 Intel Xeon cores and raised held-out similarity by 0.11-0.16 (resemblyzer) and
    # 0.20-0.25 (voicefilter) over the base; tests use a few.
    enroll_budget: int = 240
    # Candidates per CMA-ES generation (0: the library's default for 128 dimensions, 18); progress is saved
    # after each generation, so a cancelled or interrupted job resumes from the last one.
    enroll_population: int = 0
    # Initial step, in units of the spread of the shipped styles along each dimension.
    enroll_sigma: float = 0.5
    # Distance bound: the fitted timbre vector stays within this multiple of the largest distance between two
    # shipped styles from its start (so Kokoro's decoder never sees a vector unlike anything it was trained on).
    enroll_max_distance: float = 1.0
    # Mandarin gate: a fitted voice is used for Chinese only if its character error rate (bundled Whisper, gate
    # sentences) is at most the base voice's plus this margin.
    enroll_zh_cer_margin: float = 0.0
    # Seed of the search (a fixed seed makes a job's result reproducible on one machine).
    enroll_seed: int = 1

    # -- speech recognition (Whisper base through faster-whisper; POST /v1/audio/transcriptions) -----------------
    # One thread: Whisper base is barely faster with two on 2 cores (1.2-1.6 s for 4 s of speech either way),
    # and with another busy process two CTranslate2 threads stalled each other (9.5 s measured in the bench).
    asr_threads: int = 1
    asr_beam_size: int = 1
    # Audio up to this long, in these languages, is encoded in a window of its own length (plus 3 s) instead of
    # Whisper's 30 s: 4-7x faster on a spoken chat message; a decode Whisper's own thresholds doubt is redone
    # the usual way. Mandarin measured 2-5 points more CER in the short window, so it is not listed by default.
    # 0 turns it off.
    asr_short_window_max_s: float = 20.0
    asr_short_window_languages: EnvList[str] = ["en"]
    # Longest audio a transcription request may hold (413 `audio_too_long` past it).
    asr_max_seconds: float = 300.0
    # Silero VAD: with less detected speech than this the transcript is empty (Whisper is not run).
    asr_min_speech_s: float = 0.3
    asr_vad_threshold: float = 0.5

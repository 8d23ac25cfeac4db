"""Speaker embeddings with resemblyzer (its GE2E voice encoder ships inside the wheel).

Used to describe a reference (256-D embedding stored with the profile), to steer the cloning stage, and to
report the speaker similarity (cosine) of every cloned output.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

_INSTALL_HINT = "pip install --no-deps 'resemblyzer==0.1.4' 'webrtcvad==2.0.10' (plus torch, librosa)"
MIN_SECONDS = 0.6


class SpeakerEncoder:
    sample_rate = 16000

    def __init__(self) -> None:
        self.encoder: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        try:
            from resemblyzer import VoiceEncoder
        except ImportError as exc:
            raise RuntimeError(f"resemblyzer is not installed ({exc}); {_INSTALL_HINT}") from exc
        self.encoder = VoiceEncoder("cpu", verbose=False)

    def warm_up(self) -> None:
        """The first call JIT-compiles librosa's numba kernels (seconds): pay it at start-up, not per request."""
        t = np.arange(int(1.5 * 16000)) / 16000
        tone = (0.3 * np.sin(2 * np.pi * 140 * t) * (1 + np.sin(2 * np.pi * 3 * t))).astype(np.float32)
        self.embed(tone, 16000)

    def embed(self, audio: np.ndarray, sample_rate: int) -> np.ndarray:
        """L2-normalised 256-D embedding of the voiced parts of ``audio``."""
        from resemblyzer import preprocess_wav

        with self._lock:
            wav = preprocess_wav(np.asarray(audio, dtype=np.float32), source_sr=sample_rate)
            if len(wav) < MIN_SECONDS * self.sample_rate:  # nothing voiced left: embed what there is
                wav = preprocess_wav(
                    np.asarray(audio, dtype=np.float32), source_sr=sample_rate, normalize=True, trim_silence=False
                )
            if len(wav) < MIN_SECONDS * self.sample_rate:
                wav = np.pad(wav, (0, int(MIN_SECONDS * self.sample_rate) - len(wav)))
            return np.asarray(self.encoder.embed_utterance(wav), dtype=np.float32)

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> float:
        denominator = float(np.linalg.norm(a) * np.linalg.norm(b)) or 1.0
        return float(np.dot(a, b) / denominator)

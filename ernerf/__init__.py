"""ER-NeRF in pure PyTorch: an audio-driven talking-head NeRF (tri-plane head + 2D torso) that trains on a
dataset in ER-NeRF's on-disk layout and renders frames from one self-contained checkpoint.

No CUDA extensions: it runs on CPU (fp32, deterministic) for tests and on a GPU with autocast and optional
``torch.compile``. See docs/ernerf.md for how it works and its conventions.
"""

from ernerf.audio import mel_windows
from ernerf.config import PRESETS, STAGES, Preset, Stage, TrainConfig
from ernerf.runtime import AvatarRuntime, AvatarSession
from ernerf.train import ProgressEvent, TrainingResult, TrainingRun

__all__ = [
    "PRESETS",
    "STAGES",
    "AvatarRuntime",
    "AvatarSession",
    "Preset",
    "ProgressEvent",
    "Stage",
    "TrainConfig",
    "TrainingResult",
    "TrainingRun",
    "mel_windows",
]

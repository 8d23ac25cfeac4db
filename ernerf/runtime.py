"""Rendering from one self-contained checkpoint: the video service's entry point."""

from __future__ import annotations

from pathlib import Path

import numpy as np


class AvatarRuntime:
    """Everything needed to render lives in ONE self-contained checkpoint file (weights, occupancy grid, config,
    intrinsics, the training pose track, the background plate, torso), so the video service needs nothing else."""

    size: tuple[int, int]  # (height, width) of the training frames
    fps: int

    @classmethod
    def load(cls, checkpoint: Path, device: str = "cpu") -> AvatarRuntime:
        raise NotImplementedError("ernerf rendering is being implemented")

    def session(self, seed: int = 0) -> AvatarSession:
        raise NotImplementedError("ernerf rendering is being implemented")


class AvatarSession:
    """One rendering stream: pose, audio history and smoothing state carry across calls."""

    def frame(self, audio_window: np.ndarray, eye: float | None = None) -> np.ndarray:
        """Next frame (H x W x 3 uint8 RGB) for one [16, 32] audio window; the head pose follows the training
        track, looped back and forth and smoothed (the idle path); state carries across calls so segments join."""
        raise NotImplementedError("ernerf rendering is being implemented")

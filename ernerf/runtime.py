"""Rendering from one self-contained checkpoint: the video service's entry point.

A session walks the training pose track back and forth (ping-pong) with a 7-frame moving average (the idle
path), computes each frame's audio code from the last windows it was given (ER-NeRF's 8-frame attention window,
whose not-yet-seen future slots repeat the newest window, so frames come out with no look-ahead delay), and
blends consecutive codes 0.35/0.65 (ER-NeRF's ``--smooth_lips``). Individual code 0 is used, as in ER-NeRF.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import numpy as np
import torch

from ernerf.avatar import Avatar, load_checkpoint
from ernerf.train import pick_device

POSE_SMOOTHING = 7  # frames averaged along the track (ER-NeRF's --smooth_path window)
LIPS_SMOOTHING = 0.35  # weight of the previous audio code


def ping_pong(index: int, length: int) -> int:
    """0, 1, .., n-1, n-2, .., 1, 0, 1, ..: the track replayed back and forth."""
    if length <= 1:
        return 0
    period = 2 * (length - 1)
    k = index % period
    return k if k < length else period - k


def smooth_pose(poses: torch.Tensor, centre: int, window: int) -> torch.Tensor:
    """The mean of nearby poses along the ping-pong track, its rotation projected back onto SO(3)."""
    n = len(poses)
    picks = torch.stack([poses[ping_pong(centre + k, n)] for k in range(-(window // 2), window // 2 + 1)])
    mean = picks.mean(dim=0)
    u, _, vt = torch.linalg.svd(mean[:3, :3].double())
    rotation = u @ vt
    if torch.det(rotation) < 0:
        u[:, -1] *= -1
        rotation = u @ vt
    out = mean.clone()
    out[:3, :3] = rotation.to(mean.dtype)
    return out


class AvatarRuntime:
    """Everything needed to render lives in ONE self-contained checkpoint file (weights, occupancy grid, config,
    intrinsics, the training pose track, the background plate, torso), so the video service needs nothing else."""

    size: tuple[int, int]  # (height, width) of the training frames
    fps: int

    def __init__(self, avatar: Avatar, fps: int) -> None:
        self.avatar = avatar
        self.size = (avatar.intrinsics.height, avatar.intrinsics.width)
        self.fps = fps

    @classmethod
    def load(cls, checkpoint: Path, device: str = "cpu") -> AvatarRuntime:
        data = load_checkpoint(Path(checkpoint))
        target = pick_device(device)
        avatar = Avatar.from_payload(data, target)
        avatar.head.eval()
        avatar.torso.eval()
        if target.type == "cuda":
            avatar.autocast_dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return cls(avatar, int(data.get("fps", 25)))

    def session(self, seed: int = 0) -> AvatarSession:
        """A new stream; ``seed`` picks where on the pose track it starts."""
        n = len(self.avatar.poses)
        start = int(np.random.default_rng(seed).integers(0, max(n, 1))) if seed else 0
        return AvatarSession(self, start)


class AvatarSession:
    """One rendering stream: pose position, audio history and smoothing state carry across calls."""

    def __init__(self, runtime: AvatarRuntime, start: int = 0) -> None:
        self.runtime = runtime
        self.index = start
        frames = runtime.avatar.preset.audio_att_frames
        self._past = frames // 2  # slots before the current frame
        self._windows: deque[torch.Tensor] = deque(maxlen=self._past + 1)
        self._code: torch.Tensor | None = None

    @torch.no_grad()
    def audio_code(self, audio_window: np.ndarray) -> torch.Tensor:
        avatar = self.runtime.avatar
        window = torch.as_tensor(np.asarray(audio_window, dtype=np.float32), device=avatar.device)
        expected = (avatar.audio_in,)
        if window.ndim != 2 or window.shape[1:] != expected:
            raise ValueError(f"audio window must be [W, {avatar.audio_in}], got {tuple(window.shape)}")
        if not self._windows:  # the clip starts: earlier slots are silence (zeros), as in training
            for _ in range(self._past):
                self._windows.append(torch.zeros_like(window))
        self._windows.append(window)
        frames = avatar.preset.audio_att_frames
        slots = list(self._windows) + [window] * (frames - len(self._windows))
        code = avatar.head.encode_audio(torch.stack(slots))
        if self._code is not None:
            code = LIPS_SMOOTHING * self._code + (1 - LIPS_SMOOTHING) * code
        self._code = code
        return code

    @torch.no_grad()
    def frame(self, audio_window: np.ndarray, eye: float | None = None) -> np.ndarray:
        """Next frame (H x W x 3 uint8 RGB) for one [16, 32] audio window; the head pose follows the training
        track, looped back and forth and smoothed (the idle path); state carries across calls so segments join."""
        avatar = self.runtime.avatar
        code = self.audio_code(audio_window)
        n = len(avatar.poses)
        pose = smooth_pose(avatar.poses, self.index, POSE_SMOOTHING)
        eye_value = float(avatar.eye[ping_pong(self.index, n)]) if eye is None else float(eye)
        self.index += 1
        image = avatar.render_image(pose, code, torch.tensor([eye_value], device=avatar.device))
        return (image * 255 + 0.5).to(torch.uint8).cpu().numpy()

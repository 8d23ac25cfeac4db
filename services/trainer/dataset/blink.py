"""Step 6: the blink signal (ER-NeRF's eye condition) from the eye aspect ratio -> ``au.csv``, column ``' AU45_r'``.

EAR = (|p2-p6| + |p3-p5|) / (2 |p1-p4|) on the 68-point eyes, averaged over both eyes, Savitzky-Golay smoothed,
then mapped to an AU-like closure: clip((open - EAR) / (open - closed), 0, 1) * 2, with ``open`` the 90th and
``closed`` the 2nd percentile of the clip. The file mimics OpenFace's CSV (", " separated), which is why the
column name starts with a space.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.signal import find_peaks, savgol_filter

from services.trainer.dataset.steps import CancelCheck, Progress, Ticker, never_cancelled, no_progress

RIGHT_EYE = [36, 37, 38, 39, 40, 41]  # p1..p6 in the 68-point layout
LEFT_EYE = [42, 43, 44, 45, 46, 47]
BLINK_LEVEL = 1.0  # AU45 above this counts as a blink (half closed)
SMOOTH_FRAMES = 5


@dataclass(frozen=True)
class BlinkResult:
    ear: np.ndarray  # [N] smoothed eye aspect ratio
    au45: np.ndarray  # [N] closure 0 (open) .. 2 (closed)
    blinks: int

    def rate_per_min(self, fps: float) -> float:
        minutes = len(self.au45) / fps / 60.0
        return self.blinks / minutes if minutes > 0 else 0.0


def eye_aspect_ratio(lms68: np.ndarray) -> np.ndarray:
    """[N] mean EAR of both eyes."""
    ratios = []
    for eye in (RIGHT_EYE, LEFT_EYE):
        p = lms68[:, eye, :]
        vertical = np.linalg.norm(p[:, 1] - p[:, 5], axis=-1) + np.linalg.norm(p[:, 2] - p[:, 4], axis=-1)
        ratios.append(vertical / (2 * np.linalg.norm(p[:, 0] - p[:, 3], axis=-1) + 1e-9))
    return np.mean(ratios, axis=0)


def blink_signal(
    lms68: np.ndarray,
    fps: float,
    out: Path,
    *,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> BlinkResult:
    tick = Ticker(progress, cancelled)
    tick(0, 1)
    ear = eye_aspect_ratio(lms68)
    if len(ear) > SMOOTH_FRAMES:
        ear = savgol_filter(ear, SMOOTH_FRAMES, 2)
    opened, closed = np.percentile(ear, 90), np.percentile(ear, 2)
    # a clip without blinks has no closed level: the range is at least a third of the open EAR
    au45 = np.clip((opened - ear) / max(opened - closed, 0.35 * opened, 1e-6), 0.0, 1.0) * 2.0
    peaks, _ = find_peaks(au45, height=BLINK_LEVEL, distance=max(1, int(fps * 0.2)))
    write_au_csv(out, au45, fps)
    tick(1, 1)
    return BlinkResult(ear, au45, len(peaks))


def write_au_csv(path: Path, au45: np.ndarray, fps: float) -> None:
    lines = ["frame, timestamp, confidence, success, AU45_r"]
    lines += [f"{i + 1}, {i / fps:.3f}, 0.98, 1, {value:.4f}" for i, value in enumerate(au45)]
    path.write_text("\n".join(lines) + "\n")

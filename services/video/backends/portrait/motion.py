"""Per-frame animation parameters of the portrait animator: mouth from audio features, blinks, idle head
motion and breathing. Each model is a small state machine advanced once per video frame, so a render that is
fed segment after segment (the streaming endpoint) moves continuously across the joins.

Every signal is smooth by construction (one-pole attack/release filters, sums of slow sinusoids, eased blink
profiles): nothing is random from one frame to the next, which is what keeps the face free of jitter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from services.video.audio import FrameFeatures


def one_pole(tau_s: float, fps: float) -> float:
    """Smoothing coefficient of a one-pole low-pass with time constant ``tau_s`` at ``fps`` updates/s."""
    return 1.0 - math.exp(-1.0 / (max(tau_s, 1e-4) * fps))


@dataclass
class MouthParams:
    opening: float  # inner-lip gap added, in units of the mouth width
    width: float  # -1 rounded ("oo") .. +1 spread ("ee")


class MouthModel:
    """Audio features -> jaw opening and lip width with attack/release smoothing.

    Loudness sets the opening (with a gentle curve so soft syllables still show); fricative energy (high band)
    narrows the jaw since teeth close for "s"/"f"; the spectral centroid of voiced frames picks a lip shape.
    """

    def __init__(
        self,
        fps: float,
        *,
        max_opening: float = 0.34,
        attack_s: float = 0.03,
        release_s: float = 0.07,
        width_s: float = 0.06,
    ) -> None:
        self.max_opening = max_opening
        self.attack = one_pole(attack_s, fps)
        self.release = one_pole(release_s, fps)
        self.width_alpha = one_pole(width_s, fps)
        self.state = MouthParams(0.0, 0.0)

    def target(self, f: FrameFeatures) -> MouthParams:
        fricative = min(1.0, max(0.0, (f.high - 0.35) / 0.3))
        opening = self.max_opening * (f.level**1.2) * (1.0 - 0.55 * fricative)
        voiced = min(1.0, f.level * 2.0) * (1.0 - fricative)
        shape = max(-1.0, min(1.0, (f.centroid_hz - 1100.0) / 900.0))
        width = voiced * shape * 0.8 + 0.35 * fricative * min(1.0, f.level * 3)
        return MouthParams(opening, width)

    def step(self, f: FrameFeatures) -> MouthParams:
        target = self.target(f)
        alpha = self.attack if target.opening > self.state.opening else self.release
        opening = self.state.opening + alpha * (target.opening - self.state.opening)
        width = self.state.width + self.width_alpha * (target.width - self.state.width)
        self.state = MouthParams(opening, width)
        return self.state


class BlinkModel:
    """Blinks at human rates: intervals from a gamma distribution (mean ~3.5 s, never under 1.2 s), an eased
    close-hold-open profile of ~0.3 s, and an occasional double blink."""

    CLOSE_S, HOLD_S, OPEN_S = 0.08, 0.04, 0.16

    def __init__(self, fps: float, rng: np.random.Generator, *, mean_interval_s: float = 3.5) -> None:
        self.fps = fps
        self.rng = rng
        self.mean = mean_interval_s
        self.next_start = float(rng.uniform(0.6, 2.2))  # first blink soon, but not on frame one
        self.current_start: float | None = None

    def _interval(self) -> float:
        if self.rng.random() < 0.1:
            return 0.35  # double blink
        return max(1.2, float(self.rng.gamma(3.0, self.mean / 3.0)))

    def closure(self, t: float) -> float:
        """0 open .. 1 closed at time ``t`` (seconds since the session started)."""
        if self.current_start is None and t >= self.next_start:
            self.current_start = self.next_start
        if self.current_start is None:
            return 0.0
        dt = t - self.current_start
        total = self.CLOSE_S + self.HOLD_S + self.OPEN_S
        if dt >= total:
            self.next_start = self.current_start + total + self._interval()
            self.current_start = None
            return self.closure(t) if t >= self.next_start else 0.0
        if dt < self.CLOSE_S:
            x = dt / self.CLOSE_S
            return x * x * (3 - 2 * x)
        if dt < self.CLOSE_S + self.HOLD_S:
            return 1.0
        x = (dt - self.CLOSE_S - self.HOLD_S) / self.OPEN_S
        return 1.0 - x * x * (3 - 2 * x)


@dataclass
class HeadPose:
    tx: float  # pixels
    ty: float
    roll: float  # radians
    breath: float  # pixels the shoulders rise


class IdleMotion:
    """Small, slow head sway (sums of incommensurate sinusoids with random phases), breathing at ~15/min, and
    speech-driven emphasis: amplitude grows while speaking and the head dips slightly on stressed syllables."""

    def __init__(self, fps: float, rng: np.random.Generator, face_height_px: float) -> None:
        self.fps = fps
        self.scale = face_height_px
        self.phases = rng.uniform(0, 2 * math.pi, size=8)
        self.freqs = np.array([0.11, 0.23, 0.07, 0.17, 0.13, 0.31, 0.09, 0.27]) * rng.uniform(0.85, 1.15, size=8)
        self.breath_hz = float(rng.uniform(0.22, 0.28))
        self.slow = 0.0  # speech activity over ~1 s
        self.fast = 0.0  # syllable envelope
        self.a_slow = one_pole(1.0, fps)
        self.a_fast = one_pole(0.12, fps)

    def step(self, t: float, level: float) -> HeadPose:
        self.slow += self.a_slow * (level - self.slow)
        self.fast += self.a_fast * (level - self.fast)
        gain = 1.0 + 0.8 * self.slow
        s = np.sin(2 * math.pi * self.freqs * t + self.phases)
        tx = self.scale * 0.008 * gain * (0.7 * s[0] + 0.3 * s[1])
        ty = self.scale * 0.005 * gain * (0.6 * s[2] + 0.4 * s[3])
        roll = math.radians(1.0) * gain * (0.6 * s[4] + 0.4 * s[5])
        nod = self.scale * 0.012 * max(0.0, self.fast - self.slow)
        breath = self.scale * 0.006 * (0.5 - 0.5 * math.cos(2 * math.pi * self.breath_hz * t + self.phases[6]))
        return HeadPose(tx=float(tx), ty=float(ty + nod), roll=float(roll), breath=float(breath))

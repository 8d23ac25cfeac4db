"""Audio for rendering: reading mono audio, per-video-frame features, and cutting speech into segments
(sentences for text, pauses for audio) for the streaming render. Pitch shift is ``shared.pitch``'s.

The features are deliberately simple and cheap (one FFT per video frame): loudness drives the jaw, the balance
of three spectral bands and the centroid pick a rough viseme class (spread / neutral / rounded, fricative).
Any renderer gets the same per-frame features, so files and streams share one code path.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

N_FFT = 1024
BANDS_HZ = ((80.0, 900.0), (900.0, 2500.0), (2500.0, 7000.0))  # F1 / F2 / frication
SILENCE_DB = -60.0


@dataclass(frozen=True)
class FrameFeatures:
    """Audio around one video frame's instant."""

    t: float  # seconds from the start of the clip
    rms_db: float  # dBFS of the frame window
    level: float  # loudness normalised to the clip's speech level: 0 silence .. 1 loud speech
    low: float  # share of energy in 80-900 Hz (open vowels)
    mid: float  # share in 900-2500 Hz (front vowels, "ee")
    high: float  # share in 2500-7000 Hz (fricatives "s", "f")
    centroid_hz: float  # spectral centroid below 4 kHz


def read_mono(path: Path) -> tuple[np.ndarray, int]:
    audio, rate = sf.read(str(path), dtype="float32", always_2d=True)
    return np.ascontiguousarray(audio.mean(axis=1)), int(rate)


def frame_count(duration_s: float, fps: int) -> int:
    return max(1, round(duration_s * fps))


def pad_to_frames(audio: np.ndarray, sample_rate: int, fps: int) -> np.ndarray:
    """Pad with silence (or trim a sliver) so the audio lasts exactly a whole number of video frames."""
    frames = frame_count(len(audio) / sample_rate, fps)
    target = round(frames * sample_rate / fps)
    if len(audio) >= target:
        return audio[:target]
    return np.concatenate([audio, np.zeros(target - len(audio), dtype=audio.dtype)])


def _frame_windows(audio: np.ndarray, sample_rate: int, fps: int, frames: int) -> np.ndarray:
    centres = ((np.arange(frames) + 0.5) * sample_rate / fps).astype(np.int64)
    padded = np.pad(audio, (N_FFT, N_FFT))
    idx = centres[:, None] + np.arange(-N_FFT // 2, N_FFT // 2)[None, :] + N_FFT
    idx = np.clip(idx, 0, len(padded) - 1)
    return padded[idx]


def extract_features(
    audio: np.ndarray,
    sample_rate: int,
    fps: int,
    frames: int | None = None,
    *,
    reference_db: float | None = None,
    start_s: float = 0.0,
) -> list[FrameFeatures]:
    """One :class:`FrameFeatures` per video frame. The loudness reference is the clip's 95th percentile of
    speech frames (so quiet and loud recordings animate alike) unless ``reference_db`` pins it."""
    n = frames if frames is not None else frame_count(len(audio) / sample_rate, fps)
    if n <= 0:
        return []
    windows = _frame_windows(audio.astype(np.float32), sample_rate, fps, n)
    # Loudness from the central part of the window (one frame long, at most 40 ms) so it follows syllables.
    half = min(N_FFT // 2, max(80, int(sample_rate / fps / 2)))
    core = windows[:, N_FFT // 2 - half : N_FFT // 2 + half]
    rms_db = 10.0 * np.log10(np.mean(core.astype(np.float64) ** 2, axis=1) + 1e-10)
    spec = np.abs(np.fft.rfft(windows * np.hanning(N_FFT)[None, :], axis=1)) ** 2
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / sample_rate)
    bands = np.stack([spec[:, (freqs >= lo) & (freqs < hi)].sum(axis=1) for lo, hi in BANDS_HZ], axis=1)
    shares = bands / (bands.sum(axis=1, keepdims=True) + 1e-12)
    under4k = freqs < 4000
    centroid = (spec[:, under4k] * freqs[under4k]).sum(axis=1) / (spec[:, under4k].sum(axis=1) + 1e-12)
    if reference_db is None:
        voiced = rms_db[rms_db > SILENCE_DB]
        reference_db = float(np.percentile(voiced, 95)) if len(voiced) else -20.0
    reference_db = max(reference_db, -40.0)
    gate = max(reference_db - 30.0, SILENCE_DB)
    level = np.clip((rms_db - gate) / (reference_db - gate), 0.0, 1.0)
    return [
        FrameFeatures(
            t=start_s + (i + 0.5) / fps,
            rms_db=float(rms_db[i]),
            level=float(level[i]),
            low=float(shares[i, 0]),
            mid=float(shares[i, 1]),
            high=float(shares[i, 2]),
            centroid_hz=float(centroid[i]),
        )
        for i in range(n)
    ]


def silence_features(frames: int, fps: int, start_s: float = 0.0) -> list[FrameFeatures]:
    return [
        FrameFeatures(
            t=start_s + (i + 0.5) / fps, rms_db=-100.0, level=0.0, low=0.0, mid=0.0, high=0.0, centroid_hz=0.0
        )
        for i in range(frames)
    ]


def split_at_pauses(audio: np.ndarray, sample_rate: int, fps: int, target_s: float) -> list[tuple[int, int]]:
    """Cut audio into segments of about ``target_s`` seconds at the quietest video frame near each target
    (so cuts fall in pauses); returns (first_frame, end_frame) pairs covering every frame."""
    total = frame_count(len(audio) / sample_rate, fps)
    if total <= 0:
        return []
    hop = sample_rate / fps
    energy = np.array(
        [
            float(np.mean(audio[int(i * hop) : int((i + 1) * hop)] ** 2)) if int(i * hop) < len(audio) else 0.0
            for i in range(total)
        ]
    )
    step = max(1, round(target_s * fps))
    window = max(1, step // 3)
    cuts = [0]
    while total - cuts[-1] > step + window:
        target = cuts[-1] + step
        lo, hi = target - window, min(total - 1, target + window)
        cuts.append(lo + int(np.argmin(energy[lo : hi + 1])))
    cuts.append(total)
    return list(itertools.pairwise(cuts))

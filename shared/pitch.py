"""The one pitch shifter behind every ``pitch_semitones``: the WORLD vocoder (pyworld). F0 is scaled, the
spectral envelope is kept, so the formants, and with them the speaker's timbre, stay where they were (unlike
resampling-based shifts). The voice service shifts what it synthesises and the pitch-shift job's uploads;
the video service shifts uploaded speech with the same code, so a semitone means the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FRAME_PERIOD_MS = 5.0


@dataclass(frozen=True)
class WorldFeatures:
    f0: np.ndarray
    spectral_envelope: np.ndarray
    aperiodicity: np.ndarray
    sample_rate: int


def analyse(audio: np.ndarray, sample_rate: int) -> WorldFeatures:
    """dio + stonemask F0 (about 4x faster than harvest at similar accuracy on speech), cheaptrick, d4c."""
    import pyworld

    x = np.ascontiguousarray(audio, dtype=np.float64)
    f0, times = pyworld.dio(x, sample_rate, frame_period=FRAME_PERIOD_MS)
    f0 = pyworld.stonemask(x, f0, times, sample_rate)
    sp = pyworld.cheaptrick(x, f0, times, sample_rate)
    ap = pyworld.d4c(x, f0, times, sample_rate)
    return WorldFeatures(f0=f0, spectral_envelope=sp, aperiodicity=ap, sample_rate=sample_rate)


def synthesise(features: WorldFeatures, f0: np.ndarray | None = None) -> np.ndarray:
    import pyworld

    y = pyworld.synthesize(
        features.f0 if f0 is None else f0,
        features.spectral_envelope,
        features.aperiodicity,
        features.sample_rate,
        frame_period=FRAME_PERIOD_MS,
    )
    return np.asarray(y, dtype=np.float32)


def semitone_ratio(semitones: float) -> float:
    return float(2.0 ** (semitones / 12.0))


def shift_pitch(audio: np.ndarray, sample_rate: int, semitones: float) -> np.ndarray:
    """Return ``audio`` with its pitch moved by ``semitones``; same length, same sample rate."""
    if semitones == 0:
        return np.asarray(audio, dtype=np.float32)
    features = analyse(audio, sample_rate)
    shifted = synthesise(features, features.f0 * semitone_ratio(semitones))
    return fit_length(match_peak(shifted, audio), len(audio))


def shift_pitch_chunked(
    audio: np.ndarray,
    sample_rate: int,
    semitones: float,
    *,
    chunk_seconds: float = 8.0,
    overlap_seconds: float = 0.05,
    on_chunk: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Shift long audio chunk by chunk (equal-power crossfaded overlaps), so a job can report progress and
    honour a cancel between chunks instead of disappearing into one long WORLD call.

    ``on_chunk(done, total)`` runs after each chunk; it may raise to stop (cancellation)."""
    x = np.asarray(audio, dtype=np.float32)
    chunk = int(chunk_seconds * sample_rate)
    overlap = int(overlap_seconds * sample_rate)
    if len(x) <= chunk + overlap:
        y = shift_pitch(x, sample_rate, semitones)
        if on_chunk:
            on_chunk(1, 1)
        return y
    starts = list(range(0, len(x), chunk))
    out = np.zeros(len(x), dtype=np.float32)
    fade_in = np.sin(np.linspace(0, np.pi / 2, overlap, dtype=np.float32)) ** 2
    for index, start in enumerate(starts):
        lo, hi = max(0, start - overlap), min(len(x), start + chunk)
        piece = shift_pitch(x[lo:hi], sample_rate, semitones)
        if lo > 0:  # crossfade the overlap with the previous chunk's tail
            piece[:overlap] *= fade_in
            out[lo : lo + overlap] *= 1.0 - fade_in
            out[lo : lo + overlap] += piece[:overlap]
            out[lo + overlap : hi] = piece[overlap:]
        else:
            out[lo:hi] = piece
        if on_chunk:
            on_chunk(index + 1, len(starts))
    return out


def shift_pitch_file(src: Path, dst: Path, semitones: float) -> Path:
    """A WAV's pitch moved by ``semitones`` into a 16-bit mono WAV at the same rate and length."""
    import soundfile as sf

    audio, rate = sf.read(str(src), dtype="float32", always_2d=True)
    shifted = shift_pitch_chunked(audio.mean(axis=1), int(rate), semitones)
    sf.write(str(dst), np.clip(shifted, -1.0, 1.0), int(rate), subtype="PCM_16")
    return dst


def match_peak(y: np.ndarray, reference: np.ndarray, ceiling: float = 0.98) -> np.ndarray:
    """Keep the output's level near the input's and never clip."""
    peak_ref = float(np.max(np.abs(reference))) if len(reference) else 0.0
    peak = float(np.max(np.abs(y))) if len(y) else 0.0
    if peak <= 1e-9:
        return y
    return (y * min(peak_ref, ceiling) / peak).astype(np.float32)


def fit_length(y: np.ndarray, length: int) -> np.ndarray:
    if len(y) >= length:
        return y[:length]
    return np.pad(y, (0, length - len(y)))


def median_f0(audio: np.ndarray, sample_rate: int) -> float:
    """Median F0 of voiced frames in Hz (0.0 when nothing is voiced); used to report and test shifts."""
    import pyworld

    x = np.ascontiguousarray(audio, dtype=np.float64)
    f0, times = pyworld.dio(x, sample_rate, f0_floor=50.0, f0_ceil=1100.0, frame_period=10.0)
    f0 = pyworld.stonemask(x, f0, times, sample_rate)
    voiced = f0[f0 > 0]
    return float(np.median(voiced)) if len(voiced) else 0.0

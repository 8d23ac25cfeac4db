"""The DSP half of the cloning stage: WORLD (pyworld) voice conversion toward a reference speaker.

OpenVoice separates *what is said* (base TTS) from *tone colour* (a converter). We do the converter with
signal processing, so it runs anywhere with no extra weights:

- **F0**: log-F0 mean/variance mapping, per utterance, from the synthesised voice onto the reference
  speaker's statistics (keeps the intonation contour, moves register and range);
- **spectral envelope**: a frequency warp ``sp'(f) = sp(f / alpha)`` (vocal-tract length: formants move by
  ``alpha``) plus an optional smoothed long-term equaliser toward the reference's average envelope.

The warp factor and equaliser strength are chosen per profile by measuring speaker similarity
(``services.voice.backends.embedded``); this module only analyses and renders.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

FRAME_PERIOD_MS = 5.0
F0_FLOOR, F0_CEIL = 60.0, 700.0
EQ_POINTS = 64  # the equaliser is stored on a coarse grid so it does not depend on the FFT size
EQ_LIMIT = np.log(10 ** (12 / 20))  # ±12 dB
MIN_VOICED_FRAMES = 20


@dataclass(frozen=True)
class VoiceStats:
    """What the conversion needs to know about a recording."""

    f0_log_mean: float
    f0_log_std: float
    envelope: np.ndarray  # mean log spectral envelope of voiced frames (fft_size // 2 + 1 bins)
    sample_rate: int


@dataclass
class CloneParams:
    """Per-profile conversion settings (stored in the profile manifest)."""

    f0_log_mean: float
    f0_log_std: float
    source_f0_log_mean: float  # the base voice's statistics, used when an utterance is too short to measure
    source_f0_log_std: float
    warp: float = 1.0
    eq_strength: float = 0.0
    eq: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CloneParams:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass
class WorldAnalysis:
    f0: np.ndarray
    spectral_envelope: np.ndarray
    aperiodicity: np.ndarray
    sample_rate: int
    length: int


def analyse(audio: np.ndarray, sample_rate: int, precise: bool = False) -> WorldAnalysis:
    """dio + stonemask (fast), or harvest (robust voicing decisions; used once per reference)."""
    import pyworld

    x = np.ascontiguousarray(audio, dtype=np.float64)
    if precise:
        f0, times = pyworld.harvest(x, sample_rate, frame_period=FRAME_PERIOD_MS, f0_floor=F0_FLOOR, f0_ceil=F0_CEIL)
    else:
        f0, times = pyworld.dio(x, sample_rate, frame_period=FRAME_PERIOD_MS, f0_floor=F0_FLOOR, f0_ceil=F0_CEIL)
        f0 = pyworld.stonemask(x, f0, times, sample_rate)
    sp = pyworld.cheaptrick(x, f0, times, sample_rate)
    ap = pyworld.d4c(x, f0, times, sample_rate)
    return WorldAnalysis(f0, sp, ap, sample_rate, len(x))


def stats_of(analysis: WorldAnalysis) -> VoiceStats:
    voiced = analysis.f0 > 0
    if voiced.sum() < MIN_VOICED_FRAMES:
        raise ValueError("too little voiced speech to measure")
    log_f0 = np.log(analysis.f0[voiced])
    envelope = np.log(analysis.spectral_envelope[voiced] + 1e-12).mean(axis=0)
    return VoiceStats(float(log_f0.mean()), float(max(log_f0.std(), 0.03)), envelope, analysis.sample_rate)


def warp_envelope(log_sp: np.ndarray, alpha: float) -> np.ndarray:
    """Move spectral features up (alpha > 1) or down in frequency: ``out[f] = in[f / alpha]``."""
    bins = np.arange(log_sp.shape[-1], dtype=np.float64)
    source = np.clip(bins / alpha, 0, bins[-1])
    lower = np.floor(source).astype(int)
    upper = np.minimum(lower + 1, len(bins) - 1)
    frac = source - lower
    return log_sp[..., lower] * (1 - frac) + log_sp[..., upper] * frac


def fit_equaliser(reference: np.ndarray, base: np.ndarray, sample_rate: int) -> list[float]:
    """Smoothed difference of two mean log envelopes (level removed), on a coarse grid, clipped to ±12 dB."""
    from scipy.ndimage import uniform_filter1d

    n = len(reference)
    freqs = np.linspace(0, sample_rate / 2, n)
    band = (freqs > 100) & (freqs < 7000)
    difference = reference - base
    difference = uniform_filter1d(difference - difference[band].mean(), size=max(3, n // 40))
    difference[~band] = 0.0
    grid = np.interp(np.linspace(0, n - 1, EQ_POINTS), np.arange(n), difference)
    return [float(v) for v in np.clip(grid, -EQ_LIMIT, EQ_LIMIT)]


def _expand_eq(eq: list[float], bins: int) -> np.ndarray:
    if not eq:
        return np.zeros(bins)
    return np.interp(np.arange(bins), np.linspace(0, bins - 1, len(eq)), np.asarray(eq))


class WorldConverter:
    """Analyse once, render many: the profile search renders one utterance with several parameter sets."""

    def __init__(self, audio: np.ndarray, sample_rate: int) -> None:
        self.analysis = analyse(audio, sample_rate)
        self.log_sp = np.log(self.analysis.spectral_envelope + 1e-12)
        self.log_ap = np.log(np.clip(self.analysis.aperiodicity, 1e-6, 1.0))
        voiced = self.analysis.f0 > 0
        self.voiced_frames = int(voiced.sum())

    def warped_envelope_mean(self, alpha: float) -> np.ndarray:
        voiced = self.analysis.f0 > 0
        return warp_envelope(self.log_sp[voiced], alpha).mean(axis=0) if voiced.any() else self.log_sp.mean(0)

    def render(self, params: CloneParams | None, semitones: float = 0.0) -> np.ndarray:
        """Convert toward ``params`` (None: only the pitch shift) and resynthesise at the input's rate."""
        import pyworld

        f0 = self.analysis.f0.copy()
        voiced = f0 > 0
        shift = np.log(2.0) * semitones / 12.0
        log_sp, log_ap = self.log_sp, self.log_ap
        if params is not None:
            if self.voiced_frames >= MIN_VOICED_FRAMES:
                log_f0 = np.log(f0[voiced])
                mean, std = float(log_f0.mean()), float(max(log_f0.std(), 0.03))
            else:
                mean, std = params.source_f0_log_mean, params.source_f0_log_std
            if voiced.any():
                f0[voiced] = np.exp((np.log(f0[voiced]) - mean) / std * params.f0_log_std + params.f0_log_mean)
            if params.warp != 1.0:
                log_sp = warp_envelope(log_sp, params.warp)
                log_ap = warp_envelope(log_ap, params.warp)
            if params.eq_strength and params.eq:
                log_sp = log_sp + params.eq_strength * _expand_eq(params.eq, log_sp.shape[1])[None, :]
        if shift and voiced.any():
            f0[voiced] = f0[voiced] * np.exp(shift)
        f0 = np.clip(f0, 0, 1100.0)
        y = pyworld.synthesize(
            np.ascontiguousarray(f0),
            np.ascontiguousarray(np.exp(log_sp)),
            np.ascontiguousarray(np.clip(np.exp(log_ap), 0.0, 1.0)),
            self.analysis.sample_rate,
            frame_period=FRAME_PERIOD_MS,
        )
        return _match_level(np.asarray(y, dtype=np.float32)[: self.analysis.length], self.analysis)


def _match_level(y: np.ndarray, analysis: WorldAnalysis) -> np.ndarray:
    """Keep the converted audio below full scale (equalising can add gain)."""
    peak = float(np.max(np.abs(y))) if len(y) else 0.0
    return y * (0.95 / peak) if peak > 0.95 else y


def convert(audio: np.ndarray, sample_rate: int, params: CloneParams | None, semitones: float = 0.0) -> np.ndarray:
    if params is None and semitones == 0.0:
        return audio
    return WorldConverter(audio, sample_rate).render(params, semitones)

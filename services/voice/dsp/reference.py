"""Reference-recording preprocessing and quality report.

decoded mono WAV → resample (soxr) → 70 Hz high-pass → trim leading/trailing silence → ITU BS.1770 loudness
normalisation (pyloudnorm) with a peak ceiling → quality measurements: clipping, SNR estimate from voice
activity (Silero VAD, shipped inside faster-whisper), speech ratio, median F0, and warnings.
Recordings we cannot clone from (silent, noise without speech, too short/long) are refused with a 422.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shared.contracts.voice import QualityReport
from shared.errors import InvalidInput

HIGH_PASS_HZ = 70.0
PEAK_CEILING = 0.89  # -1 dBFS
CLIP_LEVEL = 0.999
SILENCE_TOP_DB = 40.0
VAD_RATE = 16000


@dataclass
class ProcessedReference:
    audio: np.ndarray  # float32 mono at ``sample_rate``, normalised
    sample_rate: int
    report: QualityReport


def _resample(audio: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target:
        return audio
    import soxr

    return np.asarray(soxr.resample(audio, rate, target), dtype=np.float32)


def high_pass(audio: np.ndarray, rate: int, cutoff: float = HIGH_PASS_HZ) -> np.ndarray:
    from scipy.signal import butter, sosfiltfilt

    sos = butter(4, cutoff, btype="highpass", fs=rate, output="sos")
    return np.asarray(sosfiltfilt(sos, audio), dtype=np.float32)


def trim_silence(audio: np.ndarray, rate: int, top_db: float = SILENCE_TOP_DB, pad_s: float = 0.1) -> np.ndarray:
    """Cut leading and trailing parts quieter than ``top_db`` below the peak frame (librosa), keeping a pad."""
    import librosa

    _, (start, end) = librosa.effects.trim(audio, top_db=top_db, frame_length=1024, hop_length=256)
    pad = int(pad_s * rate)
    return audio[max(0, start - pad) : min(len(audio), end + pad)]


def loudness(audio: np.ndarray, rate: int) -> float | None:
    import pyloudnorm

    if len(audio) < int(0.4 * rate):  # BS.1770 gating needs at least one 400 ms block
        return None
    value = float(pyloudnorm.Meter(rate).integrated_loudness(audio.astype(np.float64)))
    return value if np.isfinite(value) else None


def normalise_loudness(audio: np.ndarray, rate: int, target_lufs: float) -> np.ndarray:
    current = loudness(audio, rate)
    if current is not None:
        audio = audio * np.float32(10 ** ((target_lufs - current) / 20))
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    if peak > PEAK_CEILING:  # a simple ceiling instead of a limiter: speech peaks are rare and short
        audio = audio * np.float32(PEAK_CEILING / peak)
    return audio.astype(np.float32)


def speech_mask(audio: np.ndarray, rate: int) -> np.ndarray:
    """Per-sample boolean mask of speech (Silero VAD) at ``rate``."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    mono16 = _resample(audio, rate, VAD_RATE)
    options = VadOptions(threshold=0.5, min_speech_duration_ms=150, min_silence_duration_ms=200, speech_pad_ms=30)
    mask = np.zeros(len(audio), dtype=bool)
    scale = rate / VAD_RATE
    for span in get_speech_timestamps(mono16, options, sampling_rate=VAD_RATE):
        mask[int(span["start"] * scale) : int(span["end"] * scale)] = True
    return mask


def estimate_snr(audio: np.ndarray, mask: np.ndarray, rate: int) -> float | None:
    """Speech power over the power of the non-speech frames (or of the quietest 10 % of frames when the
    recording has almost no pauses). An estimate, good enough to warn about noisy rooms."""
    frame = int(0.02 * rate)
    frames = len(audio) // frame
    if frames < 10:
        return None
    power = (audio[: frames * frame].reshape(frames, frame) ** 2).mean(axis=1) + 1e-12
    speech = mask[: frames * frame].reshape(frames, frame).mean(axis=1) > 0.5
    if speech.sum() < 5:
        return None
    noise = power[~speech] if (~speech).sum() >= 10 else np.sort(power)[: max(1, frames // 10)]
    return float(10 * np.log10(np.mean(power[speech]) / np.mean(noise)))


def median_f0(audio: np.ndarray, rate: int) -> float | None:
    import pyworld

    f0, _ = pyworld.dio(audio.astype(np.float64), rate, frame_period=10.0, f0_floor=60.0, f0_ceil=700.0)
    voiced = f0[f0 > 0]
    return float(np.median(voiced)) if len(voiced) >= 10 else None


def preprocess_reference(
    audio: np.ndarray,
    rate: int,
    *,
    target_rate: int,
    target_lufs: float,
    min_seconds: float,
    max_seconds: float,
) -> ProcessedReference:
    """Everything between the decoded upload and the stored reference; raises 422 for unusable audio."""
    audio = np.asarray(audio, dtype=np.float32)
    original_duration = len(audio) / rate
    if original_duration > max_seconds + 0.25:
        raise InvalidInput(
            f"The reference lasts {original_duration:.1f} s; use at most {max_seconds:.0f} s.",
            code="reference_too_long",
        )
    clipping = float(np.mean(np.abs(audio) >= CLIP_LEVEL)) if len(audio) else 0.0
    input_lufs = loudness(audio, rate)
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    if peak < 1e-3 or (input_lufs is not None and input_lufs < -65):
        raise InvalidInput("The reference is silent.", code="reference_silent")
    work = high_pass(_resample(audio, rate, target_rate), target_rate)
    work = trim_silence(work, target_rate)
    duration = len(work) / target_rate
    if duration < min_seconds:
        raise InvalidInput(
            f"The reference has {duration:.1f} s of sound after trimming silence; at least {min_seconds:.0f} s "
            "of speech is needed.",
            code="reference_too_short",
        )
    mask = speech_mask(work, target_rate)
    speech_seconds = float(mask.sum()) / target_rate
    speech_ratio = speech_seconds / duration if duration else 0.0
    if speech_seconds < min(1.5, min_seconds) or speech_ratio < 0.2:
        raise InvalidInput("No speech was found in the reference (noise or music only?).", code="reference_no_speech")
    if speech_seconds < min_seconds:
        raise InvalidInput(
            f"The reference has only {speech_seconds:.1f} s of speech; at least {min_seconds:.0f} s is needed.",
            code="reference_too_short",
        )
    snr = estimate_snr(work, mask, target_rate)
    normalised = normalise_loudness(work, target_rate, target_lufs)
    achieved = loudness(normalised, target_rate)
    f0 = median_f0(normalised, target_rate)
    warnings = _warnings(
        clipping=clipping,
        snr=snr,
        speech_seconds=speech_seconds,
        speech_ratio=speech_ratio,
        input_lufs=input_lufs,
        rate=rate,
        f0=f0,
    )
    report = QualityReport(
        duration_s=round(duration, 3),
        original_duration_s=round(original_duration, 3),
        sample_rate=rate,
        snr_db=None if snr is None else round(snr, 1),
        clipping_ratio=round(clipping, 5),
        loudness_lufs=None if input_lufs is None else round(input_lufs, 1),
        normalized_lufs=round(achieved if achieved is not None else target_lufs, 1),
        speech_ratio=round(speech_ratio, 3),
        median_f0_hz=None if f0 is None else round(f0, 1),
        warnings=warnings,
    )
    return ProcessedReference(normalised, target_rate, report)


def _warnings(
    *,
    clipping: float,
    snr: float | None,
    speech_seconds: float,
    speech_ratio: float,
    input_lufs: float | None,
    rate: int,
    f0: float | None,
) -> list[str]:
    out = []
    if clipping > 0.001:
        out.append(f"{clipping:.1%} of samples are clipped; record with less gain.")
    if snr is not None and snr < 15:
        out.append(f"Background noise is high (SNR about {snr:.0f} dB); record in a quieter room.")
    if speech_seconds < 5:
        out.append("Short reference: 5–15 s of speech gives a closer clone.")
    if speech_ratio < 0.5:
        out.append("Much of the recording is not speech.")
    if input_lufs is not None and input_lufs < -40:
        out.append("The recording is very quiet; it was amplified, which also amplifies noise.")
    if rate < 16000:
        out.append(f"Low sample rate ({rate} Hz); 16 kHz or more sounds better.")
    if f0 is None:
        out.append("Little voiced speech was found; the pitch of the clone may be off.")
    return out

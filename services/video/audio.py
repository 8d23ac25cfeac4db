"""Audio for rendering: decoding to mono 16 kHz, per-video-frame features, pitch shift, and cutting speech into
segments (sentences for text, pauses for audio) for the streaming render.

The features are deliberately simple and cheap (one FFT per video frame): loudness drives the jaw, the balance
of three spectral bands and the centroid pick a rough viseme class (spread / neutral / rounded, fricative).
Any renderer gets the same per-frame features, so files and streams share one code path.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from shared.errors import InvalidInput
from shared.media import decode_audio, probe_audio

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


def load_audio(src: Path, workdir: Path, *, sample_rate: int, max_seconds: float) -> np.ndarray:
    """Any audio ffmpeg reads -> mono float32 at ``sample_rate`` (422/413 problems for bad input)."""
    wav = workdir / "decoded.wav"
    decode_audio(src, wav, sample_rate=sample_rate, max_seconds=max_seconds)
    audio, _ = read_mono(wav)
    return audio


def pitch_shift_file(src: Path, dst: Path, semitones: float, sample_rate: int) -> Path:
    """Formant-preserving pitch shift with ffmpeg's rubberband filter (the voice service does its own for text;
    uploaded audio is shifted here so the service needs no call back to voice for it)."""
    import ffmpeg

    ratio = float(2.0 ** (semitones / 12.0))
    # rubberband keeps about 0.1 s of the end in its buffers: pad with silence, then cut to the input's length.
    duration = probe_audio(src).duration
    try:
        (
            ffmpeg.input(str(src))
            .filter("apad", pad_dur=0.5)
            .filter("rubberband", pitch=ratio, formant="preserved")
            .output(str(dst), ac=1, ar=sample_rate, acodec="pcm_s16le", t=duration)
            .overwrite_output()
            .run(capture_stdout=True, capture_stderr=True)
        )
    except ffmpeg.Error as exc:
        tail = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[-1:] or ["failed"]
        raise InvalidInput(f"Pitch shift failed ({tail[0][:200]}).", code="pitch_shift_failed") from exc
    return dst


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


_SENTENCE_END = re.compile(r"(?<=[.!?;。！？；…])\s+|(?<=[。！？；])|\n+")


def _spoken_length(text: str) -> int:
    """Characters, with each CJK character counted as three (one syllable carries as much speech as a short
    Latin word)."""
    return len(text) + 2 * sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def _join(left: str, right: str) -> str:
    """Join two fragments: CJK text has no spaces between sentences."""
    return left + right if left[-1] in "。！？；…，、" else f"{left} {right}"


def split_sentences(text: str, min_chars: int = 12, max_chars: int = 220) -> list[str]:
    """Sentences for the streaming render: split after sentence punctuation (Latin and CJK), merge fragments
    shorter than ``min_chars`` into the next, and cut overlong ones at a comma or space."""
    parts = [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]
    merged: list[str] = []
    carry = ""
    for part in parts:
        carry = _join(carry, part) if carry else part
        if _spoken_length(carry) >= min_chars:
            merged.append(carry)
            carry = ""
    if carry:
        if merged and _spoken_length(carry) < min_chars:
            merged[-1] = _join(merged[-1], carry)
        else:
            merged.append(carry)
    out: list[str] = []
    for sentence in merged:
        while len(sentence) > max_chars:
            cut = max(sentence.rfind(sep, 0, max_chars) for sep in (",", "，", "、", " "))
            cut = cut if cut > max_chars // 3 else max_chars
            out.append(sentence[: cut + 1].strip())
            sentence = sentence[cut + 1 :].strip()
        if sentence:
            out.append(sentence)
    return out


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

"""Rendering a clip: speech audio -> per-frame features -> renderer session -> MP4 with the audio muxed.

Shared by render jobs (one clip per job) and the streaming endpoint (one clip per segment, one session for
the whole stream). The audio is padded to a whole number of video frames, so the audio and video streams of
every file have the same duration.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

from services.video.audio import FrameFeatures, extract_features, frame_count, read_mono
from services.video.backends.base import AudioFedSession, RenderSession
from services.video.encode import EncodeSettings, Mp4Writer
from shared.media import decode_audio

FEATURE_RATE = 16000


@dataclass
class Speech:
    """Decoded speech: ``audio`` at its own rate (muxed), ``audio16k`` for the features; both padded to
    ``frames`` whole video frames."""

    audio: np.ndarray
    sample_rate: int
    audio16k: np.ndarray
    fps: int
    frames: int

    @property
    def duration(self) -> float:
        return self.frames / self.fps

    def slice(self, first: int, end: int) -> Speech:
        """Frames ``first`` .. ``end`` - 1 as their own clip."""
        a = round(first * self.sample_rate / self.fps), round(end * self.sample_rate / self.fps)
        b = round(first * FEATURE_RATE / self.fps), round(end * FEATURE_RATE / self.fps)
        return Speech(self.audio[a[0] : a[1]], self.sample_rate, self.audio16k[b[0] : b[1]], self.fps, end - first)

    def write_wav(self, path: Path) -> Path:
        sf.write(str(path), np.clip(self.audio, -1.0, 1.0), self.sample_rate, subtype="PCM_16")
        return path


def _pad(audio: np.ndarray, samples: int) -> np.ndarray:
    if len(audio) >= samples:
        return audio[:samples]
    return np.concatenate([audio, np.zeros(samples - len(audio), dtype=np.float32)])


def speech_from_array(audio: np.ndarray, sample_rate: int, fps: int) -> Speech:
    frames = frame_count(len(audio) / sample_rate, fps)
    native = _pad(audio.astype(np.float32), round(frames * sample_rate / fps))
    if sample_rate == FEATURE_RATE:
        low = native
    else:
        from math import gcd

        g = gcd(FEATURE_RATE, sample_rate)
        low = resample_poly(native, FEATURE_RATE // g, sample_rate // g).astype(np.float32)
    low = _pad(low, round(frames * FEATURE_RATE / fps))
    return Speech(native, sample_rate, low, fps, frames)


def load_speech(src: Path, workdir: Path, fps: int, *, max_seconds: float) -> Speech:
    """Any audio ffmpeg reads (413 over ``max_seconds``, 422 if not audio) as a :class:`Speech`."""
    wav = workdir / f"{src.stem}-decoded.wav"
    decode_audio(src, wav, max_seconds=max_seconds)
    audio, rate = read_mono(wav)
    return speech_from_array(audio, rate, fps)


@dataclass
class ClipStats:
    frames: int = 0
    render_s: float = 0.0  # time in the renderer only (the speed figure)
    encode_s: float = 0.0  # time handing frames to ffmpeg and finishing the file
    first_frame: np.ndarray | None = None


def render_clip(
    session: RenderSession,
    speech: Speech,
    out: Path,
    workdir: Path,
    encode: EncodeSettings,
    *,
    start_s: float = 0.0,
    on_frame: Callable[[int, int], None] | None = None,
    features: list[FrameFeatures] | None = None,
) -> ClipStats:
    """Render ``speech`` with ``session`` into ``out`` (H.264 + AAC, faststart). ``on_frame(done, total)``
    runs after every frame (progress, cancellation: it may raise to stop; the partial file is removed)."""
    feats = (
        features
        if features is not None
        else extract_features(speech.audio16k, FEATURE_RATE, speech.fps, speech.frames, start_s=start_s)
    )
    if isinstance(session, AudioFedSession):
        session.feed_audio(speech.audio16k, len(feats))
    wav = speech.write_wav(workdir / f"{out.stem}-audio.wav")
    writer = Mp4Writer(out, session.size, speech.fps, wav, encode)
    stats = ClipStats()
    try:
        for i, feature in enumerate(feats):
            t0 = time.perf_counter()
            frame = session.frame(feature)
            t1 = time.perf_counter()
            writer.write(frame)
            stats.encode_s += time.perf_counter() - t1
            stats.render_s += t1 - t0
            if stats.first_frame is None:
                stats.first_frame = frame.copy()
            stats.frames += 1
            if on_frame is not None:
                on_frame(i + 1, len(feats))
        t2 = time.perf_counter()
        writer.close()
        stats.encode_s += time.perf_counter() - t2
    except BaseException:
        writer.abort()
        raise
    finally:
        wav.unlink(missing_ok=True)
    return stats

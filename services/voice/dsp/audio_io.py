"""Output audio: resampling, PCM/WAV framing (including a streaming WAV header) and encoding with ffmpeg, whole
or as a stream."""

from __future__ import annotations

import asyncio
import contextlib
import io
import shutil
import struct
import subprocess
from collections.abc import AsyncIterator

import numpy as np

from shared.contracts.voice import AUDIO_MEDIA_TYPES

ENCODERS = {
    "mp3": ["-c:a", "libmp3lame", "-q:a", "4", "-f", "mp3"],
    "ogg": ["-c:a", "libvorbis", "-q:a", "4", "-f", "ogg"],
    # The OpenAI-compatible route's formats (encoded by one ffmpeg per response, see encode_stream).
    "opus": ["-c:a", "libopus", "-b:a", "48k", "-f", "ogg"],
    "aac": ["-c:a", "aac", "-b:a", "96k", "-f", "adts"],
    "flac": ["-c:a", "flac", "-f", "flac"],
}
STREAM_SIZE = 0xFFFFFFFF  # "unknown length" in a RIFF header, accepted by browsers, ffmpeg and soundfile


def resample(audio: np.ndarray, rate: int, target: int) -> np.ndarray:
    if rate == target or len(audio) == 0:
        return np.asarray(audio, dtype=np.float32)
    import soxr

    return np.asarray(soxr.resample(audio, rate, target), dtype=np.float32)


def pcm16(audio: np.ndarray) -> bytes:
    return (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def wav_header(sample_rate: int, data_bytes: int | None = None) -> bytes:
    """A 44-byte PCM16 mono header; ``data_bytes=None`` marks the length unknown (streaming)."""
    data = STREAM_SIZE if data_bytes is None else data_bytes
    riff = STREAM_SIZE if data_bytes is None else 36 + data_bytes
    return b"".join(
        [
            b"RIFF",
            struct.pack("<I", riff),
            b"WAVE",
            b"fmt ",
            struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16),
            b"data",
            struct.pack("<I", data),
        ]
    )


def wav_bytes(audio: np.ndarray, sample_rate: int) -> bytes:
    body = pcm16(audio)
    return wav_header(sample_rate, len(body)) + body


def encode(audio: np.ndarray, sample_rate: int, fmt: str) -> bytes:
    """Whole-utterance encoding; for mp3/ogg each call yields a complete, independently playable stream
    (concatenated mp3 frames and chained Ogg streams both play back as one)."""
    if fmt == "wav":
        return wav_bytes(audio, sample_rate)
    if fmt == "pcm":
        return pcm16(audio)
    return _ffmpeg_encode(pcm16(audio), sample_rate, fmt)


def _ffmpeg_command(sample_rate: int, fmt: str) -> list[str]:
    """ffmpeg reading s16le mono PCM on stdin and writing ``fmt`` on stdout."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is not on PATH; install ffmpeg (apt-get install ffmpeg)")
    return [
        ffmpeg,
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "s16le",
        "-ar",
        str(sample_rate),
        "-ac",
        "1",
        "-i",
        "pipe:0",
        *ENCODERS[fmt],
        "-flush_packets",
        "1",
        "pipe:1",
    ]


def _ffmpeg_encode(pcm: bytes, sample_rate: int, fmt: str) -> bytes:
    command = _ffmpeg_command(sample_rate, fmt)
    done = subprocess.run(command, input=pcm, capture_output=True, check=False, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg could not encode {fmt}: {done.stderr.decode(errors='replace')[-300:]}")
    return done.stdout


async def encode_stream(pcm: AsyncIterator[bytes], sample_rate: int, fmt: str) -> AsyncIterator[bytes]:
    """One ``fmt`` stream from PCM pieces that arrive over time (s16le mono, one rate): a single ffmpeg encodes
    them all, so the output is one clean stream (no per-piece headers, encoder delay or padding in the middle),
    passed on as ffmpeg writes it. Stops ffmpeg (and the PCM source) when the consumer goes away."""
    process = await asyncio.create_subprocess_exec(
        *_ffmpeg_command(sample_rate, fmt),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    stdin = process.stdin

    async def feed() -> None:
        try:
            async for piece in pcm:
                stdin.write(piece)
                await stdin.drain()
        finally:
            stdin.close()

    feeder = asyncio.create_task(feed())
    try:
        while data := await process.stdout.read(64 * 1024):
            yield data
        await feeder  # a failure of the source surfaces here
        if await process.wait() != 0:
            raise RuntimeError(f"ffmpeg could not encode {fmt} (exit {process.returncode})")
    finally:
        feeder.cancel()
        with contextlib.suppress(asyncio.CancelledError, BrokenPipeError, ConnectionResetError):
            await feeder
        if process.returncode is None:
            process.kill()
            await process.wait()


def media_type(fmt: str, sample_rate: int) -> str:
    if fmt == "pcm":
        return f"{AUDIO_MEDIA_TYPES['pcm']};rate={sample_rate};channels=1"
    return AUDIO_MEDIA_TYPES[fmt]


def read_wav_bytes(data: bytes) -> tuple[np.ndarray, int]:
    """Decode a (possibly streamed, unknown-length) PCM16 WAV; used by tests, benchmarks and the job."""
    import soundfile as sf

    if len(data) >= 44 and data[40:44] == struct.pack("<I", STREAM_SIZE):
        rate = struct.unpack("<I", data[24:28])[0]
        samples = np.frombuffer(data[44 : 44 + (len(data) - 44) // 2 * 2], dtype="<i2")
        return samples.astype(np.float32) / 32767.0, int(rate)
    audio, rate = sf.read(io.BytesIO(data), dtype="float32")
    return np.asarray(audio, dtype=np.float32), int(rate)

"""Decoding and probing media with ffmpeg (through ffmpeg-python), shared by the voice and video services.

Anything ffmpeg can read is accepted; what it cannot read is a 422 with a stable code, never a 500.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.errors import InvalidInput, PayloadTooLarge

log = logging.getLogger(__name__)

# The longest any single ffmpeg/ffprobe run may take; past it the process is killed. Inputs are capped in
# length before they are decoded, so a run this long means a pathological file or a stuck tool.
FFMPEG_TIMEOUT_S = 120


@dataclass(frozen=True)
class AudioInfo:
    duration: float
    sample_rate: int
    channels: int
    codec: str


def _clean(stderr: bytes | None, *paths: Path, fallback: str) -> str:
    """The last ffmpeg message line, with our temp paths removed (they mean nothing to a user)."""
    lines = (stderr or b"").decode(errors="replace").strip().splitlines()
    line = lines[-1] if lines else fallback
    for path in paths:
        line = line.replace(str(path), "input")
    return line[:200]


def require_tool(tool: str) -> str:
    """The path of an ffmpeg tool; a missing one is a deployment fault (500), never the user's."""
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(f"{tool} is not on PATH; install ffmpeg (apt-get install ffmpeg)")
    return path


def run_ffmpeg(stream: Any) -> None:
    """Run an ffmpeg-python output graph within :data:`FFMPEG_TIMEOUT_S`. A failed run raises ``ffmpeg.Error``
    (the caller words the problem); a run past the limit is killed and answered 422 ``media_timeout``.
    ``Stream.run`` has no timeout, hence ``run_async`` + ``communicate``."""
    import ffmpeg

    process = stream.run_async(cmd=require_tool("ffmpeg"), pipe_stdout=True, pipe_stderr=True)
    try:
        out, err = process.communicate(timeout=FFMPEG_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise InvalidInput(
            f"Processing the media took over {FFMPEG_TIMEOUT_S} s and was stopped.", code="media_timeout"
        ) from exc
    if process.returncode != 0:
        raise ffmpeg.Error("ffmpeg", out, err)


def probe(path: Path, *flags: str) -> dict[str, Any]:
    """ffprobe's JSON facts of a file (format and streams) within :data:`FFMPEG_TIMEOUT_S` (``ffmpeg.probe``
    takes no timeout). A file ffprobe cannot read raises ``ffmpeg.Error``."""
    import ffmpeg

    command = [
        require_tool("ffprobe"),
        "-v",
        "error",
        "-show_format",
        "-show_streams",
        "-of",
        "json",
        *flags,
        str(path),
    ]
    try:
        done = subprocess.run(command, capture_output=True, timeout=FFMPEG_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise InvalidInput(f"Probing the file took over {FFMPEG_TIMEOUT_S} s.", code="media_timeout") from exc
    if done.returncode != 0:
        raise ffmpeg.Error("ffprobe", done.stdout, done.stderr)
    info: dict[str, Any] = json.loads(done.stdout)
    return info


def probe_audio(path: Path) -> AudioInfo:
    """Read the first audio stream's facts; refuses files without one."""
    import ffmpeg

    try:
        info = probe(path)
    except ffmpeg.Error as exc:
        reason = _clean(exc.stderr, path, fallback="unknown format")
        raise InvalidInput(f"The file is not decodable audio ({reason}).", code="undecodable_audio") from exc
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if not streams:
        raise InvalidInput("The file has no audio stream.", code="undecodable_audio")
    stream = streams[0]
    duration = float(stream.get("duration") or info.get("format", {}).get("duration") or 0.0)
    return AudioInfo(
        duration=duration,
        sample_rate=int(stream.get("sample_rate") or 0),
        channels=int(stream.get("channels") or 0),
        codec=str(stream.get("codec_name")),
    )


def check_audio_length(seconds: float, *, max_seconds: float | None, min_seconds: float = 0.0) -> None:
    """413 ``audio_too_long`` past the limit; 422 ``audio_too_short`` under ``min_seconds``."""
    if max_seconds is not None and seconds > max_seconds:
        raise PayloadTooLarge(
            f"The audio lasts {seconds:.1f} s; the limit is {max_seconds:.0f} s.", code="audio_too_long"
        )
    if seconds < min_seconds:
        raise InvalidInput("The audio is empty or too short to use.", code="audio_too_short")


def decode_audio(
    src: Path,
    dst: Path,
    *,
    sample_rate: int | None = None,
    max_seconds: float | None = None,
    min_seconds: float = 0.05,
) -> AudioInfo:
    """Decode any audio ffmpeg reads into mono 16-bit PCM WAV at ``sample_rate`` (the source's, capped at
    48 kHz, when None). Checks the duration limit before decoding the whole file."""
    import ffmpeg

    info = probe_audio(src)
    check_audio_length(info.duration, max_seconds=max_seconds)
    rate = sample_rate or min(max(info.sample_rate, 8000), 48000)
    stream = ffmpeg.input(str(src))
    if max_seconds is not None:  # probed durations can lie (broken headers): cut at the limit regardless
        stream = ffmpeg.input(str(src), t=max_seconds + 0.5)
    try:
        run_ffmpeg(stream.output(str(dst), ac=1, ar=rate, acodec="pcm_s16le", format="wav", vn=None).overwrite_output())
    except ffmpeg.Error as exc:
        tail = _clean(exc.stderr, src, dst, fallback="decode failed")
        raise InvalidInput(f"The audio could not be decoded ({tail}).", code="undecodable_audio") from exc
    decoded = probe_audio(dst)
    check_audio_length(decoded.duration, max_seconds=None, min_seconds=min_seconds)
    if max_seconds is not None and decoded.duration > max_seconds + 0.25:
        raise PayloadTooLarge(f"The audio lasts over {max_seconds:.0f} s, the limit.", code="audio_too_long")
    return decoded

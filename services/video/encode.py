"""MP4 encoding: raw RGB frames piped into ffmpeg (libx264, yuv420p) with the speech muxed as AAC and the
moov atom moved to the front (``+faststart``) so browsers start playing before the download ends.

The command is built with ffmpeg-python; the process is started here so its stderr goes to a file (a pipe
nobody reads would fill up and stall the encoder).
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import cv2
import numpy as np

from shared.media import probe, require_tool


@dataclass(frozen=True)
class EncodeSettings:
    crf: int = 20
    preset: str = "veryfast"
    audio_bitrate: str = "128k"
    audio_rate: int = 48000


class EncodeError(RuntimeError):
    pass


class Mp4Writer:
    """Write frames one by one; :meth:`close` finishes the file (and raises if ffmpeg failed)."""

    def __init__(self, path: Path, size: int, fps: int, audio: Path | None, settings: EncodeSettings) -> None:
        import ffmpeg

        self.path = path
        self.size = size
        self.frames = 0
        video = ffmpeg.input("pipe:", format="rawvideo", pix_fmt="rgb24", s=f"{size}x{size}", framerate=fps)
        streams = [video]
        audio_args: dict[str, object] = {}
        if audio is not None:
            streams.append(ffmpeg.input(str(audio)))
            audio_args = {"acodec": "aac", "audio_bitrate": settings.audio_bitrate, "ar": settings.audio_rate}
        out = (
            ffmpeg.output(
                *streams,
                str(path),
                vcodec="libx264",
                pix_fmt="yuv420p",
                preset=settings.preset,
                crf=settings.crf,
                r=fps,
                movflags="+faststart",
                **audio_args,
            )
            .global_args("-hide_banner", "-loglevel", "error", "-nostats")
            .overwrite_output()
        )
        args = out.compile(cmd=require_tool("ffmpeg"))
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()/abort()
        self._proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log)

    def write(self, frame: np.ndarray) -> None:
        if frame.shape != (self.size, self.size, 3) or frame.dtype != np.uint8:
            raise ValueError(f"frame must be {self.size}x{self.size}x3 uint8, got {frame.shape} {frame.dtype}")
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(np.ascontiguousarray(frame).tobytes())
        except BrokenPipeError as exc:
            raise EncodeError(f"ffmpeg stopped: {self._stderr()}") from exc
        self.frames += 1

    def close(self) -> Path:
        assert self._proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self._proc.stdin.close()
        code = self._proc.wait(timeout=600)
        message = self._stderr()
        self._log.close()
        if code != 0:
            raise EncodeError(f"ffmpeg exited with {code}: {message}")
        return self.path

    def abort(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait(timeout=10)
        self._log.close()
        self.path.unlink(missing_ok=True)

    def _stderr(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace").strip()[-500:]


def write_jpeg(path: Path, rgb: np.ndarray, quality: int = 88) -> Path:
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise EncodeError("JPEG encoding failed")
    path.write_bytes(data.tobytes())
    return path


def encode_png(rgb_or_gray: np.ndarray) -> bytes:
    image = rgb_or_gray if rgb_or_gray.ndim == 2 else cv2.cvtColor(rgb_or_gray, cv2.COLOR_RGB2BGR)
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise EncodeError("PNG encoding failed")
    return data.tobytes()


def decode_png(data: bytes, *, gray: bool = False) -> np.ndarray:
    flag = cv2.IMREAD_GRAYSCALE if gray else cv2.IMREAD_COLOR
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flag)
    if image is None:
        raise EncodeError("stored image could not be decoded")
    return image if gray else cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def probe_streams(path: Path) -> dict[str, dict[str, float]]:
    """Per stream type: duration, frame rate and frame count (video), sample rate (audio). For tests/benches."""
    info = probe(path, "-count_frames")
    out: dict[str, dict[str, float]] = {}
    for stream in info["streams"]:
        kind = stream["codec_type"]
        entry = {"duration": float(stream.get("duration") or 0.0)}
        if kind == "video":
            num, _, den = stream["avg_frame_rate"].partition("/")
            entry["fps"] = float(num) / float(den or 1)
            entry["frames"] = float(stream.get("nb_read_frames") or stream.get("nb_frames") or 0)
            entry["width"] = float(stream["width"])
            entry["height"] = float(stream["height"])
        out[kind] = entry
    return out

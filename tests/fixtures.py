"""Test data built from packaged files (no downloads): photos and speech shared by unit, integration, browser
tests and benchmarks. ``tests/unit/test_fixtures.py`` checks that each one has the property its tests rely
on.

The one-face photo is scikit-image's astronaut; the multi-face, no-face, small-face, dark and blurred photos
are made from it programmatically. Speech is a real recording shipped in the `moonshine-voice` wheel.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import soundfile as sf


@cache
def astronaut() -> np.ndarray:
    import skimage.data

    return np.ascontiguousarray(skimage.data.astronaut())


def encode(rgb: np.ndarray, ext: str = ".png") -> bytes:
    ok, data = cv2.imencode(ext, cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    assert ok
    return data.tobytes()


def two_faces() -> np.ndarray:
    return np.ascontiguousarray(np.hstack([astronaut(), astronaut()[:, ::-1]]))


def no_face() -> np.ndarray:
    """The astronaut's suit and the backdrop, below the face."""
    return np.ascontiguousarray(cv2.resize(astronaut()[300:512, 0:512], (512, 212)))


def small_face() -> np.ndarray:
    """The astronaut shrunk onto a grey canvas: the face is about 55 px high (the limit is 80)."""
    canvas = np.full((640, 640, 3), 128, np.uint8)
    canvas[170:450, 170:450] = cv2.resize(astronaut(), (280, 280), interpolation=cv2.INTER_AREA)
    return canvas


def dark() -> np.ndarray:
    return np.ascontiguousarray((astronaut().astype(np.float32) * 0.16).astype(np.uint8))


def blurred() -> np.ndarray:
    return np.ascontiguousarray(cv2.GaussianBlur(astronaut(), (0, 0), 5.0))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares ``width`` x ``height`` pixels (a decompression bomb's header): the IDAT holds
    a few compressed rows only, so decoding it fully would both take the memory and fail."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * (width * 3 + 1) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def gif_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(astronaut()).save(buf, format="GIF")
    return buf.getvalue()


def speech_path() -> Path:
    """10 s of read English at 16 kHz, shipped in the `moonshine-voice` wheel (dev extra)."""
    import moonshine_voice

    return Path(moonshine_voice.__file__).parent / "assets" / "beckett.wav"


def speech_clip(seconds: float, *, silence_after: float = 0.0, silence_before: float = 0.0) -> tuple[np.ndarray, int]:
    audio, rate = sf.read(str(speech_path()), dtype="float32")
    clip = audio[: int(seconds * rate)]
    return (
        np.concatenate(
            [np.zeros(int(silence_before * rate), np.float32), clip, np.zeros(int(silence_after * rate), np.float32)]
        ),
        rate,
    )


def speech_wav_bytes(seconds: float, **silence: float) -> bytes:
    audio, rate = speech_clip(seconds, **silence)
    buf = io.BytesIO()
    sf.write(buf, audio, rate, format="WAV", subtype="PCM_16")
    return buf.getvalue()

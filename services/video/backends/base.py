"""The renderer contract: a renderer opens a session for one avatar and output format, and the session turns
per-frame audio features into frames, one call per frame. Files (render jobs) and streams (the streaming
endpoint) drive the same session code; a session keeps its state (blinks, motion, smoothing) across calls, so
segments fed one after another join without a jump."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from services.video.audio import FrameFeatures
from shared.contracts.video import Avatar, Background


@dataclass(frozen=True)
class AvatarAssets:
    """What a renderer needs of an avatar, loaded from the store."""

    avatar: Avatar
    crop: np.ndarray  # S x S x 3 uint8 RGB head crop
    landmarks: np.ndarray  # 478 x 3, pixels of the crop
    matte: np.ndarray | None  # S x S float32 0..1 person matte
    checkpoint: Path | None = None  # an ``ernerf`` avatar's checkpoint file, downloaded to the local cache


@dataclass(frozen=True)
class RenderOptions:
    size: int = 512
    fps: int = 25
    background: Background = Background.keep
    background_rgb: tuple[int, int, int] = (0, 177, 64)
    background_image: np.ndarray | None = None  # RGB, any size (covered to the output)
    seed: int = 0


class RenderSession(Protocol):
    size: int
    fps: int

    def frame(self, features: FrameFeatures) -> np.ndarray:
        """The next frame (size x size x 3 uint8 RGB) for the audio around its instant."""
        ...


@runtime_checkable
class AudioFedSession(Protocol):
    """A session that renders from the speech samples themselves (ER-NeRF's mel windows), not only from the
    per-frame features: whoever drives it hands it each clip's 16 kHz audio before that clip's frames."""

    def feed_audio(self, audio16k: np.ndarray, frames: int) -> None:
        """Queue the audio of the next ``frames`` frames (16 kHz mono, ``frames / fps`` seconds)."""
        ...

    def drop_audio(self) -> None:
        """Forget the audio queued and not yet rendered (the speech was cut: barge-in)."""
        ...


class Renderer(Protocol):
    name: str

    def check_available(self) -> None:
        """Raise a ProblemError (e.g. 501) when this renderer cannot run here."""
        ...

    def open(self, assets: AvatarAssets, options: RenderOptions) -> RenderSession: ...

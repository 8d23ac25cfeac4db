"""ER-NeRF renderer: a trained ER-NeRF head (an ``ernerf`` avatar, registered by the trainer) driven by speech.

The avatar's checkpoint (one self-contained file: weights, pose track, background plate, torso) is downloaded
once to local disk (``AvatarRepository.load_assets``) and loaded once per process (a small in-memory cache).
Audio features are the training extractor's own (``ernerf.mel_windows``, 16 x 32 log-mel windows per frame), so
the session is fed each clip's 16 kHz samples before its frames (:class:`AudioFedSession`); the head pose
follows the training track, looped and smoothed, inside the model library's session. Video jobs, the streaming
endpoint and chat replies drive it exactly like the portrait animator.

Needs torch and the ``ernerf`` model library; without them it answers 501 ``renderer_not_available`` and
``/readyz`` lists it as unavailable with the reason.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from services.video.audio import FrameFeatures
from services.video.backends.base import AvatarAssets, RenderOptions, RenderSession
from shared.errors import InvalidInput, NotImplementedYet

FEATURE_RATE = 16000
CONTEXT_S = 0.4  # audio of the previous clip kept so the first windows of the next one see real context
CACHED_RUNTIMES = 2  # loaded heads kept in memory per process
INSTALL_HINT = "install the video service's requirements (pip install -e '.[video]', which brings torch)"


def _library() -> Any:
    try:
        import ernerf
    except ImportError as exc:
        raise NotImplementedYet(
            f"ER-NeRF rendering is not available here ({exc}); {INSTALL_HINT}.", code="renderer_not_available"
        ) from exc
    return ernerf


def render_device() -> str:
    """The GPU when this process has one (a worker on a ``video.gpuN`` queue is started with
    ``CUDA_VISIBLE_DEVICES=N``), else the CPU."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def fit_square(frame: np.ndarray, size: int) -> np.ndarray:
    """The frame as ``size`` x ``size``: scaled, and a non-square frame centred on its own edge colour."""
    h, w = frame.shape[:2]
    if h == w == size:
        return np.ascontiguousarray(frame)
    scale = size / max(h, w)
    new = (max(1, round(w * scale)), max(1, round(h * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    scaled = cv2.resize(frame, new, interpolation=interp)
    if new == (size, size):
        return scaled
    top, left = (size - new[1]) // 2, (size - new[0]) // 2
    return cv2.copyMakeBorder(scaled, top, size - new[1] - top, left, size - new[0] - left, cv2.BORDER_REPLICATE)


class ErnerfSession:
    """One stream of frames: mel windows queued from the fed audio, one per frame; a frame asked for with no
    audio queued (a caller that never feeds audio) gets the silent window, so the head idles with a closed
    mouth instead of failing."""

    def __init__(self, lib: Any, inner: Any, options: RenderOptions) -> None:
        self.lib, self.inner = lib, inner
        self.size, self.fps = options.size, options.fps
        self.windows: deque[np.ndarray] = deque()
        self.context = np.zeros(0, np.float32)
        self._silence: np.ndarray | None = None

    def feed_audio(self, audio16k: np.ndarray, frames: int) -> None:
        audio = np.asarray(audio16k, dtype=np.float32).reshape(-1)
        context_frames = round(len(self.context) * self.fps / FEATURE_RATE)
        joined = np.concatenate([self.context, audio])
        windows = self.lib.mel_windows(joined, context_frames + frames, self.fps)
        self.windows.extend(np.asarray(windows[context_frames:], dtype=np.float32))
        keep = round(round(CONTEXT_S * self.fps) * FEATURE_RATE / self.fps)
        self.context = joined[-keep:] if keep else np.zeros(0, np.float32)

    def drop_audio(self) -> None:
        self.windows.clear()
        self.context = np.zeros(0, np.float32)

    def silence(self) -> np.ndarray:
        if self._silence is None:
            samples = np.zeros(round(FEATURE_RATE / self.fps), np.float32)
            self._silence = np.asarray(self.lib.mel_windows(samples, 1, self.fps)[0], dtype=np.float32)
        return self._silence

    def frame(self, features: FrameFeatures) -> np.ndarray:
        window = self.windows.popleft() if self.windows else self.silence()
        rgb = np.asarray(self.inner.frame(window))
        return fit_square(rgb, self.size)


class ErnerfRenderer:
    name = "ernerf"

    def __init__(self) -> None:
        self._runtimes: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._lock = threading.Lock()

    def check_available(self) -> None:
        _library()
        try:
            import torch  # noqa: F401
        except ImportError as exc:
            raise NotImplementedYet(
                f"ER-NeRF rendering needs torch ({exc}); {INSTALL_HINT}.", code="renderer_not_available"
            ) from exc

    def runtime(self, checkpoint: Path) -> Any:
        """The loaded head of ``checkpoint`` (loaded once; the least recently used of more than a few goes)."""
        lib = _library()
        key = (str(checkpoint), render_device())
        with self._lock:
            if key in self._runtimes:
                self._runtimes.move_to_end(key)
                return self._runtimes[key]
            runtime = lib.AvatarRuntime.load(checkpoint, device=key[1])
            self._runtimes[key] = runtime
            while len(self._runtimes) > CACHED_RUNTIMES:
                self._runtimes.popitem(last=False)
            return runtime

    def open(self, assets: AvatarAssets, options: RenderOptions) -> RenderSession:
        if assets.checkpoint is None:
            raise InvalidInput(
                f"Avatar {assets.avatar.id} is not an ER-NeRF avatar (it has no checkpoint).", code="unknown_renderer"
            )
        lib = _library()
        runtime = self.runtime(assets.checkpoint)
        return ErnerfSession(lib, runtime.session(seed=options.seed), options)

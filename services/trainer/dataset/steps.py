"""What every step shares: progress and cancellation callbacks, and the dataset's on-disk layout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shared.errors import JobCancelled

Progress = Callable[[float], None]
CancelCheck = Callable[[], bool]


def no_progress(_: float) -> None:
    """The default progress callback: reports go nowhere."""


def never_cancelled() -> bool:
    return False


@dataclass
class Ticker:
    """Reports ``done / total`` and raises :class:`JobCancelled` once a cancel was requested."""

    progress: Progress = no_progress
    cancelled: CancelCheck = never_cancelled

    def __call__(self, done: float, total: float) -> None:
        if self.cancelled():
            raise JobCancelled("dataset preprocessing cancelled")
        self.progress(min(1.0, max(0.0, done / total)) if total > 0 else 1.0)


@dataclass(frozen=True)
class DatasetLayout:
    """ER-NeRF's on-disk layout of one dataset directory (plus our report and previews)."""

    root: Path

    @property
    def ori_imgs(self) -> Path:
        return self.root / "ori_imgs"

    @property
    def parsing(self) -> Path:
        return self.root / "parsing"

    @property
    def gt_imgs(self) -> Path:
        return self.root / "gt_imgs"

    @property
    def torso_imgs(self) -> Path:
        return self.root / "torso_imgs"

    @property
    def previews(self) -> Path:
        return self.root / "previews"

    @property
    def audio_wav(self) -> Path:
        return self.root / "aud.wav"

    @property
    def background(self) -> Path:
        return self.root / "bc.jpg"

    @property
    def au_csv(self) -> Path:
        return self.root / "au.csv"

    @property
    def track_params(self) -> Path:
        return self.root / "track_params.pt"

    @property
    def mesh_landmarks(self) -> Path:
        """Per-frame 478-point face mesh (pixels), kept for the tracker, the masks and re-runs."""
        return self.root / "mesh_landmarks.npy"

    @property
    def report(self) -> Path:
        return self.root / "report.json"

    def transforms(self, split: str) -> Path:
        return self.root / f"transforms_{split}.json"

    def frame(self, index: int) -> Path:
        return self.ori_imgs / f"{index}.jpg"

    def lms(self, index: int) -> Path:
        return self.ori_imgs / f"{index}.lms"

    def make_dirs(self) -> None:
        for path in (self.ori_imgs, self.parsing, self.gt_imgs, self.torso_imgs, self.previews):
            path.mkdir(parents=True, exist_ok=True)

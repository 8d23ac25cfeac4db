"""Reads a dataset in ER-NeRF's layout, as the trainer's preprocessing writes it: ``transforms_{train,val}.json``
(OpenGL camera-to-head, metres), ``gt_imgs/<i>.jpg``, ``torso_imgs/<i>.png`` (RGBA), ``bc.jpg``,
``ori_imgs/<i>.lms`` (68 points), ``au.csv`` (``' AU45_r'``) and the audio features (``aud.npy`` and friends).

Poses go through ER-NeRF's loader transform (x4 scale, axis permutation, OpenCV camera); images stay uint8 in
memory and are moved to the device one frame at a time.
"""

from __future__ import annotations

import csv
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch

from shared.errors import InvalidInput

AUDIO_FILES = ("aud.npy", "aud_hu.npy", "aud_eo.npy", "aud_ds.npy")  # first found wins
NGP_SCALE = 4.0


def nerf_matrix_to_ngp(pose: np.ndarray, scale: float = NGP_SCALE) -> np.ndarray:
    """ER-NeRF's loader transform of one c2w: scaled translation, permuted axes (x <- y, y <- z, z <- x),
    OpenCV camera (y and z flipped)."""
    return np.array(
        [
            [pose[1, 0], -pose[1, 1], -pose[1, 2], pose[1, 3] * scale],
            [pose[2, 0], -pose[2, 1], -pose[2, 2], pose[2, 3] * scale],
            [pose[0, 0], -pose[0, 1], -pose[0, 2], pose[0, 3] * scale],
            [0.0, 0.0, 0.0, 1.0],
        ]
    )


def square_rect(points: np.ndarray, minimum: int, height: int, width: int) -> np.ndarray:
    """A square around ``points`` (at least ``minimum`` px), clamped into the image: x0, y0, x1, y1 (exclusive)."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    centre = (lo + hi) / 2
    side = int(min(max(np.ceil((hi - lo).max()), minimum), height, width))
    x0 = int(np.clip(round(centre[0] - side / 2), 0, width - side))
    y0 = int(np.clip(round(centre[1] - side / 2), 0, height - side))
    return np.array([x0, y0, x0 + side, y0 + side])


def box_rect(points: np.ndarray, height: int, width: int) -> np.ndarray:
    lo, hi = np.floor(points.min(axis=0)), np.ceil(points.max(axis=0))
    return np.array([max(lo[0], 0), max(lo[1], 0), min(hi[0], width), min(hi[1], height)], dtype=np.int64)


@dataclass
class Split:
    ids: np.ndarray  # image ids (= audio ids)
    poses: torch.Tensor  # [N, 4, 4] loader-space camera-to-world (OpenCV camera)
    eye: torch.Tensor  # [N] AU45 clipped to [0, 2] / 2
    face: np.ndarray  # [N, 4] x0, y0, x1, y1 of the 68 landmarks
    lips: np.ndarray  # [N, 4] square around landmarks 48-59
    eyes: np.ndarray  # [N, 4] box of landmarks 36-47
    images: torch.Tensor  # [N, H, W, 3] uint8 RGB (gt_imgs: the frame over the background plate)
    torso: torch.Tensor  # [N, H, W, 4] uint8 RGBA (torso_imgs: neck and torso without the head)


def _read_rgb(path: Path, flags: int = cv2.IMREAD_COLOR) -> np.ndarray:
    image = cv2.imread(str(path), flags)
    if image is None:
        raise InvalidInput(f"The dataset file {path.name} is missing or unreadable.")
    return cv2.cvtColor(image, cv2.COLOR_BGRA2RGBA if image.shape[-1] == 4 else cv2.COLOR_BGR2RGB)


class ErnerfDataset:
    """All frames of one dataset, its intrinsics, background plate, audio features and eye track."""

    def __init__(self, root: Path, lips_minimum: int = 16) -> None:
        self.root = Path(root)
        train = self._json("transforms_train.json")
        val_path = self.root / "transforms_val.json"
        val = self._json("transforms_val.json") if val_path.is_file() else {"frames": []}
        self.focal = float(train["focal_len"])
        self.cx, self.cy = float(train["cx"]), float(train["cy"])
        background = _read_rgb(self.root / "bc.jpg")
        self.height, self.width = background.shape[:2]
        self.background = torch.from_numpy(background)  # [H, W, 3] uint8
        self.audio = torch.from_numpy(self._audio())  # [N_aud, W, C]
        self.au45 = self._au45()
        self.lips_minimum = lips_minimum
        self.train = self._split(train["frames"])
        self.val = self._split(val["frames"]) if val["frames"] else self.train
        if not len(self.train.ids):
            raise InvalidInput("The dataset has no training frames.")

    def _json(self, name: str) -> dict:
        path = self.root / name
        if not path.is_file():
            raise InvalidInput(f"{name} is missing: not a prepared dataset.")
        return json.loads(path.read_text())

    def _audio(self) -> np.ndarray:
        for name in AUDIO_FILES:
            if (self.root / name).is_file():
                features = np.load(self.root / name).astype(np.float32)
                if features.ndim == 2:  # [N, C] -> one-step windows
                    features = features[:, None, :]
                return features
        raise InvalidInput("The dataset has no audio features (aud.npy).")

    def _au45(self) -> dict[int, float]:
        path = self.root / "au.csv"
        if not path.is_file():
            return {}
        with path.open() as f:
            rows = list(csv.DictReader(f))
        if not rows or " AU45_r" not in rows[0]:
            return {}
        return {i: float(np.clip(float(row[" AU45_r"]), 0, 2) / 2) for i, row in enumerate(rows)}

    def _split(self, frames: list[dict]) -> Split:
        ids = np.array([int(f["img_id"]) for f in frames], dtype=np.int64)
        poses = np.stack([nerf_matrix_to_ngp(np.array(f["transform_matrix"], dtype=np.float64)) for f in frames])
        lms = [self._landmarks(int(i)) for i in ids]
        h, w = self.height, self.width
        with ThreadPoolExecutor(4) as pool:
            images = list(pool.map(lambda i: _read_rgb(self.root / "gt_imgs" / f"{i}.jpg"), ids))
            torso = list(pool.map(lambda i: self._torso(int(i)), ids))
        return Split(
            ids=ids,
            poses=torch.from_numpy(poses).float(),
            eye=torch.tensor([self.au45.get(int(i), 0.0) for i in ids], dtype=torch.float32),
            face=np.stack([box_rect(p, h, w) for p in lms]),
            lips=np.stack([square_rect(p[48:60], self.lips_minimum, h, w) for p in lms]),
            eyes=np.stack([box_rect(p[36:48], h, w) for p in lms]),
            images=torch.from_numpy(np.stack(images)),
            torso=torch.from_numpy(np.stack(torso)),
        )

    def _landmarks(self, index: int) -> np.ndarray:
        path = self.root / "ori_imgs" / f"{index}.lms"
        if path.is_file():
            return np.loadtxt(path).reshape(68, 2)
        # no landmarks: the centre half of the frame stands in for the face
        h, w = self.height, self.width
        return np.array([[w / 4, h / 4], [3 * w / 4, 3 * h / 4]] * 34)

    def _torso(self, index: int) -> np.ndarray:
        path = self.root / "torso_imgs" / f"{index}.png"
        if not path.is_file():
            return np.zeros((self.height, self.width, 4), dtype=np.uint8)
        image = _read_rgb(path, cv2.IMREAD_UNCHANGED)
        if image.shape[-1] == 3:
            image = np.concatenate([image, np.full((*image.shape[:2], 1), 255, np.uint8)], axis=-1)
        return image

    def audio_windows(self, audio_id: int, frames: int = 8) -> torch.Tensor:
        """The windows of frames ``audio_id - frames//2 .. audio_id + frames//2 - 1``, zero outside the clip
        (ER-NeRF's ``--att 2``); the loader clamps ids past the feature count."""
        n = len(self.audio)
        ids = torch.arange(audio_id - frames // 2, audio_id - frames // 2 + frames)
        windows = self.audio[ids.clamp(0, n - 1)]
        return windows * ((ids >= 0) & (ids < n)).float().view(-1, 1, 1)

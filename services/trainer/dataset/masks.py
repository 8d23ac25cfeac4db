"""Step 5: parsing masks (head / neck / torso / background), the background plate, ``gt_imgs`` and ``torso_imgs``.

mediapipe's selfie segmentation gives the person; the face mesh splits it: head = the face oval plus person
pixels above the jaw line (extended sideways to the frame edges, so hair and ears count), neck = person pixels
below the jaw down to ``NECK_DEPTH`` face heights under the chin within the jaw's width, torso = the rest of the
person. Parsing PNGs use ER-NeRF's colours as read by OpenCV (BGR): head (255,0,0), neck (0,255,0), torso
(0,0,255), background white. The plate, gt and torso images follow ER-NeRF's preprocessing.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from scipy.ndimage import binary_dilation, distance_transform_edt

from services.trainer.dataset.canonical import FACE_OVAL, JAW_LINE
from services.trainer.dataset.gates import GateLog
from services.trainer.dataset.steps import CancelCheck, DatasetLayout, Progress, Ticker, never_cancelled, no_progress
from services.trainer.settings import DatasetLimits
from shared.contracts.trainer import GateCode

HEAD, NECK, TORSO, BACKGROUND = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
NECK_DEPTH = 0.3  # face heights below the chin
PLATE_MIN_DISTANCE = 5.0  # a plate pixel must be this far (px at 512) from the person in its source frame
MOTION_SIDE = 128  # sampled frames are kept this small for the camera and background measures
TARGET_THREADS = 2  # threads writing gt and torso images
CHANGED_LEVEL = 30  # a background pixel differing from the plate by more than this (0-255) has changed


@dataclass(frozen=True)
class MaskResult:
    person_fraction: np.ndarray  # [N] share of the frame covered by the person
    camera_shift: float  # median shift between sampled frames, as a fraction of the side
    background_change: float  # median share of background pixels that differ from the plate


def label_frame(person: np.ndarray, mesh: np.ndarray) -> np.ndarray:
    """Labels 0 background, 1 head, 2 neck, 3 torso from a person mask and one frame's mesh points."""
    h, w = person.shape
    labels = np.zeros((h, w), dtype=np.uint8)
    oval = mesh[FACE_OVAL, :2]
    face = np.zeros((h, w), dtype=np.uint8)
    cv2.fillPoly(face, [np.round(oval - 0.5).astype(np.int32)], (1,))
    jaw = mesh[JAW_LINE, :2]
    above = np.vstack([[[-1.0, jaw[0, 1]]], jaw, [[w + 1.0, jaw[-1, 1]], [w + 1.0, -1.0], [-1.0, -1.0]]])
    head_zone = np.zeros((h, w), dtype=np.uint8)
    cv2.fillPoly(head_zone, [np.round(above - 0.5).astype(np.int32)], (1,))
    head = (face > 0) | (person & (head_zone > 0))
    face_h = float(np.ptp(oval[:, 1]))
    chin_y = float(mesh[152, 1])
    x0, x1 = float(jaw[:, 0].min()), float(jaw[:, 0].max())
    widen = 0.1 * (x1 - x0)
    rows = np.arange(h)[:, None] + 0.5 < chin_y + NECK_DEPTH * face_h
    cols = np.abs(np.arange(w)[None, :] + 0.5 - (x0 + x1) / 2) < (x1 - x0) / 2 + widen
    neck_zone = rows & cols
    neck = person & ~head & neck_zone
    torso = person & ~head & ~neck
    labels[head] = 1
    labels[neck] = 2
    labels[torso] = 3
    return labels


def labels_to_parsing(labels: np.ndarray) -> np.ndarray:
    colours = np.array([BACKGROUND, HEAD, NECK, TORSO], dtype=np.uint8)
    return colours[labels]


# An OpenCV-read parsing pixel's channels, each 0 or 255, as a 3-bit number -> label (0 background).
_BITS_TO_LABEL = np.zeros(8, dtype=np.uint8)
_BITS_TO_LABEL[[1, 2, 4]] = [1, 2, 3]  # channel 0 only: head; channel 1 only: neck; channel 2 only: torso


def parsing_to_labels(bgr: np.ndarray) -> np.ndarray:
    bits = (bgr[..., 0] >> 7) | ((bgr[..., 1] >> 7) << 1) | ((bgr[..., 2] >> 7) << 2)
    return _BITS_TO_LABEL[bits]


class _Plate:
    """ER-NeRF's background: each pixel from the sampled frame where it lies farthest from the person."""

    def __init__(self, h: int, w: int, min_distance: float) -> None:
        self.best = np.zeros((h, w), dtype=np.float32)
        self.colour = np.zeros((h, w, 3), dtype=np.uint8)
        self.min_distance = min_distance

    def add(self, bgr: np.ndarray, foreground: np.ndarray) -> None:
        distance = distance_transform_edt(~foreground).astype(np.float32)
        better = distance > self.best
        self.best[better] = distance[better]
        self.colour[better] = bgr[better]

    def image(self) -> np.ndarray:
        known = self.best > self.min_distance
        if not known.any():
            return self.colour
        _, (iy, ix) = distance_transform_edt(~known, return_indices=True)
        return self.colour[iy, ix]


def _inpaint_up(
    torso: np.ndarray, part: np.ndarray, head: np.ndarray, gt: np.ndarray, length: int, push: int
) -> np.ndarray:
    """ER-NeRF's vertical in-painting: the top pixel of each column of ``part`` that touches the head (pushed
    down by up to ``push`` pixels inside the part) is copied ``length`` pixels upwards, darkening by 0.98 a
    pixel. Returns the painted mask."""
    h = part.shape[0]
    painted = np.zeros_like(part)
    tops = np.argmax(part, axis=0)
    cols = np.nonzero(part.any(axis=0) & (tops > 0))[0]
    cols = cols[head[tops[cols] - 1, cols]]
    if len(cols) == 0:
        return painted
    top = tops[cols]
    column = part[:, cols] | (np.arange(h)[:, None] < top[None, :])  # True from row 0 to the part's first gap
    run_length = np.argmin(np.vstack([column, np.zeros((1, len(cols)), dtype=bool)]), axis=0) - top
    top = np.minimum(top + np.minimum(np.maximum(run_length - 1, 0), push), h - 1)
    colour = gt[top, cols].astype(np.float32)  # [m, 3]
    steps = np.arange(length)
    ys = top[None, :] - steps[:, None]  # [L, m]
    valid = ys >= 0
    shade = (0.98**steps)[:, None, None] * colour[None]  # [L, m, 3]
    xs = np.broadcast_to(cols[None, :], ys.shape)
    torso[ys[valid], xs[valid]] = shade[valid].astype(np.uint8)
    painted[ys[valid], xs[valid]] = True
    return painted


def torso_image(
    frame: np.ndarray, labels: np.ndarray, plate: np.ndarray, scale: float
) -> tuple[np.ndarray, np.ndarray]:
    """The ground-truth image (background replaced by the plate) and the RGBA torso image (BGR order)."""
    head, neck, torso_part = labels == 1, labels == 2, labels == 3
    gt = np.where((labels == 0)[..., None], plate, frame)
    torso = np.where(head[..., None], plate, gt)
    painted_torso = _inpaint_up(torso, torso_part, head, gt, max(2, round(9 * scale)), 0)
    neck = cv2.dilate(neck.astype(np.uint8), np.ones((7, 1), np.uint8)) > 0  # ER-NeRF: 3 vertical dilations
    painted_neck = _inpaint_up(torso, neck, head, gt, max(4, round(53 * scale)), max(1, round(4 * scale)))
    blurred = cv2.GaussianBlur(torso, (5, 5), 0)
    torso = np.where(painted_neck[..., None], blurred, torso)
    alpha = neck | torso_part | painted_neck | painted_torso
    torso = np.where(alpha[..., None], torso, 0).astype(np.uint8)
    return gt, np.dstack([torso, alpha.astype(np.uint8) * 255])


def _camera_shift(previous: np.ndarray, current: np.ndarray) -> float:
    window = cv2.createHanningWindow(previous.shape[::-1], cv2.CV_32F)
    (dx, dy), _ = cv2.phaseCorrelate(previous, current, window)
    return float(np.hypot(dx, dy))


def build_masks(
    layout: DatasetLayout,
    mesh: np.ndarray,
    limits: DatasetLimits,
    gates: GateLog,
    *,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> MaskResult:
    """Write ``parsing/``, ``bc.jpg``, ``gt_imgs/`` and ``torso_imgs/`` for every frame."""
    import mediapipe as mp

    tick = Ticker(progress, cancelled)
    n = len(mesh)
    first = cv2.imread(str(layout.frame(0)))
    h, w = first.shape[:2]
    scale = w / 512.0
    every = max(1, min(20, n // 10))  # ER-NeRF samples every 20th frame; short clips sample more often
    plate = _Plate(h, w, PLATE_MIN_DISTANCE * scale)
    solutions: Any = mp.solutions
    segmenter = solutions.selfie_segmentation.SelfieSegmentation(model_selection=0)
    person_fraction = np.zeros(n)
    samples: list[tuple[np.ndarray, np.ndarray]] = []
    try:
        for i in range(n):
            if i % 10 == 0:
                tick(0.6 * i / n, 1)
            bgr = cv2.imread(str(layout.frame(i)))
            prob = segmenter.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)).segmentation_mask
            labels = label_frame(np.asarray(prob) > 0.5, mesh[i])
            cv2.imwrite(str(layout.parsing / f"{i}.png"), labels_to_parsing(labels), [cv2.IMWRITE_PNG_COMPRESSION, 1])
            person_fraction[i] = float((labels > 0).mean())
            if i % every == 0:
                plate.add(bgr, labels > 0)
                small = cv2.resize(bgr, (MOTION_SIDE, MOTION_SIDE), interpolation=cv2.INTER_AREA)
                person = cv2.resize(
                    (labels > 0).astype(np.uint8), (MOTION_SIDE, MOTION_SIDE), interpolation=cv2.INTER_NEAREST
                )
                samples.append((small, person > 0))
    finally:
        segmenter.close()
    background = plate.image()
    cv2.imwrite(str(layout.background), background, [cv2.IMWRITE_JPEG_QUALITY, 95])
    small_plate = cv2.resize(background, (MOTION_SIDE, MOTION_SIDE), interpolation=cv2.INTER_AREA)
    shift, change = _background_motion(samples, small_plate)
    shift /= MOTION_SIDE
    camera_limit, change_limit = limits.dataset_max_camera_shift, limits.dataset_max_background_change
    gates.at_most(GateCode.moving_camera, shift, camera_limit, "Camera movement", warn_at=camera_limit / 2)
    gates.at_most(GateCode.moving_background, change, change_limit, "Changing background", warn_at=change_limit / 2)

    def write_targets(i: int) -> None:
        bgr = cv2.imread(str(layout.frame(i)))
        labels = parsing_to_labels(cv2.imread(str(layout.parsing / f"{i}.png")))
        gt, torso = torso_image(bgr, labels, background, scale)
        cv2.imwrite(str(layout.gt_imgs / f"{i}.jpg"), gt, [cv2.IMWRITE_JPEG_QUALITY, 95])
        cv2.imwrite(str(layout.torso_imgs / f"{i}.png"), torso, [cv2.IMWRITE_PNG_COMPRESSION, 1])

    # OpenCV's codecs and NumPy's large-array work release the GIL: two threads use both cores.
    with ThreadPoolExecutor(max_workers=TARGET_THREADS) as pool:
        for start in range(0, n, 10):
            tick(0.6 + 0.4 * start / n, 1)
            list(pool.map(write_targets, range(start, min(n, start + 10))))
    tick(1, 1)
    return MaskResult(person_fraction, shift, change)


def _background_motion(samples: list[tuple[np.ndarray, np.ndarray]], plate: np.ndarray) -> tuple[float, float]:
    """Median shift (px) between consecutive sampled frames with the person blanked out, and the median share
    of clear background pixels that differ from the plate."""
    shifts, changes = [], []
    previous = None
    for bgr, person in samples:
        clear = ~binary_dilation(person, iterations=2)
        grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY).astype(np.float32)
        grey[~clear] = float(grey[clear].mean()) if clear.any() else 0.0
        if previous is not None:
            shifts.append(_camera_shift(previous, grey))
        previous = grey
        if clear.any():
            diff = np.abs(bgr.astype(np.int16) - plate.astype(np.int16)).max(axis=-1)
            changes.append(float((diff[clear] > CHANGED_LEVEL).mean()))
    return (float(np.median(shifts)) if shifts else 0.0), (float(np.median(changes)) if changes else 0.0)

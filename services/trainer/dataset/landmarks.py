"""Step 3: per-frame face mesh (mediapipe 0.10.21) -> ER-NeRF's 68-point ``.lms`` files, gaps interpolated.

The face mesh runs in tracking mode (it re-detects only when it loses the face), which is faster and steadier
than per-image detection. Short gaps (up to ``dataset_max_gap_frames``) are filled by linear interpolation in
time; frames in longer gaps are dropped from the training set (their images stay, so ids still match audio).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from services.trainer.dataset.canonical import MESH_TO_68
from services.trainer.dataset.steps import CancelCheck, DatasetLayout, Progress, Ticker, never_cancelled, no_progress
from services.trainer.settings import DatasetLimits

MESH_POINTS = 468  # the iris points (468-477) are not part of the canonical model
SHARPNESS_EVERY = 5
SHARPNESS_SIDE = 64


@dataclass(frozen=True)
class LandmarkResult:
    """Per-frame mesh points (pixels, edge-origin, z in x's scale), which frames were seen, filled or dropped."""

    mesh: np.ndarray  # [N, 468, 3]
    detected: np.ndarray  # [N] bool: the mesh found a face in this frame
    interpolated: np.ndarray  # [N] bool: filled over a short gap
    dropped: np.ndarray  # [N] bool: in a gap too long to fill
    faces: np.ndarray  # [N] int: how many faces the mesh saw
    sharpness: np.ndarray  # [K] variance of the Laplacian of the face (resized to 64 px) on sampled frames

    @property
    def lms68(self) -> np.ndarray:
        return self.mesh[:, MESH_TO_68, :2]


class FaceMeshTracker:
    """A mediapipe face mesh in tracking mode; build one per video (it keeps state between frames)."""

    def __init__(self, max_faces: int = 2) -> None:
        import mediapipe as mp

        solutions: Any = mp.solutions
        self._mesh = solutions.face_mesh.FaceMesh(
            static_image_mode=False, max_num_faces=max_faces, refine_landmarks=False, min_detection_confidence=0.5
        )

    def faces(self, rgb: np.ndarray) -> list[np.ndarray]:
        """Each face's 468 x 3 points in pixels, largest face first."""
        h, w = rgb.shape[:2]
        found = self._mesh.process(np.ascontiguousarray(rgb)).multi_face_landmarks or []
        faces = [np.array([(p.x * w, p.y * h, p.z * w) for p in f.landmark[:MESH_POINTS]]) for f in found]
        return sorted(faces, key=lambda pts: -float(np.ptp(pts[:, 1])))

    def close(self) -> None:
        self._mesh.close()

    def __enter__(self) -> FaceMeshTracker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def fill_gaps(values: np.ndarray, present: np.ndarray, max_gap: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linear interpolation over runs of missing frames no longer than ``max_gap`` (edges: nearest value).

    Returns the filled array, the frames that were filled, and the frames left in longer gaps."""
    n = len(values)
    filled = values.copy()
    interpolated = np.zeros(n, dtype=bool)
    dropped = np.zeros(n, dtype=bool)
    known = np.nonzero(present)[0]
    if len(known) == 0:
        return filled, interpolated, ~present
    i = 0
    while i < n:
        if present[i]:
            i += 1
            continue
        j = i
        while j < n and not present[j]:
            j += 1
        before, after = i - 1, j  # known neighbours (may be out of range at the edges)
        if j - i > max_gap:
            dropped[i:j] = True
            nearest = after if after < n else before
            filled[i:j] = values[nearest]
        elif before < 0 or after >= n:
            filled[i:j] = values[after if before < 0 else before]
            interpolated[i:j] = True
        else:
            weights = (np.arange(i, j) - before) / (after - before)
            shape = (-1,) + (1,) * (values.ndim - 1)
            filled[i:j] = (1 - weights.reshape(shape)) * values[before] + weights.reshape(shape) * values[after]
            interpolated[i:j] = True
        i = j
    return filled, interpolated, dropped


def detect_landmarks(
    layout: DatasetLayout,
    n_frames: int,
    limits: DatasetLimits,
    *,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> LandmarkResult:
    """Run the face mesh over ``ori_imgs``, write ``<i>.lms`` (68 x 2) beside each frame and the full mesh."""
    tick = Ticker(progress, cancelled)
    mesh = np.zeros((n_frames, MESH_POINTS, 3))
    detected = np.zeros(n_frames, dtype=bool)
    counts = np.zeros(n_frames, dtype=np.int64)
    sharpness: list[float] = []
    with FaceMeshTracker() as tracker:
        for i in range(n_frames):
            if i % 10 == 0:
                tick(i, n_frames)
            bgr = cv2.imread(str(layout.frame(i)))
            faces = tracker.faces(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            counts[i] = len(faces)
            if faces:
                mesh[i] = faces[0]
                detected[i] = True
                if i % SHARPNESS_EVERY == 0:
                    sharpness.append(face_sharpness(bgr, faces[0]))
    filled, interpolated, dropped = fill_gaps(mesh, detected, limits.dataset_max_gap_frames)
    result = LandmarkResult(filled, detected, interpolated, dropped, counts, np.asarray(sharpness))
    write_lms(layout, result.lms68)
    np.save(layout.mesh_landmarks, filled.astype(np.float32))
    tick(1, 1)
    return result


def face_sharpness(bgr: np.ndarray, points: np.ndarray) -> float:
    """Variance of the Laplacian of the face's bounding box resized to a fixed size (so it does not depend on
    how big the face is): low means blurred or out of focus."""
    h, w = bgr.shape[:2]
    x0, y0 = np.floor(points[:, :2].min(axis=0)).astype(int)
    x1, y1 = np.ceil(points[:, :2].max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return 0.0
    grey = cv2.cvtColor(bgr[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
    grey = cv2.resize(grey, (SHARPNESS_SIDE, SHARPNESS_SIDE), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def write_lms(layout: DatasetLayout, lms68: np.ndarray) -> None:
    for i, points in enumerate(lms68):
        np.savetxt(layout.lms(i), points, "%f")


def read_lms(path: Path) -> np.ndarray:
    return np.loadtxt(path).reshape(68, 2)

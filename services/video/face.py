"""Face analysis with mediapipe 0.10.21 (``mp.solutions``; its models ship in the wheel).

Face mesh gives 478 landmarks (468 + 10 iris points with ``refine_landmarks``); the full-range face detector
finds faces too small for the mesh (so a tiny face is reported as too small rather than missing); selfie
segmentation gives the person matte. mediapipe graphs are not thread-safe, so each analyser serialises its
calls with a lock; build one per process and reuse it (graph start-up costs tens of milliseconds).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

# Landmark indices of the 468/478-point canonical face mesh.
LIPS_OUTER = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185]
LIPS_INNER = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191]
LIPS_INNER_UPPER = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308]
LIPS_INNER_LOWER = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308]
LIPS_OUTER_UPPER = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291]
LIPS_OUTER_LOWER = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291]
MOUTH_LEFT, MOUTH_RIGHT, INNER_TOP, INNER_BOTTOM = 61, 291, 13, 14
CHIN = 152
# Between the lower lip and the chin (they follow the jaw).
BELOW_LIP = [18, 200, 199, 175, 83, 313, 182, 406, 201, 421, 208, 428, 32, 262, 194, 418]
JAW = [172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397]
# Points that stay put while the jaw moves (nose, upper cheeks, face sides at eye level).
MOUTH_ANCHORS = [
    1,
    2,
    4,
    5,
    98,
    327,
    129,
    358,
    203,
    423,
    36,
    266,
    205,
    425,
    50,
    280,
    187,
    411,
    123,
    352,
    116,
    345,
    234,
    454,
    93,
    323,
    132,
    361,
]
# Eyes: upper and lower lid arcs, paired outer -> inner; corners; brows (fixed during a blink).
LEFT_EYE_UPPER = [246, 161, 160, 159, 158, 157, 173]
LEFT_EYE_LOWER = [7, 163, 144, 145, 153, 154, 155]
LEFT_EYE_CORNERS = [33, 133]
RIGHT_EYE_UPPER = [466, 388, 387, 386, 385, 384, 398]
RIGHT_EYE_LOWER = [249, 390, 373, 374, 380, 381, 382]
RIGHT_EYE_CORNERS = [263, 362]
LEFT_BROW = [70, 63, 105, 66, 107, 55, 65, 52, 53, 46]
RIGHT_BROW = [300, 293, 334, 296, 336, 285, 295, 282, 283, 276]
FACE_OVAL = [
    10,
    338,
    297,
    332,
    284,
    251,
    389,
    356,
    454,
    323,
    361,
    288,
    397,
    365,
    379,
    378,
    400,
    377,
    152,
    148,
    176,
    149,
    150,
    136,
    172,
    58,
    132,
    93,
    234,
    127,
    162,
    21,
    54,
    103,
    67,
    109,
]
NOSE_TIP = 1


@dataclass(frozen=True)
class FaceGeometry:
    """Measures of one face from its landmarks (pixel coordinates, ``points`` is N x 3)."""

    points: np.ndarray

    def xy(self, index: int | list[int]) -> np.ndarray:
        return self.points[index, :2]

    @property
    def left_eye(self) -> np.ndarray:
        return self.points[LEFT_EYE_UPPER + LEFT_EYE_LOWER, :2].mean(axis=0)

    @property
    def right_eye(self) -> np.ndarray:
        return self.points[RIGHT_EYE_UPPER + RIGHT_EYE_LOWER, :2].mean(axis=0)

    @property
    def axes(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors of the face frame: x along the eye line, y down the face (image-space orientation)."""
        ex = self.right_eye - self.left_eye
        if ex[0] < 0:  # the mesh's "left" eye is on the image's left for a frontal face; keep x pointing right
            ex = -ex
        ex = ex / (np.linalg.norm(ex) + 1e-9)
        ey = np.array([-ex[1], ex[0]])
        return ex, ey

    @property
    def interocular(self) -> float:
        return float(np.linalg.norm(self.right_eye - self.left_eye))

    @property
    def mouth_width(self) -> float:
        return float(np.linalg.norm(self.xy(MOUTH_RIGHT) - self.xy(MOUTH_LEFT)))

    @property
    def mouth_center(self) -> np.ndarray:
        return (self.xy(MOUTH_LEFT) + self.xy(MOUTH_RIGHT)) / 2

    @property
    def mouth_gap(self) -> float:
        """Inner-lip opening / mouth width, measured along the face's vertical axis."""
        _, ey = self.axes
        upper = self.points[[80, 81, 82, 13, 312, 311, 310], :2] @ ey
        lower = self.points[[88, 178, 87, 14, 317, 402, 318], :2] @ ey
        return float(max(0.0, float(np.mean(lower - upper))) / (self.mouth_width + 1e-9))

    def eye_openness(self) -> float:
        """Mean lid gap / eye width over both eyes."""
        values = []
        for upper, lower, corners in (
            (LEFT_EYE_UPPER, LEFT_EYE_LOWER, LEFT_EYE_CORNERS),
            (RIGHT_EYE_UPPER, RIGHT_EYE_LOWER, RIGHT_EYE_CORNERS),
        ):
            gap = np.linalg.norm(self.points[upper[2:5], :2] - self.points[lower[2:5], :2], axis=1).mean()
            width = np.linalg.norm(self.xy(corners[0]) - self.xy(corners[1]))
            values.append(gap / (width + 1e-9))
        return float(np.mean(values))

    @property
    def roll_deg(self) -> float:
        ex, _ = self.axes
        return math.degrees(math.atan2(float(ex[1]), float(ex[0])))

    @property
    def yaw_ratio(self) -> float:
        """Offset of the nose tip from the eye midpoint along the eye line, over the inter-ocular distance.
        About 0 for a frontal face; past ~0.3 the far half of the face is foreshortened too much to animate."""
        ex, _ = self.axes
        mid = (self.left_eye + self.right_eye) / 2
        return float((self.xy(NOSE_TIP) - mid) @ ex / (self.interocular + 1e-9))

    def box(self) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 of the face oval."""
        oval = self.points[FACE_OVAL, :2]
        x0, y0 = oval.min(axis=0)
        x1, y1 = oval.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)


class FaceAnalyzer:
    """One process's mediapipe graphs: face mesh, full-range detector, selfie segmentation."""

    def __init__(self, max_faces: int = 4) -> None:
        try:
            import mediapipe as mp
        except ImportError as exc:  # pragma: no cover - install hint
            raise RuntimeError(
                "mediapipe 0.10.21 is required: pip install --no-deps mediapipe==0.10.21 (see docs/platform-notes.md)"
            ) from exc
        solutions: Any = mp.solutions
        self._mesh = solutions.face_mesh.FaceMesh(
            static_image_mode=True,
            max_num_faces=max_faces,
            refine_landmarks=True,
            min_detection_confidence=0.5,
        )
        self._detector = solutions.face_detection.FaceDetection(model_selection=1, min_detection_confidence=0.5)
        self._segmenter = solutions.selfie_segmentation.SelfieSegmentation(model_selection=0)
        self._lock = threading.Lock()

    def landmarks(self, rgb: np.ndarray) -> list[np.ndarray]:
        """Every face's 478 x 3 landmarks in pixels (z in the same scale as x)."""
        h, w = rgb.shape[:2]
        with self._lock:
            result = self._mesh.process(np.ascontiguousarray(rgb))
        faces = []
        for face in result.multi_face_landmarks or []:
            pts = np.array([(p.x * w, p.y * h, p.z * w) for p in face.landmark], dtype=np.float64)
            faces.append(pts)
        return faces

    def detect(self, rgb: np.ndarray) -> list[tuple[float, float, float, float, float]]:
        """Face boxes (x, y, w, h in pixels, score) from the full-range detector (finds small faces)."""
        h, w = rgb.shape[:2]
        with self._lock:
            result = self._detector.process(np.ascontiguousarray(rgb))
        boxes = []
        for det in result.detections or []:
            box = det.location_data.relative_bounding_box
            boxes.append((box.xmin * w, box.ymin * h, box.width * w, box.height * h, float(det.score[0])))
        return boxes

    def matte(self, rgb: np.ndarray) -> np.ndarray:
        """Person probability in 0..1, same size as the image."""
        with self._lock:
            result = self._segmenter.process(np.ascontiguousarray(rgb))
        return np.clip(np.asarray(result.segmentation_mask, dtype=np.float32), 0.0, 1.0)

    def close(self) -> None:
        for graph in (self._mesh, self._detector, self._segmenter):
            graph.close()


class VideoFaceTracker:
    """Face mesh in tracking mode, for measuring rendered frames (the lip-sync benchmark and tests)."""

    def __init__(self) -> None:
        import mediapipe as mp

        solutions: Any = mp.solutions
        self._mesh = solutions.face_mesh.FaceMesh(static_image_mode=False, max_num_faces=1, refine_landmarks=True)

    def geometry(self, rgb: np.ndarray) -> FaceGeometry | None:
        h, w = rgb.shape[:2]
        result = self._mesh.process(np.ascontiguousarray(rgb))
        if not result.multi_face_landmarks:
            return None
        face = result.multi_face_landmarks[0]
        return FaceGeometry(np.array([(p.x * w, p.y * h, p.z * w) for p in face.landmark], dtype=np.float64))

    def close(self) -> None:
        self._mesh.close()

"""The portrait rig: everything about one avatar at one output size that does not change from frame to frame.

Motion is expressed as displacement fields that are *linear in a few parameters* (jaw opening, lip width, each
eye's closure, head translation and roll, breathing). Each parameter's field is built once here as a
piecewise-affine interpolation over a triangulation of the face-mesh landmarks (barycentric interpolation,
which is exactly a piecewise-affine warp), so a frame only needs a weighted sum
of precomputed fields, a short fixed-point inversion on the small mouth and eye windows, and one ``cv2.remap``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from scipy.spatial import Delaunay

from services.video import face as fm
from services.video.face import FaceGeometry

DEFAULT_TEETH_RGB = np.array([226.0, 220.0, 208.0])
FIELD_BLUR = 0.004
BLINK_LEVELS = (
    0.25,
    0.5,
    0.75,
    1.0,
)  # sigma of the field smoothing, as a fraction of the output size (softens triangle creases)


@dataclass
class LocalField:
    """Forward displacement fields (h x w x 2, pixels per unit parameter) on one window of the frame."""

    x0: int
    y0: int
    x1: int
    y1: int
    fields: dict[str, np.ndarray]
    grid: np.ndarray = field(init=False)  # h x w x 2 absolute pixel positions of the window

    def __post_init__(self) -> None:
        xs, ys = np.meshgrid(
            np.arange(self.x0, self.x1, dtype=np.float32), np.arange(self.y0, self.y1, dtype=np.float32)
        )
        self.grid = np.dstack([xs, ys])

    def backward_at(self, level: float) -> np.ndarray | None:
        """For fields tabulated as exact backward maps at levels ``"0.25"``, ``"0.5"`` ...: the map at
        ``level``, interpolated between the two nearest tabulated levels (None at ~0)."""
        if level < 1e-3:
            return None
        levels = sorted(float(k) for k in self.fields)
        previous, previous_field = 0.0, None
        for value in levels:
            current = self.fields[f"{value:g}"]
            if level <= value or value == levels[-1]:
                t = min(1.0, (level - previous) / (value - previous))
                if previous_field is None:
                    return current * t
                return cv2.addWeighted(previous_field, 1 - t, current, t, 0.0)
            previous, previous_field = value, current
        return None

    def combined(self, weights: dict[str, float]) -> np.ndarray | None:
        """Sum of the fields weighted by ``weights`` (None when every weight is ~0)."""
        total: np.ndarray | None = None
        for name, weight in weights.items():
            if abs(weight) < 1e-4:
                continue
            part = self.fields[name]
            total = part * weight if total is None else cv2.scaleAdd(part, weight, total)
        return total


def _smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


def _border_anchors(x0: int, y0: int, x1: int, y1: int, per_side: int = 7) -> np.ndarray:
    xs = np.linspace(x0, x1 - 1, per_side)
    ys = np.linspace(y0, y1 - 1, per_side)
    top = np.stack([xs, np.full_like(xs, y0)], axis=1)
    bottom = np.stack([xs, np.full_like(xs, y1 - 1)], axis=1)
    left = np.stack([np.full_like(ys, x0), ys], axis=1)
    right = np.stack([np.full_like(ys, x1 - 1), ys], axis=1)
    return np.concatenate([top, bottom, left, right])


def _interpolate(
    topology: np.ndarray,
    displacements: dict[str, np.ndarray],
    box: tuple[int, int, int, int],
    blur_sigma: float,
    *,
    positions: np.ndarray | None = None,
) -> LocalField:
    """Piecewise-affine fields over ``box`` from control points, with zero-displacement anchors on the
    window's border.

    The triangulation is the Delaunay triangulation of ``topology``: control points in a configuration where
    it is well shaped (open eyes, parted lips). The fields are rasterised on ``positions`` (default: the same
    points) with that topology. A Delaunay triangulation of a closed lid or closed lips would cut across the
    collapsed band (it ignores the lid line) and fold; an open configuration's topology deforms into the
    closed one without folding.
    Barycentric coordinates are computed once per window and shared by every parameter's field."""
    x0, y0, x1, y1 = box
    pos = topology if positions is None else positions
    inside = (pos[:, 0] > x0) & (pos[:, 0] < x1 - 1) & (pos[:, 1] > y0) & (pos[:, 1] < y1 - 1)
    # Distinct points only (Delaunay needs them); of near-duplicates the first wins.
    dist = np.hypot(*(topology[:, None, :] - topology[None, :, :]).transpose(2, 0, 1))
    duplicate = np.triu(dist < 0.3, k=1).any(axis=0)
    keep = inside & ~duplicate
    anchors = _border_anchors(x0, y0, x1, y1)
    simplices = Delaunay(np.concatenate([topology[keep], anchors])).simplices
    verts = np.concatenate([pos[keep], anchors]) - [x0, y0]
    h, w = y1 - y0, x1 - x0
    # Label each pixel with its triangle (sub-pixel rasterisation), then barycentric coordinates per pixel.
    label = np.full((h, w), -1, np.int32)
    areas = np.abs(
        np.cross(verts[simplices[:, 1]] - verts[simplices[:, 0]], verts[simplices[:, 2]] - verts[simplices[:, 0]])
    )
    for k in np.argsort(-areas):  # slivers last, so they win the pixels they cover
        if areas[k] < 1e-3:
            continue
        cv2.fillConvexPoly(label, np.round(verts[simplices[k]] * 16).astype(np.int32), (int(k),), cv2.LINE_8, 4)
    for _ in range(3):  # pixels left between skipped (zero-area) slivers take the triangle above them
        holes = label[1:] < 0
        if not holes.any():
            break
        label[1:][holes] = label[:-1][holes]
    ys, xs = np.nonzero(label >= 0)
    tri = simplices[label[ys, xs]]
    a, b, c = verts[tri[:, 0]], verts[tri[:, 1]], verts[tri[:, 2]]
    p = np.stack([xs, ys], axis=1).astype(np.float64)
    det = (b[:, 1] - c[:, 1]) * (a[:, 0] - c[:, 0]) + (c[:, 0] - b[:, 0]) * (a[:, 1] - c[:, 1])
    l1 = ((b[:, 1] - c[:, 1]) * (p[:, 0] - c[:, 0]) + (c[:, 0] - b[:, 0]) * (p[:, 1] - c[:, 1])) / det
    l2 = ((c[:, 1] - a[:, 1]) * (p[:, 0] - c[:, 0]) + (a[:, 0] - c[:, 0]) * (p[:, 1] - c[:, 1])) / det
    bary = np.clip(np.stack([l1, l2, 1 - l1 - l2], axis=1), -0.5, 1.5)
    fields: dict[str, np.ndarray] = {}
    for name, disp in displacements.items():
        values = np.concatenate([disp[keep], np.zeros((len(anchors), 2))])
        dense = np.zeros((h, w, 2), np.float32)
        dense[ys, xs] = np.einsum("nk,nkc->nc", bary, values[tri])
        if blur_sigma > 0:
            dense = np.asarray(cv2.GaussianBlur(dense, (0, 0), blur_sigma), dtype=np.float32)
        fields[name] = np.ascontiguousarray(dense)
    return LocalField(x0, y0, x1, y1, fields)


def _clip_box(x0: float, y0: float, x1: float, y1: float, size: int) -> tuple[int, int, int, int]:
    return max(0, int(x0)), max(0, int(y0)), min(size, int(np.ceil(x1))), min(size, int(np.ceil(y1)))


class PortraitRig:
    """Precomputed geometry and fields for one avatar at one square output size."""

    def __init__(self, image: np.ndarray, landmarks: np.ndarray, matte: np.ndarray | None) -> None:
        self.size = image.shape[0]
        self.base = np.ascontiguousarray(image)
        self.face = FaceGeometry(landmarks)
        self.ex, self.ey = self.face.axes
        self.mouth_width = self.face.mouth_width
        x0, y0, x1, y1 = self.face.box()
        self.face_height = y1 - y0
        self.face_center = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        self.light = self._skin_light()
        self.teeth_rgb = DEFAULT_TEETH_RGB * self.light
        self._close_lips()
        blur = max(0.6, FIELD_BLUR * self.size)
        self.mouth = self._mouth_field(blur)
        # Per eye: the lash line when closed (corner, upper lid points brought down, corner), for drawing.
        self.closed_lids: list[np.ndarray] = []
        self.eyes = [
            self._eye_field(fm.LEFT_EYE_UPPER, fm.LEFT_EYE_LOWER, fm.LEFT_EYE_CORNERS, fm.LEFT_BROW, blur),
            self._eye_field(fm.RIGHT_EYE_UPPER, fm.RIGHT_EYE_LOWER, fm.RIGHT_EYE_CORNERS, fm.RIGHT_BROW, blur),
        ]
        self._global_fields(matte)

    # -- fields ---------------------------------------------------------------------------------------
    def _face_x(self, idx: list[int]) -> np.ndarray:
        """Horizontal face-frame coordinate of landmarks, relative to the mouth centre."""
        rel = self.face.xy(idx) - self.face.mouth_center
        return np.asarray(rel @ self.ex)

    def lips_at(self, idx: list[int], opening: float, width: float) -> np.ndarray:
        """Where the lip landmarks ``idx`` are for the given mouth parameters (before head motion)."""
        pts = self.face.xy(idx).astype(np.float64)
        for k, i in enumerate(idx):
            d_open, d_width = self.lip_controls[i]
            pts[k] += opening * d_open + width * d_width
        return pts

    def _vec(self, dx: np.ndarray, dy: np.ndarray) -> np.ndarray:
        return dx[:, None] * self.ex[None, :] + dy[:, None] * self.ey[None, :]

    def _mouth_controls(self) -> tuple[list[int], np.ndarray, np.ndarray]:
        """Landmarks that steer the lower face and their displacement per unit of opening and of width (the
        last ``len(MOUTH_ANCHORS)`` are fixed anchors)."""
        w = self.mouth_width
        half = w / 2
        corners = [fm.MOUTH_LEFT, fm.MOUTH_RIGHT, 78, 308]
        upper = [i for i in dict.fromkeys(fm.LIPS_OUTER_UPPER + fm.LIPS_INNER_UPPER) if i not in corners]
        lower = [i for i in dict.fromkeys(fm.LIPS_OUTER_LOWER + fm.LIPS_INNER_LOWER) if i not in corners]
        groups: list[tuple[list[int], np.ndarray, np.ndarray]] = []  # (indices, opening disp, width disp)

        fx = self._face_x(upper)
        u2 = np.clip(np.abs(fx) / half, 0, 1) ** 2
        groups.append(
            (
                upper,
                self._vec(-0.05 * u2 * np.sign(fx) * w, (-0.12 * (1 - u2) + 0.3 * u2) * w),
                self._vec(0.16 * fx, np.zeros_like(fx)),
            )
        )
        fx = self._face_x(lower)
        u2 = np.clip(np.abs(fx) / half, 0, 1) ** 2
        groups.append(
            (
                lower,
                self._vec(-0.05 * u2 * np.sign(fx) * w, (0.88 * (1 - u2) + 0.3 * u2) * w),
                self._vec(0.16 * fx, np.zeros_like(fx)),
            )
        )
        fx = self._face_x(corners)
        groups.append(
            (
                corners,
                self._vec(-0.05 * np.sign(fx) * w, np.full_like(fx, 0.3 * w)),
                self._vec(0.08 * np.sign(fx) * w, np.zeros_like(fx)),
            )
        )
        fx = self._face_x(fm.BELOW_LIP)
        ub = np.clip(np.abs(fx) / (0.75 * w), 0, 1) ** 2
        groups.append(
            (
                fm.BELOW_LIP,
                self._vec(np.zeros_like(fx), 0.85 * (1 - 0.5 * ub) * w),
                self._vec(0.05 * fx, np.zeros_like(fx)),
            )
        )
        # The jaw turns about a hinge near the ears: displacement grows with the distance below the hinge.
        pivot = (self.face.xy(234) + self.face.xy(454)) / 2
        chin_depth = float((self.face.xy(fm.CHIN) - pivot) @ self.ey)
        jaw_w = np.clip(((self.face.xy(fm.JAW) - pivot) @ self.ey) / max(chin_depth, 1.0), 0, 1) ** 1.5
        zeros = np.zeros(len(fm.JAW))
        groups.append((fm.JAW, self._vec(zeros, 0.8 * jaw_w * w), self._vec(zeros, zeros)))
        anchors = fm.MOUTH_ANCHORS
        groups.append((anchors, np.zeros((len(anchors), 2)), np.zeros((len(anchors), 2))))
        index = [i for g in groups for i in g[0]]
        return index, np.concatenate([g[1] for g in groups]), np.concatenate([g[2] for g in groups])

    def _mouth_box(self, index: list[int]) -> tuple[int, int, int, int]:
        """The lower face plus room for the chin to drop; every control point lies inside."""
        w = self.mouth_width
        pts = self.face.xy(index)
        lo = pts.min(axis=0) - 0.25 * w
        hi = pts.max(axis=0) + 0.25 * w
        hi = np.maximum(hi, self.face.xy(fm.CHIN) + self.ey * 0.7 * w + 0.25 * w)
        return _clip_box(lo[0], lo[1], hi[0], hi[1], self.size)

    def _mouth_field(self, blur: float) -> LocalField:
        index, opening, width = self._mouth_controls()
        points = self.face.xy(index).copy()
        self._separate_inner_lips(points, index)
        # Exact displacement of each lip landmark per unit parameter (the dense fields are blurred).
        fixed = set(fm.MOUTH_ANCHORS)
        self.lip_controls = {i: (opening[k], width[k]) for k, i in enumerate(index) if i not in fixed}
        # Topology from an open mouth (rows of lip points well apart), rasterised at rest: see _interpolate.
        return _interpolate(
            points + 0.3 * opening, {"opening": opening, "width": width}, self._mouth_box(index), blur, positions=points
        )

    def _close_lips(self) -> None:
        """Bake closed lips into the still image when the photo shows parted lips or teeth, so the mouth rests
        closed in silence. Done once, so it can afford the exact inverse: the piecewise-affine map is built on
        the *closed* positions (destination mesh) and says where each output pixel comes from. A compressing
        warp cannot be inverted per frame by fixed-point steps, which is why rest closure is not a negative
        opening."""
        gap = self.face.mouth_gap
        if gap <= 0.03:
            return
        self.teeth_rgb = self._sample_teeth()
        index, opening, _ = self._mouth_controls()
        src = self.face.xy(index).astype(np.float64)
        dst = src - gap * opening
        pos = {i: k for k, i in enumerate(index)}
        for up, low in zip(fm.LIPS_INNER_UPPER[1:-1], fm.LIPS_INNER_LOWER[1:-1], strict=True):
            mid = (dst[pos[up]] + dst[pos[low]]) / 2
            dst[pos[up]], dst[pos[low]] = mid, mid
        back = _interpolate(src, {"back": (src - dst)}, self._mouth_box(index), 0.0, positions=dst)
        x0, y0, x1, y1 = back.x0, back.y0, back.x1, back.y1
        field = back.fields["back"]
        map_x = np.ascontiguousarray(back.grid[..., 0] + field[..., 0])
        map_y = np.ascontiguousarray(back.grid[..., 1] + field[..., 1])
        base = self.base.copy()
        base[y0:y1, x0:x1] = cv2.remap(self.base, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        self.base = base
        points = self.face.points.copy()
        points[index, :2] = dst
        self.face = FaceGeometry(points)

    def _sample_teeth(self) -> np.ndarray:
        """Colour of the teeth the photo shows (the brighter half of the inner-mouth pixels)."""
        mask = np.zeros(self.base.shape[:2], np.uint8)
        cv2.fillPoly(mask, [np.round(self.face.xy(fm.LIPS_INNER)).astype(np.int32)], (255,))
        pixels = self.base[mask > 0].astype(np.float64)
        if len(pixels) < 10:
            return DEFAULT_TEETH_RGB
        luma = pixels.mean(axis=1)
        bright = pixels[luma >= np.median(luma)]
        colour = bright.mean(axis=0)
        return np.asarray(colour if colour.mean() > 120 else DEFAULT_TEETH_RGB, dtype=np.float64)

    def _separate_inner_lips(self, points: np.ndarray, index: list[int]) -> None:
        """Closed lips put upper and lower inner points on top of each other; pull each pair 1 px apart so the
        triangulation keeps a seam between the lips (they must move apart, not smear)."""
        pos = {i: k for k, i in enumerate(index)}
        for up, low in zip(fm.LIPS_INNER_UPPER[1:-1], fm.LIPS_INNER_LOWER[1:-1], strict=True):
            if up not in pos or low not in pos:
                continue
            a, b = points[pos[up]], points[pos[low]]
            gap = float((b - a) @ self.ey)
            if gap < 1.0:
                shift = (1.0 - gap) / 2
                points[pos[up]] = a - self.ey * shift
                points[pos[low]] = b + self.ey * shift

    def _eye_field(
        self, upper: list[int], lower: list[int], corners: list[int], brow: list[int], blur: float
    ) -> LocalField:
        """A blink stretches the lid over the eye by more than the skin above it can follow with fixed-point
        inversion, so the eyes get exact backward maps (built on the closed positions, like the lip closure)
        tabulated at a few closure levels and interpolated per frame."""
        up = self.face.xy(upper)
        low = self.face.xy(lower)
        # Each upper-lid point comes down onto the lower lid *at its own position along the eye*, so the closed
        # lid never crosses the lower one (which would fold the mesh).
        lu, lv = low @ self.ex, low @ self.ey
        order = np.argsort(lu)
        target = np.interp(up @ self.ex, lu[order], lv[order])
        gaps = np.maximum(target - up @ self.ey, 0)
        closing = self._vec(np.zeros(len(upper)), 0.985 * gaps)
        index = upper + lower + corners + brow
        forward = np.concatenate([closing, np.zeros((len(lower) + len(corners) + len(brow), 2))])
        pts = self.face.xy(index).astype(np.float64)
        eye_w = float(np.linalg.norm(self.face.xy(corners[0]) - self.face.xy(corners[1])))
        lo = pts.min(axis=0) - 0.35 * eye_w
        hi = pts.max(axis=0) + 0.45 * eye_w
        box = _clip_box(lo[0], lo[1], hi[0], hi[1], self.size)
        fields: dict[str, np.ndarray] = {}
        for level in BLINK_LEVELS:
            table = _interpolate(pts, {"back": -level * forward}, box, 0.4, positions=pts + level * forward)
            fields[f"{level:g}"] = table.fields["back"]
        lid = np.concatenate([self.face.xy(corners[:1]), up + closing, self.face.xy(corners[1:])])
        self.closed_lids.append(lid.astype(np.float64))
        return LocalField(*box, fields)

    def _global_fields(self, matte: np.ndarray | None) -> None:
        """Head weight (1 on the head, easing to 0 by the shoulders), its roll field, and the breathing field."""
        s = self.size
        xs, ys = np.meshgrid(np.arange(s, dtype=np.float32), np.arange(s, dtype=np.float32))
        x0, y0, x1, y1 = self.face.box()
        a, b = 0.8 * (x1 - x0), 0.95 * (y1 - y0)
        cx, cy = self.face_center[0], self.face_center[1] - 0.1 * (y1 - y0)
        r = np.sqrt(((xs - cx) / a) ** 2 + ((ys - cy) / b) ** 2)
        head = 1.0 - _smoothstep((r - 1.0) / 0.6)
        person = None
        if matte is not None:
            person = cv2.GaussianBlur(matte.astype(np.float32), (0, 0), 0.02 * s)
            head = head * np.clip(person * 1.2, 0, 1)
        self.head_w = np.ascontiguousarray(head.astype(np.float32))
        pivot = self.face.xy(fm.CHIN) + self.ey * 0.35 * self.face_height
        self.roll_x = np.ascontiguousarray(-(ys - pivot[1]) * self.head_w)
        self.roll_y = np.ascontiguousarray((xs - pivot[0]) * self.head_w)
        if person is not None:
            ramp = np.clip(0.3 + 0.7 * (ys - cy) / max(1.0, s - cy), 0.3, 1.0)
            body = person * ramp
        else:
            body = 0.3 * self.head_w
        body = body.astype(np.float32)
        # Only the window where anything moves is remapped each frame; the rest is the still image.
        moving = (self.head_w > 1e-3) | (body > 1e-3)
        rows, cols = np.flatnonzero(moving.any(axis=1)), np.flatnonzero(moving.any(axis=0))
        boxes = [(local.x0, local.y0, local.x1, local.y1) for local in (self.mouth, *self.eyes)]
        if len(rows) and len(cols):
            boxes.append((int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1))
        self.box = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        bx0, by0, bx1, by1 = self.box
        window = (slice(by0, by1), slice(bx0, bx1))
        self.grid_x = np.ascontiguousarray(xs[window])
        self.grid_y = np.ascontiguousarray(ys[window])
        self.head_w = np.ascontiguousarray(self.head_w[window])
        self.roll_x = np.ascontiguousarray(self.roll_x[window])
        self.roll_y = np.ascontiguousarray(self.roll_y[window])
        self.body_w = np.ascontiguousarray(body[window])

    def _skin_light(self) -> float:
        """Brightness of the cheeks relative to a mid-tone, to shade the drawn mouth interior like the photo."""
        pts = self.face.xy([205, 425, 50, 280]).astype(int)
        h, w = self.base.shape[:2]
        vals = [self.base[min(h - 1, max(0, y)), min(w - 1, max(0, x))].mean() for x, y in pts]
        return float(np.clip(np.mean(vals) / 150.0, 0.35, 1.25))

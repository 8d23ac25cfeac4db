"""Drawing the inside of an open mouth: a dark cavity shaded like the face and darker in depth, a hint of upper
teeth under the upper lip, the tongue low in the mouth when the jaw is wide open, and a soft seam between
closed lips. Drawn anti-aliased on the small window around the lips only, over the warped frame (the warp
stretches the lip seam; the cavity covers it)."""

from __future__ import annotations

import cv2
import numpy as np

SUBPIXEL_BITS = 2
SUB = 1 << SUBPIXEL_BITS
CAVITY_RGB = np.array([58.0, 24.0, 28.0])
TONGUE_RGB = np.array([128.0, 52.0, 58.0])
SEAM_RGB = np.array([90.0, 40.0, 40.0])
LASH_RGB = np.array([45.0, 32.0, 28.0])


def _poly(mask: np.ndarray, pts: np.ndarray, origin: np.ndarray) -> None:
    cv2.fillPoly(mask, [np.round((pts - origin) * SUB).astype(np.int32)], (255,), cv2.LINE_AA, SUBPIXEL_BITS)


def _window(pts: np.ndarray, shape: tuple[int, ...], pad: int) -> tuple[int, int, int, int] | None:
    h, w = shape[:2]
    x0 = max(0, int(pts[:, 0].min()) - pad)
    y0 = max(0, int(pts[:, 1].min()) - pad)
    x1 = min(w, int(np.ceil(pts[:, 0].max())) + pad + 1)
    y1 = min(h, int(np.ceil(pts[:, 1].max())) + pad + 1)
    return (x0, y0, x1, y1) if x1 - x0 >= 2 and y1 - y0 >= 2 else None


def draw_lip_seam(frame: np.ndarray, upper: np.ndarray, lower: np.ndarray, light: float) -> None:
    """The soft dark line where closed lips meet."""
    seam = (upper + lower) / 2
    box = _window(seam, frame.shape, 3)
    if box is None:
        return
    x0, y0, x1, y1 = box
    roi = frame[y0:y1, x0:x1]
    mask = np.zeros(roi.shape[:2], np.uint8)
    pts = np.round((seam - [x0, y0]) * SUB).astype(np.int32)
    cv2.polylines(mask, [pts], False, (255,), 1, cv2.LINE_AA, SUBPIXEL_BITS)
    alpha = cv2.GaussianBlur(mask, (3, 3), 0.6).astype(np.float32)[..., None] / 255.0 * 0.45
    roi[:] = (roi * (1 - alpha) + SEAM_RGB * light * alpha).astype(np.uint8)


def draw_lash_line(frame: np.ndarray, lid: np.ndarray, strength: float, size: int) -> None:
    """The dark line of lashes along a closed lid (hides the sub-pixel sliver of eye left at the join)."""
    box = _window(lid, frame.shape, 3)
    if box is None:
        return
    x0, y0, x1, y1 = box
    roi = frame[y0:y1, x0:x1]
    mask = np.zeros(roi.shape[:2], np.uint8)
    pts = np.round((lid - [x0, y0]) * SUB).astype(np.int32)
    cv2.polylines(mask, [pts], False, (255,), max(1, round(size / 300)), cv2.LINE_AA, SUBPIXEL_BITS)
    alpha = cv2.GaussianBlur(mask, (3, 3), 0.7).astype(np.float32)[..., None] / 255.0 * (0.55 * min(1.0, strength))
    roi[:] = (roi * (1 - alpha) + LASH_RGB * alpha).astype(np.uint8)


def draw_mouth_interior(
    frame: np.ndarray,
    upper: np.ndarray,
    lower: np.ndarray,
    ey: np.ndarray,
    mouth_width: float,
    light: float,
    teeth_rgb: np.ndarray,
) -> None:
    """Fill the polygon between the displaced inner-lip arcs ``upper`` and ``lower`` (both ordered from one
    corner to the other, N x 2 pixels) in place on ``frame`` (RGB uint8); a seam when they touch."""
    gap = float(np.max((lower - upper) @ ey))
    if gap < 0.8:
        draw_lip_seam(frame, upper, lower, light)
        return
    polygon = np.concatenate([upper, lower[::-1]])
    box = _window(polygon, frame.shape, 3)
    if box is None:
        return
    x0, y0, x1, y1 = box
    origin = np.array([x0, y0], dtype=np.float64)
    roi = frame[y0:y1, x0:x1]
    cavity = np.zeros(roi.shape[:2], np.uint8)
    _poly(cavity, polygon, origin)

    layer = np.empty(roi.shape, np.float32)
    layer[:] = CAVITY_RGB * light
    teeth_h = min(0.45 * gap, 0.09 * mouth_width)
    if teeth_h > 0.6:
        # Upper teeth follow the upper lip, tapering to nothing towards the corners.
        arc = upper[1:-1]
        taper = np.sin(np.pi * (np.arange(len(arc)) + 0.5) / len(arc)) ** 0.6
        teeth = np.zeros_like(cavity)
        _poly(teeth, np.concatenate([arc, (arc + ey * (teeth_h * taper)[:, None])[::-1]]), origin)
        _blend(layer, teeth, teeth_rgb, 0.9)
    if gap > 0.12 * mouth_width:
        centre = lower[len(lower) // 2] - ey * 0.18 * gap - origin
        tongue = np.zeros_like(cavity)
        axes = (max(1, int(0.28 * mouth_width * SUB)), max(1, int(0.22 * gap * SUB)))
        cv2.ellipse(
            tongue,
            (int(centre[0] * SUB), int(centre[1] * SUB)),
            axes,
            0,
            0,
            360,
            (255,),
            -1,
            cv2.LINE_AA,
            SUBPIXEL_BITS,
        )
        _blend(layer, tongue, TONGUE_RGB * light, 0.4, blur=2.0)
    # Depth: darker towards the back of the mouth and the corners, which also shades the teeth.
    mid = polygon.mean(axis=0) - origin
    yy, xx = np.ogrid[0 : roi.shape[0], 0 : roi.shape[1]]
    rx = max(2.0, 0.5 * mouth_width)
    shade = np.clip(np.abs(xx - mid[0]) / rx, 0, 1) ** 2 * 0.55 + np.clip((yy - mid[1]) / max(gap, 1.0), 0, 1) * 0.2
    layer *= (1.0 - shade)[..., None].astype(np.float32)
    alpha = cv2.GaussianBlur(cavity, (3, 3), 0.7).astype(np.float32)[..., None] / 255.0
    roi[:] = (roi * (1.0 - alpha) + np.clip(layer, 0, 255) * alpha).astype(np.uint8)


def _blend(layer: np.ndarray, mask: np.ndarray, colour: np.ndarray, opacity: float, blur: float = 0.8) -> None:
    a = cv2.GaussianBlur(mask, (0, 0), blur).astype(np.float32)[..., None] * (opacity / 255.0)
    layer *= 1.0 - a
    layer += a * colour.astype(np.float32)

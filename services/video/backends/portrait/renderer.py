"""The embedded portrait animator: one photo -> a talking head, on a CPU, faster than real time.

Per frame: mouth/blink/head parameters from :mod:`.motion` -> weighted sum of the rig's precomputed
displacement fields -> fixed-point inversion on the mouth and eye windows (the fields are forward
displacements; ``cv2.remap`` needs where each output pixel comes from) -> one bilinear ``cv2.remap`` of the
whole frame -> the mouth interior drawn over the opened lips.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import cv2
import numpy as np

from services.video import face as fm
from services.video.audio import FrameFeatures
from services.video.backends.base import AvatarAssets, RenderOptions, RenderSession
from services.video.backends.portrait.motion import BlinkModel, IdleMotion, MouthModel
from services.video.backends.portrait.mouth import draw_lash_line, draw_mouth_interior
from services.video.backends.portrait.rig import LocalField, PortraitRig
from shared.contracts.video import Background
from shared.errors import InvalidInput

INVERSION_STEPS = 2
RIG_CACHE_SIZE = 6


def compose_background(crop: np.ndarray, matte: np.ndarray | None, options: RenderOptions) -> np.ndarray:
    """The still frame the animation warps: the photo as is, or the person over a colour or an image."""
    if options.background == Background.keep:
        return crop
    if matte is None:
        raise InvalidInput(
            "This avatar has no person matte, so its background cannot be replaced.", code="background_unavailable"
        )
    size = crop.shape[0]
    if options.background == Background.colour:
        back = np.empty_like(crop)
        back[:] = np.array(options.background_rgb, dtype=np.uint8)
    else:
        if options.background_image is None:
            raise InvalidInput("background=image needs a background image.", code="background_image_missing")
        back = cover(options.background_image, size)
    alpha = cv2.GaussianBlur(matte.astype(np.float32), (0, 0), max(0.5, size / 512))[..., None]
    return (crop.astype(np.float32) * alpha + back.astype(np.float32) * (1 - alpha)).astype(np.uint8)


def cover(image: np.ndarray, size: int) -> np.ndarray:
    """Scale to cover a size x size square and crop the centre."""
    h, w = image.shape[:2]
    scale = size / min(h, w)
    resized = cv2.resize(
        image,
        (max(size, round(w * scale)), max(size, round(h * scale))),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
    )
    y = (resized.shape[0] - size) // 2
    x = (resized.shape[1] - size) // 2
    return np.ascontiguousarray(resized[y : y + size, x : x + size])


def build_rig(assets: AvatarAssets, options: RenderOptions) -> PortraitRig:
    src = assets.crop.shape[0]
    scale = options.size / src
    if options.size != src:
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
        crop = cv2.resize(assets.crop, (options.size, options.size), interpolation=interp)
        matte = None if assets.matte is None else cv2.resize(assets.matte, (options.size, options.size))
    else:
        crop, matte = assets.crop, assets.matte
    landmarks = assets.landmarks.copy()
    landmarks[:, :3] *= scale
    return PortraitRig(compose_background(crop, matte, options), landmarks, matte)


class PortraitRenderer:
    name = "portrait"

    def __init__(self) -> None:
        self._rigs: OrderedDict[str, PortraitRig] = OrderedDict()
        self._lock = threading.Lock()

    def check_available(self) -> None:
        return None

    def _rig(self, assets: AvatarAssets, options: RenderOptions) -> PortraitRig:
        if options.background == Background.image:
            return build_rig(assets, options)  # not cached: keyed by an arbitrary upload
        key = hashlib.sha1(
            f"{assets.avatar.id}|{assets.avatar.updated_at.isoformat()}|{options.size}|{options.background}|"
            f"{options.background_rgb}".encode()
        ).hexdigest()
        with self._lock:
            rig = self._rigs.get(key)
            if rig is not None:
                self._rigs.move_to_end(key)
                return rig
        rig = build_rig(assets, options)
        with self._lock:
            self._rigs[key] = rig
            while len(self._rigs) > RIG_CACHE_SIZE:
                self._rigs.popitem(last=False)
        return rig

    def open(self, assets: AvatarAssets, options: RenderOptions) -> RenderSession:
        seed = int(hashlib.sha1(f"{assets.avatar.id}:{options.seed}".encode()).hexdigest()[:8], 16)
        return PortraitSession(self._rig(assets, options), options.fps, np.random.default_rng(seed))


class PortraitSession:
    """Stateful frame generator for one avatar; feed it one :class:`FrameFeatures` per frame."""

    def __init__(self, rig: PortraitRig, fps: int, rng: np.random.Generator) -> None:
        self.rig = rig
        self.size = rig.size
        self.fps = fps
        self.index = 0
        self.mouth = MouthModel(fps)
        self.blinks = BlinkModel(fps, rng)
        self.idle = IdleMotion(fps, rng, rig.face_height)
        self._gx = np.empty_like(rig.grid_x)
        self._gy = np.empty_like(rig.grid_y)

    def frame(self, features: FrameFeatures) -> np.ndarray:
        rig = self.rig
        t = self.index / self.fps
        self.index += 1
        mouth = self.mouth.step(features)
        blink = self.blinks.closure(t)
        pose = self.idle.step(t, features.level)

        # Global (head + breathing) forward field, then its first-order inverse as the sampling map.
        cv2.addWeighted(rig.head_w, pose.tx, rig.roll_x, pose.roll, 0.0, dst=self._gx)
        cv2.addWeighted(rig.head_w, pose.ty, rig.roll_y, pose.roll, 0.0, dst=self._gy)
        cv2.scaleAdd(rig.body_w, -pose.breath, self._gy, dst=self._gy)
        map_x = cv2.subtract(rig.grid_x, self._gx)
        map_y = cv2.subtract(rig.grid_y, self._gy)

        opening = mouth.opening
        origin = (rig.box[0], rig.box[1])
        self._apply_local(rig.mouth, {"opening": opening, "width": mouth.width}, map_x, map_y, origin)
        for eye in rig.eyes:
            self._apply_backward(eye, blink, map_x, map_y, origin)
        # Fixed-point maps remap faster than float ones, and the conversion is cheap.
        map_a, map_b = cv2.convertMaps(map_x, map_y, cv2.CV_16SC2)
        out = rig.base.copy()
        x0, y0, x1, y1 = rig.box
        out[y0:y1, x0:x1] = cv2.remap(rig.base, map_a, map_b, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        self._draw_mouth(out, opening, mouth.width, pose_shift=self._shift_at(rig.face.mouth_center))
        if blink > 0.6:
            for lid in rig.closed_lids:
                draw_lash_line(out, lid + self._shift_at(lid.mean(axis=0)), (blink - 0.6) / 0.4, rig.size)
        return out

    @staticmethod
    def _apply_local(
        local: LocalField, weights: dict[str, float], map_x: np.ndarray, map_y: np.ndarray, origin: tuple[int, int]
    ) -> None:
        """Replace the sampling map on a window by ``q - L^-1(q)``: solve ``q = s + L(s)`` for ``s`` with a few
        fixed-point steps (the fields are smooth except at the lip seam, which the mouth interior covers)."""
        field = local.combined(weights)
        if field is None:
            return
        win = (slice(local.y0 - origin[1], local.y1 - origin[1]), slice(local.x0 - origin[0], local.x1 - origin[0]))
        qx = map_x[win].copy()
        qy = map_y[win].copy()
        sx, sy = qx, qy
        ox, oy = float(local.x0), float(local.y0)
        for _ in range(INVERSION_STEPS):
            d = cv2.remap(field, sx - ox, sy - oy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(0.0,))
            sx = qx - d[..., 0]
            sy = qy - d[..., 1]
        map_x[win] = sx
        map_y[win] = sy

    @staticmethod
    def _apply_backward(
        local: LocalField, level: float, map_x: np.ndarray, map_y: np.ndarray, origin: tuple[int, int]
    ) -> None:
        """Like :meth:`_apply_local` for a field tabulated as exact backward maps: one lookup, no iteration."""
        field = local.backward_at(level)
        if field is None:
            return
        win = (slice(local.y0 - origin[1], local.y1 - origin[1]), slice(local.x0 - origin[0], local.x1 - origin[0]))
        qx, qy = map_x[win], map_y[win]
        d = cv2.remap(
            field,
            qx - float(local.x0),
            qy - float(local.y0),
            cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(0.0,),
        )
        map_x[win] = qx + d[..., 0]
        map_y[win] = qy + d[..., 1]

    def _shift_at(self, point: np.ndarray) -> np.ndarray:
        x0, y0, x1, y1 = self.rig.box
        x = min(x1 - 1, max(x0, int(point[0]))) - x0
        y = min(y1 - 1, max(y0, int(point[1]))) - y0
        return np.array([self._gx[y, x], self._gy[y, x]], dtype=np.float64)

    def _draw_mouth(self, frame: np.ndarray, opening: float, width: float, pose_shift: np.ndarray) -> None:
        rig = self.rig
        upper = rig.lips_at(fm.LIPS_INNER_UPPER, opening, width) + pose_shift
        lower = rig.lips_at(fm.LIPS_INNER_LOWER, opening, width) + pose_shift
        draw_mouth_interior(frame, upper, lower, rig.ey, rig.mouth_width, rig.light, rig.teeth_rgb)

"""Avatars: from an uploaded photo to the stored assets a renderer needs, and their CRUD.

Layout in S3 (keys built from ids we mint): ``avatars/<id>/`` holds ``photo.<ext>`` (as uploaded, upright),
``crop.png`` (the head crop at ``avatar_size``), ``matte.png`` (person matte of the crop), ``landmarks.json``
(478 points in crop pixels), ``thumb.jpg`` and ``manifest.json``. The manifest is written last: an avatar
exists exactly when its manifest does, so a failed upload leaves nothing a client can see (and we delete the
partial prefix anyway).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from services.video import face as fm
from services.video.backends.base import AvatarAssets
from services.video.encode import decode_png, encode_png
from services.video.face import FaceAnalyzer, FaceGeometry
from services.video.photos import FaceChecks, Photo, face_brightness_and_sharpness, find_one_face
from services.video.settings import VideoSettings
from shared.clock import utcnow
from shared.contracts.video import Avatar, AvatarKind, AvatarUpdate, Box, FaceReport
from shared.errors import NotFound
from shared.storage import ArtifactStore, make_key

PREFIX = "avatars"
_ID = re.compile(r"^av_[0-9a-f]{32}$")


def new_avatar_id() -> str:
    return "av_" + uuid.uuid4().hex


def avatar_key(avatar_id: str, name: str) -> str:
    if not _ID.match(avatar_id):
        raise NotFound(f"No avatar {avatar_id[:80]}.", code="avatar_not_found")
    return make_key(PREFIX, avatar_id, name)


def face_checks(settings: VideoSettings) -> FaceChecks:
    return FaceChecks(
        min_face_px=settings.min_face_px,
        max_yaw_ratio=settings.max_yaw_ratio,
        max_roll_deg=settings.max_roll_deg,
        min_brightness=settings.min_brightness,
        min_sharpness=settings.min_sharpness,
    )


@dataclass
class PreparedAvatar:
    crop: np.ndarray
    landmarks: np.ndarray
    matte: np.ndarray
    report: FaceReport
    regions: dict[str, Box]


def head_crop_box(face: FaceGeometry, width: int, height: int, scale: float) -> tuple[int, int, int]:
    """Square (x, y, side) around the head and shoulders, kept inside the photo."""
    x0, y0, x1, y1 = face.box()
    side = min((y1 - y0) * scale, width, height)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2 + 0.12 * side
    x = min(max(cx - side / 2, 0), width - side)
    y = min(max(cy - side / 2, 0), height - side)
    return round(x), round(y), int(side)


def _box(points: np.ndarray, size: float) -> Box:
    lo, hi = points.min(axis=0), points.max(axis=0)
    return Box(x=float(lo[0] / size), y=float(lo[1] / size), w=float((hi - lo)[0] / size), h=float((hi - lo)[1] / size))


def prepare_avatar(analyzer: FaceAnalyzer, photo: Photo, settings: VideoSettings) -> PreparedAvatar:
    """Checks (4xx on failure) and the derived assets; stores nothing."""
    rgb = photo.rgb
    face = find_one_face(analyzer, rgb, face_checks(settings))
    h, w = rgb.shape[:2]
    x, y, side = head_crop_box(face, w, h, settings.head_crop_scale)
    size = settings.avatar_size
    interp = cv2.INTER_AREA if side > size else cv2.INTER_CUBIC
    crop = np.ascontiguousarray(cv2.resize(rgb[y : y + side, x : x + side], (size, size), interpolation=interp))
    # Landmarks again on the crop, where the face is larger; the mapped originals are the fallback.
    again = analyzer.landmarks(crop)
    if len(again) == 1:
        landmarks = again[0]
    else:
        landmarks = face.points.copy()
        landmarks[:, 0] -= x
        landmarks[:, 1] -= y
        landmarks *= size / side
    matte = analyzer.matte(crop)
    brightness, sharpness = face_brightness_and_sharpness(rgb, face)
    fx0, fy0, fx1, fy1 = face.box()
    report = FaceReport(
        face_box=Box(x=fx0 / w, y=fy0 / h, w=(fx1 - fx0) / w, h=(fy1 - fy0) / h),
        face_height_px=round(fy1 - fy0),
        yaw_ratio=round(face.yaw_ratio, 3),
        roll_deg=round(face.roll_deg, 2),
        brightness=round(brightness, 1),
        sharpness=round(sharpness, 1),
        mouth_gap=round(FaceGeometry(landmarks).mouth_gap, 3),
    )
    lm2 = landmarks[:, :2]
    regions = {
        "mouth": _box(lm2[fm.LIPS_OUTER], size),
        "left_eye": _box(lm2[fm.LEFT_EYE_UPPER + fm.LEFT_EYE_LOWER + fm.LEFT_EYE_CORNERS], size),
        "right_eye": _box(lm2[fm.RIGHT_EYE_UPPER + fm.RIGHT_EYE_LOWER + fm.RIGHT_EYE_CORNERS], size),
        "face": _box(lm2[fm.FACE_OVAL], size),
        "crop_in_photo": Box(x=x / w, y=y / h, w=side / w, h=side / h),
    }
    return PreparedAvatar(crop=crop, landmarks=landmarks, matte=matte, report=report, regions=regions)


class AvatarRepository:
    """Avatars in the artifact store (synchronous: API code calls it through ``clients.call``)."""

    def __init__(self, storage: ArtifactStore) -> None:
        self.storage = storage

    def create(
        self, prepared: PreparedAvatar, photo: Photo, *, name: str, default_voice_id: str | None, thumbnail_px: int
    ) -> Avatar:
        avatar_id = new_avatar_id()
        now = utcnow()
        size = prepared.crop.shape[0]
        avatar = Avatar(
            id=avatar_id,
            name=name,
            kind=AvatarKind.portrait,
            created_at=now,
            updated_at=now,
            default_voice_id=default_voice_id,
            size=size,
            image_width=photo.rgb.shape[1],
            image_height=photo.rgb.shape[0],
            has_matte=True,
            face=prepared.report,
        )
        thumb = cv2.resize(prepared.crop, (thumbnail_px, thumbnail_px), interpolation=cv2.INTER_AREA)
        ok, thumb_jpg = cv2.imencode(".jpg", cv2.cvtColor(thumb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 85])
        photo_bytes = _encode_photo(photo)
        files = [
            (f"photo.{photo.extension}", photo_bytes, photo.content_type),
            ("crop.png", encode_png(prepared.crop), "image/png"),
            ("matte.png", encode_png((prepared.matte * 255).astype(np.uint8)), "image/png"),
            (
                "landmarks.json",
                json.dumps({"size": size, "points": np.round(prepared.landmarks, 3).tolist()}).encode(),
                "application/json",
            ),
            ("thumb.jpg", thumb_jpg.tobytes() if ok else encode_png(thumb), "image/jpeg"),
            ("mesh.jpg", _encode_jpeg(draw_mesh(prepared.crop, prepared.landmarks)), "image/jpeg"),
        ]
        manifest = {
            "avatar": avatar.model_dump(mode="json"),
            "photo": files[0][0],
            "mesh": "mesh.jpg",
            "regions": {k: v.model_dump() for k, v in prepared.regions.items()},
        }
        try:
            for name_, data, content_type in files:
                self.storage.put_bytes(avatar_key(avatar_id, name_), data, content_type)
            self.storage.put_bytes(
                avatar_key(avatar_id, "manifest.json"), json.dumps(manifest).encode(), "application/json"
            )
        except Exception:
            self.storage.delete_prefix(f"{PREFIX}/{avatar_id}/")
            raise
        return self.with_urls(avatar, manifest)

    def manifest(self, avatar_id: str) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self.storage.get_bytes(avatar_key(avatar_id, "manifest.json")))
        except NotFound as exc:
            raise NotFound(f"No avatar {avatar_id}.", code="avatar_not_found") from exc
        return data

    def get(self, avatar_id: str, *, urls: bool = True) -> Avatar:
        manifest = self.manifest(avatar_id)
        avatar = Avatar.model_validate(manifest["avatar"])
        return self.with_urls(avatar, manifest) if urls else avatar

    def with_urls(self, avatar: Avatar, manifest: dict[str, Any]) -> Avatar:
        if avatar.kind == AvatarKind.ernerf:
            from services.video import ernerf_avatars

            return ernerf_avatars.urls(self, avatar, manifest)
        if avatar.kind != AvatarKind.portrait:
            return avatar
        mesh = manifest.get("mesh")
        return avatar.model_copy(
            update={
                "mesh_url": self.storage.presigned_url(avatar_key(avatar.id, mesh)) if mesh else None,
                "thumbnail_url": self.storage.presigned_url(avatar_key(avatar.id, "thumb.jpg")),
                "crop_url": self.storage.presigned_url(avatar_key(avatar.id, "crop.png")),
                "photo_url": self.storage.presigned_url(avatar_key(avatar.id, manifest.get("photo", "photo.jpg"))),
            }
        )

    def list(self, limit: int = 100) -> list[Avatar]:
        keys = [k for k in self.storage.list(f"{PREFIX}/") if k.endswith("/manifest.json")]
        avatars = []
        for key in keys:
            try:
                manifest = json.loads(self.storage.get_bytes(key))
            except NotFound:  # deleted while listing
                continue
            avatars.append((Avatar.model_validate(manifest["avatar"]), manifest))
        avatars.sort(key=lambda item: item[0].created_at, reverse=True)
        return [self.with_urls(a, m) for a, m in avatars[:limit]]

    def update(self, avatar_id: str, patch: AvatarUpdate) -> Avatar:
        manifest = self.manifest(avatar_id)
        avatar = Avatar.model_validate(manifest["avatar"])
        changes = patch.model_dump(exclude_unset=True)
        if changes:
            avatar = avatar.model_copy(update={**changes, "updated_at": utcnow()})
            manifest["avatar"] = avatar.model_dump(mode="json")
            self.storage.put_bytes(
                avatar_key(avatar_id, "manifest.json"), json.dumps(manifest).encode(), "application/json"
            )
        return self.with_urls(avatar, manifest)

    def delete(self, avatar_id: str) -> None:
        self.manifest(avatar_id)  # 404 when absent
        self.storage.delete(avatar_key(avatar_id, "manifest.json"))  # gone for clients first
        self.storage.delete_prefix(f"{PREFIX}/{avatar_id}/")

    def load_assets(self, avatar_id: str, cache_dir: Path | None = None) -> AvatarAssets:
        """What a renderer needs; an ``ernerf`` avatar's checkpoint is downloaded to ``cache_dir`` once."""
        manifest = self.manifest(avatar_id)
        avatar = Avatar.model_validate(manifest["avatar"])
        if avatar.kind == AvatarKind.ernerf:
            from services.video import ernerf_avatars

            checkpoint = ernerf_avatars.cached_checkpoint(
                self, avatar_id, manifest, cache_dir or ernerf_avatars.default_cache_dir()
            )
            return AvatarAssets(
                avatar=avatar,
                crop=np.zeros((1, 1, 3), np.uint8),
                landmarks=np.zeros((0, 3)),
                matte=None,
                checkpoint=checkpoint,
            )
        if avatar.kind != AvatarKind.portrait:
            return AvatarAssets(
                avatar=avatar, crop=np.zeros((1, 1, 3), np.uint8), landmarks=np.zeros((0, 3)), matte=None
            )
        crop = decode_png(self.storage.get_bytes(avatar_key(avatar_id, "crop.png")))
        points = json.loads(self.storage.get_bytes(avatar_key(avatar_id, "landmarks.json")))["points"]
        matte = None
        if avatar.has_matte:
            matte = decode_png(self.storage.get_bytes(avatar_key(avatar_id, "matte.png")), gray=True)
            matte = matte.astype(np.float32) / 255.0
        return AvatarAssets(avatar=avatar, crop=crop, landmarks=np.asarray(points, dtype=np.float64), matte=matte)


def draw_mesh(crop: np.ndarray, landmarks: np.ndarray) -> np.ndarray:
    """The head crop with the detected face mesh drawn on it, so a user sees what the animator will move."""
    from mediapipe.python.solutions.face_mesh_connections import FACEMESH_CONTOURS, FACEMESH_TESSELATION

    canvas = cv2.cvtColor(crop, cv2.COLOR_RGB2BGR)
    overlay = canvas.copy()
    points = np.round(landmarks[:, :2]).astype(np.int32)
    for connections, colour, width in (
        (FACEMESH_TESSELATION, (200, 200, 200), 1),
        (FACEMESH_CONTOURS, (80, 220, 120), 2),
    ):
        for a, b in connections:
            if a < len(points) and b < len(points):
                cv2.line(overlay, tuple(points[a]), tuple(points[b]), colour, width, cv2.LINE_AA)
    return cv2.cvtColor(cv2.addWeighted(overlay, 0.7, canvas, 0.3, 0), cv2.COLOR_BGR2RGB)


def _encode_jpeg(rgb: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 88])
    return data.tobytes() if ok else encode_png(rgb)


def _encode_photo(photo: Photo) -> bytes:
    """The upright photo re-encoded in its own format (EXIF orientation applied; metadata such as GPS
    dropped, since we never need it and should not keep it)."""
    bgr = cv2.cvtColor(photo.rgb, cv2.COLOR_RGB2BGR)
    ext = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[photo.format]
    params = [cv2.IMWRITE_JPEG_QUALITY, 92] if ext == ".jpg" else []
    ok, data = cv2.imencode(ext, bgr, params)
    return data.tobytes() if ok else encode_png(photo.rgb)

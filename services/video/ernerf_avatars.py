"""``ernerf`` avatars: a trained ER-NeRF head registered by the trainer, and its checkpoint's local cache.

Layout in S3 beside the portrait avatars: ``avatars/<id>/ernerf.pt`` (our own copy of the training's final
checkpoint: one self-contained file, so deleting the training leaves the avatar working), ``preview.png`` (a
validation frame), ``thumb.jpg`` and ``manifest.json`` (written last, as for every avatar). The avatar id is
derived from the training id, so a trainer that registers again after a crash gets the same avatar back.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any

import cv2

from services.video.avatars import PREFIX, AvatarRepository, avatar_key
from services.video.encode import decode_png, encode_png
from shared.clock import utcnow
from shared.contracts.video import Avatar, AvatarKind, ErnerfAvatarCreate
from shared.errors import NotFound

CHECKPOINT = "ernerf.pt"
PREVIEW = "preview.png"
THUMB = "thumb.jpg"
_ID_NAMESPACE = uuid.UUID("5b0d7c2e-8f59-4a0e-9f3e-0c7a3b1e5d21")
_download_lock = threading.Lock()


def ernerf_avatar_id(training_id: str) -> str:
    return "av_" + uuid.uuid5(_ID_NAMESPACE, training_id).hex


def default_cache_dir() -> Path:
    """For callers without the settings at hand (the same default as ``VideoSettings.ernerf_cache_path``)."""
    return Path(os.environ.get("VIDEO_ERNERF_CACHE_DIR") or Path(tempfile.gettempdir()) / "talkface-ernerf")


def register(repo: AvatarRepository, body: ErnerfAvatarCreate, thumbnail_px: int) -> Avatar:
    """Copy the checkpoint (and preview) under the avatar and write its manifest; the same training gets the
    same avatar (404 ``checkpoint_not_found`` when the checkpoint is not stored)."""
    storage = repo.storage
    avatar_id = ernerf_avatar_id(body.training_id)
    try:
        return repo.get(avatar_id)
    except NotFound:
        pass
    if not storage.exists(body.checkpoint_key):
        raise NotFound(f"No checkpoint is stored at {body.checkpoint_key}.", code="checkpoint_not_found")
    now = utcnow()
    avatar = Avatar(
        id=avatar_id,
        name=body.name,
        kind=AvatarKind.ernerf,
        created_at=now,
        updated_at=now,
        default_voice_id=body.default_voice_id,
        size=max(body.width, body.height),
        image_width=body.width,
        image_height=body.height,
        has_matte=False,
        training_id=body.training_id,
    )
    manifest: dict[str, Any] = {"avatar": avatar.model_dump(mode="json"), "checkpoint": CHECKPOINT}
    try:
        with tempfile.TemporaryDirectory(prefix="ernerf-avatar-") as tmp:
            local = storage.download(body.checkpoint_key, Path(tmp) / CHECKPOINT)
            storage.put_file(avatar_key(avatar_id, CHECKPOINT), local, "application/octet-stream")
        if body.preview_key and storage.exists(body.preview_key):
            png = storage.get_bytes(body.preview_key)
            preview = decode_png(png)
            scale = thumbnail_px / max(preview.shape[:2])
            size = (max(1, round(preview.shape[1] * scale)), max(1, round(preview.shape[0] * scale)))
            interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
            thumb = cv2.cvtColor(cv2.resize(preview, size, interpolation=interp), cv2.COLOR_RGB2BGR)
            ok, jpg = cv2.imencode(".jpg", thumb, [cv2.IMWRITE_JPEG_QUALITY, 88])
            storage.put_bytes(avatar_key(avatar_id, PREVIEW), encode_png(preview), "image/png")
            storage.put_bytes(avatar_key(avatar_id, THUMB), jpg.tobytes() if ok else png, "image/jpeg")
            manifest.update(preview=PREVIEW, thumbnail=THUMB)
        storage.put_bytes(avatar_key(avatar_id, "manifest.json"), json.dumps(manifest).encode(), "application/json")
    except Exception:
        storage.delete_prefix(f"{PREFIX}/{avatar_id}/")
        raise
    return repo.with_urls(avatar, manifest)


def urls(repo: AvatarRepository, avatar: Avatar, manifest: dict[str, Any]) -> Avatar:
    """The thumbnail and the preview frame (as the crop, which is what a portrait avatar shows)."""
    thumb, preview = manifest.get("thumbnail"), manifest.get("preview")
    return avatar.model_copy(
        update={
            "thumbnail_url": repo.storage.presigned_url(avatar_key(avatar.id, thumb)) if thumb else None,
            "crop_url": repo.storage.presigned_url(avatar_key(avatar.id, preview)) if preview else None,
        }
    )


def cached_checkpoint(repo: AvatarRepository, avatar_id: str, manifest: dict[str, Any], cache_dir: Path) -> Path:
    """The avatar's checkpoint on local disk, downloaded once (a file of the stored size is reused: an avatar's
    checkpoint never changes under its id)."""
    key = avatar_key(avatar_id, manifest.get("checkpoint", CHECKPOINT))
    target = cache_dir / f"{avatar_id}.pt"
    size = repo.storage.stat(key).size
    with _download_lock:
        if target.exists() and target.stat().st_size == size:
            return target
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        repo.storage.download(key, partial)
        partial.replace(target)
    return target

"""The one way an upload becomes a file ffmpeg (or any tool) can open."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import UploadFile

from shared.errors import PayloadTooLarge

CHUNK_BYTES = 1024 * 1024


async def save_upload(upload: UploadFile, path: Path, *, max_bytes: int | None = None) -> Path:
    """Copy ``upload`` (already spooled by Starlette) to ``path`` in chunks; 413 ``upload_too_large`` past
    ``max_bytes``, checked before anything is copied when the size is known."""
    if max_bytes is not None and upload.size is not None and upload.size > max_bytes:
        raise _too_large(max_bytes)
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(CHUNK_BYTES):
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:
                raise _too_large(max_bytes)
            out.write(chunk)
    return path


def _too_large(max_bytes: int) -> PayloadTooLarge:
    limit = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes} bytes"
    return PayloadTooLarge(f"The uploaded file is over {limit}.", code="upload_too_large")

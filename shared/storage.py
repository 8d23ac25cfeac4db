"""Artifact store on the ``minio`` SDK (any S3 API: MinIO, SeaweedFS, AWS).

Keys are built only from ids we mint and names from our own code (:func:`make_key`), never from raw user
strings. Every object records its content type, size and sha256 (hashed before the upload and stored as the
object's ``x-amz-meta-sha256``, so :meth:`ArtifactStore.stat` reports it). The SDK is synchronous: async callers
go through ``anyio.to_thread``.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

import urllib3
from minio import Minio
from minio.error import S3Error

from shared.contracts.common import Artifact
from shared.errors import NotFound, ServiceUnavailable
from shared.settings import CommonSettings

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
CHUNK = 1024 * 1024


def make_key(*segments: str) -> str:
    """Join safe segments into an object key; refuses anything that could escape its prefix."""
    for segment in segments:
        if not _SEGMENT.match(segment) or ".." in segment:
            raise ValueError(f"unsafe key segment: {segment!r}")
    return "/".join(segments)


def is_valid_key(key: str) -> bool:
    parts = key.split("/")
    return 2 <= len(parts) <= 6 and all(_SEGMENT.match(p) and ".." not in p for p in parts)


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    content_type: str
    sha256: str | None


class ArtifactStore:
    """Put/get/stat/list/delete/presign on one bucket."""

    def __init__(self, settings: CommonSettings) -> None:
        self.bucket = settings.s3_bucket
        self.presign_ttl = timedelta(seconds=settings.presign_seconds)
        # Short timeouts and no retries: an unreachable store must surface as 503 quickly, not hang a request.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=3.0, read=60.0),
            retries=urllib3.Retry(total=1, backoff_factor=0.2, status_forcelist=[]),
            maxsize=16,
        )
        access = settings.s3_access_key.get_secret_value()
        secret = settings.s3_secret_key.get_secret_value()
        self.client = Minio(
            settings.s3_endpoint,
            access_key=access,
            secret_key=secret,
            secure=settings.s3_secure,
            region=settings.s3_region,
            http_client=http,
        )
        # Presigning is local arithmetic; a separate client signs for the host that browsers reach.
        public = settings.s3_public_endpoint or settings.s3_endpoint
        parsed = urlparse(public if "://" in public else f"{'https' if settings.s3_secure else 'http'}://{public}")
        self._presigner = Minio(
            parsed.netloc,
            access_key=access,
            secret_key=secret,
            secure=parsed.scheme == "https",
            region=settings.s3_region,
        )

    def ensure_bucket(self) -> None:
        if not self.client.bucket_exists(self.bucket):
            try:
                self.client.make_bucket(self.bucket)
            except S3Error as exc:  # another process created it between the two calls
                if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    raise

    def ping(self) -> None:
        self.client.bucket_exists(self.bucket)

    def put_bytes(self, key: str, data: bytes, content_type: str) -> StoredObject:
        return self._put(key, io.BytesIO(data), len(data), content_type, hashlib.sha256(data).hexdigest())

    def put_file(self, key: str, path: Path, content_type: str) -> StoredObject:
        with path.open("rb") as fh:
            sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
            fh.seek(0)
            return self._put(key, fh, path.stat().st_size, content_type, sha256)

    def _put(self, key: str, stream: BinaryIO, size: int, content_type: str, sha256: str) -> StoredObject:
        """One upload of known size, its sha256 in the object's metadata (S3 keeps it with the object)."""
        self.client.put_object(
            self.bucket, key, stream, length=size, content_type=content_type, metadata={"sha256": sha256}
        )
        return StoredObject(key=key, size=size, content_type=content_type, sha256=sha256)

    def put_artifact(self, key: str, path: Path, content_type: str, name: str | None = None) -> Artifact:
        stored = self.put_file(key, path, content_type)
        return Artifact(
            id=key,
            name=name or key.rsplit("/", 1)[-1],
            content_type=content_type,
            size=stored.size,
            sha256=stored.sha256 or "",
        )

    def get_bytes(self, key: str) -> bytes:
        response = self._get(key)
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def download(self, key: str, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.client.fget_object(self.bucket, key, str(path))
        except S3Error as exc:
            raise self._map(exc, key) from exc
        return path

    def iter_chunks(self, key: str, chunk_size: int = CHUNK) -> Iterator[bytes]:
        response = self._get(key)
        try:
            yield from response.stream(chunk_size)
        finally:
            response.close()
            response.release_conn()

    def stat(self, key: str) -> StoredObject:
        try:
            st = self.client.stat_object(self.bucket, key)
        except S3Error as exc:
            raise self._map(exc, key) from exc
        meta = st.metadata or {}
        return StoredObject(
            key=key,
            size=st.size or 0,
            content_type=st.content_type or "application/octet-stream",
            sha256=meta.get("x-amz-meta-sha256"),
        )

    def exists(self, key: str) -> bool:
        try:
            self.client.stat_object(self.bucket, key)
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return False
            raise
        return True

    def list(self, prefix: str) -> list[str]:
        return [
            o.object_name for o in self.client.list_objects(self.bucket, prefix=prefix, recursive=True) if o.object_name
        ]

    def delete(self, key: str) -> None:
        self.client.remove_object(self.bucket, key)

    def delete_prefix(self, prefix: str) -> int:
        keys = self.list(prefix)
        for key in keys:
            self.client.remove_object(self.bucket, key)
        return len(keys)

    def presigned_url(self, key: str, filename: str | None = None) -> str:
        headers = {"response-content-disposition": f'inline; filename="{filename}"'} if filename else None
        return self._presigner.presigned_get_object(
            self.bucket,
            key,
            expires=self.presign_ttl,
            response_headers=headers,  # type: ignore[arg-type]
        )

    def with_url(self, artifact: Artifact) -> Artifact:
        return artifact.model_copy(update={"url": self.presigned_url(artifact.id, artifact.name)})

    def _get(self, key: str):
        try:
            return self.client.get_object(self.bucket, key)
        except S3Error as exc:
            raise self._map(exc, key) from exc

    @staticmethod
    def _map(exc: S3Error, key: str) -> Exception:
        if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
            return NotFound(f"No stored object {key}.", code="artifact_not_found")
        return ServiceUnavailable(f"The artifact store failed: {exc.code}", code="storage_unavailable")

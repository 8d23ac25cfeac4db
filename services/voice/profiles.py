"""Voice profiles in S3 (source of truth) with a Redis hash as the listing index.

Layout per profile, under keys we mint (never user strings): ``voices/<id>/manifest.json``,
``voices/<id>/original.<ext>`` (the upload as sent), ``voices/<id>/reference.wav`` (processed, 24 kHz) and
``voices/<id>/cache/<name>`` (backend caches such as CosyVoice prompt features). The index is rebuilt from
S3 whenever Redis has lost it.
"""

from __future__ import annotations

import re
import secrets
import threading
from datetime import datetime
from io import BytesIO
from typing import Any, Literal

import numpy as np
import redis
from pydantic import BaseModel, Field

from shared.clock import utcnow
from shared.contracts.voice import CloneInfo, EnrollmentInfo, QualityReport, VoiceProfile
from shared.errors import NotFound
from shared.storage import ArtifactStore, make_key

PROFILE_ID = re.compile(r"^vp_[0-9a-f]{16}$")
ORIGINAL_EXTENSIONS = ("wav", "mp3", "m4a", "ogg", "webm", "flac", "aac", "opus", "bin")


class ProfileManifest(BaseModel):
    """Everything stored about one profile; :meth:`public` is what clients see."""

    version: int = 1
    id: str
    name: str
    language: str | None = None
    transcript: str | None = None
    transcript_source: Literal["user", "whisper", "none"] = "none"
    created_at: datetime
    updated_at: datetime
    quality: QualityReport
    embedding: list[float] = Field(default_factory=list)
    original_key: str
    original_content_type: str = "application/octet-stream"
    reference_key: str
    reference_sample_rate: int
    engine: str = "embedded"
    clone: CloneInfo | None = None
    enrollment: EnrollmentInfo | None = None
    backends: dict[str, dict[str, Any]] = Field(default_factory=dict)

    def public(self, storage: ArtifactStore | None = None) -> VoiceProfile:
        urls: dict[str, str | None] = {"reference_url": None, "original_url": None}
        if storage is not None:
            urls["reference_url"] = storage.presigned_url(self.reference_key, f"{self.id}-reference.wav")
            ext = self.original_key.rsplit(".", 1)[-1]
            urls["original_url"] = storage.presigned_url(self.original_key, f"{self.id}-original.{ext}")
        return VoiceProfile(
            id=self.id,
            name=self.name,
            kind="profile",
            engine=self.engine,
            language=self.language,
            transcript=self.transcript,
            transcript_source=self.transcript_source,
            created_at=self.created_at,
            updated_at=self.updated_at,
            quality=self.quality,
            clone=self.clone,
            enrollment=self.enrollment,
            **urls,
        )


def new_profile_id() -> str:
    return f"vp_{secrets.token_hex(8)}"


class ProfileStore:
    """Synchronous (minio and redis-py are blocking): API code calls it through ``clients.call``."""

    def __init__(self, storage: ArtifactStore, client: redis.Redis | None, key_prefix: str = "tf") -> None:
        self.storage = storage
        self.redis = client
        self.index_key = f"{key_prefix}:voice:profiles"
        self.index_built_key = f"{key_prefix}:voice:profiles:built"

    # keys
    @staticmethod
    def key(profile_id: str, name: str) -> str:
        return make_key("voices", profile_id, name)

    @staticmethod
    def cache_key(profile_id: str, name: str) -> str:
        return make_key("voices", profile_id, "cache", name)

    # reading
    def get(self, profile_id: str) -> ProfileManifest:
        if not PROFILE_ID.match(profile_id):
            raise NotFound(f"No voice {profile_id!r}.", code="voice_not_found")
        if self.redis is not None:
            raw = self.redis.hget(self.index_key, profile_id)
            if raw:
                return ProfileManifest.model_validate_json(raw)
        try:
            data = self.storage.get_bytes(self.key(profile_id, "manifest.json"))
        except NotFound:
            raise NotFound(f"No voice {profile_id!r}.", code="voice_not_found") from None
        manifest = ProfileManifest.model_validate_json(data)
        self._index(manifest)
        return manifest

    def all(self) -> list[ProfileManifest]:
        if self.redis is not None and self.redis.exists(self.index_built_key):
            values = self.redis.hvals(self.index_key)
            items = [ProfileManifest.model_validate_json(v) for v in values]
        else:
            items = self.rebuild_index()
        return sorted(items, key=lambda m: m.created_at, reverse=True)

    def rebuild_index(self) -> list[ProfileManifest]:
        """Read every manifest from S3 (the source of truth) and refill the Redis index."""
        items = []
        for key in self.storage.list("voices/"):
            if key.endswith("/manifest.json"):
                try:
                    items.append(ProfileManifest.model_validate_json(self.storage.get_bytes(key)))
                except NotFound:  # deleted meanwhile
                    continue
        if self.redis is not None:
            pipe = self.redis.pipeline()
            pipe.delete(self.index_key)
            for manifest in items:
                pipe.hset(self.index_key, manifest.id, manifest.model_dump_json())
            pipe.set(self.index_built_key, "1")
            pipe.execute()
        return items

    # writing
    def save(self, manifest: ProfileManifest) -> None:
        manifest.updated_at = utcnow()
        self.storage.put_bytes(
            self.key(manifest.id, "manifest.json"), manifest.model_dump_json().encode(), "application/json"
        )
        self._index(manifest)

    def _index(self, manifest: ProfileManifest) -> None:
        if self.redis is not None:
            self.redis.hset(self.index_key, manifest.id, manifest.model_dump_json())

    def delete(self, profile_id: str) -> None:
        self.get(profile_id)  # 404 for unknown ids
        if self.redis is not None:
            self.redis.hdel(self.index_key, profile_id)
        self.storage.delete_prefix(f"voices/{profile_id}/")

    def load_reference(self, manifest: ProfileManifest) -> tuple[np.ndarray, int]:
        import soundfile as sf

        audio, rate = sf.read(BytesIO(self.storage.get_bytes(manifest.reference_key)), dtype="float32")
        return np.asarray(audio, dtype=np.float32), int(rate)


class ProfileContext:
    """What a backend sees of a profile: its manifest, its reference audio (fetched once), and a place to
    keep per-backend state and cached features."""

    def __init__(self, store: ProfileStore, manifest: ProfileManifest) -> None:
        self.store = store
        self.manifest = manifest
        self._reference: tuple[np.ndarray, int] | None = None
        self._lock = threading.Lock()

    @property
    def id(self) -> str:
        return self.manifest.id

    def reference(self) -> tuple[np.ndarray, int]:
        with self._lock:
            if self._reference is None:
                self._reference = self.store.load_reference(self.manifest)
            return self._reference

    def set_reference(self, audio: np.ndarray, sample_rate: int) -> None:
        """At creation the processed reference is in memory before it is stored."""
        self._reference = (audio, sample_rate)

    @property
    def embedding(self) -> np.ndarray:
        return np.asarray(self.manifest.embedding, dtype=np.float32)

    def backend_state(self, backend: str) -> dict[str, Any]:
        return self.manifest.backends.get(backend, {})

    def set_backend_state(self, backend: str, state: dict[str, Any], persist: bool = True) -> None:
        self.manifest.backends[backend] = state
        if persist:
            self.store.save(self.manifest)

    def cache_get(self, name: str) -> bytes | None:
        key = self.store.cache_key(self.id, name)
        try:
            return self.store.storage.get_bytes(key)
        except NotFound:
            return None

    def cache_put(self, name: str, data: bytes) -> None:
        self.store.storage.put_bytes(self.store.cache_key(self.id, name), data, "application/octet-stream")

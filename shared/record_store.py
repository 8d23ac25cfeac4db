"""Records kept in S3 as ``<root>/<id>/record.json`` (the source of truth) with a Redis hash as the listing index.

The index is a cache: it is rebuilt from S3 whenever its "built" marker is missing (a flushed Redis, a new
deployment), so losing Redis loses nothing. Written once here because several resources (identity datasets,
trainings) are stored this way; each keeps its own record model, id pattern and not-found code.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Generic, TypeVar

import redis
from pydantic import BaseModel

from shared.clock import utcnow
from shared.errors import NotFound
from shared.storage import ArtifactStore, make_key

RECORD_FILE = "record.json"


class StoredRecord(BaseModel):
    """What every record kept here has; the resource's record model adds its own fields."""

    id: str
    created_at: datetime
    updated_at: datetime


RecordT = TypeVar("RecordT", bound=StoredRecord)


class RecordStore(Generic[RecordT]):
    """Synchronous (minio and redis-py are blocking): API code calls it through ``clients.call``."""

    model: type[RecordT]
    root: str  # the S3 prefix and the index's name, e.g. "datasets"
    id_pattern: re.Pattern[str]
    noun: str  # for messages: "dataset"
    not_found_code: str

    def __init__(self, storage: ArtifactStore, client: redis.Redis, key_prefix: str, index_name: str) -> None:
        self.storage = storage
        self.redis = client
        self.index_key = f"{key_prefix}:{index_name}"
        self.index_built_key = f"{key_prefix}:{index_name}:built"

    def key(self, record_id: str, *path: str) -> str:
        return make_key(self.root, record_id, *path)

    def not_found(self, record_id: str) -> NotFound:
        return NotFound(f"No {self.noun} {record_id!r}.", code=self.not_found_code)

    def get(self, record_id: str) -> RecordT:
        if not self.id_pattern.match(record_id):
            raise self.not_found(record_id)
        raw = self.redis.hget(self.index_key, record_id)
        if raw:
            return self.model.model_validate_json(raw)
        try:
            data = self.storage.get_bytes(self.key(record_id, RECORD_FILE))
        except NotFound:
            raise self.not_found(record_id) from None
        record = self.model.model_validate_json(data)
        self.redis.hset(self.index_key, record_id, record.model_dump_json())
        return record

    def all(self) -> list[RecordT]:
        """Newest first."""
        if self.redis.exists(self.index_built_key):
            items = [self.model.model_validate_json(v) for v in self.redis.hvals(self.index_key)]
        else:
            items = self.rebuild_index()
        return sorted(items, key=lambda r: r.created_at, reverse=True)

    def rebuild_index(self) -> list[RecordT]:
        """Read every record from S3 (the source of truth) and refill the Redis index."""
        items = []
        for key in self.storage.list(f"{self.root}/"):
            if key.endswith(f"/{RECORD_FILE}") and key.count("/") == 2:
                try:
                    items.append(self.model.model_validate_json(self.storage.get_bytes(key)))
                except NotFound:  # deleted meanwhile
                    continue
        pipe = self.redis.pipeline()
        pipe.delete(self.index_key)
        for record in items:
            pipe.hset(self.index_key, record.id, record.model_dump_json())
        pipe.set(self.index_built_key, "1")
        pipe.execute()
        return items

    def save(self, record: RecordT, *, durable: bool = True) -> RecordT:
        """Write the record to the index, and to S3 when ``durable`` (a change worth keeping if Redis is lost)."""
        record.updated_at = utcnow()
        data = record.model_dump_json().encode()
        if durable:
            self.storage.put_bytes(self.key(record.id, RECORD_FILE), data, "application/json")
        self.redis.hset(self.index_key, record.id, data)
        return record

    def delete(self, record_id: str) -> None:
        """Every object under ``<root>/<id>/`` and the index entry."""
        self.storage.delete_prefix(self.key(record_id) + "/")
        self.redis.hdel(self.index_key, record_id)

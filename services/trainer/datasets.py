"""Identity datasets in S3 (source of truth) with a Redis hash as the listing index, like voice profiles.

Layout per dataset, under keys we mint (never user strings):

- ``datasets/<id>/record.json`` — the :class:`DatasetRecord`;
- ``datasets/<id>/upload.<ext>`` — the video as uploaded (deleted once the job has finished, whatever the outcome);
- ``datasets/<id>/data/<path>`` — the dataset directory, file for file as ER-NeRF reads it (``ori_imgs/0.jpg``,
  ``transforms_train.json``, ``aud.npy``...), so training downloads ``data/`` into a directory and points
  ER-NeRF at it; ``data/report.json`` and ``data/previews/*.jpg`` are part of it;
- ``datasets/<id>/report.json`` — only for a rejected video: the error report, the one thing kept.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

import redis
from pydantic import BaseModel

from shared.clock import utcnow
from shared.contracts.trainer import Dataset, DatasetPreset, DatasetPreview, DatasetReport, DatasetStatus
from shared.errors import NotFound
from shared.storage import ArtifactStore, make_key

DATASET_ID = re.compile(r"^ds_[0-9a-f]{16}$")
DATA_DIR = "data"
PREVIEWS_DIR = "previews"


def new_dataset_id() -> str:
    return f"ds_{secrets.token_hex(8)}"


def dataset_key(dataset_id: str, *path: str) -> str:
    return make_key("datasets", dataset_id, *path)


def data_prefix(dataset_id: str) -> str:
    return dataset_key(dataset_id, DATA_DIR) + "/"


class DatasetRecord(BaseModel):
    """Everything stored about one dataset; :meth:`public` is what clients see."""

    id: str
    name: str
    language: str | None = None
    preset: DatasetPreset
    status: DatasetStatus = DatasetStatus.queued
    job_id: str
    created_at: datetime
    updated_at: datetime
    source_filename: str | None = None
    source_duration_s: float
    upload_key: str | None = None
    files: int = 0
    report: DatasetReport | None = None
    previews: list[str] = []  # file names under data/previews/
    error: str | None = None

    @property
    def active(self) -> bool:
        return self.status in (DatasetStatus.queued, DatasetStatus.processing)

    def public(self, storage: ArtifactStore) -> Dataset:
        previews = [
            DatasetPreview(
                name=name,
                url=storage.presigned_url(dataset_key(self.id, DATA_DIR, PREVIEWS_DIR, name), f"{self.id}-{name}"),
            )
            for name in self.previews
        ]
        return Dataset(
            **self.model_dump(exclude={"upload_key", "previews"}),
            storage_prefix=data_prefix(self.id) if self.status == DatasetStatus.ready else None,
            previews=previews,
        )


class DatasetStore:
    """Synchronous (minio and redis-py are blocking): API code calls it through ``clients.call``."""

    def __init__(self, storage: ArtifactStore, client: redis.Redis, key_prefix: str = "tf") -> None:
        self.storage = storage
        self.redis = client
        self.index_key = f"{key_prefix}:trainer:datasets"
        self.index_built_key = f"{key_prefix}:trainer:datasets:built"

    def get(self, dataset_id: str) -> DatasetRecord:
        if not DATASET_ID.match(dataset_id):
            raise NotFound(f"No dataset {dataset_id!r}.", code="dataset_not_found")
        raw = self.redis.hget(self.index_key, dataset_id)
        if raw:
            return DatasetRecord.model_validate_json(raw)
        try:
            data = self.storage.get_bytes(dataset_key(dataset_id, "record.json"))
        except NotFound:
            raise NotFound(f"No dataset {dataset_id!r}.", code="dataset_not_found") from None
        record = DatasetRecord.model_validate_json(data)
        self.redis.hset(self.index_key, record.id, record.model_dump_json())
        return record

    def all(self) -> list[DatasetRecord]:
        if self.redis.exists(self.index_built_key):
            items = [DatasetRecord.model_validate_json(v) for v in self.redis.hvals(self.index_key)]
        else:
            items = self.rebuild_index()
        return sorted(items, key=lambda r: r.created_at, reverse=True)

    def rebuild_index(self) -> list[DatasetRecord]:
        """Read every record from S3 (the source of truth) and refill the Redis index."""
        items = []
        for key in self.storage.list("datasets/"):
            if key.endswith("/record.json") and key.count("/") == 2:
                try:
                    items.append(DatasetRecord.model_validate_json(self.storage.get_bytes(key)))
                except NotFound:  # deleted meanwhile
                    continue
        pipe = self.redis.pipeline()
        pipe.delete(self.index_key)
        for record in items:
            pipe.hset(self.index_key, record.id, record.model_dump_json())
        pipe.set(self.index_built_key, "1")
        pipe.execute()
        return items

    def save(self, record: DatasetRecord) -> DatasetRecord:
        record.updated_at = utcnow()
        data = record.model_dump_json().encode()
        self.storage.put_bytes(dataset_key(record.id, "record.json"), data, "application/json")
        self.redis.hset(self.index_key, record.id, data)
        return record

    def delete(self, dataset_id: str) -> None:
        """Every object under ``datasets/<id>/`` and the index entry."""
        self.storage.delete_prefix(dataset_key(dataset_id) + "/")
        self.redis.hdel(self.index_key, dataset_id)

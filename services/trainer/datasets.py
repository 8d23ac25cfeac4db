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

import redis

from shared.contracts.trainer import Dataset, DatasetPreset, DatasetPreview, DatasetReport, DatasetStatus
from shared.record_store import RecordStore, StoredRecord
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


class DatasetRecord(StoredRecord):
    """Everything stored about one dataset; :meth:`public` is what clients see."""

    name: str
    language: str | None = None
    preset: DatasetPreset
    status: DatasetStatus = DatasetStatus.queued
    job_id: str
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


class DatasetStore(RecordStore[DatasetRecord]):
    model = DatasetRecord
    root = "datasets"
    id_pattern = DATASET_ID
    noun = "dataset"
    not_found_code = "dataset_not_found"

    def __init__(self, storage: ArtifactStore, client: redis.Redis, key_prefix: str = "tf") -> None:
        super().__init__(storage, client, key_prefix, "trainer:datasets")

"""The gallery of past renders (the original app deleted its history; ours keeps it in S3).

Each finished render job writes ``gallery/<inverted-ms>-<job id>.json``: S3 lists keys in lexical order, so
the inverted timestamp makes a plain listing newest-first without an index to keep in sync. The entry is
written by the worker after the artifacts, with a key derived from the job record, so a redelivered job
overwrites its own entry instead of adding a second one.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from shared.contracts.video import VideoSummary
from shared.errors import NotFound
from shared.storage import ArtifactStore, make_key

PREFIX = "gallery"
_MAX_MS = 9_999_999_999_999
_JOB_ID = re.compile(r"^job_[0-9a-f]{32}$")


def entry_key(created_at: datetime, job_id: str) -> str:
    inverted = _MAX_MS - int(created_at.timestamp() * 1000)
    return make_key(PREFIX, f"{inverted:013d}-{job_id}.json")


def put_entry(storage: ArtifactStore, summary: VideoSummary) -> None:
    storage.put_bytes(entry_key(summary.created_at, summary.id), summary.model_dump_json().encode(), "application/json")


def _with_urls(storage: ArtifactStore, summary: VideoSummary) -> VideoSummary:
    update = {"video": storage.with_url(summary.video)}
    if summary.poster is not None:
        update["poster"] = storage.with_url(summary.poster)
    return summary.model_copy(update=update)


def list_entries(storage: ArtifactStore, limit: int = 50, avatar_id: str | None = None) -> list[VideoSummary]:
    items: list[VideoSummary] = []
    for key in storage.list(f"{PREFIX}/"):
        try:
            summary = VideoSummary.model_validate(json.loads(storage.get_bytes(key)))
        except NotFound:  # deleted while listing
            continue
        if avatar_id and summary.avatar_id != avatar_id:
            continue
        items.append(_with_urls(storage, summary))
        if len(items) >= limit:
            break
    return items


def _find_key(storage: ArtifactStore, video_id: str) -> str:
    if not _JOB_ID.match(video_id):
        raise NotFound(f"No video {video_id[:80]}.", code="video_not_found")
    for key in storage.list(f"{PREFIX}/"):
        if key.endswith(f"-{video_id}.json"):
            return key
    raise NotFound(f"No video {video_id}.", code="video_not_found")


def get_entry(storage: ArtifactStore, video_id: str) -> VideoSummary:
    key = _find_key(storage, video_id)
    return _with_urls(storage, VideoSummary.model_validate(json.loads(storage.get_bytes(key))))


def delete_entry(storage: ArtifactStore, video_id: str) -> None:
    """Remove the gallery entry and the render's files (the job record itself expires on its own)."""
    key = _find_key(storage, video_id)
    storage.delete(key)
    storage.delete_prefix(f"jobs/{video_id}/")

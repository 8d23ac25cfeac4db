"""Video service operations: avatars, render jobs, the streaming render and the gallery."""

from __future__ import annotations

from gateway.proxy import Operation
from shared.contracts.common import JobAccepted
from shared.contracts.video import (
    Avatar,
    AvatarCreateForm,
    AvatarList,
    AvatarUpdate,
    VideoJobForm,
    VideoList,
    VideoStreamRequest,
    VideoSummary,
)

_LIMIT = {"limit": {"type": "integer", "minimum": 1}}

OPERATIONS: list[Operation] = [
    Operation(
        "POST",
        "/api/v1/avatars",
        "video",
        "avatars-create",
        "avatars",
        "Create an avatar from a portrait photo",
        status_code=201,
        response_model=Avatar,
        form_model=AvatarCreateForm,
    ),
    Operation(
        "GET",
        "/api/v1/avatars",
        "video",
        "avatars-list",
        "avatars",
        "List avatars",
        response_model=AvatarList,
        query=_LIMIT,
    ),
    Operation(
        "GET", "/api/v1/avatars/{avatar_id}", "video", "avatars-get", "avatars", "Get an avatar", response_model=Avatar
    ),
    Operation(
        "PATCH",
        "/api/v1/avatars/{avatar_id}",
        "video",
        "avatars-update",
        "avatars",
        "Rename an avatar or set its default voice",
        response_model=Avatar,
        json_model=AvatarUpdate,
    ),
    Operation(
        "DELETE",
        "/api/v1/avatars/{avatar_id}",
        "video",
        "avatars-delete",
        "avatars",
        "Delete an avatar and its stored files",
        status_code=204,
    ),
    Operation(
        "POST",
        "/api/v1/videos/jobs",
        "video",
        "videos-create_job",
        "videos",
        "Render a talking-head video (job): MP4 with the speech muxed",
        status_code=202,
        response_model=JobAccepted,
        form_model=VideoJobForm,
    ),
    Operation(
        "POST",
        "/api/v1/videos/stream",
        "video",
        "videos-stream",
        "videos",
        "Render progressively: one SSE `segment` event per finished MP4 segment, then `done`",
        json_model=VideoStreamRequest,
        response_media_types=("text/event-stream",),
    ),
    Operation(
        "GET",
        "/api/v1/videos",
        "video",
        "videos-list",
        "videos",
        "List past renders (gallery)",
        response_model=VideoList,
        query={**_LIMIT, "avatar_id": {"type": "string"}},
    ),
    Operation(
        "GET",
        "/api/v1/videos/{video_id}",
        "video",
        "videos-get",
        "videos",
        "Get one past render",
        response_model=VideoSummary,
    ),
    Operation(
        "DELETE",
        "/api/v1/videos/{video_id}",
        "video",
        "videos-delete",
        "videos",
        "Delete a past render and its files",
        status_code=204,
    ),
]

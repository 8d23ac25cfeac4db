"""Client of the video service: progressive renders for the chat service, avatar registration for the trainer."""

from __future__ import annotations

from collections.abc import AsyncIterator

from httpx_sse import EventSource

from shared.clients.upstream import UpstreamClient
from shared.contracts.common import Problem
from shared.contracts.video import Avatar, ErnerfAvatarCreate, VideoSegment, VideoStreamRequest
from shared.errors import ProblemError


class VideoClient(UpstreamClient):
    """``POST /api/v1/videos/stream``: SSE ``segment`` events, then ``done`` (or ``error``);
    ``POST /api/v1/avatars/ernerf``: register a trained ER-NeRF head as an avatar."""

    name = "video"

    async def register_ernerf_avatar(self, body: ErnerfAvatarCreate) -> Avatar:
        """The avatar of a finished training (the same training registers the same avatar: idempotent)."""
        response = await self.request("POST", "/api/v1/avatars/ernerf", json=body.model_dump(mode="json"))
        return Avatar.model_validate_json(response.content)

    async def render_stream(self, request: VideoStreamRequest) -> AsyncIterator[VideoSegment]:
        """Each segment as the video service finishes it; an ``error`` event raises its problem."""
        body = request.model_dump(mode="json", exclude_none=True)
        headers = {"Accept": "text/event-stream"}
        async with self.stream("POST", "/api/v1/videos/stream", json=body, headers=headers) as response:
            async for event in EventSource(response).aiter_sse():
                if event.event == "segment":
                    yield VideoSegment.model_validate_json(event.data)
                elif event.event == "error":
                    raise ProblemError.from_problem(Problem.model_validate_json(event.data))
                elif event.event == "done":
                    return

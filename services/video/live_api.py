"""Live avatar sessions over WebRTC: HTTP signalling (the gateway proxies it like any route); media and the
``talkface`` data channel then flow between the client and this service (services/video/live/)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Response

from services.video.deps import VideoDeps
from shared.contracts.common import ResourceId
from shared.contracts.live import (
    API_KEY_ID_HEADER,
    CLIENT_MESSAGES,
    DATA_CHANNEL,
    SERVER_EVENTS,
    LiveSession,
    LiveSessionCreate,
    LiveSessionList,
    SessionDescription,
)
from shared.errors import ErrorCode as E
from shared.errors import problem_responses

live_router = APIRouter(prefix="/api/v1/live/sessions", tags=["live"])

KeyId = Annotated[str | None, Header(alias=API_KEY_ID_HEADER, include_in_schema=False)]
CREATE_ERRORS = (
    E.avatar_not_found,
    E.voice_not_found,
    E.conversation_not_found,
    E.conflict,
    E.unknown_renderer,
    E.renderer_not_available,
    E.live_session_limit,
    E.live_capacity,
    E.voice_unavailable,
    E.voice_timeout,
    E.voice_error,
    E.chat_unavailable,
    E.chat_timeout,
    E.chat_error,
    E.storage_unavailable,
)


def _one_of(names: tuple[str, ...]) -> dict[str, Any]:
    return {
        "oneOf": [{"$ref": f"#/components/schemas/{name}"} for name in names],
    }


DATA_CHANNEL_DOC: dict[str, Any] = {
    "x-talkface-data-channel": {
        "label": DATA_CHANNEL,
        "description": "Opened by the client before the offer; JSON text messages both ways.",
        "client-to-server": _one_of(CLIENT_MESSAGES),
        "server-to-client": _one_of(SERVER_EVENTS),
    }
}


@live_router.post(
    "",
    operation_id="live-create_session",
    status_code=201,
    response_model=LiveSession,
    responses=problem_responses(*CREATE_ERRORS),
    summary="Start a live avatar session (then send a WebRTC offer to it)",
)
async def create_session(state: VideoDeps, body: LiveSessionCreate, key_id: KeyId = None) -> LiveSession:
    return await state.live.create(body, key_id)


@live_router.get(
    "",
    operation_id="live-list_sessions",
    response_model=LiveSessionList,
    responses=problem_responses(),
    summary="This API key's live sessions on this worker",
)
async def list_sessions(state: VideoDeps, key_id: KeyId = None) -> LiveSessionList:
    return LiveSessionList(items=state.live.list(key_id), capacity=state.settings.live_max_sessions)


@live_router.get(
    "/{session_id}",
    operation_id="live-get_session",
    response_model=LiveSession,
    responses=problem_responses(E.live_session_not_found),
    summary="A live session's state",
)
async def get_session(state: VideoDeps, session_id: ResourceId, key_id: KeyId = None) -> LiveSession:
    return state.live.get(session_id, key_id).snapshot()


@live_router.post(
    "/{session_id}/offer",
    operation_id="live-offer",
    response_model=SessionDescription,
    responses=problem_responses(E.live_session_not_found, E.live_already_negotiated, E.invalid_sdp),
    summary="Exchange SDP: the client's offer (video and audio to receive, a microphone track, the `talkface` "
    "data channel) for the server's answer",
    openapi_extra=DATA_CHANNEL_DOC,
)
async def offer(
    state: VideoDeps, session_id: ResourceId, body: SessionDescription, key_id: KeyId = None
) -> SessionDescription:
    return await state.live.get(session_id, key_id).answer(body)


@live_router.delete(
    "/{session_id}",
    operation_id="live-delete_session",
    status_code=204,
    response_class=Response,
    responses=problem_responses(E.live_session_not_found),
    summary="End a live session",
)
async def delete_session(state: VideoDeps, session_id: ResourceId, key_id: KeyId = None) -> Response:
    await state.live.close(session_id, key_id)
    return Response(status_code=204)

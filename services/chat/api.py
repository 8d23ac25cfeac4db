"""Chat service HTTP routes (thin: parse, call service.py, answer)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from sse_starlette.sse import EventSourceResponse
from starlette.datastructures import UploadFile

from services.chat import service
from services.chat.deps import ChatDeps
from shared.contracts.chat import (
    ChatCompletion,
    ChatCompletionRequest,
    Conversation,
    ConversationCreate,
    ConversationList,
    InterruptResult,
    MessageText,
)
from shared.contracts.common import ResourceId, sse_response
from shared.errors import ErrorCode as E
from shared.errors import InvalidInput, UnsupportedMediaType, problem_responses
from shared.openapi import EventStream

router = APIRouter(prefix="/api/v1", tags=["conversations"])
openai_router = APIRouter(tags=["chat"])
STORES = (E.redis_unavailable, E.storage_unavailable)
LLM_ERRORS = (E.llm_error, E.llm_unavailable, E.llm_timeout)


@router.post(
    "/conversations",
    operation_id="conversations-create",
    status_code=201,
    response_model=Conversation,
    responses=problem_responses(*STORES),
    summary="Start a conversation",
)
async def create_conversation(state: ChatDeps, body: ConversationCreate) -> Conversation:
    return await service.create(state, body)


@router.get(
    "/conversations",
    operation_id="conversations-list",
    response_model=ConversationList,
    responses=problem_responses(*STORES),
    summary="List conversations, most recent activity first",
)
async def list_conversations(
    state: ChatDeps,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: str | None = None,
) -> ConversationList:
    return await service.list_conversations(state, limit, cursor)


@router.get(
    "/conversations/{conversation_id}",
    operation_id="conversations-get",
    response_model=Conversation,
    responses=problem_responses(E.conversation_not_found, *STORES),
    summary="A conversation with its history and running summary",
)
async def get_conversation(state: ChatDeps, conversation_id: ResourceId) -> Conversation:
    return await service.get(state, conversation_id)


@router.delete(
    "/conversations/{conversation_id}",
    operation_id="conversations-delete",
    status_code=204,
    response_class=Response,
    responses=problem_responses(E.conversation_not_found, *STORES),
    summary="Delete a conversation, its history and its media",
)
async def delete_conversation(state: ChatDeps, conversation_id: ResourceId) -> Response:
    await service.delete(state, conversation_id)
    return Response(status_code=204)


async def _read_message(request: Request) -> tuple[str | None, UploadFile | None]:
    """A message is JSON ``{"text"}`` or multipart with ``text`` or an audio ``file``."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            return MessageText.model_validate_json(await request.body()).text, None
        except ValidationError as exc:
            raise InvalidInput('The body must be JSON like {"text": "..."}.', code="validation_error") from exc
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form()
        text, upload = form.get("text"), form.get("file")
        if upload is not None and not isinstance(upload, UploadFile):
            raise InvalidInput("`file` must be an uploaded audio file.", code="validation_error")
        if text is not None and not isinstance(text, str):
            raise InvalidInput("`text` must be a form field, not a file.", code="validation_error")
        return text, upload
    raise UnsupportedMediaType(
        'Send JSON {"text"} or multipart/form-data with `text` or `file`.', code="unsupported_media_type"
    )


async def _sse(runner: service.TurnRunner) -> AsyncIterator[dict[str, str]]:
    number = 0
    try:
        async for name, data in runner.events():
            yield {"event": name, "data": json.dumps(data, ensure_ascii=False), "id": str(number)}
            number += 1
    finally:
        runner.interrupt()  # the client went away mid-reply: stop the work; a no-op once the turn ended


MESSAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": {"$ref": "#/components/schemas/MessageForm"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/MessageText"}},
        },
    }
}
REPLY_EVENTS = sse_response(
    "The reply as it is produced: `transcript` (audio messages), `text.delta`, `sentence`, `audio`, `video`, "
    "then `done`; `error` when a part fails.",
    [
        ("transcript", "TranscriptEvent"),
        ("text.delta", "TextDeltaEvent"),
        ("sentence", "SentenceEvent"),
        ("audio", "AudioEvent"),
        ("video", "VideoEvent"),
        ("done", "DoneEvent"),
        ("error", "ErrorEvent"),
    ],
)
COMPLETION_EVENTS = sse_response(
    "With `stream: true`: one `chat.completion.chunk` per piece, an `error` object if the LLM fails "
    "mid-stream, then `[DONE]`.",
    [("message", "ChatCompletionChunk"), ("message", "ChatCompletionStreamError"), ("message", None)],
)


@router.post(
    "/conversations/{conversation_id}/messages",
    operation_id="conversations-send_message",
    summary="Send a message (text or speech); the reply streams as SSE events",
    response_class=EventStream,
    responses={
        200: REPLY_EVENTS,
        **problem_responses(
            E.conversation_not_found,
            E.turn_in_progress,
            E.upload_too_large,
            E.payload_too_large,
            E.message_too_long,
            E.unsupported_media_type,
            E.empty_message,
            E.text_and_audio,
            E.no_speech,
            E.undecodable_audio,
            E.audio_too_short,
            E.audio_too_long,
            E.media_timeout,
            E.asr_unavailable,
            *LLM_ERRORS,
            *STORES,
        ),
    },
    openapi_extra=MESSAGE_BODY,
)
async def send_message(request: Request, state: ChatDeps, conversation_id: ResourceId) -> EventSourceResponse:
    started = time.perf_counter()
    text, upload = await _read_message(request)
    runner = await service.start_turn(state, conversation_id, text, upload, started)
    return EventSourceResponse(
        _sse(runner),
        ping=15,
        headers={"X-Conversation-ID": conversation_id, "X-Turn-ID": runner.turn.id, "Cache-Control": "no-store"},
    )


@router.post(
    "/conversations/{conversation_id}/interrupt",
    operation_id="conversations-interrupt",
    response_model=InterruptResult,
    responses=problem_responses(E.conversation_not_found, *STORES),
    summary="Stop the reply in progress (LLM, speech and renders) at once",
)
async def interrupt(state: ChatDeps, conversation_id: ResourceId) -> InterruptResult:
    return await service.interrupt(state, conversation_id)


@openai_router.post(
    "/v1/chat/completions",
    operation_id="chat-completions",
    response_model=ChatCompletion,
    summary="OpenAI-compatible chat completion (stream or not) with the TalkFace persona",
    responses={
        200: {"content": COMPLETION_EVENTS["content"]},
        **problem_responses(E.message_too_long, E.empty_message, E.tools_not_supported, *LLM_ERRORS),
    },
)
async def chat_completions(state: ChatDeps, body: ChatCompletionRequest) -> Any:
    if body.stream:
        lines = await service.stream_completion(state, body)
        return StreamingResponse(lines, media_type="text/event-stream", headers={"Cache-Control": "no-store"})
    return await service.complete(state, body)

"""Client of the chat service: conversations and their streamed replies, for the video service's live sessions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from httpx_sse import EventSource
from pydantic import BaseModel

from shared.clients.upstream import UpstreamClient
from shared.contracts.chat import (
    AudioEvent,
    Conversation,
    ConversationCreate,
    DoneEvent,
    ErrorEvent,
    InterruptResult,
    SentenceEvent,
    TextDeltaEvent,
    TranscriptEvent,
)

REPLY_EVENTS: dict[str, type[BaseModel]] = {
    "transcript": TranscriptEvent,
    "text.delta": TextDeltaEvent,
    "sentence": SentenceEvent,
    "audio": AudioEvent,
    "error": ErrorEvent,
    "done": DoneEvent,
}


class ChatClient(UpstreamClient):
    """``/api/v1/conversations``: create or look up a conversation, send a message (text or a spoken WAV) and
    read its reply's SSE events typed by the chat contracts, interrupt a running reply."""

    name = "chat"

    async def create_conversation(self, body: ConversationCreate) -> Conversation:
        response = await self.request("POST", "/api/v1/conversations", json=body.model_dump(mode="json"))
        return Conversation.model_validate_json(response.content)

    async def get_conversation(self, conversation_id: str) -> Conversation:
        response = await self.request("GET", f"/api/v1/conversations/{conversation_id}")
        return Conversation.model_validate_json(response.content)

    async def send_message(
        self, conversation_id: str, *, text: str | None = None, wav: Path | None = None
    ) -> AsyncIterator[BaseModel]:
        """The reply's events (``video`` events, which a conversation without an avatar never sends, are
        skipped). Problems before the stream starts (409 ``turn_in_progress``, 422 ``no_speech`` ...) raise."""
        path = f"/api/v1/conversations/{conversation_id}/messages"
        headers = {"Accept": "text/event-stream"}
        if wav is not None:
            with wav.open("rb") as fh:
                files = {"file": ("speech.wav", fh.read(), "audio/wav")}
            stream = self.stream("POST", path, files=files, headers=headers)
        else:
            stream = self.stream("POST", path, json={"text": text or ""}, headers=headers)
        async with stream as response:
            async for event in EventSource(response).aiter_sse():
                model = REPLY_EVENTS.get(event.event)
                if model is not None:
                    yield model.model_validate_json(event.data)

    async def interrupt(self, conversation_id: str) -> InterruptResult:
        response = await self.request("POST", f"/api/v1/conversations/{conversation_id}/interrupt")
        return InterruptResult.model_validate_json(response.content)

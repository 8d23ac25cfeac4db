"""Chat service operations: conversations (history in Redis, replies streamed as SSE) and the
OpenAI-compatible chat completion endpoint (the gateway's API key is required there too)."""

from __future__ import annotations

from gateway.proxy import Operation
from shared.contracts.chat import (
    ChatCompletion,
    ChatCompletionRequest,
    Conversation,
    ConversationCreate,
    ConversationList,
    InterruptResult,
    MessageForm,
)

CONVERSATION = "/api/v1/conversations/{conversation_id}"

OPERATIONS: list[Operation] = [
    Operation(
        "POST",
        "/api/v1/conversations",
        "chat",
        "conversations-create",
        "conversations",
        "Start a conversation",
        status_code=201,
        response_model=Conversation,
        json_model=ConversationCreate,
    ),
    Operation(
        "GET",
        "/api/v1/conversations",
        "chat",
        "conversations-list",
        "conversations",
        "List conversations, most recent activity first",
        response_model=ConversationList,
        query={"limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}, "cursor": {"type": "string"}},
    ),
    Operation(
        "GET",
        CONVERSATION,
        "chat",
        "conversations-get",
        "conversations",
        "A conversation with its history and running summary",
        response_model=Conversation,
    ),
    Operation(
        "DELETE",
        CONVERSATION,
        "chat",
        "conversations-delete",
        "conversations",
        "Delete a conversation, its history and its media",
        status_code=204,
    ),
    Operation(
        "POST",
        f"{CONVERSATION}/messages",
        "chat",
        "conversations-send_message",
        "conversations",
        "Send a message (text or speech); the reply streams as SSE events (transcript, text.delta, "
        "sentence, audio, video, done, error)",
        form_model=MessageForm,
        response_media_types=("text/event-stream",),
    ),
    Operation(
        "POST",
        f"{CONVERSATION}/interrupt",
        "chat",
        "conversations-interrupt",
        "conversations",
        "Stop the reply in progress (LLM, speech and renders) at once",
        response_model=InterruptResult,
    ),
    Operation(
        "POST",
        "/v1/chat/completions",
        "chat",
        "chat-completions",
        "chat",
        "OpenAI-compatible chat completion (stream or not) with the TalkFace persona",
        response_model=ChatCompletion,
        json_model=ChatCompletionRequest,
        response_media_types=("application/json", "text/event-stream"),
    ),
]

"""``POST /v1/chat/completions``: the OpenAI chat API in front of the configured LLM, so any OpenAI client can
talk to the TalkFace persona (stateless, like OpenAI's; conversations with memory are under /api/v1).

Errors are problem+json with an OpenAI-style ``error`` object added (by the one error handler, for every
``/v1`` route), so OpenAI SDKs show a useful message.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal, cast, get_args

from openai.types import CompletionUsage
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_chunk import Choice as ChunkChoice
from openai.types.chat.chat_completion_chunk import ChoiceDelta

from services.chat.deps import ChatState
from services.chat.llm import GenerationParams, default_params
from shared.contracts.chat import ChatCompletionRequest, ChatMessage
from shared.errors import InvalidInput, PayloadTooLarge, ProblemError

# The finish reasons of OpenAI's API (`Choice.finish_reason`).
FinishReason = Literal["stop", "length", "tool_calls", "content_filter", "function_call"]
# The whole prompt may be this many times the per-message limit (a bounded request for a small model).
PROMPT_LIMIT_FACTOR = 16


def _text(message: ChatMessage) -> str:
    if isinstance(message.content, str):
        return message.content
    parts = message.content or []
    return "".join(str(p.get("text", "")) for p in parts if p.get("type") in ("text", "input_text"))


def prepare_messages(deps: ChatState, body: ChatCompletionRequest) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = []
    for message in body.messages:
        if message.role == "tool":
            raise InvalidInput("Tool messages are not supported.", code="tools_not_supported")
        role = "system" if message.role == "developer" else message.role
        messages.append({"role": role, "content": _text(message)})
    if not any(m["role"] == "user" and m["content"].strip() for m in messages):
        raise InvalidInput("The request has no user message with text.", code="empty_message")
    limit = deps.settings.max_message_chars * PROMPT_LIMIT_FACTOR
    total = sum(len(m["content"]) for m in messages)
    if total > limit:
        raise PayloadTooLarge(f"The messages hold {total} characters; the limit is {limit}.", code="message_too_long")
    if messages[0]["role"] != "system":
        messages.insert(0, {"role": "system", "content": deps.settings.persona})
    return messages


def request_params(deps: ChatState, body: ChatCompletionRequest) -> GenerationParams:
    stop = [body.stop] if isinstance(body.stop, str) else list(body.stop or [])
    return default_params(
        deps.settings,
        temperature=body.temperature,
        top_p=body.top_p,
        max_tokens=body.max_completion_tokens or body.max_tokens,
        seed=body.seed,
        frequency_penalty=body.frequency_penalty,
        presence_penalty=body.presence_penalty,
        stop=stop or None,
    )


def finish_reason(reason: str | None) -> FinishReason:
    """The LLM's reason when OpenAI's API knows it, else "stop"."""
    return cast(FinishReason, reason) if reason in get_args(FinishReason) else "stop"


async def complete(deps: ChatState, body: ChatCompletionRequest) -> ChatCompletion:
    """The answer as the OpenAI SDK's own model (the route's response model, the spec's copy, validates it)."""
    result = await deps.llm.complete(prepare_messages(deps, body), request_params(deps, body))
    return ChatCompletion(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        object="chat.completion",
        created=int(time.time()),
        model=body.model,
        choices=[
            Choice(
                index=0,
                message=ChatCompletionMessage(role="assistant", content=result.text),
                finish_reason=finish_reason(result.finish_reason),
            )
        ],
        usage=CompletionUsage(
            prompt_tokens=result.prompt_tokens,
            completion_tokens=result.completion_tokens,
            total_tokens=result.prompt_tokens + result.completion_tokens,
        ),
    )


async def stream(deps: ChatState, body: ChatCompletionRequest) -> AsyncIterator[bytes]:
    """Starts the LLM and waits for its first piece before returning, so a dead or slow endpoint is an HTTP
    error (502/504) rather than a stream that breaks; then yields OpenAI `chat.completion.chunk` SSE lines."""
    messages, params = prepare_messages(deps, body), request_params(deps, body)
    info: dict[str, Any] = {}
    pieces = deps.llm.stream(messages, params, info)
    try:
        first: str | None = await pieces.__anext__()
    except StopAsyncIteration:
        first = None
    completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())

    def chunk(delta: ChoiceDelta, finish: str | None = None) -> bytes:
        data = ChatCompletionChunk(
            id=completion_id,
            object="chat.completion.chunk",
            created=created,
            model=body.model,
            choices=[ChunkChoice(index=0, delta=delta, finish_reason=finish and finish_reason(finish))],
        )
        return f"data: {data.model_dump_json(exclude_unset=True)}\n\n".encode()

    async def lines() -> AsyncIterator[bytes]:
        try:
            yield chunk(ChoiceDelta(role="assistant", content=""))
            if first is not None:
                yield chunk(ChoiceDelta(content=first))
                try:
                    async for piece in pieces:
                        yield chunk(ChoiceDelta(content=piece))
                except ProblemError as exc:
                    error = {"message": exc.detail, "type": exc.code, "code": exc.code}
                    yield f"data: {json.dumps({'error': error})}\n\n".encode()
                    yield b"data: [DONE]\n\n"
                    return
            yield chunk(ChoiceDelta(), info.get("finish_reason") or "stop")
            yield b"data: [DONE]\n\n"
        finally:
            await pieces.aclose()

    return lines()

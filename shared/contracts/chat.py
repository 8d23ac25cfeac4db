"""Chat service contracts: conversations, messages, the SSE events of a reply, and the OpenAI-compatible
``/v1/chat/completions`` subset the service speaks."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from fastapi import UploadFile
from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.common import Problem

Language = Literal["auto", "zh", "en"]
PERSONA_MAX_CHARS = 4000


class LLMOverrides(BaseModel):
    """Per-conversation generation settings; anything left out uses the service's settings."""

    model_config = ConfigDict(extra="forbid")

    model: str | None = Field(None, max_length=200, description="Model name at the configured endpoint.")
    temperature: float | None = Field(None, ge=0.0, le=2.0)
    top_p: float | None = Field(None, gt=0.0, le=1.0)
    max_tokens: int | None = Field(None, ge=1, le=2048, description="Longest reply, in tokens.")
    seed: int | None = Field(None, description="Fixed seed for reproducible replies (with temperature 0).")
    frequency_penalty: float | None = Field(None, ge=-2.0, le=2.0)
    presence_penalty: float | None = Field(None, ge=-2.0, le=2.0)
    timeout_s: float | None = Field(
        None, gt=0.0, le=600.0, description="Longest wait for the first token and between tokens."
    )


class MemoryOverrides(BaseModel):
    """How much of the history is sent verbatim; older turns are folded into a running summary."""

    model_config = ConfigDict(extra="forbid")

    verbatim_turns: int | None = Field(None, ge=1, le=50, description="Last N turns sent word for word.")
    context_budget_tokens: int | None = Field(
        None, ge=64, le=32768, description="History (summary + verbatim turns) budget."
    )


class ConversationCreate(BaseModel):
    """JSON body of ``POST /api/v1/conversations``."""

    model_config = ConfigDict(extra="forbid")

    avatar_id: str | None = Field(
        None, max_length=128, description="Video-service avatar; replies are rendered as video when set."
    )
    voice_id: str | None = Field(
        None, max_length=128, description="Voice-service voice (e.g. `kokoro-jf_alpha`); default from settings."
    )
    speak: bool = Field(
        True,
        description="Synthesise each reply sentence as speech (and video when an avatar is set). False: text only.",
    )
    persona: str | None = Field(
        None, max_length=PERSONA_MAX_CHARS, description="System prompt; the service's default persona when left out."
    )
    language: Language = "auto"
    llm: LLMOverrides = Field(default_factory=LLMOverrides)
    memory: MemoryOverrides = Field(default_factory=MemoryOverrides)


class TurnStatus(StrEnum):
    in_progress = "in_progress"
    answered = "answered"
    interrupted = "interrupted"
    incomplete = "incomplete"  # the reply broke off (LLM failed mid-stream); what arrived is kept
    unanswered = "unanswered"  # the LLM never answered; the user's message is kept


class SentenceMedia(BaseModel):
    """What was produced for one reply sentence."""

    index: int
    text: str
    audio_artifact_id: str | None = None
    audio_duration_s: float | None = None
    video_artifact_ids: list[str] = Field(default_factory=list)


class Turn(BaseModel):
    """One user message and the assistant's reply (``assistant`` holds what was actually said)."""

    id: str
    index: int
    user: str
    user_audio_artifact_id: str | None = None
    assistant: str | None = None
    status: TurnStatus = TurnStatus.in_progress
    error: Problem | None = None
    created_at: datetime
    finished_at: datetime | None = None
    sentences: list[SentenceMedia] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)


class Conversation(BaseModel):
    id: str
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    avatar_id: str | None = None
    voice_id: str | None = None
    speak: bool = True
    persona: str
    language: Language = "auto"
    llm: LLMOverrides = Field(default_factory=LLMOverrides)
    memory: MemoryOverrides = Field(default_factory=MemoryOverrides)
    summary: str = Field("", description="Running summary of the turns no longer sent verbatim.")
    summarized_turns: int = Field(0, description="How many of the oldest turns the summary covers.")
    turns: list[Turn] = Field(default_factory=list)


class ConversationInfo(BaseModel):
    """A conversation in a list (no history)."""

    id: str
    created_at: datetime
    updated_at: datetime
    avatar_id: str | None = None
    voice_id: str | None = None
    language: Language = "auto"
    turn_count: int = 0
    last_message: str | None = None


class ConversationList(BaseModel):
    items: list[ConversationInfo]
    next_cursor: str | None = None


class MessageForm(BaseModel):
    """Body of ``POST /api/v1/conversations/{id}/messages``: multipart with ``text`` or an audio ``file``
    (webm/ogg/wav from a browser recorder, or anything ffmpeg decodes); a JSON ``{"text": ...}`` works too."""

    text: str | None = Field(None, description="The user's message.")
    file: UploadFile | None = Field(
        None, json_schema_extra={"format": "binary"}, description="Spoken message; transcribed with Whisper base."
    )


class MessageText(BaseModel):
    """JSON body of ``POST /api/v1/conversations/{id}/messages`` (text only)."""

    text: str = Field(description="The user's message.")


class InterruptResult(BaseModel):
    interrupted: bool = Field(description="False when no reply was in progress.")
    turn_id: str | None = None


# -- SSE events of a reply (`event:` is the name, `data:` the model) -----------------------------------------
class TranscriptEvent(BaseModel):
    """`transcript`: what the user said (audio messages only)."""

    turn_id: str
    text: str
    language: str
    audio_duration_s: float
    speech_duration_s: float
    artifact_id: str | None = None


class TextDeltaEvent(BaseModel):
    """`text.delta`: the next piece of the reply as the LLM writes it."""

    delta: str


class SentenceEvent(BaseModel):
    """`sentence`: a complete sentence, sent on to speech synthesis."""

    index: int
    text: str


class AudioEvent(BaseModel):
    """`audio`: the speech of one sentence (WAV in S3, presigned URL)."""

    index: int
    text: str
    artifact_id: str
    url: str
    duration_s: float


class VideoEvent(BaseModel):
    """`video`: one rendered segment of a sentence, from the video service's streaming endpoint."""

    index: int
    segment_index: int
    artifact_id: str
    url: str
    start_s: float | None = None
    duration_s: float | None = None


class DoneEvent(BaseModel):
    """`done`: the turn is over; ``timings`` are seconds from the POST (``first_*``) or per stage (``*_s``)."""

    turn_id: str
    status: TurnStatus
    text: str = Field(description="What was actually said (kept in the history).")
    timings: dict[str, float]


class ErrorEvent(Problem):
    """`error`: a part of the reply failed (problem+json fields plus the stage and sentence)."""

    stage: Literal["llm", "speech", "video", "storage"] = "llm"
    index: int | None = None


# -- OpenAI-compatible subset ---------------------------------------------------------------------------------
class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None


class ChatCompletionRequest(BaseModel):
    """``POST /v1/chat/completions`` (OpenAI-compatible). Without a system message the TalkFace persona is
    used. Fields of the OpenAI API not listed here are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    model: str = "talkface"
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    temperature: float | None = Field(None, ge=0.0, le=2.0)
    top_p: float | None = Field(None, gt=0.0, le=1.0)
    max_tokens: int | None = Field(None, ge=1, le=4096)
    max_completion_tokens: int | None = Field(None, ge=1, le=4096)
    seed: int | None = None
    stop: str | list[str] | None = None
    frequency_penalty: float | None = Field(None, ge=-2.0, le=2.0)
    presence_penalty: float | None = Field(None, ge=-2.0, le=2.0)
    n: int = Field(1, ge=1, le=1, description="Only one choice is supported.")


class CompletionMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class CompletionChoice(BaseModel):
    index: int = 0
    message: CompletionMessage
    finish_reason: str | None = "stop"


class CompletionUsage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


class ChatCompletion(BaseModel):
    """Non-streamed answer; streamed answers are `chat.completion.chunk` SSE data lines ending in `[DONE]`."""

    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[CompletionChoice]
    usage: CompletionUsage = Field(default_factory=CompletionUsage)


class ChunkDelta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: ChunkDelta
    finish_reason: str | None = None


class ChatCompletionChunk(BaseModel):
    """`data:` of each streamed event of ``/v1/chat/completions`` (the stream ends with `data: [DONE]`)."""

    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    code: str | None = None
    param: str | None = None


class ChatCompletionStreamError(BaseModel):
    """`data:` of the event sent when the LLM fails after a streamed completion started."""

    error: OpenAIErrorDetail


class OpenAIModel(BaseModel):
    """One model of ``GET /v1/models`` (OpenAI's `model` object)."""

    id: str
    object: Literal["model"] = "model"
    created: int = Field(description="Unix time the serving process started.")
    owned_by: str = "talkface"


class OpenAIModelList(BaseModel):
    """``GET /v1/models``: the chat model and the speech and transcription models of the voice service."""

    object: Literal["list"] = "list"
    data: list[OpenAIModel]

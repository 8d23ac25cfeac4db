"""The chat service's operations behind its routes: conversations (create/get/list/delete), taking a message
(text or speech) and starting its reply, interrupting a reply, and the OpenAI-compatible completion."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from openai.types.chat import ChatCompletion
from starlette.datastructures import UploadFile

from services.chat import completions
from services.chat.deps import ChatState
from services.chat.llm import default_params
from services.chat.memory import new_turn_id
from services.chat.pipeline import TurnRunner
from services.chat.prompt import build_messages
from shared.clock import utcnow
from shared.contracts.chat import (
    ChatCompletionRequest,
    Conversation,
    ConversationCreate,
    ConversationList,
    InterruptResult,
    TranscriptEvent,
    Turn,
    TurnStatus,
)
from shared.errors import Conflict, InvalidInput, PayloadTooLarge, ProblemError
from shared.storage import make_key
from shared.uploads import save_upload

log = logging.getLogger(__name__)

# Extensions for the stored copy of a spoken message, by the upload's declared type (ffmpeg sniffs the
# content itself, so an unknown type is still transcribed).
AUDIO_EXTENSIONS = {
    "audio/webm": "webm",
    "video/webm": "webm",
    "audio/ogg": "ogg",
    "audio/opus": "ogg",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/flac": "flac",
}
LOCK_WAIT_POLL_S = 0.05
# A new message waits this long for the previous turn's summary step before it is refused.
COMPACTION_WAIT_S = 60.0


async def create(deps: ChatState, body: ConversationCreate) -> Conversation:
    settings = deps.settings
    default = settings.default_voice_id_en if body.language == "en" else settings.default_voice_id
    voice_id = body.voice_id or (default if body.speak else None)
    conv: Conversation = await deps.clients.call(
        deps.store.create,
        body,
        body.persona or settings.persona,
        voice_id,
    )
    return conv


async def get(deps: ChatState, conv_id: str) -> Conversation:
    conv: Conversation = await deps.clients.call(deps.store.get, conv_id)
    return conv


async def list_conversations(deps: ChatState, limit: int, cursor: str | None) -> ConversationList:
    result: ConversationList = await deps.clients.call(deps.store.list, limit, cursor)
    return result


async def delete(deps: ChatState, conv_id: str) -> None:
    """Stop any reply in progress, then remove the history and every stored file of the conversation."""
    await deps.clients.call(deps.store.get_meta, conv_id)
    runner = deps.active.get(conv_id)
    if runner is not None:
        runner.interrupt()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(runner.finished.wait(), 10)
    await deps.clients.call(deps.store.delete, conv_id)
    await deps.clients.call(deps.clients.storage.delete_prefix, f"chat/{conv_id}/")


def check_text(text: str, max_chars: int) -> str:
    text = text.strip()
    if not text:
        raise InvalidInput("The message is empty.", code="empty_message")
    if len(text) > max_chars:
        raise PayloadTooLarge(
            f"The message has {len(text)} characters; the limit is {max_chars}.", code="message_too_long"
        )
    return text


async def _acquire(deps: ChatState, conv_id: str, holder: str) -> None:
    """One turn at a time per conversation; the previous turn's summary step is waited for. A lock left by a
    turn that has ended (its process died before letting go) is taken over."""
    deadline = time.monotonic() + COMPACTION_WAIT_S
    store, ttl = deps.store, deps.settings.turn_lock_s
    while True:
        current = await deps.clients.call(store.acquire, conv_id, holder, ttl)
        if current is None:
            return
        if current.startswith("turn:") and conv_id not in deps.active:
            previous = await deps.clients.call(store.find_turn, conv_id, current.removeprefix("turn:"))
            if (previous is None or previous.status != TurnStatus.in_progress) and await deps.clients.call(
                store.relabel, conv_id, current, holder, ttl
            ):
                log.warning("conversation %s: took over the stale lock of %s", conv_id, current)
                return
        if not current.startswith("compact:") or time.monotonic() > deadline:
            raise Conflict(
                "A reply is still in progress in this conversation; interrupt it first.", code="turn_in_progress"
            )
        await asyncio.sleep(LOCK_WAIT_POLL_S)


@dataclass(frozen=True)
class Transcript:
    """What the user said, as the voice service's Whisper heard it."""

    text: str
    language: str
    audio_duration_s: float
    speech_duration_s: float


async def _transcribe(
    deps: ChatState,
    conv: Conversation,
    upload: UploadFile,
    turn_id: str,
) -> tuple[Transcript, str]:
    """Speech -> text by the voice service (422 ``no_speech`` when it hears no words); the recording is kept
    in S3 beside the turn's replies."""
    workdir = Path(tempfile.mkdtemp(prefix="tf-chat-"))
    try:
        src = await save_upload(upload, workdir / "upload", max_bytes=deps.settings.limits.max_upload_bytes)
        if src.stat().st_size == 0:
            raise InvalidInput("The audio file is empty.", code="empty_message")
        content_type = upload.content_type or "application/octet-stream"
        heard = await deps.voice.transcribe(
            src,
            filename=upload.filename or "message",
            content_type=content_type,
            language=conv.language if conv.language in ("zh", "en") else None,
        )
        if not heard.text.strip():
            raise InvalidInput("No speech was heard in the audio.", code="no_speech")
        transcript = Transcript(
            text=heard.text.strip(),
            language=heard.language,
            audio_duration_s=heard.duration,
            speech_duration_s=round(sum(s.end - s.start for s in heard.segments), 3),
        )
        ext = AUDIO_EXTENSIONS.get(content_type.split(";")[0].strip().lower(), "bin")
        key = make_key("chat", conv.id, turn_id, f"input.{ext}")
        await deps.clients.call(deps.clients.storage.put_file, key, src, upload.content_type or "audio/octet-stream")
        return transcript, key
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


async def start_turn(
    deps: ChatState, conv_id: str, text: str | None, upload: UploadFile | None, started: float
) -> TurnRunner:
    """Check the message, store it, start the reply; returns once the LLM has begun answering.
    The LLM down or slow -> 502 `llm_unavailable` / 504 `llm_timeout`, the message kept as unanswered."""
    settings = deps.settings
    conv: Conversation = await deps.clients.call(deps.store.get_meta, conv_id)
    if text is not None and upload is not None:
        raise InvalidInput("Send either `text` or an audio `file`, not both.", code="text_and_audio")
    if upload is None:
        text = check_text(text or "", settings.max_message_chars)
    turn_id = new_turn_id()
    holder = f"turn:{turn_id}"
    await _acquire(deps, conv_id, holder)
    try:
        # read again under the lock: the previous turn's summary step may just have updated it
        conv = await deps.clients.call(deps.store.get_meta, conv_id)
        transcript, audio_key = None, None
        if upload is not None:
            transcript, audio_key = await _transcribe(deps, conv, upload, turn_id)
            text = check_text(transcript.text, settings.max_message_chars)
        assert text is not None
        turns: list[Turn] = await deps.clients.call(deps.store.turns, conv_id)
        index = max((t.index for t in turns), default=-1) + 1
        turn = Turn(id=turn_id, index=index, user=text, user_audio_artifact_id=audio_key, created_at=utcnow())
        if transcript is not None:
            turn.timings["asr_s"] = round(time.perf_counter() - started, 3)
        await deps.clients.call(deps.store.save_turn, conv_id, turn)  # the message is kept from here on
        messages = build_messages(conv, turns, text, settings)
        params = default_params(settings, **conv.llm.model_dump())
        runner = TurnRunner(deps, conv, turn, messages, params, holder, started)
    except BaseException:
        with contextlib.suppress(ProblemError):
            await deps.clients.call(deps.store.release, conv_id, holder)
        raise
    if transcript is not None:
        runner.emit(
            "transcript",
            TranscriptEvent(
                turn_id=turn_id,
                text=text,
                language=transcript.language,
                audio_duration_s=round(transcript.audio_duration_s, 3),
                speech_duration_s=transcript.speech_duration_s,
                artifact_id=audio_key,
            ),
        )
    runner.start()
    try:
        await runner.wait_first_token()
    except ProblemError:
        await runner.finished.wait()  # the turn is saved as unanswered before the error is answered
        raise
    except asyncio.CancelledError:  # the client left before the first token: nobody will read the reply
        runner.interrupt()
        raise
    return runner


async def interrupt(deps: ChatState, conv_id: str) -> InterruptResult:
    """Stop the reply in progress at once (here, or on another replica through a Redis flag)."""
    await deps.clients.call(deps.store.get_meta, conv_id)
    runner = deps.active.get(conv_id)
    if runner is not None:
        stopped = runner.interrupt()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(runner.finished.wait(), 10)
        return InterruptResult(interrupted=stopped, turn_id=runner.turn.id)
    holder = await deps.clients.call(deps.store.holder, conv_id)
    if not holder or not holder.startswith("turn:"):
        return InterruptResult(interrupted=False)
    turn_id = holder.removeprefix("turn:")
    await deps.clients.call(deps.store.request_interrupt, conv_id, turn_id)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and await deps.clients.call(deps.store.holder, conv_id) == holder:
        await asyncio.sleep(0.1)
    return InterruptResult(interrupted=True, turn_id=turn_id)


async def complete(state: ChatState, body: ChatCompletionRequest) -> ChatCompletion:
    """``/v1/chat/completions`` without streaming (stateless, OpenAI's shape: completions.py)."""
    return await completions.complete(state, body)


async def stream_completion(state: ChatState, body: ChatCompletionRequest) -> AsyncIterator[bytes]:
    """``/v1/chat/completions`` streamed: returns once the LLM has answered, then yields the SSE lines."""
    return await completions.stream(state, body)

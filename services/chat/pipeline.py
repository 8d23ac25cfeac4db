"""One reply, streamed: LLM tokens -> sentences -> speech (voice service) -> S3 -> video (video service).

Three asyncio tasks joined by queues, so the first sentence is spoken and rendered while the LLM is still
writing the rest. The turn runs in its own task (not the request's), so an interrupt or a client that goes
away stops the work at once and the turn is still saved with what was actually said.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

from pydantic import BaseModel

from services.chat.deps import ChatState
from services.chat.llm import GenerationParams, default_params
from services.chat.prompt import Memory, build_messages, summarize
from shared.clock import utcnow
from shared.contracts.chat import (
    AudioEvent,
    Conversation,
    DoneEvent,
    ErrorEvent,
    SentenceEvent,
    SentenceMedia,
    TextDeltaEvent,
    Turn,
    TurnStatus,
    VideoEvent,
)
from shared.contracts.video import VideoStreamRequest
from shared.contracts.voice import SpeechRequest
from shared.errors import ProblemError, to_problem_error
from shared.logging import request_id_var
from shared.sentences import SentenceSplitter, clean_for_speech
from shared.storage import make_key

log = logging.getLogger(__name__)

INTERRUPT_POLL_S = 0.2
Event = tuple[str, dict[str, Any]]


def _as_problem(exc: BaseException) -> ProblemError:
    if not isinstance(exc, ProblemError):
        log.error("unexpected error in a chat turn", exc_info=exc)
    return to_problem_error(exc)


def _error_event(stage: str, index: int | None, problem: ProblemError) -> ErrorEvent:
    fields = problem.to_problem(request_id_var.get()).model_dump()
    return ErrorEvent(stage=stage, index=index, **fields)


def wav_duration(wav: bytes) -> float:
    import soundfile as sf

    try:
        return float(sf.info(io.BytesIO(wav)).duration)
    except Exception:
        return 0.0


class TurnRunner:
    """Runs one turn and feeds its events to :meth:`events`. ``lock_holder`` is the conversation lock this
    turn holds; it is handed to the summary step (or released) when the turn ends."""

    def __init__(
        self,
        deps: ChatState,
        conv: Conversation,
        turn: Turn,
        messages: list[dict[str, str]],
        params: GenerationParams,
        lock_holder: str,
        started: float,
    ) -> None:
        self.deps, self.conv, self.turn = deps, conv, turn
        self.messages, self.params, self.lock_holder = messages, params, lock_holder
        self.started = started
        self.speak = conv.speak and bool(conv.voice_id)
        self.render = self.speak and bool(conv.avatar_id)
        self.out: asyncio.Queue[Event | None] = asyncio.Queue()
        self.first_token: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.finished = asyncio.Event()
        self.interrupted = False
        self.timings: dict[str, float] = {}
        self.streamed: list[str] = []
        self.sentences: list[SentenceMedia] = []
        self.spoken: set[int] = set()
        self.speech_failed = False
        self.cut_short = False
        self.llm_error: ProblemError | None = None
        self._work: list[asyncio.Task[Any]] = []
        self._speech_q: asyncio.Queue[tuple[int, str] | None] = asyncio.Queue()
        self._video_q: asyncio.Queue[tuple[int, str] | None] = asyncio.Queue()

    # -- public -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        self.deps.active[self.conv.id] = self
        self._main = self.deps.spawn(self._run())

    def emit(self, name: str, model: BaseModel) -> None:
        self.out.put_nowait((name, model.model_dump(mode="json", exclude_none=True)))

    async def events(self) -> AsyncIterator[Event]:
        while (item := await self.out.get()) is not None:
            yield item

    async def wait_first_token(self) -> None:
        """Returns once the LLM has produced its first text (or ended); raises its error if it never did."""
        await asyncio.shield(self.first_token)

    def interrupt(self) -> bool:
        """Stop the LLM stream, pending speech and renders now. False when the turn had already ended."""
        if self.finished.is_set() or self.interrupted:
            return False
        self.interrupted = True
        for task in self._work:
            task.cancel()
        return True

    # -- the turn -----------------------------------------------------------------------------------------------
    def _mark(self, name: str) -> None:
        self.timings.setdefault(name, round(time.perf_counter() - self.started, 3))

    def _add(self, name: str, seconds: float) -> None:
        self.timings[name] = round(self.timings.get(name, 0.0) + seconds, 3)

    async def _run(self) -> None:
        watcher = asyncio.create_task(self._watch_interrupt())
        try:
            self._work.append(asyncio.create_task(self._generate()))
            if self.speak:
                self._work.append(asyncio.create_task(self._synthesize()))
            if self.render:
                self._work.append(asyncio.create_task(self._render()))
            if self.interrupted:  # interrupted before the work had started
                for task in self._work:
                    task.cancel()
            await asyncio.gather(*self._work, return_exceptions=True)
        finally:
            watcher.cancel()
            if not self.first_token.done():
                self.first_token.set_result(None)
            await self._finish()

    async def _watch_interrupt(self) -> None:
        """An interrupt sent to another replica arrives as a Redis flag."""
        while True:
            await asyncio.sleep(INTERRUPT_POLL_S)
            with contextlib.suppress(ProblemError):
                if await self.deps.clients.call(self.deps.store.interrupt_requested, self.conv.id, self.turn.id):
                    self.interrupt()
                    return

    async def _generate(self) -> None:
        splitter = SentenceSplitter(self.deps.settings.sentence_max_chars, self.deps.settings.first_chunk_chars)
        llm_started = time.perf_counter()
        chunks = 0
        try:
            async with contextlib.aclosing(self.deps.llm.stream(self.messages, self.params)) as pieces:
                async for piece in pieces:
                    if not self.first_token.done():
                        self.first_token.set_result(None)
                        self._mark("first_text_delta")
                        self.timings["llm_ttft_s"] = round(time.perf_counter() - llm_started, 3)
                    chunks += 1
                    self.streamed.append(piece)
                    self.emit("text.delta", TextDeltaEvent(delta=piece))
                    for sentence in splitter.feed(piece):
                        self._sentence(sentence)
                    if self._enough_sentences():
                        self.cut_short = True  # closing the stream (leaving the loop) stops the generation
                        break
                else:
                    for sentence in splitter.flush():
                        self._sentence(sentence)
        except Exception as exc:
            self.llm_error = problem = _as_problem(exc)
            if not self.first_token.done():
                self.first_token.set_exception(problem)
            else:
                self.emit("error", _error_event("llm", None, problem))
        finally:
            self.timings["llm_s"] = round(time.perf_counter() - llm_started, 3)
            self.timings["llm_chunks"] = chunks
            self._speech_q.put_nowait(None)

    def _enough_sentences(self) -> bool:
        limit = self.deps.settings.max_reply_sentences
        return limit > 0 and len(self.sentences) >= limit

    def _sentence(self, text: str) -> None:
        if self._enough_sentences():
            return
        index = len(self.sentences)
        self.sentences.append(SentenceMedia(index=index, text=text))
        self._mark("first_sentence")
        self.emit("sentence", SentenceEvent(index=index, text=text))
        spoken_text = clean_for_speech(text)
        if self.speak and spoken_text:
            self._speech_q.put_nowait((index, spoken_text))

    async def _synthesize(self) -> None:
        deps, conv = self.deps, self.conv
        try:
            while (item := await self._speech_q.get()) is not None:
                if self.speech_failed:
                    continue
                index, text = item
                stage = "speech"
                try:
                    began = time.perf_counter()
                    request = SpeechRequest(text=text, voice_id=conv.voice_id or "", language=conv.language)
                    speech = await deps.voice.synthesize(request)
                    self._add("tts_s", time.perf_counter() - began)
                    stage, began = "storage", time.perf_counter()
                    key = make_key("chat", conv.id, self.turn.id, f"speech-{index:03d}.wav")
                    await deps.clients.call(deps.clients.storage.put_bytes, key, speech.wav, "audio/wav")
                    url = await deps.clients.call(deps.clients.storage.presigned_url, key, f"speech-{index:03d}.wav")
                    self._add("storage_s", time.perf_counter() - began)
                except Exception as exc:
                    self.speech_failed = True  # one error event, then the text goes on without speech
                    self.emit("error", _error_event(stage, index, _as_problem(exc)))
                    continue
                duration = speech.duration_s or wav_duration(speech.wav)
                media = self.sentences[index]
                media.audio_artifact_id, media.audio_duration_s = key, round(duration, 3)
                self.spoken.add(index)
                self._mark("first_audio")
                self.emit(
                    "audio",
                    AudioEvent(index=index, text=media.text, artifact_id=key, url=url, duration_s=round(duration, 3)),
                )
                if self.render:
                    self._video_q.put_nowait((index, key))
        finally:
            self._video_q.put_nowait(None)

    async def _render(self) -> None:
        failed = False
        while (item := await self._video_q.get()) is not None:
            if failed:
                continue
            index, audio_key = item
            began = time.perf_counter()
            settings = self.deps.settings
            request = VideoStreamRequest(
                avatar_id=self.conv.avatar_id or "",
                audio_artifact_id=audio_key,
                fps=settings.video_fps,
                size=settings.video_size,
            )
            try:
                async for segment in self.deps.video.render_stream(request):
                    self.sentences[index].video_artifact_ids.append(segment.artifact_id)
                    self._mark("first_video")
                    self.emit(
                        "video",
                        VideoEvent(
                            index=index,
                            segment_index=segment.index,
                            artifact_id=segment.artifact_id,
                            url=segment.url,
                            start_s=segment.start_s,
                            duration_s=segment.duration_s,
                        ),
                    )
            except Exception as exc:
                failed = True
                self.emit("error", _error_event("video", index, _as_problem(exc)))
            finally:
                self._add("video_s", time.perf_counter() - began)

    # -- the end of the turn ------------------------------------------------------------------------------------
    def said(self) -> str:
        """What the user actually got: every sentence when the turn ran to its end; when interrupted, the
        sentences already spoken (or, without speech, the text already shown)."""
        if self.interrupted and self.speak and not self.speech_failed:
            return " ".join(self.sentences[i].text for i in sorted(self.spoken))
        if self.cut_short:  # the deltas after the last sentence were never spoken
            return " ".join(s.text for s in self.sentences)
        return "".join(self.streamed).strip()

    def status(self) -> TurnStatus:
        if self.llm_error is not None and not self.streamed:
            return TurnStatus.unanswered
        if self.interrupted:
            return TurnStatus.interrupted
        return TurnStatus.incomplete if self.llm_error is not None else TurnStatus.answered

    async def _finish(self) -> None:
        try:
            await self._save_and_hand_over()
        finally:  # whatever happened, the stream ends and the conversation is no longer busy here
            self.out.put_nowait(None)
            if self.deps.active.get(self.conv.id) is self:
                del self.deps.active[self.conv.id]
            self.finished.set()

    async def _save_and_hand_over(self) -> None:
        """Save the turn, hand the lock to the summary step (or free it), then send `done`."""
        deps, store, conv_id = self.deps, self.deps.store, self.conv.id
        status = self.status()
        self._mark("total")
        turn = self.turn
        turn.status, turn.finished_at, turn.sentences = status, utcnow(), self.sentences
        turn.assistant = self.said() if status != TurnStatus.unanswered else None
        turn.timings = {**turn.timings, **self.timings}
        if self.llm_error is not None:
            turn.error = self.llm_error.to_problem(request_id_var.get())
        try:
            await deps.clients.call(store.save_turn, conv_id, turn)
        except ProblemError as exc:
            log.error("could not save turn %s of %s: %s", turn.id, conv_id, exc.detail)
        holder = self.lock_holder
        if status == TurnStatus.unanswered:
            await self._release(holder)
        else:  # fold old turns into the summary before the next message may start
            compact = f"compact:{turn.id}"
            try:
                handed = await deps.clients.call(store.relabel, conv_id, holder, compact, deps.settings.turn_lock_s)
            except ProblemError as exc:
                handed = False
                log.warning("conversation %s: could not hand the lock to the summary step: %s", conv_id, exc)
            if handed:
                deps.spawn(compact_history(deps, conv_id, compact))
            else:
                log.warning("conversation %s: lock %s was not held at the end of the turn", conv_id, holder)
        failed_before_reply = self.first_token.done() and self.first_token.exception() is not None
        if not failed_before_reply:  # else the request answered with problem+json and no stream is read
            self.emit(
                "done", DoneEvent(turn_id=turn.id, status=status, text=turn.assistant or "", timings=turn.timings)
            )

    async def _release(self, holder: str) -> None:
        with contextlib.suppress(ProblemError):
            await self.deps.clients.call(self.deps.store.release, self.conv.id, holder)


async def compact_history(deps: ChatState, conv_id: str, holder: str) -> None:
    """Fold the turns that no longer fit verbatim into the running summary, then free the conversation; after a
    fold, have the LLM read the new prompt now rather than when the next message arrives."""
    store = deps.store
    folded = False
    try:
        conv: Conversation = await deps.clients.call(store.get_meta, conv_id)
        turns: list[Turn] = await deps.clients.call(store.turns, conv_id)
        fold = Memory(conv, deps.settings).to_fold(conv, turns)
        if fold:
            summary = await summarize(deps.llm, deps.settings, conv.summary, fold)
            await deps.clients.call(store.set_summary, conv_id, summary, fold[-1].index + 1)
            log.info("conversation %s: folded %d turn(s) into the summary", conv_id, len(fold))
            folded = True
    except ProblemError as exc:
        log.warning("conversation %s: summary step failed: %s", conv_id, exc.detail)
    finally:
        with contextlib.suppress(ProblemError):
            await deps.clients.call(store.release, conv_id, holder)
    if folded and deps.settings.llm_prefill_after_fold:
        await prefill(deps, conv_id)


async def prefill(deps: ChatState, conv_id: str) -> None:
    """Send the next message's prompt up to its text (one token generated, discarded): the LLM server keeps it
    in its prompt cache, and the next message only adds its own tokens. A fold changes the prompt right after
    the persona, and re-reading it when the user speaks cost seconds on CPU (3.4 s for ~360 tokens with
    SmolLM2-135M on one core). Best effort, after the conversation is free: a message arriving meanwhile waits
    for the server as it would have for its own re-read."""
    try:
        conv: Conversation = await deps.clients.call(deps.store.get_meta, conv_id)
        turns: list[Turn] = await deps.clients.call(deps.store.turns, conv_id)
        params = default_params(deps.settings, **conv.llm.model_dump())
        await deps.llm.complete(build_messages(conv, turns, "", deps.settings), replace(params, max_tokens=1))
    except ProblemError as exc:
        log.info("conversation %s: prefill after the fold failed: %s", conv_id, exc.detail)

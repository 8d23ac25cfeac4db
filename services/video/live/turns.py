"""A conversation over a live session: the user's turn (speech from the microphone, or text from the data
channel) goes to the chat service, which transcribes speech with the voice service's Whisper, asks the LLM and
synthesises each sentence as it is written; each sentence's speech is scheduled on the session's timeline as it
arrives, so the avatar starts talking while the LLM is still writing.

Speech is transcribed ahead: at a pause in the user's speech (before the silence is long enough to end the turn)
what has been said so far goes to the voice service's Whisper; when the turn then ends with nothing said after
that pause, the transcript is already there and the chat gets the text, so recognition is off the reply's
critical path. Otherwise the chat transcribes the whole utterance itself, as for any spoken message.

Barge-in cuts the timeline at once (the avatar stops within one audio frame), interrupts the chat turn and
reports what was actually heard. The chat history keeps, as for the segment API, the sentences whose speech had
been synthesised when the interrupt arrived.
"""

from __future__ import annotations

import asyncio
import io
import logging
import tempfile
import time
from collections.abc import Callable
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf
from pydantic import BaseModel
from scipy.signal import resample_poly

from services.video.live.media import AUDIO_RATE, Clip, Timeline
from services.video.render import FEATURE_RATE
from shared.clients import ChatClient, VoiceClient
from shared.contracts.chat import AudioEvent, DoneEvent, ErrorEvent, TextDeltaEvent, TranscriptEvent
from shared.contracts.common import Problem
from shared.contracts.live import (
    LiveErrorEvent,
    LiveReplyDoneEvent,
    LiveSentenceEvent,
    LiveState,
    LiveTextDeltaEvent,
    LiveTranscriptEvent,
)
from shared.contracts.voice import TranscriptionVerbose
from shared.errors import ProblemError, to_problem_error
from shared.service_app import ServiceClients

log = logging.getLogger(__name__)
ASR_CODES = {"no_speech", "asr_unavailable", "undecodable_audio", "audio_too_long"}
BUSY_RETRIES = 10  # a turn_in_progress right after an interrupt: chat is still saving the cut turn


def _consume(task: asyncio.Task[TranscriptionVerbose]) -> None:
    """An early transcription nobody awaits (replaced, or the turn went on) must not log "never retrieved"."""
    if not task.cancelled():
        task.exception()


async def _result(early: asyncio.Task[TranscriptionVerbose] | None) -> TranscriptionVerbose | None:
    """The early transcript when it heard words; None sends the recording to the chat instead (which then
    transcribes it, and reports its problems, as for any spoken message)."""
    if early is None or early.cancelled():
        return None
    try:
        heard = await early  # a barge-in cancelling this turn cancels the transcription too
    except Exception as exc:  # the voice service failed or refused: the chat's own transcription decides
        log.info("live: the early transcription is not used: %r", exc)
        return None
    return heard if heard.text.strip() else None


def resample(audio: np.ndarray, src: int, dst: int) -> np.ndarray:
    if src == dst:
        return audio.astype(np.float32)
    g = gcd(src, dst)
    return resample_poly(audio, dst // g, src // g).astype(np.float32)


class Turns:
    def __init__(
        self,
        clients: ServiceClients,
        chat: ChatClient,
        voice: VoiceClient,
        conversation_id: str,
        language: str | None,
        timeline: Timeline,
        send: Callable[[BaseModel], None],
        set_state: Callable[[LiveState], None],
    ) -> None:
        self.clients, self.chat, self.voice = clients, chat, voice
        self.conversation_id, self.language = conversation_id, language
        self.timeline, self.send, self.set_state = timeline, send, set_state
        self.task: asyncio.Task[None] | None = None
        self.early: tuple[int, asyncio.Task[TranscriptionVerbose]] | None = None  # (voiced samples, transcription)
        self.clips: list[Clip] = []
        self.turn_id: str | None = None
        self.count = 0
        self.background: set[asyncio.Task[None]] = set()
        self.began, self.first_clip_s = time.monotonic(), float("nan")

    @property
    def replying(self) -> bool:
        return self.task is not None and not self.task.done()

    @property
    def busy(self) -> bool:
        return self.replying or self.timeline.speaking

    def start(self, *, text: str | None = None, speech: np.ndarray | None = None, voiced: int = 0) -> None:
        """A new user turn; a reply still running is interrupted first. ``voiced``: as the detector counted it,
        to tell whether the transcript made at the last pause still covers everything said."""
        if self.busy:
            self.barge_in()
        self.count += 1
        early = self._take_early(voiced) if speech is not None else None
        self.task = asyncio.create_task(self._reply(text, speech, early), name="live-turn")

    def transcribe_ahead(self, speech: np.ndarray, voiced: int) -> None:
        """The user paused: transcribe what has been said so far (replacing an older guess)."""
        self._take_early(-1)
        task = asyncio.create_task(self._transcribe(speech), name="live-transcribe-ahead")
        task.add_done_callback(_consume)
        self.early = (voiced, task)

    def _take_early(self, voiced: int) -> asyncio.Task[TranscriptionVerbose] | None:
        """The early transcription if it covers ``voiced`` samples; any other is cancelled."""
        early, self.early = self.early, None
        if early is None:
            return None
        if early[0] == voiced:
            return early[1]
        early[1].cancel()
        return None

    async def _transcribe(self, speech: np.ndarray) -> TranscriptionVerbose:
        workdir = Path(tempfile.mkdtemp(prefix="live-ahead-"))
        wav = workdir / "speech.wav"
        try:
            sf.write(str(wav), speech, 16000, subtype="PCM_16")
            return await self.voice.transcribe(wav, filename=wav.name, content_type="audio/wav", language=self.language)
        finally:
            wav.unlink(missing_ok=True)
            workdir.rmdir()

    def barge_in(self) -> None:
        """Stop the avatar now; the chat turn is interrupted in the background."""
        self.timeline.cut()
        heard = " ".join(c.text for c in self.clips if c.start_sample < self.timeline.played)
        if self.task is not None and not self.task.done():
            self.task.cancel()
            interrupt = asyncio.create_task(self._interrupt_chat(), name="live-interrupt")
            self.background.add(interrupt)
            interrupt.add_done_callback(self.background.discard)
        if self.clips or self.task is not None:
            self.send(LiveReplyDoneEvent(turn_id=self.turn_id, status="interrupted", text=heard))
        self.clips, self.task = [], None
        self.set_state(LiveState.listening)

    async def _interrupt_chat(self) -> None:
        try:
            await self.chat.interrupt(self.conversation_id)
        except ProblemError as exc:
            log.warning("live: interrupting conversation %s failed: %s", self.conversation_id, exc.detail)

    async def close(self) -> None:
        self._take_early(-1)
        if self.task is not None and not self.task.done():
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
            await self._interrupt_chat()
        await asyncio.gather(*self.background, return_exceptions=True)

    async def _reply(
        self, text: str | None, speech: np.ndarray | None, early: asyncio.Task[TranscriptionVerbose] | None
    ) -> None:
        self.set_state(LiveState.thinking)
        self.clips, self.turn_id = [], None
        self.began, self.first_clip_s = time.monotonic(), float("nan")
        workdir = Path(tempfile.mkdtemp(prefix="live-turn-"))
        wav: Path | None = None
        heard = await _result(early)
        if heard is not None:  # transcribed at the pause before the end of the turn
            text, speech = heard.text.strip(), None
            self.send(LiveTranscriptEvent(text=text, language=heard.language))
        elif speech is not None:
            wav = workdir / "speech.wav"
            sf.write(str(wav), speech, 16000, subtype="PCM_16")
        else:
            self.send(LiveTranscriptEvent(text=text or ""))
        done: DoneEvent | None = None
        try:
            for attempt in range(BUSY_RETRIES):
                try:
                    done = await self._stream(text, wav)
                    break
                except ProblemError as exc:
                    if exc.code != "turn_in_progress" or attempt == BUSY_RETRIES - 1:
                        raise
                    await asyncio.sleep(0.1)
        except ProblemError as exc:
            stage = "asr" if wav is not None and exc.code in ASR_CODES else "llm"
            self.send(LiveErrorEvent(stage=stage, problem=exc.to_problem()))
        except Exception as exc:  # anything else ends this turn, never the session
            log.exception("live: turn failed")
            self.send(LiveErrorEvent(stage="llm", problem=to_problem_error(exc).to_problem()))
        finally:
            for path in workdir.iterdir():
                path.unlink(missing_ok=True)
            workdir.rmdir()
        # Reply text is complete; wait until its speech has played before saying the reply is done.
        while self.timeline.speaking:
            await asyncio.sleep(0.05)
        if done is not None:
            log.info(
                "live turn %s (%s): chat first audio %.2f s after the message; first sentence playing %.2f s after it",
                done.turn_id,
                "typed" if speech is None and heard is None else "transcribed ahead" if heard else "spoken",
                done.timings.get("first_audio", float("nan")),
                self.first_clip_s,
            )
            said = " ".join(c.text for c in self.clips) if self.clips else done.text
            self.send(LiveReplyDoneEvent(turn_id=done.turn_id, status=done.status, text=said))
        self.clips = []
        self.set_state(LiveState.listening)

    async def _stream(self, text: str | None, wav: Path | None) -> DoneEvent | None:
        done: DoneEvent | None = None
        async for event in self.chat.send_message(self.conversation_id, text=text, wav=wav):
            if isinstance(event, TranscriptEvent):
                self.turn_id = event.turn_id
                self.send(LiveTranscriptEvent(turn_id=event.turn_id, text=event.text, language=event.language))
            elif isinstance(event, TextDeltaEvent):
                self.send(LiveTextDeltaEvent(delta=event.delta))
            elif isinstance(event, AudioEvent):
                await self._schedule(event)
            elif isinstance(event, ErrorEvent):
                stage = "speech" if event.stage in ("speech", "storage") else "llm"
                problem = Problem.model_validate(event.model_dump(exclude={"stage", "index"}))
                self.send(LiveErrorEvent(stage=stage, problem=problem))
            elif isinstance(event, DoneEvent):
                done = event
                self.turn_id = event.turn_id
        return done

    async def _schedule(self, event: AudioEvent) -> None:
        data = await self.clients.call(self.clients.storage.get_bytes, event.artifact_id)
        audio, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
        mono = audio.mean(axis=1)
        audio, features, audio16k = await asyncio.to_thread(
            lambda: self.timeline.prepare(resample(mono, rate, AUDIO_RATE), resample(mono, rate, FEATURE_RATE))
        )
        clip = self.timeline.schedule(event.index, event.text, audio, features, audio16k)
        if not self.clips:  # when its first sample plays, on the session's clock
            ahead = (clip.start_sample - self.timeline.played) / AUDIO_RATE
            self.first_clip_s = time.monotonic() + ahead - self.began
        self.clips.append(clip)
        self.set_state(LiveState.speaking)
        self.send(
            LiveSentenceEvent(
                index=event.index,
                text=event.text,
                start_s=round(clip.start_sample / AUDIO_RATE, 3),
                duration_s=round(len(clip.audio) / AUDIO_RATE, 3),
            )
        )

"""``POST /api/v1/videos/stream``: render progressively and send each finished segment as an SSE event.

Text is spoken sentence by sentence (the next sentence's speech is fetched while the current one renders);
audio is cut at pauses into segments of about ``stream_segment_s``. One renderer session serves the whole
stream, so blinks, head motion and mouth smoothing continue across segments. Every check that can fail on
the request (avatar, speech source, voice, audio) runs before the stream starts, so those failures are plain
problem+json responses; a failure after that is an ``error`` event carrying the problem.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Protocol

import anyio
from sse_starlette.sse import EventSourceResponse

from services.video.audio import extract_features, split_at_pauses
from services.video.avatars import AvatarRepository
from services.video.backends import RenderOptions, renderer_for
from services.video.backends.base import RenderSession
from services.video.jobs import encode_settings
from services.video.render import FEATURE_RATE, Speech, load_speech, render_clip
from services.video.settings import VideoSettings
from services.video.speech_input import (
    SpeechInput,
    load_avatar_for_render,
    max_speech_seconds,
    resolve_speech,
    stage_artifact_audio,
)
from shared.clients import VoiceClient
from shared.contracts.video import VideoSegment, VideoStreamDone, VideoStreamRequest
from shared.contracts.voice import SpeechRequest
from shared.errors import to_problem_error
from shared.pitch import shift_pitch_file
from shared.sentences import split_sentences
from shared.service_app import ServiceClients
from shared.storage import make_key

log = logging.getLogger(__name__)

Segment = tuple[Speech, str | None]  # the speech of one segment and the sentence it speaks (text input)


class SegmentSource(Protocol):
    async def next(self) -> Segment | None: ...

    def close(self) -> None: ...


async def open_stream(clients: ServiceClients, voice: VoiceClient, body: VideoStreamRequest) -> EventSourceResponse:
    settings: VideoSettings = clients.settings  # type: ignore[assignment]
    avatar = await load_avatar_for_render(clients, body.avatar_id)
    speech = resolve_speech(
        SpeechInput(text=body.text, voice_id=body.voice_id, artifact_id=body.audio_artifact_id), avatar, settings
    )
    workdir = Path(tempfile.mkdtemp(prefix="vstream-"))
    try:
        if speech.text is not None:
            source: SegmentSource = await TextSegments.start(
                voice, speech.text, speech.voice_id or "", body, workdir, settings
            )
        else:
            source = await AudioSegments.start(clients, speech.artifact_id or "", body, workdir, settings)
        repo = AvatarRepository(clients.storage)
        assets = await clients.call(repo.load_assets, avatar.id, settings.ernerf_cache_path)
        renderer = renderer_for(avatar.kind)
        options = RenderOptions(size=body.size, fps=body.fps)
        session: RenderSession = await anyio.to_thread.run_sync(renderer.open, assets, options)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    stream_id = "vs_" + uuid.uuid4().hex
    return EventSourceResponse(_events(clients, session, source, stream_id, workdir, settings), ping=10)


class TextSegments:
    """One segment per sentence; the next sentence's speech is fetched while the current one renders."""

    def __init__(
        self,
        voice: VoiceClient,
        sentences: list[str],
        voice_id: str,
        body: VideoStreamRequest,
        workdir: Path,
        max_seconds: float,
    ) -> None:
        self.voice, self.sentences, self.voice_id = voice, sentences, voice_id
        self.body, self.workdir, self.max_seconds = body, workdir, max_seconds
        self.index = 0
        self.ready: asyncio.Future[Segment] | None = None

    @classmethod
    async def start(
        cls,
        voice: VoiceClient,
        text: str,
        voice_id: str,
        body: VideoStreamRequest,
        workdir: Path,
        settings: VideoSettings,
    ) -> TextSegments:
        source = cls(voice, split_sentences(text), voice_id, body, workdir, max_speech_seconds(settings))
        first = await source.speak(0)  # before the stream starts: an unknown voice is a plain 404
        ready: asyncio.Future[Segment] = asyncio.get_running_loop().create_future()
        ready.set_result(first)
        source.ready = ready
        return source

    async def speak(self, index: int) -> Segment:
        request = SpeechRequest(
            text=self.sentences[index], voice_id=self.voice_id, pitch_semitones=self.body.pitch_semitones
        )
        audio = await self.voice.synthesize(request)
        src = self.workdir / f"sentence-{index:04d}.wav"
        src.write_bytes(audio.wav)
        speech = await anyio.to_thread.run_sync(
            lambda: load_speech(src, self.workdir, self.body.fps, max_seconds=self.max_seconds)
        )
        return speech, self.sentences[index]

    async def next(self) -> Segment | None:
        if self.ready is None:
            return None
        current = await self.ready
        self.index += 1
        self.ready = asyncio.create_task(self.speak(self.index)) if self.index < len(self.sentences) else None
        return current

    def close(self) -> None:
        if self.ready is not None:
            self.ready.cancel()


class AudioSegments:
    """Stored audio cut at pauses into segments of about ``stream_segment_s`` seconds."""

    def __init__(self, parts: list[Speech]) -> None:
        self.parts = parts

    @classmethod
    async def start(
        cls, clients: ServiceClients, artifact_id: str, body: VideoStreamRequest, workdir: Path, settings: VideoSettings
    ) -> AudioSegments:
        src = await stage_artifact_audio(clients, artifact_id, workdir)
        if abs(body.pitch_semitones) > 1e-3:
            src = await anyio.to_thread.run_sync(
                lambda: shift_pitch_file(src, workdir / "shifted.wav", body.pitch_semitones)
            )
        speech = await anyio.to_thread.run_sync(
            lambda: load_speech(src, workdir, body.fps, max_seconds=max_speech_seconds(settings))
        )
        cuts = split_at_pauses(speech.audio16k, FEATURE_RATE, body.fps, settings.stream_segment_s)
        return cls([speech.slice(a, b) for a, b in cuts])

    async def next(self) -> Segment | None:
        return (self.parts.pop(0), None) if self.parts else None

    def close(self) -> None:
        self.parts.clear()


async def _events(
    clients: ServiceClients,
    session: RenderSession,
    source: SegmentSource,
    stream_id: str,
    workdir: Path,
    settings: VideoSettings,
) -> AsyncIterator[dict[str, Any]]:
    index, start_s = 0, 0.0
    encode = encode_settings(settings)
    try:
        while True:
            item = await source.next()
            if item is None:
                break
            speech, text = item
            out = workdir / f"segment-{index:04d}.mp4"
            feats = extract_features(speech.audio16k, FEATURE_RATE, speech.fps, speech.frames, start_s=start_s)
            await anyio.to_thread.run_sync(
                functools.partial(render_clip, session, speech, out, workdir, encode, features=feats)
            )
            key = make_key("streams", stream_id, out.name)
            await clients.call(clients.storage.put_file, key, out, "video/mp4")
            url = await clients.call(clients.storage.presigned_url, key, out.name)
            out.unlink(missing_ok=True)
            segment = VideoSegment(
                index=index,
                artifact_id=key,
                url=url,
                start_s=round(start_s, 4),
                duration_s=round(speech.duration, 4),
                text=text,
            )
            yield {"event": "segment", "data": segment.model_dump_json()}
            index += 1
            start_s += speech.duration
        yield {"event": "done", "data": VideoStreamDone(segments=index, total_s=round(start_s, 4)).model_dump_json()}
    except Exception as exc:  # mid-stream: the status line is sent already, so the problem goes in an event
        problem = to_problem_error(exc)
        if problem.status >= 500 and problem is not exc:
            log.exception("stream %s failed", stream_id)
        yield {"event": "error", "data": problem.to_problem().model_dump_json(exclude_none=True)}
    finally:
        source.close()
        shutil.rmtree(workdir, ignore_errors=True)

"""One live session: a WebRTC peer (aiortc) with the avatar's video track and the reply-speech audio track out,
the microphone track and the ``talkface`` data channel in, and the tasks that listen, reply and watch it.

A session ends (and releases everything: peer, tracks, tasks, chat turn) on ``DELETE``, after
``live_idle_timeout_s`` without the user speaking or the avatar talking, when the client has sent nothing (no
RTCP, no microphone audio) for ``live_peer_timeout_s`` — a client that vanished without a goodbye — or when
the connection fails.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import av
from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from pydantic import BaseModel, ValidationError

from services.video.backends.base import RenderSession
from services.video.live.listen import SpeechPaused, SpeechStarted, TurnDetector, TurnEvent
from services.video.live.media import AvatarTrack, MediaClock, SpeechTrack, Timeline
from services.video.live.turns import Turns
from services.video.settings import VideoSettings
from shared.clients import ChatClient, VoiceClient
from shared.contracts.live import (
    DATA_CHANNEL,
    EndReason,
    IceServer,
    LiveEndedEvent,
    LiveInterruptMessage,
    LiveSession,
    LiveState,
    LiveStateEvent,
    LiveStatus,
    LiveTextMessage,
    SessionDescription,
)
from shared.errors import Conflict, InvalidInput
from shared.service_app import ServiceClients

log = logging.getLogger(__name__)
WATCH_INTERVAL_S = 0.25


def ice_servers(settings: VideoSettings) -> list[IceServer]:
    servers = [IceServer(urls=[url]) for url in settings.live_stun_urls]
    if settings.live_turn_url:
        servers.append(
            IceServer(
                urls=[settings.live_turn_url],
                username=settings.live_turn_username,
                credential=settings.live_turn_password,
            )
        )
    return servers


class Session:
    def __init__(
        self,
        *,
        clients: ServiceClients,
        chat: ChatClient,
        voice: VoiceClient,
        language: str | None,
        settings: VideoSettings,
        render: RenderSession,
        info: LiveSession,
        key_id: str,
        on_closed: Callable[[Session], None],
    ) -> None:
        self.clients, self.chat, self.settings = clients, chat, settings
        self.info, self.key_id, self.on_closed = info, key_id, on_closed
        self.clock = MediaClock()
        self.timeline = Timeline(fps=info.fps)
        self.video = AvatarTrack(self.clock, self.timeline, render)
        self.audio = SpeechTrack(self.clock, self.timeline)
        self.pc: RTCPeerConnection | None = None
        self.channel: Any = None
        self.tasks: set[asyncio.Task[Any]] = set()
        self.turns = Turns(
            clients, chat, voice, info.conversation_id, language, self.timeline, self.send, self.set_state
        )
        self.detector = TurnDetector(
            settings.live_vad_aggressiveness,
            settings.live_vad_start_ms,
            settings.live_vad_end_ms,
            pause_ms=settings.live_vad_pause_ms,
        )
        self.state = LiveState.listening
        self.created = time.monotonic()
        self.last_activity = self.created
        self.last_peer = self.created
        self.closing = False
        self.spawn(self._watch(), "live-watch")

    @classmethod
    def new_id(cls) -> str:
        return "ls_" + uuid.uuid4().hex

    @staticmethod
    def describe(
        session_id: str, avatar_id: str, voice_id: str, conversation_id: str, size: int, fps: int, s: VideoSettings
    ) -> LiveSession:
        return LiveSession(
            id=session_id,
            status=LiveStatus.new,
            avatar_id=avatar_id,
            voice_id=voice_id,
            conversation_id=conversation_id,
            size=size,
            fps=fps,
            created_at=datetime.now(UTC),
            ice_servers=ice_servers(s),
            idle_timeout_s=s.live_idle_timeout_s,
        )

    def snapshot(self) -> LiveSession:
        return self.info.model_copy(update={"frames_sent": self.video.stats.frames_sent, "turns": self.turns.count})

    def spawn(self, coro: Any, name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro, name=f"{name}:{self.info.id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    # -- signalling ----------------------------------------------------------------------------------------
    async def answer(self, offer: SessionDescription) -> SessionDescription:
        if self.pc is not None:
            raise Conflict("This live session has answered an offer already.", code="live_already_negotiated")
        if offer.type != "offer" or "m=video" not in offer.sdp:
            raise InvalidInput("Send an SDP offer that receives video (and audio).", code="invalid_sdp")
        servers = [
            RTCIceServer(urls=s.urls, username=s.username, credential=s.credential) for s in self.info.ice_servers
        ]
        pc = RTCPeerConnection(RTCConfiguration(iceServers=servers))
        self.pc = pc
        pc.on("datachannel", self._on_datachannel)
        pc.on("track", self._on_track)
        pc.on("connectionstatechange", self._on_connection_state)
        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=offer.sdp, type="offer"))
        except Exception as exc:  # aiortc's parser raises whatever a malformed line makes it raise
            await self.close("deleted")
            raise InvalidInput(f"The SDP offer cannot be used: {exc!r}", code="invalid_sdp") from exc
        pc.addTrack(self.video)
        pc.addTrack(self.audio)
        await pc.setLocalDescription(await pc.createAnswer())
        self.info.status = LiveStatus.connecting
        self.last_peer = time.monotonic()
        local = pc.localDescription
        return SessionDescription(sdp=local.sdp, type="answer")

    def _on_connection_state(self) -> None:
        pc = self.pc
        if pc is None:
            return
        if pc.connectionState == "connected":
            self.info.status = LiveStatus.connected
            self.last_peer = time.monotonic()
        elif pc.connectionState in ("failed", "closed") and not self.closing:
            self.spawn(self.close("peer_gone"), "live-close")

    def _on_track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio":
            self.spawn(self._listen(track), "live-listen")

    def _on_datachannel(self, channel: Any) -> None:
        if channel.label != DATA_CHANNEL:
            return
        self.channel = channel
        channel.on("message", self._on_message)
        self.send(LiveStateEvent(state=self.state))

    # -- the data channel ----------------------------------------------------------------------------------
    def send(self, event: BaseModel) -> None:
        channel = self.channel
        if channel is not None and channel.readyState == "open":
            channel.send(event.model_dump_json(exclude_none=True))

    def set_state(self, state: LiveState) -> None:
        if state != self.state:
            self.state = state
            self.send(LiveStateEvent(state=state))

    def _on_message(self, message: str | bytes) -> None:
        self.last_peer = time.monotonic()
        try:
            data = json.loads(message)
            kind = data.get("type") if isinstance(data, dict) else None
            if kind == "text":
                text = LiveTextMessage.model_validate(data)
                self.last_activity = time.monotonic()
                self.turns.start(text=text.text)
            elif kind == "interrupt":
                LiveInterruptMessage.model_validate(data)
                self.turns.barge_in()
        except (ValueError, ValidationError) as exc:
            log.info("live %s: ignored a data channel message: %s", self.info.id, exc)

    # -- the microphone ------------------------------------------------------------------------------------
    async def _listen(self, track: MediaStreamTrack) -> None:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=16000)
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            self.last_peer = time.monotonic()
            for chunk in resampler.resample(frame):  # type: ignore[arg-type]
                for event in self.detector.push(chunk.to_ndarray().reshape(-1)):
                    self._on_turn_event(event)

    def _on_turn_event(self, event: TurnEvent) -> None:
        self.last_activity = time.monotonic()
        if isinstance(event, SpeechStarted):
            if self.turns.busy:  # barge-in: the user talks over the avatar
                self.turns.barge_in()
            self.set_state(LiveState.hearing)
        elif isinstance(event, SpeechPaused):
            self.turns.transcribe_ahead(event.audio, event.voiced)
        else:
            self.turns.start(speech=event.audio, voiced=event.voiced)

    # -- life ----------------------------------------------------------------------------------------------
    async def _watch(self) -> None:
        """Idle and vanished-peer timeouts; the peer is alive while RTCP or microphone audio arrives."""
        s = self.settings
        while not self.closing:
            await asyncio.sleep(WATCH_INTERVAL_S)
            now = time.monotonic()
            if self.turns.busy:
                self.last_activity = now
            if self.pc is None:
                if now - self.created > s.live_connect_timeout_s:
                    await self.close("idle")
                continue
            await self._note_rtcp()
            if now - self.last_peer > s.live_peer_timeout_s:
                log.info("live %s: nothing from the client for %.0f s; closing", self.info.id, now - self.last_peer)
                await self.close("peer_gone")
            elif now - self.last_activity > s.live_idle_timeout_s:
                await self.close("idle")

    async def _note_rtcp(self) -> None:
        """A receiver report from the client (it arrives about every second while it receives our media)."""
        pc = self.pc
        if pc is None:
            return
        for sender in pc.getSenders():
            try:
                report = await sender.getStats()
            except Exception:  # a sender being torn down
                continue
            for stats in report.values():
                if stats.type == "remote-inbound-rtp":
                    stamp = stats.timestamp.timestamp()
                    self.last_peer = max(self.last_peer, time.monotonic() - max(0.0, time.time() - stamp))

    async def close(self, reason: EndReason) -> None:
        if self.closing:
            return
        self.closing = True
        self.info.status = LiveStatus.closed
        log.info("live %s: closing (%s)", self.info.id, reason)
        self.send(LiveEndedEvent(reason=reason))
        await self.turns.close()
        self.video.stop()
        self.audio.stop()
        if self.pc is not None:
            await self.pc.close()
        current = asyncio.current_task()
        others = [t for t in self.tasks if t is not current]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        self.on_closed(self)

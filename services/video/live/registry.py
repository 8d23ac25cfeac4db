"""The live sessions of this worker: creation with the per-key and per-worker limits, lookup, listing, and the
readiness line that ``GET /api/v1/system`` shows.

Sessions live in this process (their peers, tracks and renderer state cannot move), so the limits are per
worker; a deployment with several video replicas routes a session's signalling to the replica that created it
(the id is only known there) — see docs/video.md.
"""

from __future__ import annotations

import asyncio

import anyio

from services.video.avatars import AvatarRepository
from services.video.backends import RenderOptions, renderer_for
from services.video.live.session import Session
from services.video.settings import VideoSettings
from services.video.speech_input import load_avatar_for_render
from shared.clients import ChatClient, VoiceClient
from shared.contracts.chat import ConversationCreate
from shared.contracts.common import DependencyCheck, DependencyState
from shared.contracts.live import LiveSession, LiveSessionCreate
from shared.errors import Conflict, NotFound, RateLimited, ServiceUnavailable
from shared.service_app import ServiceClients

ANONYMOUS_KEY = "internal"  # calls that did not come through the gateway


class LiveSessions:
    def __init__(self, clients: ServiceClients, settings: VideoSettings, voice: VoiceClient, chat: ChatClient) -> None:
        self.clients, self.settings, self.voice, self.chat = clients, settings, voice, chat
        self.sessions: dict[str, Session] = {}
        self.reserved: dict[str, str] = {}  # session id -> key id, while being created

    def _owners(self) -> list[str]:
        return [s.key_id for s in self.sessions.values()] + list(self.reserved.values())

    def _reserve(self, key_id: str) -> str:
        owners = self._owners()
        if len(owners) >= self.settings.live_max_sessions:
            raise ServiceUnavailable(
                f"This video worker runs {len(owners)} live sessions, its limit (VIDEO_LIVE_MAX_SESSIONS); "
                "retry later.",
                code="live_capacity",
            )
        if owners.count(key_id) >= self.settings.live_max_sessions_per_key:
            raise RateLimited(
                f"This API key has {owners.count(key_id)} live sessions, its limit "
                "(VIDEO_LIVE_MAX_SESSIONS_PER_KEY); end one first.",
                code="live_session_limit",
            )
        session_id = Session.new_id()
        self.reserved[session_id] = key_id
        return session_id

    async def create(self, body: LiveSessionCreate, key_id: str | None) -> LiveSession:
        key = key_id or ANONYMOUS_KEY
        session_id = self._reserve(key)
        try:
            avatar = await load_avatar_for_render(self.clients, body.avatar_id)
            voice_id = body.voice_id or avatar.default_voice_id
            if voice_id:
                await self.voice.check_voice(voice_id)
            if body.conversation_id:
                conversation = await self.chat.get_conversation(body.conversation_id)
                if conversation.avatar_id or not conversation.speak:
                    raise Conflict(
                        "This conversation renders segment videos (avatar_id) or does not speak; a live session "
                        "needs one that speaks without an avatar (or none: it creates one).",
                        code="conflict",
                    )
            else:
                conversation = await self.chat.create_conversation(
                    ConversationCreate(voice_id=voice_id, speak=True, persona=body.persona, language=body.language)
                )
            assets = await self.clients.call(AvatarRepository(self.clients.storage).load_assets, avatar.id)
            renderer = renderer_for(avatar.kind)
            options = RenderOptions(size=body.size, fps=body.fps)
            render = await anyio.to_thread.run_sync(renderer.open, assets, options)
            info = Session.describe(
                session_id,
                avatar.id,
                conversation.voice_id or voice_id or "",
                conversation.id,
                body.size,
                body.fps,
                self.settings,
            )
            session = Session(
                clients=self.clients,
                chat=self.chat,
                voice=self.voice,
                language=conversation.language if conversation.language in ("zh", "en") else None,
                settings=self.settings,
                render=render,
                info=info,
                key_id=key,
                on_closed=self._forget,
            )
            self.sessions[session_id] = session
            return session.snapshot()
        finally:
            self.reserved.pop(session_id, None)

    def _forget(self, session: Session) -> None:
        self.sessions.pop(session.info.id, None)

    def get(self, session_id: str, key_id: str | None) -> Session:
        """The session, for the key that created it only (another key's session is not found either)."""
        session = self.sessions.get(session_id)
        if session is None or session.closing or session.key_id != (key_id or ANONYMOUS_KEY):
            raise NotFound(f"No live session {session_id} on this worker.", code="live_session_not_found")
        return session

    def list(self, key_id: str | None) -> list[LiveSession]:
        key = key_id or ANONYMOUS_KEY
        return [s.snapshot() for s in self.sessions.values() if s.key_id == key and not s.closing]

    async def close(self, session_id: str, key_id: str | None) -> None:
        await self.get(session_id, key_id).close("deleted")

    async def close_all(self) -> None:
        await asyncio.gather(*(s.close("shutdown") for s in list(self.sessions.values())), return_exceptions=True)

    def check(self) -> DependencyCheck:
        """Readiness line: the sessions running here (shown per service in ``GET /api/v1/system``)."""
        running = [s for s in self.sessions.values() if not s.closing]
        tasks = sum(len(s.tasks) for s in running)
        listed = ", ".join(
            f"{s.info.id} ({s.info.status}, {s.info.size}px@{s.info.fps}, {s.video.stats.frames_sent} frames)"
            for s in running
        )
        detail = f"{len(running)} of {self.settings.live_max_sessions} live sessions, {tasks} tasks"
        return DependencyCheck(
            state=DependencyState.ok, required=False, detail=f"{detail}: {listed}" if listed else detail
        )

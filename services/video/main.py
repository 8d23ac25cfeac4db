"""Video service app: ``python -m services.video.main`` (or ``uvicorn --factory services.video.main:create_app``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio
from fastapi import FastAPI

from services.video.api import avatars_router, videos_router
from services.video.backends import RENDERERS, renderer_state
from services.video.deps import VideoState
from services.video.live.registry import LiveSessions
from services.video.live_api import live_router
from services.video.settings import VideoSettings
from shared.app_state import get_state, set_state
from shared.clients import ChatClient, VoiceClient, upstream_http
from shared.contracts.common import DependencyCheck
from shared.service_app import ServiceState, create_service_app


def create_app(settings: VideoSettings | None = None) -> FastAPI:
    settings = settings or VideoSettings()

    async def on_startup(app: FastAPI) -> None:
        from services.video.face import FaceAnalyzer

        clients = get_state(app, ServiceState).clients
        voice = VoiceClient(upstream_http(), settings.voice_base_url, settings.voice_timeout_s)
        chat = ChatClient(voice.http, settings.chat_base_url, settings.chat_timeout_s)
        faces = await anyio.to_thread.run_sync(FaceAnalyzer)
        live = LiveSessions(clients, settings, voice, chat)
        set_state(app, VideoState(clients, settings, voice, faces, live))

    async def on_shutdown(app: FastAPI) -> None:
        state = get_state(app, VideoState)
        await state.live.close_all()
        await state.voice.http.aclose()
        state.faces.close()

    def renderer_check(name: str) -> Callable[[FastAPI], Awaitable[DependencyCheck]]:
        # The portrait animator is what every photo avatar needs; the others depend on what is provisioned.
        async def check(app: FastAPI) -> DependencyCheck:
            return await anyio.to_thread.run_sync(renderer_state, name, name == "portrait")

        return check

    async def live_check(app: FastAPI) -> DependencyCheck:
        return get_state(app, VideoState).live.check()

    return create_service_app(
        settings,
        title="TalkFace video service",
        description="Talking-head rendering: avatars from photos, the embedded portrait animator (CPU, real "
        "time), MP4 render jobs with the speech muxed, progressive streaming, gallery.",
        routers=[avatars_router, videos_router, live_router],
        extra_checks={**{f"renderer:{name}": renderer_check(name) for name in RENDERERS}, "live": live_check},
        on_startup=on_startup,
        on_shutdown=on_shutdown,
    )


def main() -> None:
    import uvicorn

    settings = VideoSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

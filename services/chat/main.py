"""Chat service app: ``python -m services.chat.main`` (or ``uvicorn --factory services.chat.main:create_app``).

Long-lived parts (the OpenAI client, the voice/video clients) are built at start-up into the app's
:class:`ChatState`. Spoken messages are transcribed by the voice service (``POST /v1/audio/transcriptions``).
"""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import FastAPI

from services.chat import models_api
from services.chat.api import openai_router, router
from services.chat.deps import ChatState
from services.chat.llm import LLMClient
from services.chat.memory import ConversationStore
from services.chat.settings import ChatSettings
from shared.app_state import get_state, set_state
from shared.clients import VideoClient, VoiceClient, upstream_http
from shared.contracts.common import DependencyCheck
from shared.service_app import ServiceState, create_service_app


def create_app(settings: ChatSettings | None = None) -> FastAPI:
    settings = settings or ChatSettings()

    async def on_startup(app: FastAPI) -> None:
        clients = get_state(app, ServiceState).clients
        http = upstream_http()
        state = ChatState(
            clients=clients,
            settings=settings,
            store=ConversationStore(
                clients.redis, settings.key_prefix, settings.conversation_ttl_s, settings.max_stored_turns
            ),
            llm=LLMClient(settings),
            voice=VoiceClient(http, settings.voice_url, settings.voice_timeout_s),
            video=VideoClient(http, settings.video_url, settings.video_timeout_s),
        )
        set_state(app, state)

    async def on_shutdown(app: FastAPI) -> None:
        chat = get_state(app, ChatState)
        for runner in list(chat.active.values()):
            runner.interrupt()
        if chat.background:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*chat.background, return_exceptions=True), 10)
        await chat.llm.aclose()
        await chat.voice.http.aclose()  # the one client both upstream clients share

    async def check_llm(app: FastAPI) -> DependencyCheck:
        chat = get_state(app, ChatState)
        return await chat.llm.readiness()

    async def check_asr(app: FastAPI) -> DependencyCheck:
        chat = get_state(app, ChatState)
        return await chat.voice.asr_state()

    return create_service_app(
        settings,
        title="TalkFace chat service",
        description="LLM dialogue with memory, speech input and replies streamed as talking video.",
        routers=[router, openai_router, models_api.router],
        extra_checks={"llm": check_llm, "asr": check_asr},
        on_startup=on_startup,
        on_shutdown=on_shutdown,
    )


def main() -> None:
    import uvicorn

    settings = ChatSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

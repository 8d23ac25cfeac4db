"""Voice service app: ``python -m services.voice.main`` (or ``uvicorn --factory services.voice.main:create_app``).

The models load once per process, in a background thread started at start-up; ``/readyz`` reports
``tts`` and ``asr`` as loading until they are in memory and warmed up.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.voice import api, openai_api
from services.voice.deps import VoiceState
from services.voice.profiles import ProfileStore
from services.voice.runtime import VoiceRuntime
from services.voice.settings import VoiceSettings
from shared.app_state import get_state, set_state
from shared.contracts.common import DependencyCheck
from shared.service_app import ServiceState, create_service_app


def create_app(settings: VoiceSettings | None = None, runtime: VoiceRuntime | None = None) -> FastAPI:
    """``runtime`` lets a test or tool share already-loaded models; by default the app loads its own."""
    settings = settings or VoiceSettings()

    async def on_startup(app: FastAPI) -> None:
        voice_runtime = runtime or VoiceRuntime(settings, with_asr=True)
        clients = get_state(app, ServiceState).clients
        store = ProfileStore(clients.storage, clients.redis, settings.key_prefix)
        set_state(app, VoiceState(clients, settings, voice_runtime, store))
        if runtime is None and settings.preload:
            voice_runtime.load_in_background()

    async def check_tts(app: FastAPI) -> DependencyCheck:
        return get_state(app, VoiceState).runtime.tts_state()

    async def check_asr(app: FastAPI) -> DependencyCheck:
        return get_state(app, VoiceState).runtime.asr_state()

    return create_service_app(
        settings,
        title="TalkFace voice service",
        description="Text-to-speech, zero-shot voice cloning, pitch shift, voice profiles, and speech recognition.",
        routers=[*api.routers, *openai_api.routers],
        extra_checks={"tts": check_tts, "asr": check_asr},
        on_startup=on_startup,
    )


def main() -> None:
    import uvicorn

    settings = VoiceSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

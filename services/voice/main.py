"""Voice service app: ``python -m services.voice.main`` (or ``uvicorn --factory services.voice.main:create_app``)."""

from __future__ import annotations

from fastapi import FastAPI

from services.voice.api import router
from services.voice.settings import VoiceSettings
from shared.service_app import create_service_app


def create_app(settings: VoiceSettings | None = None) -> FastAPI:
    settings = settings or VoiceSettings()
    return create_service_app(
        settings,
        title="TalkFace voice service",
        description="Text-to-speech, zero-shot voice cloning, pitch shift and voice profiles.",
        routers=[router],
    )


def main() -> None:
    import uvicorn

    settings = VoiceSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

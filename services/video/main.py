"""Video service app: ``python -m services.video.main``.

Its features arrive with their roadmap issue; until then the app starts, answers health and readiness, and
serves no feature routes (the gateway documents none for it).
"""

from __future__ import annotations

from fastapi import FastAPI

from services.video.settings import VideoSettings
from shared.service_app import create_service_app


def create_app(settings: VideoSettings | None = None) -> FastAPI:
    settings = settings or VideoSettings()
    return create_service_app(
        settings, title="TalkFace video service", description="Talking-head rendering: avatars, portrait animator and ER-NeRF renderers, MP4 with audio.", routers=[],
    )


def main() -> None:
    import uvicorn

    settings = VideoSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

"""Chat service app: ``python -m services.chat.main``.

Its features arrive with their roadmap issue; until then the app starts, answers health and readiness, and
serves no feature routes (the gateway documents none for it).
"""

from __future__ import annotations

from fastapi import FastAPI

from services.chat.settings import ChatSettings
from shared.service_app import create_service_app


def create_app(settings: ChatSettings | None = None) -> FastAPI:
    settings = settings or ChatSettings()
    return create_service_app(
        settings, title="TalkFace chat service", description="LLM dialogue with memory, speech input and replies streamed as talking video.", routers=[],
    )


def main() -> None:
    import uvicorn

    settings = ChatSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

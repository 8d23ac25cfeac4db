"""Trainer service app: ``python -m services.trainer.main``.

It serves no feature routes yet (the gateway documents none for it): the app starts and answers health and
readiness, so the stack and its deployments already include it.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.trainer.settings import TrainerSettings
from shared.service_app import create_service_app


def create_app(settings: TrainerSettings | None = None) -> FastAPI:
    settings = settings or TrainerSettings()
    return create_service_app(
        settings,
        title="TalkFace trainer service",
        description="Identity datasets and ER-NeRF three-stage training.",
        routers=[],
    )


def main() -> None:
    import uvicorn

    settings = TrainerSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

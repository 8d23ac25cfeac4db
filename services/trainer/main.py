"""Trainer service app: ``python -m services.trainer.main`` (identity datasets and ER-NeRF trainings; the
preprocessing and the training run on the trainer worker, ``python -m services.trainer.worker``)."""

from __future__ import annotations

from fastapi import FastAPI

from services.trainer.api import datasets_router
from services.trainer.datasets import DatasetStore
from services.trainer.deps import TrainerState
from services.trainer.settings import TrainerSettings
from services.trainer.trainings import TrainingStore
from services.trainer.trainings_api import trainings_router
from shared.app_state import get_state, set_state
from shared.service_app import ServiceState, create_service_app


def create_app(settings: TrainerSettings | None = None) -> FastAPI:
    settings = settings or TrainerSettings()

    async def on_startup(app: FastAPI) -> None:
        clients = get_state(app, ServiceState).clients
        datasets = DatasetStore(clients.storage, clients.redis, settings.key_prefix)
        trainings = TrainingStore(clients.storage, clients.redis, settings.key_prefix)
        set_state(app, TrainerState(clients, settings, datasets, trainings))

    return create_service_app(
        settings,
        title="TalkFace trainer service",
        description="Identity datasets: a talking video preprocessed into ER-NeRF's training layout, with a "
        "quality report and QA previews; ER-NeRF trainings on them, whose result is an `ernerf` avatar.",
        routers=[datasets_router, trainings_router],
        on_startup=on_startup,
    )


def main() -> None:
    import uvicorn

    settings = TrainerSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


if __name__ == "__main__":
    main()

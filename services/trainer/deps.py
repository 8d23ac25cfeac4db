"""The trainer app's typed state (built in ``main.py``'s lifespan) and the dependency routes take it by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from services.trainer.datasets import DatasetStore
from services.trainer.settings import TrainerSettings
from services.trainer.trainings import TrainingStore
from shared.app_state import depends_on_state
from shared.service_app import ServiceState


@dataclass
class TrainerState(ServiceState):
    """The dataset and training stores for the life of the process."""

    settings: TrainerSettings
    datasets: DatasetStore
    trainings: TrainingStore


TrainerDeps = Annotated[TrainerState, depends_on_state(TrainerState)]

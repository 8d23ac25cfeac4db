"""Training: the head, lips and torso stages, progress events, checkpoints, resume and cancel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ernerf.config import Stage, TrainConfig


@dataclass
class ProgressEvent:
    """One report from a training run, sent every log interval (and on validation/preview/checkpoint steps)."""

    stage: Stage
    iteration: int  # iteration within the stage, 1-based
    stage_iterations: int
    loss: float  # mean training loss over the log interval
    psnr: float | None  # validation PSNR, only on validation steps
    it_per_s: float
    eta_s: float | None  # for the remaining iterations of all stages of this run
    preview_png: bytes | None = None  # a validation frame rendered at this step
    checkpoint: Path | None = None  # a checkpoint file was written at this step


@dataclass
class TrainingResult:
    checkpoint: Path  # the last checkpoint written (self-contained: AvatarRuntime.load reads it)
    stopped: bool  # should_stop ended the run early
    history: list[dict] = field(default_factory=list)  # one dict per logged step: stage, iteration, loss, psnr
    final_psnr: float | None = None


class TrainingRun:
    """Trains the stages of ``config`` on the dataset in ``dataset_dir``; checkpoints go to ``work_dir``.

    ``resume_from``: a checkpoint file; training continues at its stage and iteration with the optimizer and RNG
    state restored. ``should_stop`` is polled every log interval; on stop a checkpoint is written and the result
    says ``stopped=True``."""

    def __init__(self, dataset_dir: Path, config: TrainConfig, work_dir: Path, resume_from: Path | None = None) -> None:
        self.dataset_dir = Path(dataset_dir)
        self.config = config
        self.work_dir = Path(work_dir)
        self.resume_from = resume_from

    def run(self, on_event: Callable[[ProgressEvent], None], should_stop: Callable[[], bool]) -> TrainingResult:
        raise NotImplementedError("ernerf training is being implemented")

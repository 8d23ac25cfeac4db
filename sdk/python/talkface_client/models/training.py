from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.training_preset import TrainingPreset
from ..models.training_stage import TrainingStage
from ..models.training_status import TrainingStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.training_checkpoint import TrainingCheckpoint
  from ..models.training_iterations import TrainingIterations
  from ..models.training_point import TrainingPoint
  from ..models.training_preview import TrainingPreview





T = TypeVar("T", bound="Training")



@_attrs_define
class Training:
    """ 
        Attributes:
            id (str):
            name (str):
            dataset_id (str):
            preset (TrainingPreset): Model size: ``tiny`` (64-128 px, minutes on a CPU: tests and smoke runs) or
                ``standard`` (ER-NeRF's
                defaults at 512 px: hours on a GPU).
            stages (list[TrainingStage]):
            iterations (TrainingIterations): Iterations per stage, preset defaults filled in.
            seed (int):
            device (str): `cpu` or `cuda:N`.
            status (TrainingStatus): ``queued`` -> ``training`` -> ``succeeded`` (an ``ernerf`` avatar is registered); or
                ``failed``, or
                ``cancelled`` (the last checkpoint is kept; either can be resumed from it, back to ``queued``).
            job_id (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            total_steps (int):
            estimate_s (float): Expected duration before it runs, from the preset and iterations.
            gpu (int | None | Unset):
            stage (None | TrainingStage | Unset): The stage in progress (or last run).
            step (int | Unset): Iterations done over all stages. Default: 0.
            progress (float | Unset):  Default: 0.0.
            loss (float | None | Unset):
            psnr (float | None | Unset): The latest validation PSNR (dB).
            it_per_s (float | None | Unset):
            eta_s (float | None | Unset): Seconds left, from the measured speed.
            warning (None | str | Unset): E.g. how slow a CPU training will be.
            history (list[TrainingPoint] | Unset): Logged steps (thinned when long).
            previews (list[TrainingPreview] | Unset):
            checkpoint (None | TrainingCheckpoint | Unset):
            resumed_from (None | TrainingCheckpoint | Unset): Set when a redelivered job resumed.
            attempts (int | Unset):  Default: 0.
            resumes (int | Unset): How many times it was resumed (`POST /api/v1/trainings/{id}/resume`). Default: 0.
            final_psnr (float | None | Unset):
            avatar_id (None | str | Unset): The `ernerf` avatar registered on success.
            error (None | str | Unset):
     """

    id: str
    name: str
    dataset_id: str
    preset: TrainingPreset
    stages: list[TrainingStage]
    iterations: TrainingIterations
    seed: int
    device: str
    status: TrainingStatus
    job_id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    total_steps: int
    estimate_s: float
    gpu: int | None | Unset = UNSET
    stage: None | TrainingStage | Unset = UNSET
    step: int | Unset = 0
    progress: float | Unset = 0.0
    loss: float | None | Unset = UNSET
    psnr: float | None | Unset = UNSET
    it_per_s: float | None | Unset = UNSET
    eta_s: float | None | Unset = UNSET
    warning: None | str | Unset = UNSET
    history: list[TrainingPoint] | Unset = UNSET
    previews: list[TrainingPreview] | Unset = UNSET
    checkpoint: None | TrainingCheckpoint | Unset = UNSET
    resumed_from: None | TrainingCheckpoint | Unset = UNSET
    attempts: int | Unset = 0
    resumes: int | Unset = 0
    final_psnr: float | None | Unset = UNSET
    avatar_id: None | str | Unset = UNSET
    error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.training_checkpoint import TrainingCheckpoint # noqa: PLC0415
        from ..models.training_iterations import TrainingIterations # noqa: PLC0415
        from ..models.training_point import TrainingPoint # noqa: PLC0415
        from ..models.training_preview import TrainingPreview # noqa: PLC0415
        id = self.id

        name = self.name

        dataset_id = self.dataset_id

        preset = self.preset.value

        stages = []
        for stages_item_data in self.stages:
            stages_item = stages_item_data.value
            stages.append(stages_item)



        iterations = self.iterations.to_dict()

        seed = self.seed

        device = self.device

        status = self.status.value

        job_id = self.job_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        total_steps = self.total_steps

        estimate_s = self.estimate_s

        gpu: int | None | Unset
        if isinstance(self.gpu, Unset):
            gpu = UNSET
        else:
            gpu = self.gpu

        stage: None | str | Unset
        if isinstance(self.stage, Unset):
            stage = UNSET
        elif isinstance(self.stage, TrainingStage):
            stage = self.stage.value
        else:
            stage = self.stage

        step = self.step

        progress = self.progress

        loss: float | None | Unset
        if isinstance(self.loss, Unset):
            loss = UNSET
        else:
            loss = self.loss

        psnr: float | None | Unset
        if isinstance(self.psnr, Unset):
            psnr = UNSET
        else:
            psnr = self.psnr

        it_per_s: float | None | Unset
        if isinstance(self.it_per_s, Unset):
            it_per_s = UNSET
        else:
            it_per_s = self.it_per_s

        eta_s: float | None | Unset
        if isinstance(self.eta_s, Unset):
            eta_s = UNSET
        else:
            eta_s = self.eta_s

        warning: None | str | Unset
        if isinstance(self.warning, Unset):
            warning = UNSET
        else:
            warning = self.warning

        history: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.history, Unset):
            history = []
            for history_item_data in self.history:
                history_item = history_item_data.to_dict()
                history.append(history_item)



        previews: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.previews, Unset):
            previews = []
            for previews_item_data in self.previews:
                previews_item = previews_item_data.to_dict()
                previews.append(previews_item)



        checkpoint: dict[str, Any] | None | Unset
        if isinstance(self.checkpoint, Unset):
            checkpoint = UNSET
        elif isinstance(self.checkpoint, TrainingCheckpoint):
            checkpoint = self.checkpoint.to_dict()
        else:
            checkpoint = self.checkpoint

        resumed_from: dict[str, Any] | None | Unset
        if isinstance(self.resumed_from, Unset):
            resumed_from = UNSET
        elif isinstance(self.resumed_from, TrainingCheckpoint):
            resumed_from = self.resumed_from.to_dict()
        else:
            resumed_from = self.resumed_from

        attempts = self.attempts

        resumes = self.resumes

        final_psnr: float | None | Unset
        if isinstance(self.final_psnr, Unset):
            final_psnr = UNSET
        else:
            final_psnr = self.final_psnr

        avatar_id: None | str | Unset
        if isinstance(self.avatar_id, Unset):
            avatar_id = UNSET
        else:
            avatar_id = self.avatar_id

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "dataset_id": dataset_id,
            "preset": preset,
            "stages": stages,
            "iterations": iterations,
            "seed": seed,
            "device": device,
            "status": status,
            "job_id": job_id,
            "created_at": created_at,
            "updated_at": updated_at,
            "total_steps": total_steps,
            "estimate_s": estimate_s,
        })
        if gpu is not UNSET:
            field_dict["gpu"] = gpu
        if stage is not UNSET:
            field_dict["stage"] = stage
        if step is not UNSET:
            field_dict["step"] = step
        if progress is not UNSET:
            field_dict["progress"] = progress
        if loss is not UNSET:
            field_dict["loss"] = loss
        if psnr is not UNSET:
            field_dict["psnr"] = psnr
        if it_per_s is not UNSET:
            field_dict["it_per_s"] = it_per_s
        if eta_s is not UNSET:
            field_dict["eta_s"] = eta_s
        if warning is not UNSET:
            field_dict["warning"] = warning
        if history is not UNSET:
            field_dict["history"] = history
        if previews is not UNSET:
            field_dict["previews"] = previews
        if checkpoint is not UNSET:
            field_dict["checkpoint"] = checkpoint
        if resumed_from is not UNSET:
            field_dict["resumed_from"] = resumed_from
        if attempts is not UNSET:
            field_dict["attempts"] = attempts
        if resumes is not UNSET:
            field_dict["resumes"] = resumes
        if final_psnr is not UNSET:
            field_dict["final_psnr"] = final_psnr
        if avatar_id is not UNSET:
            field_dict["avatar_id"] = avatar_id
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.training_checkpoint import TrainingCheckpoint # noqa: PLC0415
        from ..models.training_iterations import TrainingIterations # noqa: PLC0415
        from ..models.training_point import TrainingPoint # noqa: PLC0415
        from ..models.training_preview import TrainingPreview # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        dataset_id = d.pop("dataset_id")

        preset = TrainingPreset(d.pop("preset"))




        stages = []
        _stages = d.pop("stages")
        for stages_item_data in (_stages):
            stages_item = TrainingStage(stages_item_data)



            stages.append(stages_item)


        iterations = TrainingIterations.from_dict(d.pop("iterations"))




        seed = d.pop("seed")

        device = d.pop("device")

        status = TrainingStatus(d.pop("status"))




        job_id = d.pop("job_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        total_steps = d.pop("total_steps")

        estimate_s = d.pop("estimate_s")

        def _parse_gpu(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        gpu = _parse_gpu(d.pop("gpu", UNSET))


        def _parse_stage(data: object) -> None | TrainingStage | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                stage_type_0 = TrainingStage(data)



                return stage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TrainingStage | Unset, data)

        stage = _parse_stage(d.pop("stage", UNSET))


        step = d.pop("step", UNSET)

        progress = d.pop("progress", UNSET)

        def _parse_loss(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        loss = _parse_loss(d.pop("loss", UNSET))


        def _parse_psnr(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        psnr = _parse_psnr(d.pop("psnr", UNSET))


        def _parse_it_per_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        it_per_s = _parse_it_per_s(d.pop("it_per_s", UNSET))


        def _parse_eta_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        eta_s = _parse_eta_s(d.pop("eta_s", UNSET))


        def _parse_warning(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        warning = _parse_warning(d.pop("warning", UNSET))


        _history = d.pop("history", UNSET)
        history: list[TrainingPoint] | Unset = UNSET
        if _history is not UNSET:
            history = []
            for history_item_data in _history:
                history_item = TrainingPoint.from_dict(history_item_data)



                history.append(history_item)


        _previews = d.pop("previews", UNSET)
        previews: list[TrainingPreview] | Unset = UNSET
        if _previews is not UNSET:
            previews = []
            for previews_item_data in _previews:
                previews_item = TrainingPreview.from_dict(previews_item_data)



                previews.append(previews_item)


        def _parse_checkpoint(data: object) -> None | TrainingCheckpoint | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                checkpoint_type_0 = TrainingCheckpoint.from_dict(data)



                return checkpoint_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TrainingCheckpoint | Unset, data)

        checkpoint = _parse_checkpoint(d.pop("checkpoint", UNSET))


        def _parse_resumed_from(data: object) -> None | TrainingCheckpoint | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                resumed_from_type_0 = TrainingCheckpoint.from_dict(data)



                return resumed_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TrainingCheckpoint | Unset, data)

        resumed_from = _parse_resumed_from(d.pop("resumed_from", UNSET))


        attempts = d.pop("attempts", UNSET)

        resumes = d.pop("resumes", UNSET)

        def _parse_final_psnr(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        final_psnr = _parse_final_psnr(d.pop("final_psnr", UNSET))


        def _parse_avatar_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar_id = _parse_avatar_id(d.pop("avatar_id", UNSET))


        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        training = cls(
            id=id,
            name=name,
            dataset_id=dataset_id,
            preset=preset,
            stages=stages,
            iterations=iterations,
            seed=seed,
            device=device,
            status=status,
            job_id=job_id,
            created_at=created_at,
            updated_at=updated_at,
            total_steps=total_steps,
            estimate_s=estimate_s,
            gpu=gpu,
            stage=stage,
            step=step,
            progress=progress,
            loss=loss,
            psnr=psnr,
            it_per_s=it_per_s,
            eta_s=eta_s,
            warning=warning,
            history=history,
            previews=previews,
            checkpoint=checkpoint,
            resumed_from=resumed_from,
            attempts=attempts,
            resumes=resumes,
            final_psnr=final_psnr,
            avatar_id=avatar_id,
            error=error,
        )


        training.additional_properties = d
        return training

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

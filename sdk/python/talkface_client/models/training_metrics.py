from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.training_stage import TrainingStage
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TrainingMetrics")



@_attrs_define
class TrainingMetrics:
    """ ``data`` of a training job's ``metrics`` event (``GET /api/v1/jobs/{job_id}/events``): one logged step.

        Attributes:
            stage (TrainingStage): ER-NeRF's three stages, always run in this order: the head, a lip fine-tune, the torso
                (head frozen).
            iteration (int): Iteration within the stage, 1-based.
            step (int): Iterations done over all stages of this training.
            loss (float):
            it_per_s (float):
            total_steps (int):
            psnr (float | None | Unset):
            eta_s (float | None | Unset): Seconds left, from the measured speed.
            preview (None | str | Unset): S3 key of the preview frame stored at this step, if any.
            checkpoint (None | str | Unset): S3 key of the checkpoint stored at this step, if any.
     """

    stage: TrainingStage
    iteration: int
    step: int
    loss: float
    it_per_s: float
    total_steps: int
    psnr: float | None | Unset = UNSET
    eta_s: float | None | Unset = UNSET
    preview: None | str | Unset = UNSET
    checkpoint: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        stage = self.stage.value

        iteration = self.iteration

        step = self.step

        loss = self.loss

        it_per_s = self.it_per_s

        total_steps = self.total_steps

        psnr: float | None | Unset
        if isinstance(self.psnr, Unset):
            psnr = UNSET
        else:
            psnr = self.psnr

        eta_s: float | None | Unset
        if isinstance(self.eta_s, Unset):
            eta_s = UNSET
        else:
            eta_s = self.eta_s

        preview: None | str | Unset
        if isinstance(self.preview, Unset):
            preview = UNSET
        else:
            preview = self.preview

        checkpoint: None | str | Unset
        if isinstance(self.checkpoint, Unset):
            checkpoint = UNSET
        else:
            checkpoint = self.checkpoint


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "stage": stage,
            "iteration": iteration,
            "step": step,
            "loss": loss,
            "it_per_s": it_per_s,
            "total_steps": total_steps,
        })
        if psnr is not UNSET:
            field_dict["psnr"] = psnr
        if eta_s is not UNSET:
            field_dict["eta_s"] = eta_s
        if preview is not UNSET:
            field_dict["preview"] = preview
        if checkpoint is not UNSET:
            field_dict["checkpoint"] = checkpoint

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        stage = TrainingStage(d.pop("stage"))




        iteration = d.pop("iteration")

        step = d.pop("step")

        loss = d.pop("loss")

        it_per_s = d.pop("it_per_s")

        total_steps = d.pop("total_steps")

        def _parse_psnr(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        psnr = _parse_psnr(d.pop("psnr", UNSET))


        def _parse_eta_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        eta_s = _parse_eta_s(d.pop("eta_s", UNSET))


        def _parse_preview(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview = _parse_preview(d.pop("preview", UNSET))


        def _parse_checkpoint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        checkpoint = _parse_checkpoint(d.pop("checkpoint", UNSET))


        training_metrics = cls(
            stage=stage,
            iteration=iteration,
            step=step,
            loss=loss,
            it_per_s=it_per_s,
            total_steps=total_steps,
            psnr=psnr,
            eta_s=eta_s,
            preview=preview,
            checkpoint=checkpoint,
        )


        training_metrics.additional_properties = d
        return training_metrics

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

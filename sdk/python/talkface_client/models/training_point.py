from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.training_stage import TrainingStage
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TrainingPoint")



@_attrs_define
class TrainingPoint:
    """ One logged step: loss at every log interval, PSNR on validation steps.

        Attributes:
            stage (TrainingStage): ER-NeRF's three stages, always run in this order: the head, a lip fine-tune, the torso
                (head frozen).
            iteration (int): Iteration within the stage, 1-based.
            step (int): Iterations done over all stages of this training.
            loss (float):
            it_per_s (float):
            psnr (float | None | Unset):
     """

    stage: TrainingStage
    iteration: int
    step: int
    loss: float
    it_per_s: float
    psnr: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        stage = self.stage.value

        iteration = self.iteration

        step = self.step

        loss = self.loss

        it_per_s = self.it_per_s

        psnr: float | None | Unset
        if isinstance(self.psnr, Unset):
            psnr = UNSET
        else:
            psnr = self.psnr


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "stage": stage,
            "iteration": iteration,
            "step": step,
            "loss": loss,
            "it_per_s": it_per_s,
        })
        if psnr is not UNSET:
            field_dict["psnr"] = psnr

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        stage = TrainingStage(d.pop("stage"))




        iteration = d.pop("iteration")

        step = d.pop("step")

        loss = d.pop("loss")

        it_per_s = d.pop("it_per_s")

        def _parse_psnr(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        psnr = _parse_psnr(d.pop("psnr", UNSET))


        training_point = cls(
            stage=stage,
            iteration=iteration,
            step=step,
            loss=loss,
            it_per_s=it_per_s,
            psnr=psnr,
        )


        training_point.additional_properties = d
        return training_point

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

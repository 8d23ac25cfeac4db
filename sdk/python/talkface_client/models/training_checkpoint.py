from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.training_stage import TrainingStage






T = TypeVar("T", bound="TrainingCheckpoint")



@_attrs_define
class TrainingCheckpoint:
    """ The last stored checkpoint: what a redelivered job resumes from and what a cancel keeps.

        Attributes:
            key (str):
            stage (TrainingStage): ER-NeRF's three stages, always run in this order: the head, a lip fine-tune, the torso
                (head frozen).
            iteration (int):
            step (int):
     """

    key: str
    stage: TrainingStage
    iteration: int
    step: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        stage = self.stage.value

        iteration = self.iteration

        step = self.step


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "key": key,
            "stage": stage,
            "iteration": iteration,
            "step": step,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        stage = TrainingStage(d.pop("stage"))




        iteration = d.pop("iteration")

        step = d.pop("step")

        training_checkpoint = cls(
            key=key,
            stage=stage,
            iteration=iteration,
            step=step,
        )


        training_checkpoint.additional_properties = d
        return training_checkpoint

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

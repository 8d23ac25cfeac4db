from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.training_stage import TrainingStage






T = TypeVar("T", bound="TrainingPreview")



@_attrs_define
class TrainingPreview:
    """ A validation frame rendered during training, stored as PNG.

        Attributes:
            stage (TrainingStage): ER-NeRF's three stages, always run in this order: the head, a lip fine-tune, the torso
                (head frozen).
            iteration (int):
            key (str): S3 key (`trainings/{id}/previews/...`), also an artifact id.
            url (str):
     """

    stage: TrainingStage
    iteration: int
    key: str
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        stage = self.stage.value

        iteration = self.iteration

        key = self.key

        url = self.url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "stage": stage,
            "iteration": iteration,
            "key": key,
            "url": url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        stage = TrainingStage(d.pop("stage"))




        iteration = d.pop("iteration")

        key = d.pop("key")

        url = d.pop("url")

        training_preview = cls(
            stage=stage,
            iteration=iteration,
            key=key,
            url=url,
        )


        training_preview.additional_properties = d
        return training_preview

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

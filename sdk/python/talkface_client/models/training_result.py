from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TrainingResult")



@_attrs_define
class TrainingResult:
    """ ``result`` of a finished ``trainer.training`` job.

        Attributes:
            training_id (str):
            avatar_id (str):
            checkpoint_key (str):
            steps (int):
            final_psnr (float | None | Unset):
     """

    training_id: str
    avatar_id: str
    checkpoint_key: str
    steps: int
    final_psnr: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        training_id = self.training_id

        avatar_id = self.avatar_id

        checkpoint_key = self.checkpoint_key

        steps = self.steps

        final_psnr: float | None | Unset
        if isinstance(self.final_psnr, Unset):
            final_psnr = UNSET
        else:
            final_psnr = self.final_psnr


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "training_id": training_id,
            "avatar_id": avatar_id,
            "checkpoint_key": checkpoint_key,
            "steps": steps,
        })
        if final_psnr is not UNSET:
            field_dict["final_psnr"] = final_psnr

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        training_id = d.pop("training_id")

        avatar_id = d.pop("avatar_id")

        checkpoint_key = d.pop("checkpoint_key")

        steps = d.pop("steps")

        def _parse_final_psnr(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        final_psnr = _parse_final_psnr(d.pop("final_psnr", UNSET))


        training_result = cls(
            training_id=training_id,
            avatar_id=avatar_id,
            checkpoint_key=checkpoint_key,
            steps=steps,
            final_psnr=final_psnr,
        )


        training_result.additional_properties = d
        return training_result

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.spread import Spread





T = TypeVar("T", bound="PoseRange")



@_attrs_define
class PoseRange:
    """ Head rotation relative to the camera over the clip, in degrees.

        Attributes:
            yaw (Spread): Summary of a per-frame measure.
            pitch (Spread): Summary of a per-frame measure.
            roll (Spread): Summary of a per-frame measure.
     """

    yaw: Spread
    pitch: Spread
    roll: Spread
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.spread import Spread # noqa: PLC0415
        yaw = self.yaw.to_dict()

        pitch = self.pitch.to_dict()

        roll = self.roll.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "yaw": yaw,
            "pitch": pitch,
            "roll": roll,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.spread import Spread # noqa: PLC0415
        d = dict(src_dict)
        yaw = Spread.from_dict(d.pop("yaw"))




        pitch = Spread.from_dict(d.pop("pitch"))




        roll = Spread.from_dict(d.pop("roll"))




        pose_range = cls(
            yaw=yaw,
            pitch=pitch,
            roll=roll,
        )


        pose_range.additional_properties = d
        return pose_range

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

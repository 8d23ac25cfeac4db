from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.box import Box





T = TypeVar("T", bound="FaceReport")



@_attrs_define
class FaceReport:
    """ What the checks measured on the photo; the UI can show it beside the avatar.

        Attributes:
            face_box (Box): An axis-aligned box in normalised coordinates (0..1) of the image it belongs to.
            face_height_px (int):
            yaw_ratio (float): Nose offset from the eye midline / inter-ocular distance (0 = frontal).
            roll_deg (float):
            brightness (float): Mean luma of the face, 0..255.
            sharpness (float): Laplacian variance of the face at a fixed scale.
            mouth_gap (float): Inner-lip gap / mouth width at rest (0 = closed).
     """

    face_box: Box
    face_height_px: int
    yaw_ratio: float
    roll_deg: float
    brightness: float
    sharpness: float
    mouth_gap: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.box import Box # noqa: PLC0415
        face_box = self.face_box.to_dict()

        face_height_px = self.face_height_px

        yaw_ratio = self.yaw_ratio

        roll_deg = self.roll_deg

        brightness = self.brightness

        sharpness = self.sharpness

        mouth_gap = self.mouth_gap


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "face_box": face_box,
            "face_height_px": face_height_px,
            "yaw_ratio": yaw_ratio,
            "roll_deg": roll_deg,
            "brightness": brightness,
            "sharpness": sharpness,
            "mouth_gap": mouth_gap,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.box import Box # noqa: PLC0415
        d = dict(src_dict)
        face_box = Box.from_dict(d.pop("face_box"))




        face_height_px = d.pop("face_height_px")

        yaw_ratio = d.pop("yaw_ratio")

        roll_deg = d.pop("roll_deg")

        brightness = d.pop("brightness")

        sharpness = d.pop("sharpness")

        mouth_gap = d.pop("mouth_gap")

        face_report = cls(
            face_box=face_box,
            face_height_px=face_height_px,
            yaw_ratio=yaw_ratio,
            roll_deg=roll_deg,
            brightness=brightness,
            sharpness=sharpness,
            mouth_gap=mouth_gap,
        )


        face_report.additional_properties = d
        return face_report

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.enrollment_info import EnrollmentInfo





T = TypeVar("T", bound="EnrollmentResult")



@_attrs_define
class EnrollmentResult:
    """ ``result`` of a succeeded ``voice.enroll`` job.

        Attributes:
            voice_id (str):
            enrollment (EnrollmentInfo): The profile's enrollment: a background job that fits Kokoro's timbre vector to the
                speaker (style
                inversion). The profile speaks with its DSP clone until the job has chosen the best voice.
     """

    voice_id: str
    enrollment: EnrollmentInfo
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.enrollment_info import EnrollmentInfo # noqa: PLC0415
        voice_id = self.voice_id

        enrollment = self.enrollment.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "voice_id": voice_id,
            "enrollment": enrollment,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.enrollment_info import EnrollmentInfo # noqa: PLC0415
        d = dict(src_dict)
        voice_id = d.pop("voice_id")

        enrollment = EnrollmentInfo.from_dict(d.pop("enrollment"))




        enrollment_result = cls(
            voice_id=voice_id,
            enrollment=enrollment,
        )


        enrollment_result.additional_properties = d
        return enrollment_result

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

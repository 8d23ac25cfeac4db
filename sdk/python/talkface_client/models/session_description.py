from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.session_description_type import SessionDescriptionType






T = TypeVar("T", bound="SessionDescription")



@_attrs_define
class SessionDescription:
    """ An SDP offer (client → server) or answer (server → client), as ``RTCSessionDescription``.

        Attributes:
            sdp (str):
            type_ (SessionDescriptionType):
     """

    sdp: str
    type_: SessionDescriptionType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        sdp = self.sdp

        type_ = self.type_.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "sdp": sdp,
            "type": type_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sdp = d.pop("sdp")

        type_ = SessionDescriptionType(d.pop("type"))




        session_description = cls(
            sdp=sdp,
            type_=type_,
        )


        session_description.additional_properties = d
        return session_description

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

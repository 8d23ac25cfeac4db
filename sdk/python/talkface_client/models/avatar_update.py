from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AvatarUpdate")



@_attrs_define
class AvatarUpdate:
    """ JSON body of ``PATCH /api/v1/avatars/{avatar_id}``; fields left out are unchanged.

        Attributes:
            name (None | str | Unset):
            default_voice_id (None | str | Unset):
     """

    name: None | str | Unset = UNSET
    default_voice_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        default_voice_id: None | str | Unset
        if isinstance(self.default_voice_id, Unset):
            default_voice_id = UNSET
        else:
            default_voice_id = self.default_voice_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if default_voice_id is not UNSET:
            field_dict["default_voice_id"] = default_voice_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        def _parse_default_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_voice_id = _parse_default_voice_id(d.pop("default_voice_id", UNSET))


        avatar_update = cls(
            name=name,
            default_voice_id=default_voice_id,
        )


        avatar_update.additional_properties = d
        return avatar_update

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..models.avatar_kind import AvatarKind
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO
from typing import cast






T = TypeVar("T", bound="AvatarCreateForm")



@_attrs_define
class AvatarCreateForm:
    """ multipart/form-data body of ``POST /api/v1/avatars``.

        Attributes:
            file (File): A portrait photo (jpg, png or webp) with exactly one, roughly frontal face.
            name (str):
            kind (AvatarKind | Unset):
            default_voice_id (None | str | Unset):
     """

    file: File
    name: str
    kind: AvatarKind | Unset = UNSET
    default_voice_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()


        name = self.name

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        default_voice_id: None | str | Unset
        if isinstance(self.default_voice_id, Unset):
            default_voice_id = UNSET
        else:
            default_voice_id = self.default_voice_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "file": file,
            "name": name,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if default_voice_id is not UNSET:
            field_dict["default_voice_id"] = default_voice_id

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))



        files.append(("name", (None, str(self.name).encode(), "text/plain")))



        if not isinstance(self.kind, Unset):
            files.append(("kind",  (None, str(self.kind.value).encode(), "text/plain")))



        if not isinstance(self.default_voice_id, Unset):
            if isinstance(self.default_voice_id, str):

                files.append(("default_voice_id", (None, str(self.default_voice_id).encode(), "text/plain")))
            else:
                files.append(("default_voice_id", (None, str(self.default_voice_id).encode(), "text/plain")))



        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))



        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(
             payload = BytesIO(d.pop("file"))
        )




        name = d.pop("name")

        _kind = d.pop("kind", UNSET)
        kind: AvatarKind | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = AvatarKind(_kind)




        def _parse_default_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_voice_id = _parse_default_voice_id(d.pop("default_voice_id", UNSET))


        avatar_create_form = cls(
            file=file,
            name=name,
            kind=kind,
            default_voice_id=default_voice_id,
        )


        avatar_create_form.additional_properties = d
        return avatar_create_form

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..models.dataset_preset import DatasetPreset
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO
from typing import cast






T = TypeVar("T", bound="DatasetCreateForm")



@_attrs_define
class DatasetCreateForm:
    """ multipart/form-data body of ``POST /api/v1/datasets``.

        Attributes:
            file (File): A talking video (mp4, mov, mkv, webm or avi) of one person facing a still camera, with sound.
            name (str):
            language (None | str | Unset): Language spoken in the video, e.g. `en`.
            preset (DatasetPreset | Unset): Frame size of a dataset: ``standard`` (512 px, for training) or ``tiny`` (64-128
                px, tests and previews).
     """

    file: File
    name: str
    language: None | str | Unset = UNSET
    preset: DatasetPreset | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()


        name = self.name

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        preset: str | Unset = UNSET
        if not isinstance(self.preset, Unset):
            preset = self.preset.value



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "file": file,
            "name": name,
        })
        if language is not UNSET:
            field_dict["language"] = language
        if preset is not UNSET:
            field_dict["preset"] = preset

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))



        files.append(("name", (None, str(self.name).encode(), "text/plain")))



        if not isinstance(self.language, Unset):
            if isinstance(self.language, str):

                files.append(("language", (None, str(self.language).encode(), "text/plain")))
            else:
                files.append(("language", (None, str(self.language).encode(), "text/plain")))


        if not isinstance(self.preset, Unset):
            files.append(("preset",  (None, str(self.preset.value).encode(), "text/plain")))




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

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        _preset = d.pop("preset", UNSET)
        preset: DatasetPreset | Unset
        if isinstance(_preset,  Unset):
            preset = UNSET
        else:
            preset = DatasetPreset(_preset)




        dataset_create_form = cls(
            file=file,
            name=name,
            language=language,
            preset=preset,
        )


        dataset_create_form.additional_properties = d
        return dataset_create_form

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

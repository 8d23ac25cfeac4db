from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="AudioEvent")



@_attrs_define
class AudioEvent:
    """ `audio`: the speech of one sentence (WAV in S3, presigned URL).

        Attributes:
            index (int):
            text (str):
            artifact_id (str):
            url (str):
            duration_s (float):
     """

    index: int
    text: str
    artifact_id: str
    url: str
    duration_s: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        text = self.text

        artifact_id = self.artifact_id

        url = self.url

        duration_s = self.duration_s


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "text": text,
            "artifact_id": artifact_id,
            "url": url,
            "duration_s": duration_s,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        text = d.pop("text")

        artifact_id = d.pop("artifact_id")

        url = d.pop("url")

        duration_s = d.pop("duration_s")

        audio_event = cls(
            index=index,
            text=text,
            artifact_id=artifact_id,
            url=url,
            duration_s=duration_s,
        )


        audio_event.additional_properties = d
        return audio_event

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="VideoEvent")



@_attrs_define
class VideoEvent:
    """ `video`: one rendered segment of a sentence, from the video service's streaming endpoint.

        Attributes:
            index (int):
            segment_index (int):
            artifact_id (str):
            url (str):
            start_s (float | None | Unset):
            duration_s (float | None | Unset):
     """

    index: int
    segment_index: int
    artifact_id: str
    url: str
    start_s: float | None | Unset = UNSET
    duration_s: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        segment_index = self.segment_index

        artifact_id = self.artifact_id

        url = self.url

        start_s: float | None | Unset
        if isinstance(self.start_s, Unset):
            start_s = UNSET
        else:
            start_s = self.start_s

        duration_s: float | None | Unset
        if isinstance(self.duration_s, Unset):
            duration_s = UNSET
        else:
            duration_s = self.duration_s


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "segment_index": segment_index,
            "artifact_id": artifact_id,
            "url": url,
        })
        if start_s is not UNSET:
            field_dict["start_s"] = start_s
        if duration_s is not UNSET:
            field_dict["duration_s"] = duration_s

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        segment_index = d.pop("segment_index")

        artifact_id = d.pop("artifact_id")

        url = d.pop("url")

        def _parse_start_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        start_s = _parse_start_s(d.pop("start_s", UNSET))


        def _parse_duration_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration_s = _parse_duration_s(d.pop("duration_s", UNSET))


        video_event = cls(
            index=index,
            segment_index=segment_index,
            artifact_id=artifact_id,
            url=url,
            start_s=start_s,
            duration_s=duration_s,
        )


        video_event.additional_properties = d
        return video_event

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

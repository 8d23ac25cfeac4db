from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="VideoSegment")



@_attrs_define
class VideoSegment:
    """ Data of each SSE ``segment`` event: a short playable MP4 (H.264 + AAC) with its audio.

        Attributes:
            index (int):
            artifact_id (str):
            url (str): Presigned GET URL of the segment.
            start_s (float):
            duration_s (float):
            text (None | str | Unset): The sentence this segment speaks (text input only).
     """

    index: int
    artifact_id: str
    url: str
    start_s: float
    duration_s: float
    text: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        artifact_id = self.artifact_id

        url = self.url

        start_s = self.start_s

        duration_s = self.duration_s

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "artifact_id": artifact_id,
            "url": url,
            "start_s": start_s,
            "duration_s": duration_s,
        })
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        artifact_id = d.pop("artifact_id")

        url = d.pop("url")

        start_s = d.pop("start_s")

        duration_s = d.pop("duration_s")

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))


        video_segment = cls(
            index=index,
            artifact_id=artifact_id,
            url=url,
            start_s=start_s,
            duration_s=duration_s,
            text=text,
        )


        video_segment.additional_properties = d
        return video_segment

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SentenceMedia")



@_attrs_define
class SentenceMedia:
    """ What was produced for one reply sentence.

        Attributes:
            index (int):
            text (str):
            audio_artifact_id (None | str | Unset):
            audio_duration_s (float | None | Unset):
            video_artifact_ids (list[str] | Unset):
     """

    index: int
    text: str
    audio_artifact_id: None | str | Unset = UNSET
    audio_duration_s: float | None | Unset = UNSET
    video_artifact_ids: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        text = self.text

        audio_artifact_id: None | str | Unset
        if isinstance(self.audio_artifact_id, Unset):
            audio_artifact_id = UNSET
        else:
            audio_artifact_id = self.audio_artifact_id

        audio_duration_s: float | None | Unset
        if isinstance(self.audio_duration_s, Unset):
            audio_duration_s = UNSET
        else:
            audio_duration_s = self.audio_duration_s

        video_artifact_ids: list[str] | Unset = UNSET
        if not isinstance(self.video_artifact_ids, Unset):
            video_artifact_ids = self.video_artifact_ids




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "text": text,
        })
        if audio_artifact_id is not UNSET:
            field_dict["audio_artifact_id"] = audio_artifact_id
        if audio_duration_s is not UNSET:
            field_dict["audio_duration_s"] = audio_duration_s
        if video_artifact_ids is not UNSET:
            field_dict["video_artifact_ids"] = video_artifact_ids

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        text = d.pop("text")

        def _parse_audio_artifact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        audio_artifact_id = _parse_audio_artifact_id(d.pop("audio_artifact_id", UNSET))


        def _parse_audio_duration_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        audio_duration_s = _parse_audio_duration_s(d.pop("audio_duration_s", UNSET))


        video_artifact_ids = cast(list[str], d.pop("video_artifact_ids", UNSET))


        sentence_media = cls(
            index=index,
            text=text,
            audio_artifact_id=audio_artifact_id,
            audio_duration_s=audio_duration_s,
            video_artifact_ids=video_artifact_ids,
        )


        sentence_media.additional_properties = d
        return sentence_media

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

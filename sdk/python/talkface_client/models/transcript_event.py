from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TranscriptEvent")



@_attrs_define
class TranscriptEvent:
    """ `transcript`: what the user said (audio messages only).

        Attributes:
            turn_id (str):
            text (str):
            language (str):
            audio_duration_s (float):
            speech_duration_s (float):
            artifact_id (None | str | Unset):
     """

    turn_id: str
    text: str
    language: str
    audio_duration_s: float
    speech_duration_s: float
    artifact_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        turn_id = self.turn_id

        text = self.text

        language = self.language

        audio_duration_s = self.audio_duration_s

        speech_duration_s = self.speech_duration_s

        artifact_id: None | str | Unset
        if isinstance(self.artifact_id, Unset):
            artifact_id = UNSET
        else:
            artifact_id = self.artifact_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "turn_id": turn_id,
            "text": text,
            "language": language,
            "audio_duration_s": audio_duration_s,
            "speech_duration_s": speech_duration_s,
        })
        if artifact_id is not UNSET:
            field_dict["artifact_id"] = artifact_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        turn_id = d.pop("turn_id")

        text = d.pop("text")

        language = d.pop("language")

        audio_duration_s = d.pop("audio_duration_s")

        speech_duration_s = d.pop("speech_duration_s")

        def _parse_artifact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        artifact_id = _parse_artifact_id(d.pop("artifact_id", UNSET))


        transcript_event = cls(
            turn_id=turn_id,
            text=text,
            language=language,
            audio_duration_s=audio_duration_s,
            speech_duration_s=speech_duration_s,
            artifact_id=artifact_id,
        )


        transcript_event.additional_properties = d
        return transcript_event

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="VideoStreamRequest")



@_attrs_define
class VideoStreamRequest:
    """ JSON body of ``POST /api/v1/videos/stream``: exactly one of `text` (+ `voice_id`) or
    `audio_artifact_id` (the S3 key of a WAV in our bucket).

        Attributes:
            avatar_id (str):
            text (None | str | Unset):
            voice_id (None | str | Unset):
            audio_artifact_id (None | str | Unset):
            fps (int | Unset):  Default: 25.
            size (int | Unset):  Default: 512.
            pitch_semitones (float | Unset):  Default: 0.0.
     """

    avatar_id: str
    text: None | str | Unset = UNSET
    voice_id: None | str | Unset = UNSET
    audio_artifact_id: None | str | Unset = UNSET
    fps: int | Unset = 25
    size: int | Unset = 512
    pitch_semitones: float | Unset = 0.0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        avatar_id = self.avatar_id

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        voice_id: None | str | Unset
        if isinstance(self.voice_id, Unset):
            voice_id = UNSET
        else:
            voice_id = self.voice_id

        audio_artifact_id: None | str | Unset
        if isinstance(self.audio_artifact_id, Unset):
            audio_artifact_id = UNSET
        else:
            audio_artifact_id = self.audio_artifact_id

        fps = self.fps

        size = self.size

        pitch_semitones = self.pitch_semitones


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatar_id": avatar_id,
        })
        if text is not UNSET:
            field_dict["text"] = text
        if voice_id is not UNSET:
            field_dict["voice_id"] = voice_id
        if audio_artifact_id is not UNSET:
            field_dict["audio_artifact_id"] = audio_artifact_id
        if fps is not UNSET:
            field_dict["fps"] = fps
        if size is not UNSET:
            field_dict["size"] = size
        if pitch_semitones is not UNSET:
            field_dict["pitch_semitones"] = pitch_semitones

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avatar_id = d.pop("avatar_id")

        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))


        def _parse_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        voice_id = _parse_voice_id(d.pop("voice_id", UNSET))


        def _parse_audio_artifact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        audio_artifact_id = _parse_audio_artifact_id(d.pop("audio_artifact_id", UNSET))


        fps = d.pop("fps", UNSET)

        size = d.pop("size", UNSET)

        pitch_semitones = d.pop("pitch_semitones", UNSET)

        video_stream_request = cls(
            avatar_id=avatar_id,
            text=text,
            voice_id=voice_id,
            audio_artifact_id=audio_artifact_id,
            fps=fps,
            size=size,
            pitch_semitones=pitch_semitones,
        )


        video_stream_request.additional_properties = d
        return video_stream_request

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.transcription_segment import TranscriptionSegment





T = TypeVar("T", bound="TranscriptionVerbose")



@_attrs_define
class TranscriptionVerbose:
    """ ``response_format=verbose_json``: the text, its language (ISO-639-1 code), the audio's duration and the
    timed segments.

        Attributes:
            language (str):
            duration (float):
            text (str):
            segments (list[TranscriptionSegment]):
            task (Literal['transcribe'] | Unset):  Default: 'transcribe'.
     """

    language: str
    duration: float
    text: str
    segments: list[TranscriptionSegment]
    task: Literal['transcribe'] | Unset = 'transcribe'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.transcription_segment import TranscriptionSegment # noqa: PLC0415
        language = self.language

        duration = self.duration

        text = self.text

        segments = []
        for segments_item_data in self.segments:
            segments_item = segments_item_data.to_dict()
            segments.append(segments_item)



        task = self.task


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "language": language,
            "duration": duration,
            "text": text,
            "segments": segments,
        })
        if task is not UNSET:
            field_dict["task"] = task

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.transcription_segment import TranscriptionSegment # noqa: PLC0415
        d = dict(src_dict)
        language = d.pop("language")

        duration = d.pop("duration")

        text = d.pop("text")

        segments = []
        _segments = d.pop("segments")
        for segments_item_data in (_segments):
            segments_item = TranscriptionSegment.from_dict(segments_item_data)



            segments.append(segments_item)


        task = cast(Literal['transcribe'] | Unset , d.pop("task", UNSET))
        if task != 'transcribe'and not isinstance(task, Unset):
            raise ValueError(f"task must match const 'transcribe', got '{task}'")

        transcription_verbose = cls(
            language=language,
            duration=duration,
            text=text,
            segments=segments,
            task=task,
        )


        transcription_verbose.additional_properties = d
        return transcription_verbose

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SpeechResult")



@_attrs_define
class SpeechResult:
    """ ``result`` of a succeeded ``voice.speech`` job; the audio is its artifact `speech.wav`.

        Attributes:
            voice_id (str):
            backend (str):
            language (str):
            duration_s (float):
            sample_rate (int):
            sentences (int):
            synthesis_seconds (float):
            speaker_similarity (float | None | Unset): Cosine similarity (resemblyzer) of the output to the profile's
                reference.
     """

    voice_id: str
    backend: str
    language: str
    duration_s: float
    sample_rate: int
    sentences: int
    synthesis_seconds: float
    speaker_similarity: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        voice_id = self.voice_id

        backend = self.backend

        language = self.language

        duration_s = self.duration_s

        sample_rate = self.sample_rate

        sentences = self.sentences

        synthesis_seconds = self.synthesis_seconds

        speaker_similarity: float | None | Unset
        if isinstance(self.speaker_similarity, Unset):
            speaker_similarity = UNSET
        else:
            speaker_similarity = self.speaker_similarity


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "voice_id": voice_id,
            "backend": backend,
            "language": language,
            "duration_s": duration_s,
            "sample_rate": sample_rate,
            "sentences": sentences,
            "synthesis_seconds": synthesis_seconds,
        })
        if speaker_similarity is not UNSET:
            field_dict["speaker_similarity"] = speaker_similarity

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        voice_id = d.pop("voice_id")

        backend = d.pop("backend")

        language = d.pop("language")

        duration_s = d.pop("duration_s")

        sample_rate = d.pop("sample_rate")

        sentences = d.pop("sentences")

        synthesis_seconds = d.pop("synthesis_seconds")

        def _parse_speaker_similarity(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        speaker_similarity = _parse_speaker_similarity(d.pop("speaker_similarity", UNSET))


        speech_result = cls(
            voice_id=voice_id,
            backend=backend,
            language=language,
            duration_s=duration_s,
            sample_rate=sample_rate,
            sentences=sentences,
            synthesis_seconds=synthesis_seconds,
            speaker_similarity=speaker_similarity,
        )


        speech_result.additional_properties = d
        return speech_result

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

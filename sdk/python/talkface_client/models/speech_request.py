from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.speech_request_format import SpeechRequestFormat
from ..models.speech_request_language import SpeechRequestLanguage
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SpeechRequest")



@_attrs_define
class SpeechRequest:
    """ JSON body of ``POST /api/v1/speech`` and ``POST /api/v1/speech/jobs``.

        Attributes:
            text (str): What to say: Chinese, English or both mixed. Numbers, dates and units are read out; long text is
                split into sentences.
            voice_id (str): A voice profile id (`POST /api/v1/voices`) or a built-in voice such as `kokoro-jf_alpha` or
                `piper-joe` (`GET /api/v1/voices`).
            language (SpeechRequestLanguage | Unset): `auto` detects zh/en from the text (mixed text allowed). Default:
                SpeechRequestLanguage.AUTO.
            speed (float | Unset): Speaking rate factor. Default: 1.0.
            pitch_semitones (float | Unset): Pitch change after synthesis (WORLD; formants kept). Default: 0.0.
            format_ (SpeechRequestFormat | Unset): `pcm` is raw signed 16-bit little-endian mono. Default:
                SpeechRequestFormat.WAV.
            sample_rate (int | None | Unset): Output sample rate; default: the engine's own.
            stream (bool | Unset): Chunked audio, the first chunk after the first sentence. Default: False.
            instruct (None | str | Unset): Style instruction (emotion, dialect ...); CosyVoice backend only, 422
                `instruct_not_supported` elsewhere.
            clone (bool | Unset): For a voice profile: apply the cloning stage. `false` speaks with the profile's base voice
                only (for comparison). Default: True.
     """

    text: str
    voice_id: str
    language: SpeechRequestLanguage | Unset = SpeechRequestLanguage.AUTO
    speed: float | Unset = 1.0
    pitch_semitones: float | Unset = 0.0
    format_: SpeechRequestFormat | Unset = SpeechRequestFormat.WAV
    sample_rate: int | None | Unset = UNSET
    stream: bool | Unset = False
    instruct: None | str | Unset = UNSET
    clone: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        text = self.text

        voice_id = self.voice_id

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        speed = self.speed

        pitch_semitones = self.pitch_semitones

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value


        sample_rate: int | None | Unset
        if isinstance(self.sample_rate, Unset):
            sample_rate = UNSET
        else:
            sample_rate = self.sample_rate

        stream = self.stream

        instruct: None | str | Unset
        if isinstance(self.instruct, Unset):
            instruct = UNSET
        else:
            instruct = self.instruct

        clone = self.clone


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "text": text,
            "voice_id": voice_id,
        })
        if language is not UNSET:
            field_dict["language"] = language
        if speed is not UNSET:
            field_dict["speed"] = speed
        if pitch_semitones is not UNSET:
            field_dict["pitch_semitones"] = pitch_semitones
        if format_ is not UNSET:
            field_dict["format"] = format_
        if sample_rate is not UNSET:
            field_dict["sample_rate"] = sample_rate
        if stream is not UNSET:
            field_dict["stream"] = stream
        if instruct is not UNSET:
            field_dict["instruct"] = instruct
        if clone is not UNSET:
            field_dict["clone"] = clone

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        text = d.pop("text")

        voice_id = d.pop("voice_id")

        _language = d.pop("language", UNSET)
        language: SpeechRequestLanguage | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = SpeechRequestLanguage(_language)




        speed = d.pop("speed", UNSET)

        pitch_semitones = d.pop("pitch_semitones", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: SpeechRequestFormat | Unset
        if isinstance(_format_,  Unset):
            format_ = UNSET
        else:
            format_ = SpeechRequestFormat(_format_)




        def _parse_sample_rate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sample_rate = _parse_sample_rate(d.pop("sample_rate", UNSET))


        stream = d.pop("stream", UNSET)

        def _parse_instruct(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instruct = _parse_instruct(d.pop("instruct", UNSET))


        clone = d.pop("clone", UNSET)

        speech_request = cls(
            text=text,
            voice_id=voice_id,
            language=language,
            speed=speed,
            pitch_semitones=pitch_semitones,
            format_=format_,
            sample_rate=sample_rate,
            stream=stream,
            instruct=instruct,
            clone=clone,
        )


        speech_request.additional_properties = d
        return speech_request

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.audio_speech_request_response_format import AudioSpeechRequestResponseFormat
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AudioSpeechRequest")



@_attrs_define
class AudioSpeechRequest:
    """ JSON body of ``POST /v1/audio/speech`` (OpenAI's shape). Fields of OpenAI's API not listed are ignored.

        Attributes:
            model (str): One of talkface-tts, tts-1, tts-1-hd, gpt-4o-mini-tts, or the backend's name (all the same engine).
            input_ (str): The text to speak (the same text rules and limit as `POST /api/v1/speech`).
            voice (str): A voice profile id, a built-in voice id (`GET /api/v1/voices`), or one of OpenAI's voice names,
                which map to built-in voices (docs/voice.md).
            response_format (AudioSpeechRequestResponseFormat | Unset): `pcm` is raw signed 16-bit little-endian mono at 24
                kHz, like OpenAI's. Default: AudioSpeechRequestResponseFormat.MP3.
            speed (float | Unset): Speaking rate factor. Default: 1.0.
            instructions (None | str | Unset): Style instruction; followed by the CosyVoice backend, ignored by the others.
     """

    model: str
    input_: str
    voice: str
    response_format: AudioSpeechRequestResponseFormat | Unset = AudioSpeechRequestResponseFormat.MP3
    speed: float | Unset = 1.0
    instructions: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        model = self.model

        input_ = self.input_

        voice = self.voice

        response_format: str | Unset = UNSET
        if not isinstance(self.response_format, Unset):
            response_format = self.response_format.value


        speed = self.speed

        instructions: None | str | Unset
        if isinstance(self.instructions, Unset):
            instructions = UNSET
        else:
            instructions = self.instructions


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "model": model,
            "input": input_,
            "voice": voice,
        })
        if response_format is not UNSET:
            field_dict["response_format"] = response_format
        if speed is not UNSET:
            field_dict["speed"] = speed
        if instructions is not UNSET:
            field_dict["instructions"] = instructions

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = d.pop("model")

        input_ = d.pop("input")

        voice = d.pop("voice")

        _response_format = d.pop("response_format", UNSET)
        response_format: AudioSpeechRequestResponseFormat | Unset
        if isinstance(_response_format,  Unset):
            response_format = UNSET
        else:
            response_format = AudioSpeechRequestResponseFormat(_response_format)




        speed = d.pop("speed", UNSET)

        def _parse_instructions(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instructions = _parse_instructions(d.pop("instructions", UNSET))


        audio_speech_request = cls(
            model=model,
            input_=input_,
            voice=voice,
            response_format=response_format,
            speed=speed,
            instructions=instructions,
        )


        audio_speech_request.additional_properties = d
        return audio_speech_request

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

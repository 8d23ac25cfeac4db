from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..models.voice_create_form_language import VoiceCreateFormLanguage
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO
from typing import cast






T = TypeVar("T", bound="VoiceCreateForm")



@_attrs_define
class VoiceCreateForm:
    """ multipart/form-data body of ``POST /api/v1/voices``.

        Attributes:
            file (File): Reference speech, 3–30 s of one speaker (wav, mp3, m4a, ogg, webm, flac).
            name (str):
            language (VoiceCreateFormLanguage | Unset): Language of the reference; detected when omitted.
            transcript (None | str | Unset): What the reference says; transcribed (Whisper) when omitted.
            enroll (bool | None | Unset): Start the enrollment job (fitting the voice in the background); default
                `VOICE_ENROLL_ON_CREATE`. The profile is usable at once either way.
     """

    file: File
    name: str
    language: VoiceCreateFormLanguage | Unset = UNSET
    transcript: None | str | Unset = UNSET
    enroll: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        file = self.file.to_tuple()


        name = self.name

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        transcript: None | str | Unset
        if isinstance(self.transcript, Unset):
            transcript = UNSET
        else:
            transcript = self.transcript

        enroll: bool | None | Unset
        if isinstance(self.enroll, Unset):
            enroll = UNSET
        else:
            enroll = self.enroll


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "file": file,
            "name": name,
        })
        if language is not UNSET:
            field_dict["language"] = language
        if transcript is not UNSET:
            field_dict["transcript"] = transcript
        if enroll is not UNSET:
            field_dict["enroll"] = enroll

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("file", self.file.to_tuple()))



        files.append(("name", (None, str(self.name).encode(), "text/plain")))



        if not isinstance(self.language, Unset):
            files.append(("language",  (None, str(self.language.value).encode(), "text/plain")))



        if not isinstance(self.transcript, Unset):
            if isinstance(self.transcript, str):

                files.append(("transcript", (None, str(self.transcript).encode(), "text/plain")))
            else:
                files.append(("transcript", (None, str(self.transcript).encode(), "text/plain")))


        if not isinstance(self.enroll, Unset):
            if isinstance(self.enroll, bool):

                files.append(("enroll", (None, str(self.enroll).encode(), "text/plain")))
            else:
                files.append(("enroll", (None, str(self.enroll).encode(), "text/plain")))



        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))



        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file = File(
             payload = BytesIO(d.pop("file"))
        )




        name = d.pop("name")

        _language = d.pop("language", UNSET)
        language: VoiceCreateFormLanguage | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = VoiceCreateFormLanguage(_language)




        def _parse_transcript(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        transcript = _parse_transcript(d.pop("transcript", UNSET))


        def _parse_enroll(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enroll = _parse_enroll(d.pop("enroll", UNSET))


        voice_create_form = cls(
            file=file,
            name=name,
            language=language,
            transcript=transcript,
            enroll=enroll,
        )


        voice_create_form.additional_properties = d
        return voice_create_form

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

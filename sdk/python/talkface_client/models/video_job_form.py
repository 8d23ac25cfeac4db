from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..models.background import Background
from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO
from typing import cast






T = TypeVar("T", bound="VideoJobForm")



@_attrs_define
class VideoJobForm:
    """ multipart/form-data body of ``POST /api/v1/videos/jobs``: exactly one of `audio`,
    `audio_artifact_id` or `text` (+ `voice_id`).

        Attributes:
            avatar_id (str):
            text (None | str | Unset): Spoken through the voice service with `voice_id`.
            voice_id (None | str | Unset):
            audio (File | None | Unset): Speech in any format ffmpeg decodes.
            audio_artifact_id (None | str | Unset): Key of an audio artifact already stored (a job's).
            fps (int | Unset):  Default: 25.
            size (int | Unset): Side of the square output video in pixels. Default: 512.
            background (Background | Unset):
            background_colour (str | Unset):  Default: '#00b140'.
            background_image (File | None | Unset): Used when background=image.
            pitch_semitones (float | Unset):  Default: 0.0.
     """

    avatar_id: str
    text: None | str | Unset = UNSET
    voice_id: None | str | Unset = UNSET
    audio: File | None | Unset = UNSET
    audio_artifact_id: None | str | Unset = UNSET
    fps: int | Unset = 25
    size: int | Unset = 512
    background: Background | Unset = UNSET
    background_colour: str | Unset = '#00b140'
    background_image: File | None | Unset = UNSET
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

        audio: FileTypes | None | Unset
        if isinstance(self.audio, Unset):
            audio = UNSET
        elif isinstance(self.audio, File):
            audio = self.audio.to_tuple()

        else:
            audio = self.audio

        audio_artifact_id: None | str | Unset
        if isinstance(self.audio_artifact_id, Unset):
            audio_artifact_id = UNSET
        else:
            audio_artifact_id = self.audio_artifact_id

        fps = self.fps

        size = self.size

        background: str | Unset = UNSET
        if not isinstance(self.background, Unset):
            background = self.background.value


        background_colour = self.background_colour

        background_image: FileTypes | None | Unset
        if isinstance(self.background_image, Unset):
            background_image = UNSET
        elif isinstance(self.background_image, File):
            background_image = self.background_image.to_tuple()

        else:
            background_image = self.background_image

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
        if audio is not UNSET:
            field_dict["audio"] = audio
        if audio_artifact_id is not UNSET:
            field_dict["audio_artifact_id"] = audio_artifact_id
        if fps is not UNSET:
            field_dict["fps"] = fps
        if size is not UNSET:
            field_dict["size"] = size
        if background is not UNSET:
            field_dict["background"] = background
        if background_colour is not UNSET:
            field_dict["background_colour"] = background_colour
        if background_image is not UNSET:
            field_dict["background_image"] = background_image
        if pitch_semitones is not UNSET:
            field_dict["pitch_semitones"] = pitch_semitones

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("avatar_id", (None, str(self.avatar_id).encode(), "text/plain")))



        if not isinstance(self.text, Unset):
            if isinstance(self.text, str):

                files.append(("text", (None, str(self.text).encode(), "text/plain")))
            else:
                files.append(("text", (None, str(self.text).encode(), "text/plain")))


        if not isinstance(self.voice_id, Unset):
            if isinstance(self.voice_id, str):

                files.append(("voice_id", (None, str(self.voice_id).encode(), "text/plain")))
            else:
                files.append(("voice_id", (None, str(self.voice_id).encode(), "text/plain")))


        if not isinstance(self.audio, Unset):
            if isinstance(self.audio, File):

                files.append(("audio", self.audio.to_tuple()))
            else:
                files.append(("audio", (None, str(self.audio).encode(), "text/plain")))


        if not isinstance(self.audio_artifact_id, Unset):
            if isinstance(self.audio_artifact_id, str):

                files.append(("audio_artifact_id", (None, str(self.audio_artifact_id).encode(), "text/plain")))
            else:
                files.append(("audio_artifact_id", (None, str(self.audio_artifact_id).encode(), "text/plain")))


        if not isinstance(self.fps, Unset):
            files.append(("fps", (None, str(self.fps).encode(), "text/plain")))



        if not isinstance(self.size, Unset):
            files.append(("size", (None, str(self.size).encode(), "text/plain")))



        if not isinstance(self.background, Unset):
            files.append(("background",  (None, str(self.background.value).encode(), "text/plain")))



        if not isinstance(self.background_colour, Unset):
            files.append(("background_colour", (None, str(self.background_colour).encode(), "text/plain")))



        if not isinstance(self.background_image, Unset):
            if isinstance(self.background_image, File):

                files.append(("background_image", self.background_image.to_tuple()))
            else:
                files.append(("background_image", (None, str(self.background_image).encode(), "text/plain")))


        if not isinstance(self.pitch_semitones, Unset):
            files.append(("pitch_semitones", (None, str(self.pitch_semitones).encode(), "text/plain")))




        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))



        return files


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


        def _parse_audio(data: object) -> File | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, bytes):
                    raise TypeError()
                audio_type_0 = File(
                     payload = BytesIO(data)
                )



                return audio_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(File | None | Unset, data)

        audio = _parse_audio(d.pop("audio", UNSET))


        def _parse_audio_artifact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        audio_artifact_id = _parse_audio_artifact_id(d.pop("audio_artifact_id", UNSET))


        fps = d.pop("fps", UNSET)

        size = d.pop("size", UNSET)

        _background = d.pop("background", UNSET)
        background: Background | Unset
        if isinstance(_background,  Unset):
            background = UNSET
        else:
            background = Background(_background)




        background_colour = d.pop("background_colour", UNSET)

        def _parse_background_image(data: object) -> File | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, bytes):
                    raise TypeError()
                background_image_type_0 = File(
                     payload = BytesIO(data)
                )



                return background_image_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(File | None | Unset, data)

        background_image = _parse_background_image(d.pop("background_image", UNSET))


        pitch_semitones = d.pop("pitch_semitones", UNSET)

        video_job_form = cls(
            avatar_id=avatar_id,
            text=text,
            voice_id=voice_id,
            audio=audio,
            audio_artifact_id=audio_artifact_id,
            fps=fps,
            size=size,
            background=background,
            background_colour=background_colour,
            background_image=background_image,
            pitch_semitones=pitch_semitones,
        )


        video_job_form.additional_properties = d
        return video_job_form

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

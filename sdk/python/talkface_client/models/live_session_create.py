from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.live_session_create_language import LiveSessionCreateLanguage
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LiveSessionCreate")



@_attrs_define
class LiveSessionCreate:
    """ ``POST /api/v1/live/sessions``: who speaks, with which voice, in which conversation, at which size.

        Attributes:
            avatar_id (str): The avatar to animate (any renderer: portrait, ER-NeRF once trained).
            voice_id (None | str | Unset): Voice of the replies; default: the avatar's default voice, else the chat default.
            conversation_id (None | str | Unset): Continue this chat conversation; default: a new one (with `persona`,
                `language`).
            persona (None | str | Unset): System prompt of a new conversation.
            language (LiveSessionCreateLanguage | Unset):  Default: LiveSessionCreateLanguage.AUTO.
            size (int | Unset): Square side. Default: 256.
            fps (int | Unset):  Default: 25.
     """

    avatar_id: str
    voice_id: None | str | Unset = UNSET
    conversation_id: None | str | Unset = UNSET
    persona: None | str | Unset = UNSET
    language: LiveSessionCreateLanguage | Unset = LiveSessionCreateLanguage.AUTO
    size: int | Unset = 256
    fps: int | Unset = 25
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        avatar_id = self.avatar_id

        voice_id: None | str | Unset
        if isinstance(self.voice_id, Unset):
            voice_id = UNSET
        else:
            voice_id = self.voice_id

        conversation_id: None | str | Unset
        if isinstance(self.conversation_id, Unset):
            conversation_id = UNSET
        else:
            conversation_id = self.conversation_id

        persona: None | str | Unset
        if isinstance(self.persona, Unset):
            persona = UNSET
        else:
            persona = self.persona

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        size = self.size

        fps = self.fps


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatar_id": avatar_id,
        })
        if voice_id is not UNSET:
            field_dict["voice_id"] = voice_id
        if conversation_id is not UNSET:
            field_dict["conversation_id"] = conversation_id
        if persona is not UNSET:
            field_dict["persona"] = persona
        if language is not UNSET:
            field_dict["language"] = language
        if size is not UNSET:
            field_dict["size"] = size
        if fps is not UNSET:
            field_dict["fps"] = fps

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avatar_id = d.pop("avatar_id")

        def _parse_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        voice_id = _parse_voice_id(d.pop("voice_id", UNSET))


        def _parse_conversation_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        conversation_id = _parse_conversation_id(d.pop("conversation_id", UNSET))


        def _parse_persona(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        persona = _parse_persona(d.pop("persona", UNSET))


        _language = d.pop("language", UNSET)
        language: LiveSessionCreateLanguage | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = LiveSessionCreateLanguage(_language)




        size = d.pop("size", UNSET)

        fps = d.pop("fps", UNSET)

        live_session_create = cls(
            avatar_id=avatar_id,
            voice_id=voice_id,
            conversation_id=conversation_id,
            persona=persona,
            language=language,
            size=size,
            fps=fps,
        )


        live_session_create.additional_properties = d
        return live_session_create

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.conversation_info_language import ConversationInfoLanguage
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ConversationInfo")



@_attrs_define
class ConversationInfo:
    """ A conversation in a list (no history).

        Attributes:
            id (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            avatar_id (None | str | Unset):
            voice_id (None | str | Unset):
            language (ConversationInfoLanguage | Unset):  Default: ConversationInfoLanguage.AUTO.
            turn_count (int | Unset):  Default: 0.
            last_message (None | str | Unset):
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    avatar_id: None | str | Unset = UNSET
    voice_id: None | str | Unset = UNSET
    language: ConversationInfoLanguage | Unset = ConversationInfoLanguage.AUTO
    turn_count: int | Unset = 0
    last_message: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        avatar_id: None | str | Unset
        if isinstance(self.avatar_id, Unset):
            avatar_id = UNSET
        else:
            avatar_id = self.avatar_id

        voice_id: None | str | Unset
        if isinstance(self.voice_id, Unset):
            voice_id = UNSET
        else:
            voice_id = self.voice_id

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        turn_count = self.turn_count

        last_message: None | str | Unset
        if isinstance(self.last_message, Unset):
            last_message = UNSET
        else:
            last_message = self.last_message


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if avatar_id is not UNSET:
            field_dict["avatar_id"] = avatar_id
        if voice_id is not UNSET:
            field_dict["voice_id"] = voice_id
        if language is not UNSET:
            field_dict["language"] = language
        if turn_count is not UNSET:
            field_dict["turn_count"] = turn_count
        if last_message is not UNSET:
            field_dict["last_message"] = last_message

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        def _parse_avatar_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        avatar_id = _parse_avatar_id(d.pop("avatar_id", UNSET))


        def _parse_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        voice_id = _parse_voice_id(d.pop("voice_id", UNSET))


        _language = d.pop("language", UNSET)
        language: ConversationInfoLanguage | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = ConversationInfoLanguage(_language)




        turn_count = d.pop("turn_count", UNSET)

        def _parse_last_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_message = _parse_last_message(d.pop("last_message", UNSET))


        conversation_info = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            avatar_id=avatar_id,
            voice_id=voice_id,
            language=language,
            turn_count=turn_count,
            last_message=last_message,
        )


        conversation_info.additional_properties = d
        return conversation_info

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.conversation_language import ConversationLanguage
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.llm_overrides import LLMOverrides
  from ..models.memory_overrides import MemoryOverrides
  from ..models.turn import Turn





T = TypeVar("T", bound="Conversation")



@_attrs_define
class Conversation:
    """ 
        Attributes:
            id (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            expires_at (datetime.datetime):
            persona (str):
            avatar_id (None | str | Unset):
            voice_id (None | str | Unset):
            speak (bool | Unset):  Default: True.
            language (ConversationLanguage | Unset):  Default: ConversationLanguage.AUTO.
            llm (LLMOverrides | Unset): Per-conversation generation settings; anything left out uses the service's settings.
            memory (MemoryOverrides | Unset): How much of the history is sent verbatim; older turns are folded into a
                running summary.
            summary (str | Unset): Running summary of the turns no longer sent verbatim. Default: ''.
            summarized_turns (int | Unset): How many of the oldest turns the summary covers. Default: 0.
            turns (list[Turn] | Unset):
     """

    id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    expires_at: datetime.datetime
    persona: str
    avatar_id: None | str | Unset = UNSET
    voice_id: None | str | Unset = UNSET
    speak: bool | Unset = True
    language: ConversationLanguage | Unset = ConversationLanguage.AUTO
    llm: LLMOverrides | Unset = UNSET
    memory: MemoryOverrides | Unset = UNSET
    summary: str | Unset = ''
    summarized_turns: int | Unset = 0
    turns: list[Turn] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.llm_overrides import LLMOverrides # noqa: PLC0415
        from ..models.memory_overrides import MemoryOverrides # noqa: PLC0415
        from ..models.turn import Turn # noqa: PLC0415
        id = self.id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        expires_at = self.expires_at.isoformat()

        persona = self.persona

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

        speak = self.speak

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        llm: dict[str, Any] | Unset = UNSET
        if not isinstance(self.llm, Unset):
            llm = self.llm.to_dict()

        memory: dict[str, Any] | Unset = UNSET
        if not isinstance(self.memory, Unset):
            memory = self.memory.to_dict()

        summary = self.summary

        summarized_turns = self.summarized_turns

        turns: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.turns, Unset):
            turns = []
            for turns_item_data in self.turns:
                turns_item = turns_item_data.to_dict()
                turns.append(turns_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "created_at": created_at,
            "updated_at": updated_at,
            "expires_at": expires_at,
            "persona": persona,
        })
        if avatar_id is not UNSET:
            field_dict["avatar_id"] = avatar_id
        if voice_id is not UNSET:
            field_dict["voice_id"] = voice_id
        if speak is not UNSET:
            field_dict["speak"] = speak
        if language is not UNSET:
            field_dict["language"] = language
        if llm is not UNSET:
            field_dict["llm"] = llm
        if memory is not UNSET:
            field_dict["memory"] = memory
        if summary is not UNSET:
            field_dict["summary"] = summary
        if summarized_turns is not UNSET:
            field_dict["summarized_turns"] = summarized_turns
        if turns is not UNSET:
            field_dict["turns"] = turns

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.llm_overrides import LLMOverrides # noqa: PLC0415
        from ..models.memory_overrides import MemoryOverrides # noqa: PLC0415
        from ..models.turn import Turn # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        persona = d.pop("persona")

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


        speak = d.pop("speak", UNSET)

        _language = d.pop("language", UNSET)
        language: ConversationLanguage | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = ConversationLanguage(_language)




        _llm = d.pop("llm", UNSET)
        llm: LLMOverrides | Unset
        if isinstance(_llm,  Unset):
            llm = UNSET
        else:
            llm = LLMOverrides.from_dict(_llm)




        _memory = d.pop("memory", UNSET)
        memory: MemoryOverrides | Unset
        if isinstance(_memory,  Unset):
            memory = UNSET
        else:
            memory = MemoryOverrides.from_dict(_memory)




        summary = d.pop("summary", UNSET)

        summarized_turns = d.pop("summarized_turns", UNSET)

        _turns = d.pop("turns", UNSET)
        turns: list[Turn] | Unset = UNSET
        if _turns is not UNSET:
            turns = []
            for turns_item_data in _turns:
                turns_item = Turn.from_dict(turns_item_data)



                turns.append(turns_item)


        conversation = cls(
            id=id,
            created_at=created_at,
            updated_at=updated_at,
            expires_at=expires_at,
            persona=persona,
            avatar_id=avatar_id,
            voice_id=voice_id,
            speak=speak,
            language=language,
            llm=llm,
            memory=memory,
            summary=summary,
            summarized_turns=summarized_turns,
            turns=turns,
        )


        conversation.additional_properties = d
        return conversation

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

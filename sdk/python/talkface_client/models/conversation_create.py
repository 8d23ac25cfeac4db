from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.conversation_create_language import ConversationCreateLanguage
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.llm_overrides import LLMOverrides
  from ..models.memory_overrides import MemoryOverrides





T = TypeVar("T", bound="ConversationCreate")



@_attrs_define
class ConversationCreate:
    """ JSON body of ``POST /api/v1/conversations``.

        Attributes:
            avatar_id (None | str | Unset): Video-service avatar; replies are rendered as video when set.
            voice_id (None | str | Unset): Voice-service voice (e.g. `kokoro-jf_alpha`); default from settings.
            speak (bool | Unset): Synthesise each reply sentence as speech (and video when an avatar is set). False: text
                only. Default: True.
            persona (None | str | Unset): System prompt; the service's default persona when left out.
            language (ConversationCreateLanguage | Unset):  Default: ConversationCreateLanguage.AUTO.
            llm (LLMOverrides | Unset): Per-conversation generation settings; anything left out uses the service's settings.
            memory (MemoryOverrides | Unset): How much of the history is sent verbatim; older turns are folded into a
                running summary.
     """

    avatar_id: None | str | Unset = UNSET
    voice_id: None | str | Unset = UNSET
    speak: bool | Unset = True
    persona: None | str | Unset = UNSET
    language: ConversationCreateLanguage | Unset = ConversationCreateLanguage.AUTO
    llm: LLMOverrides | Unset = UNSET
    memory: MemoryOverrides | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.llm_overrides import LLMOverrides # noqa: PLC0415
        from ..models.memory_overrides import MemoryOverrides # noqa: PLC0415
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

        persona: None | str | Unset
        if isinstance(self.persona, Unset):
            persona = UNSET
        else:
            persona = self.persona

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        llm: dict[str, Any] | Unset = UNSET
        if not isinstance(self.llm, Unset):
            llm = self.llm.to_dict()

        memory: dict[str, Any] | Unset = UNSET
        if not isinstance(self.memory, Unset):
            memory = self.memory.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if avatar_id is not UNSET:
            field_dict["avatar_id"] = avatar_id
        if voice_id is not UNSET:
            field_dict["voice_id"] = voice_id
        if speak is not UNSET:
            field_dict["speak"] = speak
        if persona is not UNSET:
            field_dict["persona"] = persona
        if language is not UNSET:
            field_dict["language"] = language
        if llm is not UNSET:
            field_dict["llm"] = llm
        if memory is not UNSET:
            field_dict["memory"] = memory

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.llm_overrides import LLMOverrides # noqa: PLC0415
        from ..models.memory_overrides import MemoryOverrides # noqa: PLC0415
        d = dict(src_dict)
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

        def _parse_persona(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        persona = _parse_persona(d.pop("persona", UNSET))


        _language = d.pop("language", UNSET)
        language: ConversationCreateLanguage | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = ConversationCreateLanguage(_language)




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




        conversation_create = cls(
            avatar_id=avatar_id,
            voice_id=voice_id,
            speak=speak,
            persona=persona,
            language=language,
            llm=llm,
            memory=memory,
        )

        return conversation_create


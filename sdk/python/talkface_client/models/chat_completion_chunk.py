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
  from ..models.chunk_choice import ChunkChoice





T = TypeVar("T", bound="ChatCompletionChunk")



@_attrs_define
class ChatCompletionChunk:
    """ `data:` of each streamed event of ``/v1/chat/completions`` (the stream ends with `data: [DONE]`).

        Attributes:
            id (str):
            created (int):
            model (str):
            choices (list[ChunkChoice]):
            object_ (Literal['chat.completion.chunk'] | Unset):  Default: 'chat.completion.chunk'.
     """

    id: str
    created: int
    model: str
    choices: list[ChunkChoice]
    object_: Literal['chat.completion.chunk'] | Unset = 'chat.completion.chunk'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.chunk_choice import ChunkChoice # noqa: PLC0415
        id = self.id

        created = self.created

        model = self.model

        choices = []
        for choices_item_data in self.choices:
            choices_item = choices_item_data.to_dict()
            choices.append(choices_item)



        object_ = self.object_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "created": created,
            "model": model,
            "choices": choices,
        })
        if object_ is not UNSET:
            field_dict["object"] = object_

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chunk_choice import ChunkChoice # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created = d.pop("created")

        model = d.pop("model")

        choices = []
        _choices = d.pop("choices")
        for choices_item_data in (_choices):
            choices_item = ChunkChoice.from_dict(choices_item_data)



            choices.append(choices_item)


        object_ = cast(Literal['chat.completion.chunk'] | Unset , d.pop("object", UNSET))
        if object_ != 'chat.completion.chunk'and not isinstance(object_, Unset):
            raise ValueError(f"object must match const 'chat.completion.chunk', got '{object_}'")

        chat_completion_chunk = cls(
            id=id,
            created=created,
            model=model,
            choices=choices,
            object_=object_,
        )


        chat_completion_chunk.additional_properties = d
        return chat_completion_chunk

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

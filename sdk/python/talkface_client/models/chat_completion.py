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
  from ..models.completion_choice import CompletionChoice
  from ..models.completion_usage import CompletionUsage





T = TypeVar("T", bound="ChatCompletion")



@_attrs_define
class ChatCompletion:
    """ Non-streamed answer; streamed answers are `chat.completion.chunk` SSE data lines ending in `[DONE]`.

        Attributes:
            id (str):
            created (int):
            model (str):
            choices (list[CompletionChoice]):
            object_ (Literal['chat.completion'] | Unset):  Default: 'chat.completion'.
            usage (CompletionUsage | Unset):
     """

    id: str
    created: int
    model: str
    choices: list[CompletionChoice]
    object_: Literal['chat.completion'] | Unset = 'chat.completion'
    usage: CompletionUsage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.completion_choice import CompletionChoice # noqa: PLC0415
        from ..models.completion_usage import CompletionUsage # noqa: PLC0415
        id = self.id

        created = self.created

        model = self.model

        choices = []
        for choices_item_data in self.choices:
            choices_item = choices_item_data.to_dict()
            choices.append(choices_item)



        object_ = self.object_

        usage: dict[str, Any] | Unset = UNSET
        if not isinstance(self.usage, Unset):
            usage = self.usage.to_dict()


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
        if usage is not UNSET:
            field_dict["usage"] = usage

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.completion_choice import CompletionChoice # noqa: PLC0415
        from ..models.completion_usage import CompletionUsage # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        created = d.pop("created")

        model = d.pop("model")

        choices = []
        _choices = d.pop("choices")
        for choices_item_data in (_choices):
            choices_item = CompletionChoice.from_dict(choices_item_data)



            choices.append(choices_item)


        object_ = cast(Literal['chat.completion'] | Unset , d.pop("object", UNSET))
        if object_ != 'chat.completion'and not isinstance(object_, Unset):
            raise ValueError(f"object must match const 'chat.completion', got '{object_}'")

        _usage = d.pop("usage", UNSET)
        usage: CompletionUsage | Unset
        if isinstance(_usage,  Unset):
            usage = UNSET
        else:
            usage = CompletionUsage.from_dict(_usage)




        chat_completion = cls(
            id=id,
            created=created,
            model=model,
            choices=choices,
            object_=object_,
            usage=usage,
        )


        chat_completion.additional_properties = d
        return chat_completion

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

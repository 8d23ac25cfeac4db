from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import Literal, cast






T = TypeVar("T", bound="LiveSentenceEvent")



@_attrs_define
class LiveSentenceEvent:
    """ A reply sentence scheduled on the media clock: its audio starts ``start_s`` after the tracks began.

        Attributes:
            index (int):
            text (str):
            start_s (float):
            duration_s (float):
            type_ (Literal['sentence'] | Unset):  Default: 'sentence'.
     """

    index: int
    text: str
    start_s: float
    duration_s: float
    type_: Literal['sentence'] | Unset = 'sentence'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        text = self.text

        start_s = self.start_s

        duration_s = self.duration_s

        type_ = self.type_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "text": text,
            "start_s": start_s,
            "duration_s": duration_s,
        })
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        text = d.pop("text")

        start_s = d.pop("start_s")

        duration_s = d.pop("duration_s")

        type_ = cast(Literal['sentence'] | Unset , d.pop("type", UNSET))
        if type_ != 'sentence'and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'sentence', got '{type_}'")

        live_sentence_event = cls(
            index=index,
            text=text,
            start_s=start_s,
            duration_s=duration_s,
            type_=type_,
        )


        live_sentence_event.additional_properties = d
        return live_sentence_event

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

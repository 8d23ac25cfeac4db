from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast






T = TypeVar("T", bound="LiveReplyDoneEvent")



@_attrs_define
class LiveReplyDoneEvent:
    """ The end of a reply: ``text`` is what was actually said (kept in the conversation's history).

        Attributes:
            status (str): `answered`, `interrupted`, `incomplete` or `unanswered` (as chat's `done`).
            text (str):
            type_ (Literal['reply.done'] | Unset):  Default: 'reply.done'.
            turn_id (None | str | Unset):
     """

    status: str
    text: str
    type_: Literal['reply.done'] | Unset = 'reply.done'
    turn_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        status = self.status

        text = self.text

        type_ = self.type_

        turn_id: None | str | Unset
        if isinstance(self.turn_id, Unset):
            turn_id = UNSET
        else:
            turn_id = self.turn_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
            "text": text,
        })
        if type_ is not UNSET:
            field_dict["type"] = type_
        if turn_id is not UNSET:
            field_dict["turn_id"] = turn_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status")

        text = d.pop("text")

        type_ = cast(Literal['reply.done'] | Unset , d.pop("type", UNSET))
        if type_ != 'reply.done'and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'reply.done', got '{type_}'")

        def _parse_turn_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        turn_id = _parse_turn_id(d.pop("turn_id", UNSET))


        live_reply_done_event = cls(
            status=status,
            text=text,
            type_=type_,
            turn_id=turn_id,
        )


        live_reply_done_event.additional_properties = d
        return live_reply_done_event

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

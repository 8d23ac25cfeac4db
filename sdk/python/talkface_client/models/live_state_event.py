from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.live_state import LiveState
from ..types import UNSET, Unset
from typing import Literal, cast






T = TypeVar("T", bound="LiveStateEvent")



@_attrs_define
class LiveStateEvent:
    """ 
        Attributes:
            state (LiveState):
            type_ (Literal['state'] | Unset):  Default: 'state'.
     """

    state: LiveState
    type_: Literal['state'] | Unset = 'state'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        type_ = self.type_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "state": state,
        })
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = LiveState(d.pop("state"))




        type_ = cast(Literal['state'] | Unset , d.pop("type", UNSET))
        if type_ != 'state'and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'state', got '{type_}'")

        live_state_event = cls(
            state=state,
            type_=type_,
        )


        live_state_event.additional_properties = d
        return live_state_event

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.live_error_event_stage import LiveErrorEventStage
from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.problem import Problem





T = TypeVar("T", bound="LiveErrorEvent")



@_attrs_define
class LiveErrorEvent:
    """ A failed turn (ASR, LLM, speech): the session goes on listening.

        Attributes:
            stage (LiveErrorEventStage):
            problem (Problem): RFC 9457 problem details, plus a stable ``code`` and a ``retryable`` hint.
            type_ (Literal['error'] | Unset):  Default: 'error'.
     """

    stage: LiveErrorEventStage
    problem: Problem
    type_: Literal['error'] | Unset = 'error'
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.problem import Problem # noqa: PLC0415
        stage = self.stage.value

        problem = self.problem.to_dict()

        type_ = self.type_


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "stage": stage,
            "problem": problem,
        })
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem import Problem # noqa: PLC0415
        d = dict(src_dict)
        stage = LiveErrorEventStage(d.pop("stage"))




        problem = Problem.from_dict(d.pop("problem"))




        type_ = cast(Literal['error'] | Unset , d.pop("type", UNSET))
        if type_ != 'error'and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'error', got '{type_}'")

        live_error_event = cls(
            stage=stage,
            problem=problem,
            type_=type_,
        )


        live_error_event.additional_properties = d
        return live_error_event

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.turn_status import TurnStatus
from typing import cast

if TYPE_CHECKING:
  from ..models.done_event_timings import DoneEventTimings





T = TypeVar("T", bound="DoneEvent")



@_attrs_define
class DoneEvent:
    """ `done`: the turn is over; ``timings`` are seconds from the POST (``first_*``) or per stage (``*_s``).

        Attributes:
            turn_id (str):
            status (TurnStatus):
            text (str): What was actually said (kept in the history).
            timings (DoneEventTimings):
     """

    turn_id: str
    status: TurnStatus
    text: str
    timings: DoneEventTimings
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.done_event_timings import DoneEventTimings # noqa: PLC0415
        turn_id = self.turn_id

        status = self.status.value

        text = self.text

        timings = self.timings.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "turn_id": turn_id,
            "status": status,
            "text": text,
            "timings": timings,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.done_event_timings import DoneEventTimings # noqa: PLC0415
        d = dict(src_dict)
        turn_id = d.pop("turn_id")

        status = TurnStatus(d.pop("status"))




        text = d.pop("text")

        timings = DoneEventTimings.from_dict(d.pop("timings"))




        done_event = cls(
            turn_id=turn_id,
            status=status,
            text=text,
            timings=timings,
        )


        done_event.additional_properties = d
        return done_event

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

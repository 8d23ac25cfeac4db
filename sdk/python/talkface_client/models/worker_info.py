from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WorkerInfo")



@_attrs_define
class WorkerInfo:
    """ 
        Attributes:
            id (str):
            service (str):
            queues (list[str]):
            pid (int):
            host (str):
            started_at (datetime.datetime):
            last_seen (datetime.datetime):
            current_job (None | str | Unset):
     """

    id: str
    service: str
    queues: list[str]
    pid: int
    host: str
    started_at: datetime.datetime
    last_seen: datetime.datetime
    current_job: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        service = self.service

        queues = self.queues



        pid = self.pid

        host = self.host

        started_at = self.started_at.isoformat()

        last_seen = self.last_seen.isoformat()

        current_job: None | str | Unset
        if isinstance(self.current_job, Unset):
            current_job = UNSET
        else:
            current_job = self.current_job


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "service": service,
            "queues": queues,
            "pid": pid,
            "host": host,
            "started_at": started_at,
            "last_seen": last_seen,
        })
        if current_job is not UNSET:
            field_dict["current_job"] = current_job

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        service = d.pop("service")

        queues = cast(list[str], d.pop("queues"))


        pid = d.pop("pid")

        host = d.pop("host")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        last_seen = datetime.datetime.fromisoformat(d.pop("last_seen"))




        def _parse_current_job(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current_job = _parse_current_job(d.pop("current_job", UNSET))


        worker_info = cls(
            id=id,
            service=service,
            queues=queues,
            pid=pid,
            host=host,
            started_at=started_at,
            last_seen=last_seen,
            current_job=current_job,
        )


        worker_info.additional_properties = d
        return worker_info

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

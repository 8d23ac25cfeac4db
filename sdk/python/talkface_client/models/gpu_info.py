from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="GpuInfo")



@_attrs_define
class GpuInfo:
    """ 
        Attributes:
            index (int):
            name (str):
            memory_total_mb (int):
            memory_used_mb (int):
            uuid (None | str | Unset):
            utilization_percent (int | None | Unset):
            temperature_c (int | None | Unset):
     """

    index: int
    name: str
    memory_total_mb: int
    memory_used_mb: int
    uuid: None | str | Unset = UNSET
    utilization_percent: int | None | Unset = UNSET
    temperature_c: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        index = self.index

        name = self.name

        memory_total_mb = self.memory_total_mb

        memory_used_mb = self.memory_used_mb

        uuid: None | str | Unset
        if isinstance(self.uuid, Unset):
            uuid = UNSET
        else:
            uuid = self.uuid

        utilization_percent: int | None | Unset
        if isinstance(self.utilization_percent, Unset):
            utilization_percent = UNSET
        else:
            utilization_percent = self.utilization_percent

        temperature_c: int | None | Unset
        if isinstance(self.temperature_c, Unset):
            temperature_c = UNSET
        else:
            temperature_c = self.temperature_c


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "index": index,
            "name": name,
            "memory_total_mb": memory_total_mb,
            "memory_used_mb": memory_used_mb,
        })
        if uuid is not UNSET:
            field_dict["uuid"] = uuid
        if utilization_percent is not UNSET:
            field_dict["utilization_percent"] = utilization_percent
        if temperature_c is not UNSET:
            field_dict["temperature_c"] = temperature_c

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        name = d.pop("name")

        memory_total_mb = d.pop("memory_total_mb")

        memory_used_mb = d.pop("memory_used_mb")

        def _parse_uuid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        uuid = _parse_uuid(d.pop("uuid", UNSET))


        def _parse_utilization_percent(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        utilization_percent = _parse_utilization_percent(d.pop("utilization_percent", UNSET))


        def _parse_temperature_c(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        temperature_c = _parse_temperature_c(d.pop("temperature_c", UNSET))


        gpu_info = cls(
            index=index,
            name=name,
            memory_total_mb=memory_total_mb,
            memory_used_mb=memory_used_mb,
            uuid=uuid,
            utilization_percent=utilization_percent,
            temperature_c=temperature_c,
        )


        gpu_info.additional_properties = d
        return gpu_info

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

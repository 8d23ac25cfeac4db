from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.gpu_info import GpuInfo
  from ..models.service_status import ServiceStatus
  from ..models.system_status_queues import SystemStatusQueues
  from ..models.worker_info import WorkerInfo





T = TypeVar("T", bound="SystemStatus")



@_attrs_define
class SystemStatus:
    """ 
        Attributes:
            version (str):
            services (list[ServiceStatus]):
            gpus (list[GpuInfo]):
            queues (SystemStatusQueues): Messages waiting per queue.
            workers (list[WorkerInfo]):
     """

    version: str
    services: list[ServiceStatus]
    gpus: list[GpuInfo]
    queues: SystemStatusQueues
    workers: list[WorkerInfo]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.gpu_info import GpuInfo # noqa: PLC0415
        from ..models.service_status import ServiceStatus # noqa: PLC0415
        from ..models.system_status_queues import SystemStatusQueues # noqa: PLC0415
        from ..models.worker_info import WorkerInfo # noqa: PLC0415
        version = self.version

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)



        gpus = []
        for gpus_item_data in self.gpus:
            gpus_item = gpus_item_data.to_dict()
            gpus.append(gpus_item)



        queues = self.queues.to_dict()

        workers = []
        for workers_item_data in self.workers:
            workers_item = workers_item_data.to_dict()
            workers.append(workers_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "version": version,
            "services": services,
            "gpus": gpus,
            "queues": queues,
            "workers": workers,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gpu_info import GpuInfo # noqa: PLC0415
        from ..models.service_status import ServiceStatus # noqa: PLC0415
        from ..models.system_status_queues import SystemStatusQueues # noqa: PLC0415
        from ..models.worker_info import WorkerInfo # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        services = []
        _services = d.pop("services")
        for services_item_data in (_services):
            services_item = ServiceStatus.from_dict(services_item_data)



            services.append(services_item)


        gpus = []
        _gpus = d.pop("gpus")
        for gpus_item_data in (_gpus):
            gpus_item = GpuInfo.from_dict(gpus_item_data)



            gpus.append(gpus_item)


        queues = SystemStatusQueues.from_dict(d.pop("queues"))




        workers = []
        _workers = d.pop("workers")
        for workers_item_data in (_workers):
            workers_item = WorkerInfo.from_dict(workers_item_data)



            workers.append(workers_item)


        system_status = cls(
            version=version,
            services=services,
            gpus=gpus,
            queues=queues,
            workers=workers,
        )


        system_status.additional_properties = d
        return system_status

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

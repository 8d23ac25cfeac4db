from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.service_status_checks import ServiceStatusChecks





T = TypeVar("T", bound="ServiceStatus")



@_attrs_define
class ServiceStatus:
    """ 
        Attributes:
            name (str):
            url (str):
            ready (bool):
            version (None | str | Unset):
            checks (ServiceStatusChecks | Unset): The service's own readiness checks.
            error (None | str | Unset): Why the gateway could not read the service's readiness.
     """

    name: str
    url: str
    ready: bool
    version: None | str | Unset = UNSET
    checks: ServiceStatusChecks | Unset = UNSET
    error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.service_status_checks import ServiceStatusChecks # noqa: PLC0415
        name = self.name

        url = self.url

        ready = self.ready

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        checks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.checks, Unset):
            checks = self.checks.to_dict()

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "url": url,
            "ready": ready,
        })
        if version is not UNSET:
            field_dict["version"] = version
        if checks is not UNSET:
            field_dict["checks"] = checks
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_status_checks import ServiceStatusChecks # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url")

        ready = d.pop("ready")

        def _parse_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))


        _checks = d.pop("checks", UNSET)
        checks: ServiceStatusChecks | Unset
        if isinstance(_checks,  Unset):
            checks = UNSET
        else:
            checks = ServiceStatusChecks.from_dict(_checks)




        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        service_status = cls(
            name=name,
            url=url,
            ready=ready,
            version=version,
            checks=checks,
            error=error,
        )


        service_status.additional_properties = d
        return service_status

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dependency_state import DependencyState
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="DependencyCheck")



@_attrs_define
class DependencyCheck:
    """ The state of one thing a service needs (Redis, S3, its LLM, a model, a renderer) and why.

        Attributes:
            state (DependencyState):
            required (bool | Unset): Whether the service is ready only when this is `ok`. Default: True.
            detail (None | str | Unset): What it is (engine, endpoint) or why it is not `ok`.
     """

    state: DependencyState
    required: bool | Unset = True
    detail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        required = self.required

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "state": state,
        })
        if required is not UNSET:
            field_dict["required"] = required
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = DependencyState(d.pop("state"))




        required = d.pop("required", UNSET)

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))


        dependency_check = cls(
            state=state,
            required=required,
            detail=detail,
        )


        dependency_check.additional_properties = d
        return dependency_check

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

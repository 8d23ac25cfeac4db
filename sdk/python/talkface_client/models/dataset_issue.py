from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.gate_code import GateCode
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="DatasetIssue")



@_attrs_define
class DatasetIssue:
    """ One gate's finding: what was measured against which limit.

        Attributes:
            code (GateCode): Codes of the quality gates. As an error each rejects the video with that code (every one is
                also in
                ``shared.errors.ErrorCode``, 422); as a warning the dataset is still built and the report says what is
                marginal. ``face_upscaled`` and ``frames_dropped`` are only ever warnings.
            message (str):
            measured (float | None | Unset):
            limit (float | None | Unset):
     """

    code: GateCode
    message: str
    measured: float | None | Unset = UNSET
    limit: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code.value

        message = self.message

        measured: float | None | Unset
        if isinstance(self.measured, Unset):
            measured = UNSET
        else:
            measured = self.measured

        limit: float | None | Unset
        if isinstance(self.limit, Unset):
            limit = UNSET
        else:
            limit = self.limit


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "message": message,
        })
        if measured is not UNSET:
            field_dict["measured"] = measured
        if limit is not UNSET:
            field_dict["limit"] = limit

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = GateCode(d.pop("code"))




        message = d.pop("message")

        def _parse_measured(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        measured = _parse_measured(d.pop("measured", UNSET))


        def _parse_limit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        limit = _parse_limit(d.pop("limit", UNSET))


        dataset_issue = cls(
            code=code,
            message=message,
            measured=measured,
            limit=limit,
        )


        dataset_issue.additional_properties = d
        return dataset_issue

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dataset_status import DatasetStatus
from typing import cast

if TYPE_CHECKING:
  from ..models.dataset_report import DatasetReport





T = TypeVar("T", bound="DatasetBuildResult")



@_attrs_define
class DatasetBuildResult:
    """ ``result`` of a finished ``trainer.dataset`` job.

        Attributes:
            dataset_id (str):
            status (DatasetStatus): ``queued`` -> ``processing`` -> ``ready``; or ``rejected`` (a quality gate failed: the
                report says which),
                ``failed`` (an error of ours; the job's error says what) or ``cancelled``.
            files (int):
            report (DatasetReport): What preprocessing made of one video; stored as ``report.json`` beside the dataset. A
                rejected video gets
                a report too: ``problems`` says which gate failed, and the measures of the steps that ran are filled in.
     """

    dataset_id: str
    status: DatasetStatus
    files: int
    report: DatasetReport
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.dataset_report import DatasetReport # noqa: PLC0415
        dataset_id = self.dataset_id

        status = self.status.value

        files = self.files

        report = self.report.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "dataset_id": dataset_id,
            "status": status,
            "files": files,
            "report": report,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_report import DatasetReport # noqa: PLC0415
        d = dict(src_dict)
        dataset_id = d.pop("dataset_id")

        status = DatasetStatus(d.pop("status"))




        files = d.pop("files")

        report = DatasetReport.from_dict(d.pop("report"))




        dataset_build_result = cls(
            dataset_id=dataset_id,
            status=status,
            files=files,
            report=report,
        )


        dataset_build_result.additional_properties = d
        return dataset_build_result

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dataset_preset import DatasetPreset
from ..models.dataset_status import DatasetStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.dataset_preview import DatasetPreview
  from ..models.dataset_report import DatasetReport





T = TypeVar("T", bound="Dataset")



@_attrs_define
class Dataset:
    """ 
        Attributes:
            id (str):
            name (str):
            preset (DatasetPreset): Frame size of a dataset: ``standard`` (512 px, for training) or ``tiny`` (64-128 px,
                tests and previews).
            status (DatasetStatus): ``queued`` -> ``processing`` -> ``ready``; or ``rejected`` (a quality gate failed: the
                report says which),
                ``failed`` (an error of ours; the job's error says what) or ``cancelled``.
            job_id (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            source_duration_s (float): Duration of the uploaded video as probed on upload.
            language (None | str | Unset):
            source_filename (None | str | Unset):
            files (int | Unset): Number of stored dataset files (ready datasets). Default: 0.
            storage_prefix (None | str | Unset): S3 prefix of the dataset directory (`datasets/{id}/data/`) once it is
                ready.
            report (DatasetReport | None | Unset): Set once ready or rejected.
            previews (list[DatasetPreview] | Unset):
            error (None | str | Unset): Why the job failed, when it did.
     """

    id: str
    name: str
    preset: DatasetPreset
    status: DatasetStatus
    job_id: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    source_duration_s: float
    language: None | str | Unset = UNSET
    source_filename: None | str | Unset = UNSET
    files: int | Unset = 0
    storage_prefix: None | str | Unset = UNSET
    report: DatasetReport | None | Unset = UNSET
    previews: list[DatasetPreview] | Unset = UNSET
    error: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.dataset_preview import DatasetPreview # noqa: PLC0415
        from ..models.dataset_report import DatasetReport # noqa: PLC0415
        id = self.id

        name = self.name

        preset = self.preset.value

        status = self.status.value

        job_id = self.job_id

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        source_duration_s = self.source_duration_s

        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        source_filename: None | str | Unset
        if isinstance(self.source_filename, Unset):
            source_filename = UNSET
        else:
            source_filename = self.source_filename

        files = self.files

        storage_prefix: None | str | Unset
        if isinstance(self.storage_prefix, Unset):
            storage_prefix = UNSET
        else:
            storage_prefix = self.storage_prefix

        report: dict[str, Any] | None | Unset
        if isinstance(self.report, Unset):
            report = UNSET
        elif isinstance(self.report, DatasetReport):
            report = self.report.to_dict()
        else:
            report = self.report

        previews: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.previews, Unset):
            previews = []
            for previews_item_data in self.previews:
                previews_item = previews_item_data.to_dict()
                previews.append(previews_item)



        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "preset": preset,
            "status": status,
            "job_id": job_id,
            "created_at": created_at,
            "updated_at": updated_at,
            "source_duration_s": source_duration_s,
        })
        if language is not UNSET:
            field_dict["language"] = language
        if source_filename is not UNSET:
            field_dict["source_filename"] = source_filename
        if files is not UNSET:
            field_dict["files"] = files
        if storage_prefix is not UNSET:
            field_dict["storage_prefix"] = storage_prefix
        if report is not UNSET:
            field_dict["report"] = report
        if previews is not UNSET:
            field_dict["previews"] = previews
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_preview import DatasetPreview # noqa: PLC0415
        from ..models.dataset_report import DatasetReport # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        preset = DatasetPreset(d.pop("preset"))




        status = DatasetStatus(d.pop("status"))




        job_id = d.pop("job_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        source_duration_s = d.pop("source_duration_s")

        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        def _parse_source_filename(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_filename = _parse_source_filename(d.pop("source_filename", UNSET))


        files = d.pop("files", UNSET)

        def _parse_storage_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        storage_prefix = _parse_storage_prefix(d.pop("storage_prefix", UNSET))


        def _parse_report(data: object) -> DatasetReport | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                report_type_0 = DatasetReport.from_dict(data)



                return report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DatasetReport | None | Unset, data)

        report = _parse_report(d.pop("report", UNSET))


        _previews = d.pop("previews", UNSET)
        previews: list[DatasetPreview] | Unset = UNSET
        if _previews is not UNSET:
            previews = []
            for previews_item_data in _previews:
                previews_item = DatasetPreview.from_dict(previews_item_data)



                previews.append(previews_item)


        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        dataset = cls(
            id=id,
            name=name,
            preset=preset,
            status=status,
            job_id=job_id,
            created_at=created_at,
            updated_at=updated_at,
            source_duration_s=source_duration_s,
            language=language,
            source_filename=source_filename,
            files=files,
            storage_prefix=storage_prefix,
            report=report,
            previews=previews,
            error=error,
        )


        dataset.additional_properties = d
        return dataset

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.job_status import JobStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.artifact import Artifact
  from ..models.job_inputs import JobInputs
  from ..models.job_result import JobResult
  from ..models.problem import Problem





T = TypeVar("T", bound="Job")



@_attrs_define
class Job:
    """ The durable record of one unit of background work.

        Attributes:
            id (str):
            kind (str): What the job does, e.g. `voice.pitch_shift`.
            service (str):
            queue (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            status (JobStatus | Unset):
            progress (float | Unset):  Default: 0.0.
            stage (str | Unset):  Default: 'queued'.
            started_at (datetime.datetime | None | Unset):
            finished_at (datetime.datetime | None | Unset):
            inputs (JobInputs | Unset):
            result (JobResult | Unset):
            artifacts (list[Artifact] | Unset):
            error (None | Problem | Unset):
            attempts (int | Unset):  Default: 0.
            worker_id (None | str | Unset):
            cancel_requested (bool | Unset):  Default: False.
            request_id (None | str | Unset):
     """

    id: str
    kind: str
    service: str
    queue: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    status: JobStatus | Unset = UNSET
    progress: float | Unset = 0.0
    stage: str | Unset = 'queued'
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    inputs: JobInputs | Unset = UNSET
    result: JobResult | Unset = UNSET
    artifacts: list[Artifact] | Unset = UNSET
    error: None | Problem | Unset = UNSET
    attempts: int | Unset = 0
    worker_id: None | str | Unset = UNSET
    cancel_requested: bool | Unset = False
    request_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.artifact import Artifact # noqa: PLC0415
        from ..models.job_inputs import JobInputs # noqa: PLC0415
        from ..models.job_result import JobResult # noqa: PLC0415
        from ..models.problem import Problem # noqa: PLC0415
        id = self.id

        kind = self.kind

        service = self.service

        queue = self.queue

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        progress = self.progress

        stage = self.stage

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        inputs: dict[str, Any] | Unset = UNSET
        if not isinstance(self.inputs, Unset):
            inputs = self.inputs.to_dict()

        result: dict[str, Any] | Unset = UNSET
        if not isinstance(self.result, Unset):
            result = self.result.to_dict()

        artifacts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.artifacts, Unset):
            artifacts = []
            for artifacts_item_data in self.artifacts:
                artifacts_item = artifacts_item_data.to_dict()
                artifacts.append(artifacts_item)



        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, Problem):
            error = self.error.to_dict()
        else:
            error = self.error

        attempts = self.attempts

        worker_id: None | str | Unset
        if isinstance(self.worker_id, Unset):
            worker_id = UNSET
        else:
            worker_id = self.worker_id

        cancel_requested = self.cancel_requested

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "service": service,
            "queue": queue,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if status is not UNSET:
            field_dict["status"] = status
        if progress is not UNSET:
            field_dict["progress"] = progress
        if stage is not UNSET:
            field_dict["stage"] = stage
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if result is not UNSET:
            field_dict["result"] = result
        if artifacts is not UNSET:
            field_dict["artifacts"] = artifacts
        if error is not UNSET:
            field_dict["error"] = error
        if attempts is not UNSET:
            field_dict["attempts"] = attempts
        if worker_id is not UNSET:
            field_dict["worker_id"] = worker_id
        if cancel_requested is not UNSET:
            field_dict["cancel_requested"] = cancel_requested
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.artifact import Artifact # noqa: PLC0415
        from ..models.job_inputs import JobInputs # noqa: PLC0415
        from ..models.job_result import JobResult # noqa: PLC0415
        from ..models.problem import Problem # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        service = d.pop("service")

        queue = d.pop("queue")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        _status = d.pop("status", UNSET)
        status: JobStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = JobStatus(_status)




        progress = d.pop("progress", UNSET)

        stage = d.pop("stage", UNSET)

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))


        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))


        _inputs = d.pop("inputs", UNSET)
        inputs: JobInputs | Unset
        if isinstance(_inputs,  Unset):
            inputs = UNSET
        else:
            inputs = JobInputs.from_dict(_inputs)




        _result = d.pop("result", UNSET)
        result: JobResult | Unset
        if isinstance(_result,  Unset):
            result = UNSET
        else:
            result = JobResult.from_dict(_result)




        _artifacts = d.pop("artifacts", UNSET)
        artifacts: list[Artifact] | Unset = UNSET
        if _artifacts is not UNSET:
            artifacts = []
            for artifacts_item_data in _artifacts:
                artifacts_item = Artifact.from_dict(artifacts_item_data)



                artifacts.append(artifacts_item)


        def _parse_error(data: object) -> None | Problem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = Problem.from_dict(data)



                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Problem | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        attempts = d.pop("attempts", UNSET)

        def _parse_worker_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        worker_id = _parse_worker_id(d.pop("worker_id", UNSET))


        cancel_requested = d.pop("cancel_requested", UNSET)

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))


        job = cls(
            id=id,
            kind=kind,
            service=service,
            queue=queue,
            created_at=created_at,
            updated_at=updated_at,
            status=status,
            progress=progress,
            stage=stage,
            started_at=started_at,
            finished_at=finished_at,
            inputs=inputs,
            result=result,
            artifacts=artifacts,
            error=error,
            attempts=attempts,
            worker_id=worker_id,
            cancel_requested=cancel_requested,
            request_id=request_id,
        )


        job.additional_properties = d
        return job

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

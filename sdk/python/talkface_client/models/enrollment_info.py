from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.enrollment_info_chosen_type_0 import EnrollmentInfoChosenType0
from ..models.enrollment_info_status import EnrollmentInfoStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.enrollment_info_held_out import EnrollmentInfoHeldOut





T = TypeVar("T", bound="EnrollmentInfo")



@_attrs_define
class EnrollmentInfo:
    """ The profile's enrollment: a background job that fits Kokoro's timbre vector to the speaker (style
    inversion). The profile speaks with its DSP clone until the job has chosen the best voice.

        Attributes:
            status (EnrollmentInfoStatus):
            job_id (None | str | Unset):
            progress (float | Unset): 0–1, as the job's own progress. Default: 0.0.
            evaluations (int | Unset): Candidate voices measured so far (kept across cancel and resume). Default: 0.
            budget (int | Unset): Candidate voices the search may measure (`VOICE_ENROLL_BUDGET`). Default: 0.
            resumed_from (int | None | Unset): Candidates carried over from a cancelled or interrupted run of the search.
            training_similarity (float | None | Unset): Best resemblyzer similarity on the training sentences so far.
            held_out (EnrollmentInfoHeldOut | Unset): Held-out similarity per variant: `base` (stock style), `dsp` (stock +
                WORLD clone), `fitted` (fitted timbre), `fitted_world` (fitted + WORLD).
            chosen (EnrollmentInfoChosenType0 | None | Unset): The variant the profile now speaks with: never below `base`
                on either encoder.
            languages (list[str] | Unset): Languages the fitted timbre is used for (zh only if it passed the gate).
            zh_cer_base (float | None | Unset): Whisper character error rate of the base voice (gate).
            zh_cer_fitted (float | None | Unset): The same for the fitted voice.
            seconds (float | None | Unset): Compute time of the job (all runs).
            detail (None | str | Unset): Why the job failed or what it decided, in words.
            updated_at (datetime.datetime | None | Unset):
     """

    status: EnrollmentInfoStatus
    job_id: None | str | Unset = UNSET
    progress: float | Unset = 0.0
    evaluations: int | Unset = 0
    budget: int | Unset = 0
    resumed_from: int | None | Unset = UNSET
    training_similarity: float | None | Unset = UNSET
    held_out: EnrollmentInfoHeldOut | Unset = UNSET
    chosen: EnrollmentInfoChosenType0 | None | Unset = UNSET
    languages: list[str] | Unset = UNSET
    zh_cer_base: float | None | Unset = UNSET
    zh_cer_fitted: float | None | Unset = UNSET
    seconds: float | None | Unset = UNSET
    detail: None | str | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.enrollment_info_held_out import EnrollmentInfoHeldOut # noqa: PLC0415
        status = self.status.value

        job_id: None | str | Unset
        if isinstance(self.job_id, Unset):
            job_id = UNSET
        else:
            job_id = self.job_id

        progress = self.progress

        evaluations = self.evaluations

        budget = self.budget

        resumed_from: int | None | Unset
        if isinstance(self.resumed_from, Unset):
            resumed_from = UNSET
        else:
            resumed_from = self.resumed_from

        training_similarity: float | None | Unset
        if isinstance(self.training_similarity, Unset):
            training_similarity = UNSET
        else:
            training_similarity = self.training_similarity

        held_out: dict[str, Any] | Unset = UNSET
        if not isinstance(self.held_out, Unset):
            held_out = self.held_out.to_dict()

        chosen: None | str | Unset
        if isinstance(self.chosen, Unset):
            chosen = UNSET
        elif isinstance(self.chosen, EnrollmentInfoChosenType0):
            chosen = self.chosen.value
        else:
            chosen = self.chosen

        languages: list[str] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = self.languages



        zh_cer_base: float | None | Unset
        if isinstance(self.zh_cer_base, Unset):
            zh_cer_base = UNSET
        else:
            zh_cer_base = self.zh_cer_base

        zh_cer_fitted: float | None | Unset
        if isinstance(self.zh_cer_fitted, Unset):
            zh_cer_fitted = UNSET
        else:
            zh_cer_fitted = self.zh_cer_fitted

        seconds: float | None | Unset
        if isinstance(self.seconds, Unset):
            seconds = UNSET
        else:
            seconds = self.seconds

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
        })
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if progress is not UNSET:
            field_dict["progress"] = progress
        if evaluations is not UNSET:
            field_dict["evaluations"] = evaluations
        if budget is not UNSET:
            field_dict["budget"] = budget
        if resumed_from is not UNSET:
            field_dict["resumed_from"] = resumed_from
        if training_similarity is not UNSET:
            field_dict["training_similarity"] = training_similarity
        if held_out is not UNSET:
            field_dict["held_out"] = held_out
        if chosen is not UNSET:
            field_dict["chosen"] = chosen
        if languages is not UNSET:
            field_dict["languages"] = languages
        if zh_cer_base is not UNSET:
            field_dict["zh_cer_base"] = zh_cer_base
        if zh_cer_fitted is not UNSET:
            field_dict["zh_cer_fitted"] = zh_cer_fitted
        if seconds is not UNSET:
            field_dict["seconds"] = seconds
        if detail is not UNSET:
            field_dict["detail"] = detail
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.enrollment_info_held_out import EnrollmentInfoHeldOut # noqa: PLC0415
        d = dict(src_dict)
        status = EnrollmentInfoStatus(d.pop("status"))




        def _parse_job_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        job_id = _parse_job_id(d.pop("job_id", UNSET))


        progress = d.pop("progress", UNSET)

        evaluations = d.pop("evaluations", UNSET)

        budget = d.pop("budget", UNSET)

        def _parse_resumed_from(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        resumed_from = _parse_resumed_from(d.pop("resumed_from", UNSET))


        def _parse_training_similarity(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        training_similarity = _parse_training_similarity(d.pop("training_similarity", UNSET))


        _held_out = d.pop("held_out", UNSET)
        held_out: EnrollmentInfoHeldOut | Unset
        if isinstance(_held_out,  Unset):
            held_out = UNSET
        else:
            held_out = EnrollmentInfoHeldOut.from_dict(_held_out)




        def _parse_chosen(data: object) -> EnrollmentInfoChosenType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                chosen_type_0 = EnrollmentInfoChosenType0(data)



                return chosen_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EnrollmentInfoChosenType0 | None | Unset, data)

        chosen = _parse_chosen(d.pop("chosen", UNSET))


        languages = cast(list[str], d.pop("languages", UNSET))


        def _parse_zh_cer_base(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        zh_cer_base = _parse_zh_cer_base(d.pop("zh_cer_base", UNSET))


        def _parse_zh_cer_fitted(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        zh_cer_fitted = _parse_zh_cer_fitted(d.pop("zh_cer_fitted", UNSET))


        def _parse_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        seconds = _parse_seconds(d.pop("seconds", UNSET))


        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))


        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))


        enrollment_info = cls(
            status=status,
            job_id=job_id,
            progress=progress,
            evaluations=evaluations,
            budget=budget,
            resumed_from=resumed_from,
            training_similarity=training_similarity,
            held_out=held_out,
            chosen=chosen,
            languages=languages,
            zh_cer_base=zh_cer_base,
            zh_cer_fitted=zh_cer_fitted,
            seconds=seconds,
            detail=detail,
            updated_at=updated_at,
        )


        enrollment_info.additional_properties = d
        return enrollment_info

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.voice_profile_kind import VoiceProfileKind
from ..models.voice_profile_transcript_source import VoiceProfileTranscriptSource
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.clone_info import CloneInfo
  from ..models.enrollment_info import EnrollmentInfo
  from ..models.quality_report import QualityReport





T = TypeVar("T", bound="VoiceProfile")



@_attrs_define
class VoiceProfile:
    """ A user's voice (from a reference recording) or a built-in voice of an embedded engine.

        Attributes:
            id (str):
            name (str):
            engine (str): Engine that speaks it: `kokoro`, `piper` or the profile's backend.
            kind (VoiceProfileKind | Unset):  Default: VoiceProfileKind.PROFILE.
            language (None | str | Unset):
            languages (list[str] | Unset): Languages it can speak.
            transcript (None | str | Unset):
            transcript_source (VoiceProfileTranscriptSource | Unset):  Default: VoiceProfileTranscriptSource.NONE.
            created_at (datetime.datetime | None | Unset):
            updated_at (datetime.datetime | None | Unset):
            quality (None | QualityReport | Unset):
            clone (CloneInfo | None | Unset):
            enrollment (EnrollmentInfo | None | Unset):
            reference_url (None | str | Unset): Presigned URL of the processed reference (GET one).
            original_url (None | str | Unset): Presigned URL of the uploaded file (GET one).
     """

    id: str
    name: str
    engine: str
    kind: VoiceProfileKind | Unset = VoiceProfileKind.PROFILE
    language: None | str | Unset = UNSET
    languages: list[str] | Unset = UNSET
    transcript: None | str | Unset = UNSET
    transcript_source: VoiceProfileTranscriptSource | Unset = VoiceProfileTranscriptSource.NONE
    created_at: datetime.datetime | None | Unset = UNSET
    updated_at: datetime.datetime | None | Unset = UNSET
    quality: None | QualityReport | Unset = UNSET
    clone: CloneInfo | None | Unset = UNSET
    enrollment: EnrollmentInfo | None | Unset = UNSET
    reference_url: None | str | Unset = UNSET
    original_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.clone_info import CloneInfo # noqa: PLC0415
        from ..models.enrollment_info import EnrollmentInfo # noqa: PLC0415
        from ..models.quality_report import QualityReport # noqa: PLC0415
        id = self.id

        name = self.name

        engine = self.engine

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        language: None | str | Unset
        if isinstance(self.language, Unset):
            language = UNSET
        else:
            language = self.language

        languages: list[str] | Unset = UNSET
        if not isinstance(self.languages, Unset):
            languages = self.languages



        transcript: None | str | Unset
        if isinstance(self.transcript, Unset):
            transcript = UNSET
        else:
            transcript = self.transcript

        transcript_source: str | Unset = UNSET
        if not isinstance(self.transcript_source, Unset):
            transcript_source = self.transcript_source.value


        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        quality: dict[str, Any] | None | Unset
        if isinstance(self.quality, Unset):
            quality = UNSET
        elif isinstance(self.quality, QualityReport):
            quality = self.quality.to_dict()
        else:
            quality = self.quality

        clone: dict[str, Any] | None | Unset
        if isinstance(self.clone, Unset):
            clone = UNSET
        elif isinstance(self.clone, CloneInfo):
            clone = self.clone.to_dict()
        else:
            clone = self.clone

        enrollment: dict[str, Any] | None | Unset
        if isinstance(self.enrollment, Unset):
            enrollment = UNSET
        elif isinstance(self.enrollment, EnrollmentInfo):
            enrollment = self.enrollment.to_dict()
        else:
            enrollment = self.enrollment

        reference_url: None | str | Unset
        if isinstance(self.reference_url, Unset):
            reference_url = UNSET
        else:
            reference_url = self.reference_url

        original_url: None | str | Unset
        if isinstance(self.original_url, Unset):
            original_url = UNSET
        else:
            original_url = self.original_url


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "engine": engine,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if language is not UNSET:
            field_dict["language"] = language
        if languages is not UNSET:
            field_dict["languages"] = languages
        if transcript is not UNSET:
            field_dict["transcript"] = transcript
        if transcript_source is not UNSET:
            field_dict["transcript_source"] = transcript_source
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if quality is not UNSET:
            field_dict["quality"] = quality
        if clone is not UNSET:
            field_dict["clone"] = clone
        if enrollment is not UNSET:
            field_dict["enrollment"] = enrollment
        if reference_url is not UNSET:
            field_dict["reference_url"] = reference_url
        if original_url is not UNSET:
            field_dict["original_url"] = original_url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.clone_info import CloneInfo # noqa: PLC0415
        from ..models.enrollment_info import EnrollmentInfo # noqa: PLC0415
        from ..models.quality_report import QualityReport # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        engine = d.pop("engine")

        _kind = d.pop("kind", UNSET)
        kind: VoiceProfileKind | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = VoiceProfileKind(_kind)




        def _parse_language(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        language = _parse_language(d.pop("language", UNSET))


        languages = cast(list[str], d.pop("languages", UNSET))


        def _parse_transcript(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        transcript = _parse_transcript(d.pop("transcript", UNSET))


        _transcript_source = d.pop("transcript_source", UNSET)
        transcript_source: VoiceProfileTranscriptSource | Unset
        if isinstance(_transcript_source,  Unset):
            transcript_source = UNSET
        else:
            transcript_source = VoiceProfileTranscriptSource(_transcript_source)




        def _parse_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)



                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_at = _parse_created_at(d.pop("created_at", UNSET))


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


        def _parse_quality(data: object) -> None | QualityReport | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                quality_type_0 = QualityReport.from_dict(data)



                return quality_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QualityReport | Unset, data)

        quality = _parse_quality(d.pop("quality", UNSET))


        def _parse_clone(data: object) -> CloneInfo | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                clone_type_0 = CloneInfo.from_dict(data)



                return clone_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CloneInfo | None | Unset, data)

        clone = _parse_clone(d.pop("clone", UNSET))


        def _parse_enrollment(data: object) -> EnrollmentInfo | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                enrollment_type_0 = EnrollmentInfo.from_dict(data)



                return enrollment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EnrollmentInfo | None | Unset, data)

        enrollment = _parse_enrollment(d.pop("enrollment", UNSET))


        def _parse_reference_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference_url = _parse_reference_url(d.pop("reference_url", UNSET))


        def _parse_original_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        original_url = _parse_original_url(d.pop("original_url", UNSET))


        voice_profile = cls(
            id=id,
            name=name,
            engine=engine,
            kind=kind,
            language=language,
            languages=languages,
            transcript=transcript,
            transcript_source=transcript_source,
            created_at=created_at,
            updated_at=updated_at,
            quality=quality,
            clone=clone,
            enrollment=enrollment,
            reference_url=reference_url,
            original_url=original_url,
        )


        voice_profile.additional_properties = d
        return voice_profile

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

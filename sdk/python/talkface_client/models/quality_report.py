from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="QualityReport")



@_attrs_define
class QualityReport:
    """ Measurements of a reference recording, for the UI to show before anyone relies on the clone.

        Attributes:
            duration_s (float): Speech duration after trimming silence.
            original_duration_s (float):
            sample_rate (int): Sample rate of the uploaded file.
            clipping_ratio (float): Fraction of samples at or near full scale in the upload.
            normalized_lufs (float): Loudness of the processed reference: the target (−20 LUFS) unless the −1 dBFS peak
                ceiling kept it lower.
            speech_ratio (float): Fraction of the trimmed audio that voice activity detection marks as speech.
            snr_db (float | None | Unset): Estimated speech-to-noise ratio.
            loudness_lufs (float | None | Unset): Integrated loudness (ITU BS.1770) of the upload.
            median_f0_hz (float | None | Unset):
            warnings (list[str] | Unset): Human-readable problems found.
     """

    duration_s: float
    original_duration_s: float
    sample_rate: int
    clipping_ratio: float
    normalized_lufs: float
    speech_ratio: float
    snr_db: float | None | Unset = UNSET
    loudness_lufs: float | None | Unset = UNSET
    median_f0_hz: float | None | Unset = UNSET
    warnings: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        duration_s = self.duration_s

        original_duration_s = self.original_duration_s

        sample_rate = self.sample_rate

        clipping_ratio = self.clipping_ratio

        normalized_lufs = self.normalized_lufs

        speech_ratio = self.speech_ratio

        snr_db: float | None | Unset
        if isinstance(self.snr_db, Unset):
            snr_db = UNSET
        else:
            snr_db = self.snr_db

        loudness_lufs: float | None | Unset
        if isinstance(self.loudness_lufs, Unset):
            loudness_lufs = UNSET
        else:
            loudness_lufs = self.loudness_lufs

        median_f0_hz: float | None | Unset
        if isinstance(self.median_f0_hz, Unset):
            median_f0_hz = UNSET
        else:
            median_f0_hz = self.median_f0_hz

        warnings: list[str] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = self.warnings




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "duration_s": duration_s,
            "original_duration_s": original_duration_s,
            "sample_rate": sample_rate,
            "clipping_ratio": clipping_ratio,
            "normalized_lufs": normalized_lufs,
            "speech_ratio": speech_ratio,
        })
        if snr_db is not UNSET:
            field_dict["snr_db"] = snr_db
        if loudness_lufs is not UNSET:
            field_dict["loudness_lufs"] = loudness_lufs
        if median_f0_hz is not UNSET:
            field_dict["median_f0_hz"] = median_f0_hz
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        duration_s = d.pop("duration_s")

        original_duration_s = d.pop("original_duration_s")

        sample_rate = d.pop("sample_rate")

        clipping_ratio = d.pop("clipping_ratio")

        normalized_lufs = d.pop("normalized_lufs")

        speech_ratio = d.pop("speech_ratio")

        def _parse_snr_db(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        snr_db = _parse_snr_db(d.pop("snr_db", UNSET))


        def _parse_loudness_lufs(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        loudness_lufs = _parse_loudness_lufs(d.pop("loudness_lufs", UNSET))


        def _parse_median_f0_hz(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        median_f0_hz = _parse_median_f0_hz(d.pop("median_f0_hz", UNSET))


        warnings = cast(list[str], d.pop("warnings", UNSET))


        quality_report = cls(
            duration_s=duration_s,
            original_duration_s=original_duration_s,
            sample_rate=sample_rate,
            clipping_ratio=clipping_ratio,
            normalized_lufs=normalized_lufs,
            speech_ratio=speech_ratio,
            snr_db=snr_db,
            loudness_lufs=loudness_lufs,
            median_f0_hz=median_f0_hz,
            warnings=warnings,
        )


        quality_report.additional_properties = d
        return quality_report

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="PitchShiftResult")



@_attrs_define
class PitchShiftResult:
    """ ``result`` of a succeeded ``voice.pitch_shift`` job; the WAV is its artifact `output.wav`.

        Attributes:
            semitones (float):
            duration_s (float):
            sample_rate (int):
            input_median_f0_hz (float):
            output_median_f0_hz (float):
     """

    semitones: float
    duration_s: float
    sample_rate: int
    input_median_f0_hz: float
    output_median_f0_hz: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        semitones = self.semitones

        duration_s = self.duration_s

        sample_rate = self.sample_rate

        input_median_f0_hz = self.input_median_f0_hz

        output_median_f0_hz = self.output_median_f0_hz


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "semitones": semitones,
            "duration_s": duration_s,
            "sample_rate": sample_rate,
            "input_median_f0_hz": input_median_f0_hz,
            "output_median_f0_hz": output_median_f0_hz,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        semitones = d.pop("semitones")

        duration_s = d.pop("duration_s")

        sample_rate = d.pop("sample_rate")

        input_median_f0_hz = d.pop("input_median_f0_hz")

        output_median_f0_hz = d.pop("output_median_f0_hz")

        pitch_shift_result = cls(
            semitones=semitones,
            duration_s=duration_s,
            sample_rate=sample_rate,
            input_median_f0_hz=input_median_f0_hz,
            output_median_f0_hz=output_median_f0_hz,
        )


        pitch_shift_result.additional_properties = d
        return pitch_shift_result

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CloneInfo")



@_attrs_define
class CloneInfo:
    """ How the embedded backend imitates this speaker (computed once, at profile creation).

        Attributes:
            base_voice (str): Base voice(s) blended, e.g. `kokoro:jf_alpha*0.7+jm_kumo*0.3`.
            base_similarity (float): Speaker similarity of the un-cloned base voice.
            similarity (float): Speaker similarity after the cloning stage (calibration text).
            f0_log_mean (float):
            f0_log_std (float):
            warp (float): Spectral-envelope frequency warp factor.
     """

    base_voice: str
    base_similarity: float
    similarity: float
    f0_log_mean: float
    f0_log_std: float
    warp: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        base_voice = self.base_voice

        base_similarity = self.base_similarity

        similarity = self.similarity

        f0_log_mean = self.f0_log_mean

        f0_log_std = self.f0_log_std

        warp = self.warp


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "base_voice": base_voice,
            "base_similarity": base_similarity,
            "similarity": similarity,
            "f0_log_mean": f0_log_mean,
            "f0_log_std": f0_log_std,
            "warp": warp,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base_voice = d.pop("base_voice")

        base_similarity = d.pop("base_similarity")

        similarity = d.pop("similarity")

        f0_log_mean = d.pop("f0_log_mean")

        f0_log_std = d.pop("f0_log_std")

        warp = d.pop("warp")

        clone_info = cls(
            base_voice=base_voice,
            base_similarity=base_similarity,
            similarity=similarity,
            f0_log_mean=f0_log_mean,
            f0_log_std=f0_log_std,
            warp=warp,
        )


        clone_info.additional_properties = d
        return clone_info

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

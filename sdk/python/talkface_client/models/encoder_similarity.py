from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="EncoderSimilarity")



@_attrs_define
class EncoderSimilarity:
    """ Cosine similarity to the reference on held-out sentences (never the ones the fit trained on), by two
    independent speaker encoders: the fit maximises the first and is judged on both.

        Attributes:
            resemblyzer (float):
            voicefilter (float):
     """

    resemblyzer: float
    voicefilter: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        resemblyzer = self.resemblyzer

        voicefilter = self.voicefilter


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "resemblyzer": resemblyzer,
            "voicefilter": voicefilter,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        resemblyzer = d.pop("resemblyzer")

        voicefilter = d.pop("voicefilter")

        encoder_similarity = cls(
            resemblyzer=resemblyzer,
            voicefilter=voicefilter,
        )


        encoder_similarity.additional_properties = d
        return encoder_similarity

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MemoryOverrides")



@_attrs_define
class MemoryOverrides:
    """ How much of the history is sent verbatim; older turns are folded into a running summary.

        Attributes:
            verbatim_turns (int | None | Unset): Last N turns sent word for word.
            context_budget_tokens (int | None | Unset): History (summary + verbatim turns) budget.
     """

    verbatim_turns: int | None | Unset = UNSET
    context_budget_tokens: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        verbatim_turns: int | None | Unset
        if isinstance(self.verbatim_turns, Unset):
            verbatim_turns = UNSET
        else:
            verbatim_turns = self.verbatim_turns

        context_budget_tokens: int | None | Unset
        if isinstance(self.context_budget_tokens, Unset):
            context_budget_tokens = UNSET
        else:
            context_budget_tokens = self.context_budget_tokens


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if verbatim_turns is not UNSET:
            field_dict["verbatim_turns"] = verbatim_turns
        if context_budget_tokens is not UNSET:
            field_dict["context_budget_tokens"] = context_budget_tokens

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_verbatim_turns(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        verbatim_turns = _parse_verbatim_turns(d.pop("verbatim_turns", UNSET))


        def _parse_context_budget_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        context_budget_tokens = _parse_context_budget_tokens(d.pop("context_budget_tokens", UNSET))


        memory_overrides = cls(
            verbatim_turns=verbatim_turns,
            context_budget_tokens=context_budget_tokens,
        )

        return memory_overrides


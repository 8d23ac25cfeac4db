from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ErnerfAvatarCreate")



@_attrs_define
class ErnerfAvatarCreate:
    """ JSON body of ``POST /api/v1/avatars/ernerf``: the trainer registers a trained head. The checkpoint is
    one self-contained file (weights, pose track, background plate, torso); the video service keeps its own copy,
    so deleting the training leaves the avatar working.

        Attributes:
            name (str):
            training_id (str):
            checkpoint_key (str): The training's final checkpoint.
            width (int): Frame size the head was trained at.
            height (int):
            preview_key (None | str | Unset): A PNG frame: the thumbnail.
            default_voice_id (None | str | Unset):
     """

    name: str
    training_id: str
    checkpoint_key: str
    width: int
    height: int
    preview_key: None | str | Unset = UNSET
    default_voice_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        training_id = self.training_id

        checkpoint_key = self.checkpoint_key

        width = self.width

        height = self.height

        preview_key: None | str | Unset
        if isinstance(self.preview_key, Unset):
            preview_key = UNSET
        else:
            preview_key = self.preview_key

        default_voice_id: None | str | Unset
        if isinstance(self.default_voice_id, Unset):
            default_voice_id = UNSET
        else:
            default_voice_id = self.default_voice_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "name": name,
            "training_id": training_id,
            "checkpoint_key": checkpoint_key,
            "width": width,
            "height": height,
        })
        if preview_key is not UNSET:
            field_dict["preview_key"] = preview_key
        if default_voice_id is not UNSET:
            field_dict["default_voice_id"] = default_voice_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        training_id = d.pop("training_id")

        checkpoint_key = d.pop("checkpoint_key")

        width = d.pop("width")

        height = d.pop("height")

        def _parse_preview_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preview_key = _parse_preview_key(d.pop("preview_key", UNSET))


        def _parse_default_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_voice_id = _parse_default_voice_id(d.pop("default_voice_id", UNSET))


        ernerf_avatar_create = cls(
            name=name,
            training_id=training_id,
            checkpoint_key=checkpoint_key,
            width=width,
            height=height,
            preview_key=preview_key,
            default_voice_id=default_voice_id,
        )


        ernerf_avatar_create.additional_properties = d
        return ernerf_avatar_create

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.avatar_kind import AvatarKind
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.face_report import FaceReport





T = TypeVar("T", bound="Avatar")



@_attrs_define
class Avatar:
    """ 
        Attributes:
            id (str):
            name (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            size (int): Side of the stored head crop in pixels (renders scale it).
            image_width (int):
            image_height (int):
            has_matte (bool): A person matte is stored (needed for background colour/image).
            kind (AvatarKind | Unset):
            default_voice_id (None | str | Unset):
            face (FaceReport | None | Unset):
            thumbnail_url (None | str | Unset):
            photo_url (None | str | Unset):
            crop_url (None | str | Unset):
            mesh_url (None | str | Unset): The head crop with the detected face mesh drawn on it.
            training_id (None | str | Unset): The training that made an `ernerf` avatar.
     """

    id: str
    name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    size: int
    image_width: int
    image_height: int
    has_matte: bool
    kind: AvatarKind | Unset = UNSET
    default_voice_id: None | str | Unset = UNSET
    face: FaceReport | None | Unset = UNSET
    thumbnail_url: None | str | Unset = UNSET
    photo_url: None | str | Unset = UNSET
    crop_url: None | str | Unset = UNSET
    mesh_url: None | str | Unset = UNSET
    training_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.face_report import FaceReport # noqa: PLC0415
        id = self.id

        name = self.name

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        size = self.size

        image_width = self.image_width

        image_height = self.image_height

        has_matte = self.has_matte

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        default_voice_id: None | str | Unset
        if isinstance(self.default_voice_id, Unset):
            default_voice_id = UNSET
        else:
            default_voice_id = self.default_voice_id

        face: dict[str, Any] | None | Unset
        if isinstance(self.face, Unset):
            face = UNSET
        elif isinstance(self.face, FaceReport):
            face = self.face.to_dict()
        else:
            face = self.face

        thumbnail_url: None | str | Unset
        if isinstance(self.thumbnail_url, Unset):
            thumbnail_url = UNSET
        else:
            thumbnail_url = self.thumbnail_url

        photo_url: None | str | Unset
        if isinstance(self.photo_url, Unset):
            photo_url = UNSET
        else:
            photo_url = self.photo_url

        crop_url: None | str | Unset
        if isinstance(self.crop_url, Unset):
            crop_url = UNSET
        else:
            crop_url = self.crop_url

        mesh_url: None | str | Unset
        if isinstance(self.mesh_url, Unset):
            mesh_url = UNSET
        else:
            mesh_url = self.mesh_url

        training_id: None | str | Unset
        if isinstance(self.training_id, Unset):
            training_id = UNSET
        else:
            training_id = self.training_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "created_at": created_at,
            "updated_at": updated_at,
            "size": size,
            "image_width": image_width,
            "image_height": image_height,
            "has_matte": has_matte,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if default_voice_id is not UNSET:
            field_dict["default_voice_id"] = default_voice_id
        if face is not UNSET:
            field_dict["face"] = face
        if thumbnail_url is not UNSET:
            field_dict["thumbnail_url"] = thumbnail_url
        if photo_url is not UNSET:
            field_dict["photo_url"] = photo_url
        if crop_url is not UNSET:
            field_dict["crop_url"] = crop_url
        if mesh_url is not UNSET:
            field_dict["mesh_url"] = mesh_url
        if training_id is not UNSET:
            field_dict["training_id"] = training_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.face_report import FaceReport # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        size = d.pop("size")

        image_width = d.pop("image_width")

        image_height = d.pop("image_height")

        has_matte = d.pop("has_matte")

        _kind = d.pop("kind", UNSET)
        kind: AvatarKind | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = AvatarKind(_kind)




        def _parse_default_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_voice_id = _parse_default_voice_id(d.pop("default_voice_id", UNSET))


        def _parse_face(data: object) -> FaceReport | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                face_type_0 = FaceReport.from_dict(data)



                return face_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FaceReport | None | Unset, data)

        face = _parse_face(d.pop("face", UNSET))


        def _parse_thumbnail_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        thumbnail_url = _parse_thumbnail_url(d.pop("thumbnail_url", UNSET))


        def _parse_photo_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        photo_url = _parse_photo_url(d.pop("photo_url", UNSET))


        def _parse_crop_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        crop_url = _parse_crop_url(d.pop("crop_url", UNSET))


        def _parse_mesh_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mesh_url = _parse_mesh_url(d.pop("mesh_url", UNSET))


        def _parse_training_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        training_id = _parse_training_id(d.pop("training_id", UNSET))


        avatar = cls(
            id=id,
            name=name,
            created_at=created_at,
            updated_at=updated_at,
            size=size,
            image_width=image_width,
            image_height=image_height,
            has_matte=has_matte,
            kind=kind,
            default_voice_id=default_voice_id,
            face=face,
            thumbnail_url=thumbnail_url,
            photo_url=photo_url,
            crop_url=crop_url,
            mesh_url=mesh_url,
            training_id=training_id,
        )


        avatar.additional_properties = d
        return avatar

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

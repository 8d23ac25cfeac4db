from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.artifact_metadata import ArtifactMetadata





T = TypeVar("T", bound="Artifact")



@_attrs_define
class Artifact:
    """ A file a job produced, stored in S3. ``url`` is a presigned GET filled in when the job is read.

        Attributes:
            id (str): Object key; also the path of GET /api/v1/artifacts/{id}.
            name (str):
            content_type (str):
            size (int):
            sha256 (str):
            url (None | str | Unset):
            metadata (ArtifactMetadata | Unset):
     """

    id: str
    name: str
    content_type: str
    size: int
    sha256: str
    url: None | str | Unset = UNSET
    metadata: ArtifactMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.artifact_metadata import ArtifactMetadata # noqa: PLC0415
        id = self.id

        name = self.name

        content_type = self.content_type

        size = self.size

        sha256 = self.sha256

        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "name": name,
            "content_type": content_type,
            "size": size,
            "sha256": sha256,
        })
        if url is not UNSET:
            field_dict["url"] = url
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.artifact_metadata import ArtifactMetadata # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        content_type = d.pop("content_type")

        size = d.pop("size")

        sha256 = d.pop("sha256")

        def _parse_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        url = _parse_url(d.pop("url", UNSET))


        _metadata = d.pop("metadata", UNSET)
        metadata: ArtifactMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = ArtifactMetadata.from_dict(_metadata)




        artifact = cls(
            id=id,
            name=name,
            content_type=content_type,
            size=size,
            sha256=sha256,
            url=url,
            metadata=metadata,
        )


        artifact.additional_properties = d
        return artifact

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

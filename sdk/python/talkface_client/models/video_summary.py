from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.artifact import Artifact





T = TypeVar("T", bound="VideoSummary")



@_attrs_define
class VideoSummary:
    """ One entry of the gallery (``GET /api/v1/videos``); the id is the render job's id.

        Attributes:
            id (str):
            avatar_id (str):
            avatar_name (str):
            created_at (datetime.datetime):
            duration_s (float):
            fps (int):
            size (int):
            video (Artifact): A file a job produced, stored in S3. ``url`` is a presigned GET filled in when the job is
                read.
            text (None | str | Unset):
            poster (Artifact | None | Unset):
     """

    id: str
    avatar_id: str
    avatar_name: str
    created_at: datetime.datetime
    duration_s: float
    fps: int
    size: int
    video: Artifact
    text: None | str | Unset = UNSET
    poster: Artifact | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.artifact import Artifact # noqa: PLC0415
        id = self.id

        avatar_id = self.avatar_id

        avatar_name = self.avatar_name

        created_at = self.created_at.isoformat()

        duration_s = self.duration_s

        fps = self.fps

        size = self.size

        video = self.video.to_dict()

        text: None | str | Unset
        if isinstance(self.text, Unset):
            text = UNSET
        else:
            text = self.text

        poster: dict[str, Any] | None | Unset
        if isinstance(self.poster, Unset):
            poster = UNSET
        elif isinstance(self.poster, Artifact):
            poster = self.poster.to_dict()
        else:
            poster = self.poster


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "avatar_id": avatar_id,
            "avatar_name": avatar_name,
            "created_at": created_at,
            "duration_s": duration_s,
            "fps": fps,
            "size": size,
            "video": video,
        })
        if text is not UNSET:
            field_dict["text"] = text
        if poster is not UNSET:
            field_dict["poster"] = poster

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.artifact import Artifact # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        avatar_id = d.pop("avatar_id")

        avatar_name = d.pop("avatar_name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        duration_s = d.pop("duration_s")

        fps = d.pop("fps")

        size = d.pop("size")

        video = Artifact.from_dict(d.pop("video"))




        def _parse_text(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        text = _parse_text(d.pop("text", UNSET))


        def _parse_poster(data: object) -> Artifact | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                poster_type_0 = Artifact.from_dict(data)



                return poster_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Artifact | None | Unset, data)

        poster = _parse_poster(d.pop("poster", UNSET))


        video_summary = cls(
            id=id,
            avatar_id=avatar_id,
            avatar_name=avatar_name,
            created_at=created_at,
            duration_s=duration_s,
            fps=fps,
            size=size,
            video=video,
            text=text,
            poster=poster,
        )


        video_summary.additional_properties = d
        return video_summary

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

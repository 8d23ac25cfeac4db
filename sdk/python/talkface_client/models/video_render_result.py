from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.video_render_result_timings_s import VideoRenderResultTimingsS





T = TypeVar("T", bound="VideoRenderResult")



@_attrs_define
class VideoRenderResult:
    """ ``result`` of a succeeded ``video.render`` job; `video.mp4` and `poster.jpg` are its artifacts.

        Attributes:
            avatar_id (str):
            renderer (str):
            duration_s (float):
            frames (int):
            fps (int):
            size (int):
            render_fps (float): Frames animated per second of wall time (excluding encode).
            timings_s (VideoRenderResultTimingsS | Unset):
     """

    avatar_id: str
    renderer: str
    duration_s: float
    frames: int
    fps: int
    size: int
    render_fps: float
    timings_s: VideoRenderResultTimingsS | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.video_render_result_timings_s import VideoRenderResultTimingsS # noqa: PLC0415
        avatar_id = self.avatar_id

        renderer = self.renderer

        duration_s = self.duration_s

        frames = self.frames

        fps = self.fps

        size = self.size

        render_fps = self.render_fps

        timings_s: dict[str, Any] | Unset = UNSET
        if not isinstance(self.timings_s, Unset):
            timings_s = self.timings_s.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "avatar_id": avatar_id,
            "renderer": renderer,
            "duration_s": duration_s,
            "frames": frames,
            "fps": fps,
            "size": size,
            "render_fps": render_fps,
        })
        if timings_s is not UNSET:
            field_dict["timings_s"] = timings_s

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.video_render_result_timings_s import VideoRenderResultTimingsS # noqa: PLC0415
        d = dict(src_dict)
        avatar_id = d.pop("avatar_id")

        renderer = d.pop("renderer")

        duration_s = d.pop("duration_s")

        frames = d.pop("frames")

        fps = d.pop("fps")

        size = d.pop("size")

        render_fps = d.pop("render_fps")

        _timings_s = d.pop("timings_s", UNSET)
        timings_s: VideoRenderResultTimingsS | Unset
        if isinstance(_timings_s,  Unset):
            timings_s = UNSET
        else:
            timings_s = VideoRenderResultTimingsS.from_dict(_timings_s)




        video_render_result = cls(
            avatar_id=avatar_id,
            renderer=renderer,
            duration_s=duration_s,
            frames=frames,
            fps=fps,
            size=size,
            render_fps=render_fps,
            timings_s=timings_s,
        )


        video_render_result.additional_properties = d
        return video_render_result

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

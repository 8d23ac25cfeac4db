from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dataset_preset import DatasetPreset
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.dataset_issue import DatasetIssue
  from ..models.dataset_report_stage_seconds import DatasetReportStageSeconds
  from ..models.frame_drops import FrameDrops
  from ..models.pose_range import PoseRange
  from ..models.spread import Spread





T = TypeVar("T", bound="DatasetReport")



@_attrs_define
class DatasetReport:
    """ What preprocessing made of one video; stored as ``report.json`` beside the dataset. A rejected video gets
    a report too: ``problems`` says which gate failed, and the measures of the steps that ran are filled in.

        Attributes:
            preset (DatasetPreset): Frame size of a dataset: ``standard`` (512 px, for training) or ``tiny`` (64-128 px,
                tests and previews).
            duration_s (float | None | Unset):
            fps (float | None | Unset):
            width (int | None | Unset):
            height (int | None | Unset):
            source_width (int | None | Unset):
            source_height (int | None | Unset):
            source_fps (float | None | Unset):
            crop (list[int] | None | Unset): x, y and side of the square crop in the source.
            frames_total (int | None | Unset):
            frames_kept (int | None | Unset):
            frames_dropped (list[FrameDrops] | Unset):
            frames_interpolated (int | None | Unset): Frames whose landmarks filled a short gap.
            face_height_px (None | Spread | Unset): Face height in the source video.
            face_fraction (None | Spread | Unset): Face height / frame side in the dataset frames.
            sharpness (None | Spread | Unset): Variance of the Laplacian of the face at 64 px.
            audio_dbfs (float | None | Unset):
            audio_features (None | str | Unset): Extractor and file, e.g. `logmel32 (aud.npy)`.
            focal_px (float | None | Unset):
            head_pose (None | PoseRange | Unset):
            reprojection_px (None | Spread | Unset):
            blink_rate_per_min (float | None | Unset):
            train_frames (int | None | Unset):
            val_frames (int | None | Unset):
            problems (list[DatasetIssue] | Unset): The gate that rejected the video.
            warnings (list[DatasetIssue] | Unset):
            stage_seconds (DatasetReportStageSeconds | Unset):
     """

    preset: DatasetPreset
    duration_s: float | None | Unset = UNSET
    fps: float | None | Unset = UNSET
    width: int | None | Unset = UNSET
    height: int | None | Unset = UNSET
    source_width: int | None | Unset = UNSET
    source_height: int | None | Unset = UNSET
    source_fps: float | None | Unset = UNSET
    crop: list[int] | None | Unset = UNSET
    frames_total: int | None | Unset = UNSET
    frames_kept: int | None | Unset = UNSET
    frames_dropped: list[FrameDrops] | Unset = UNSET
    frames_interpolated: int | None | Unset = UNSET
    face_height_px: None | Spread | Unset = UNSET
    face_fraction: None | Spread | Unset = UNSET
    sharpness: None | Spread | Unset = UNSET
    audio_dbfs: float | None | Unset = UNSET
    audio_features: None | str | Unset = UNSET
    focal_px: float | None | Unset = UNSET
    head_pose: None | PoseRange | Unset = UNSET
    reprojection_px: None | Spread | Unset = UNSET
    blink_rate_per_min: float | None | Unset = UNSET
    train_frames: int | None | Unset = UNSET
    val_frames: int | None | Unset = UNSET
    problems: list[DatasetIssue] | Unset = UNSET
    warnings: list[DatasetIssue] | Unset = UNSET
    stage_seconds: DatasetReportStageSeconds | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.dataset_issue import DatasetIssue # noqa: PLC0415
        from ..models.dataset_report_stage_seconds import DatasetReportStageSeconds # noqa: PLC0415
        from ..models.frame_drops import FrameDrops # noqa: PLC0415
        from ..models.pose_range import PoseRange # noqa: PLC0415
        from ..models.spread import Spread # noqa: PLC0415
        preset = self.preset.value

        duration_s: float | None | Unset
        if isinstance(self.duration_s, Unset):
            duration_s = UNSET
        else:
            duration_s = self.duration_s

        fps: float | None | Unset
        if isinstance(self.fps, Unset):
            fps = UNSET
        else:
            fps = self.fps

        width: int | None | Unset
        if isinstance(self.width, Unset):
            width = UNSET
        else:
            width = self.width

        height: int | None | Unset
        if isinstance(self.height, Unset):
            height = UNSET
        else:
            height = self.height

        source_width: int | None | Unset
        if isinstance(self.source_width, Unset):
            source_width = UNSET
        else:
            source_width = self.source_width

        source_height: int | None | Unset
        if isinstance(self.source_height, Unset):
            source_height = UNSET
        else:
            source_height = self.source_height

        source_fps: float | None | Unset
        if isinstance(self.source_fps, Unset):
            source_fps = UNSET
        else:
            source_fps = self.source_fps

        crop: list[int] | None | Unset
        if isinstance(self.crop, Unset):
            crop = UNSET
        elif isinstance(self.crop, list):
            crop = []
            for crop_type_0_item_data in self.crop:
                crop_type_0_item: int
                crop_type_0_item = crop_type_0_item_data
                crop.append(crop_type_0_item)


        else:
            crop = self.crop

        frames_total: int | None | Unset
        if isinstance(self.frames_total, Unset):
            frames_total = UNSET
        else:
            frames_total = self.frames_total

        frames_kept: int | None | Unset
        if isinstance(self.frames_kept, Unset):
            frames_kept = UNSET
        else:
            frames_kept = self.frames_kept

        frames_dropped: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.frames_dropped, Unset):
            frames_dropped = []
            for frames_dropped_item_data in self.frames_dropped:
                frames_dropped_item = frames_dropped_item_data.to_dict()
                frames_dropped.append(frames_dropped_item)



        frames_interpolated: int | None | Unset
        if isinstance(self.frames_interpolated, Unset):
            frames_interpolated = UNSET
        else:
            frames_interpolated = self.frames_interpolated

        face_height_px: dict[str, Any] | None | Unset
        if isinstance(self.face_height_px, Unset):
            face_height_px = UNSET
        elif isinstance(self.face_height_px, Spread):
            face_height_px = self.face_height_px.to_dict()
        else:
            face_height_px = self.face_height_px

        face_fraction: dict[str, Any] | None | Unset
        if isinstance(self.face_fraction, Unset):
            face_fraction = UNSET
        elif isinstance(self.face_fraction, Spread):
            face_fraction = self.face_fraction.to_dict()
        else:
            face_fraction = self.face_fraction

        sharpness: dict[str, Any] | None | Unset
        if isinstance(self.sharpness, Unset):
            sharpness = UNSET
        elif isinstance(self.sharpness, Spread):
            sharpness = self.sharpness.to_dict()
        else:
            sharpness = self.sharpness

        audio_dbfs: float | None | Unset
        if isinstance(self.audio_dbfs, Unset):
            audio_dbfs = UNSET
        else:
            audio_dbfs = self.audio_dbfs

        audio_features: None | str | Unset
        if isinstance(self.audio_features, Unset):
            audio_features = UNSET
        else:
            audio_features = self.audio_features

        focal_px: float | None | Unset
        if isinstance(self.focal_px, Unset):
            focal_px = UNSET
        else:
            focal_px = self.focal_px

        head_pose: dict[str, Any] | None | Unset
        if isinstance(self.head_pose, Unset):
            head_pose = UNSET
        elif isinstance(self.head_pose, PoseRange):
            head_pose = self.head_pose.to_dict()
        else:
            head_pose = self.head_pose

        reprojection_px: dict[str, Any] | None | Unset
        if isinstance(self.reprojection_px, Unset):
            reprojection_px = UNSET
        elif isinstance(self.reprojection_px, Spread):
            reprojection_px = self.reprojection_px.to_dict()
        else:
            reprojection_px = self.reprojection_px

        blink_rate_per_min: float | None | Unset
        if isinstance(self.blink_rate_per_min, Unset):
            blink_rate_per_min = UNSET
        else:
            blink_rate_per_min = self.blink_rate_per_min

        train_frames: int | None | Unset
        if isinstance(self.train_frames, Unset):
            train_frames = UNSET
        else:
            train_frames = self.train_frames

        val_frames: int | None | Unset
        if isinstance(self.val_frames, Unset):
            val_frames = UNSET
        else:
            val_frames = self.val_frames

        problems: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.problems, Unset):
            problems = []
            for problems_item_data in self.problems:
                problems_item = problems_item_data.to_dict()
                problems.append(problems_item)



        warnings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = []
            for warnings_item_data in self.warnings:
                warnings_item = warnings_item_data.to_dict()
                warnings.append(warnings_item)



        stage_seconds: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stage_seconds, Unset):
            stage_seconds = self.stage_seconds.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "preset": preset,
        })
        if duration_s is not UNSET:
            field_dict["duration_s"] = duration_s
        if fps is not UNSET:
            field_dict["fps"] = fps
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if source_width is not UNSET:
            field_dict["source_width"] = source_width
        if source_height is not UNSET:
            field_dict["source_height"] = source_height
        if source_fps is not UNSET:
            field_dict["source_fps"] = source_fps
        if crop is not UNSET:
            field_dict["crop"] = crop
        if frames_total is not UNSET:
            field_dict["frames_total"] = frames_total
        if frames_kept is not UNSET:
            field_dict["frames_kept"] = frames_kept
        if frames_dropped is not UNSET:
            field_dict["frames_dropped"] = frames_dropped
        if frames_interpolated is not UNSET:
            field_dict["frames_interpolated"] = frames_interpolated
        if face_height_px is not UNSET:
            field_dict["face_height_px"] = face_height_px
        if face_fraction is not UNSET:
            field_dict["face_fraction"] = face_fraction
        if sharpness is not UNSET:
            field_dict["sharpness"] = sharpness
        if audio_dbfs is not UNSET:
            field_dict["audio_dbfs"] = audio_dbfs
        if audio_features is not UNSET:
            field_dict["audio_features"] = audio_features
        if focal_px is not UNSET:
            field_dict["focal_px"] = focal_px
        if head_pose is not UNSET:
            field_dict["head_pose"] = head_pose
        if reprojection_px is not UNSET:
            field_dict["reprojection_px"] = reprojection_px
        if blink_rate_per_min is not UNSET:
            field_dict["blink_rate_per_min"] = blink_rate_per_min
        if train_frames is not UNSET:
            field_dict["train_frames"] = train_frames
        if val_frames is not UNSET:
            field_dict["val_frames"] = val_frames
        if problems is not UNSET:
            field_dict["problems"] = problems
        if warnings is not UNSET:
            field_dict["warnings"] = warnings
        if stage_seconds is not UNSET:
            field_dict["stage_seconds"] = stage_seconds

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dataset_issue import DatasetIssue # noqa: PLC0415
        from ..models.dataset_report_stage_seconds import DatasetReportStageSeconds # noqa: PLC0415
        from ..models.frame_drops import FrameDrops # noqa: PLC0415
        from ..models.pose_range import PoseRange # noqa: PLC0415
        from ..models.spread import Spread # noqa: PLC0415
        d = dict(src_dict)
        preset = DatasetPreset(d.pop("preset"))




        def _parse_duration_s(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration_s = _parse_duration_s(d.pop("duration_s", UNSET))


        def _parse_fps(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        fps = _parse_fps(d.pop("fps", UNSET))


        def _parse_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        width = _parse_width(d.pop("width", UNSET))


        def _parse_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        height = _parse_height(d.pop("height", UNSET))


        def _parse_source_width(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        source_width = _parse_source_width(d.pop("source_width", UNSET))


        def _parse_source_height(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        source_height = _parse_source_height(d.pop("source_height", UNSET))


        def _parse_source_fps(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        source_fps = _parse_source_fps(d.pop("source_fps", UNSET))


        def _parse_crop(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                crop_type_0 = []
                _crop_type_0 = data
                for crop_type_0_item_data in (_crop_type_0):
                    def _parse_crop_type_0_item(data: object) -> int:
                        return cast(int, data)

                    crop_type_0_item = _parse_crop_type_0_item(crop_type_0_item_data)

                    crop_type_0.append(crop_type_0_item)

                return crop_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        crop = _parse_crop(d.pop("crop", UNSET))


        def _parse_frames_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        frames_total = _parse_frames_total(d.pop("frames_total", UNSET))


        def _parse_frames_kept(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        frames_kept = _parse_frames_kept(d.pop("frames_kept", UNSET))


        _frames_dropped = d.pop("frames_dropped", UNSET)
        frames_dropped: list[FrameDrops] | Unset = UNSET
        if _frames_dropped is not UNSET:
            frames_dropped = []
            for frames_dropped_item_data in _frames_dropped:
                frames_dropped_item = FrameDrops.from_dict(frames_dropped_item_data)



                frames_dropped.append(frames_dropped_item)


        def _parse_frames_interpolated(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        frames_interpolated = _parse_frames_interpolated(d.pop("frames_interpolated", UNSET))


        def _parse_face_height_px(data: object) -> None | Spread | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                face_height_px_type_0 = Spread.from_dict(data)



                return face_height_px_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Spread | Unset, data)

        face_height_px = _parse_face_height_px(d.pop("face_height_px", UNSET))


        def _parse_face_fraction(data: object) -> None | Spread | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                face_fraction_type_0 = Spread.from_dict(data)



                return face_fraction_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Spread | Unset, data)

        face_fraction = _parse_face_fraction(d.pop("face_fraction", UNSET))


        def _parse_sharpness(data: object) -> None | Spread | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                sharpness_type_0 = Spread.from_dict(data)



                return sharpness_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Spread | Unset, data)

        sharpness = _parse_sharpness(d.pop("sharpness", UNSET))


        def _parse_audio_dbfs(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        audio_dbfs = _parse_audio_dbfs(d.pop("audio_dbfs", UNSET))


        def _parse_audio_features(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        audio_features = _parse_audio_features(d.pop("audio_features", UNSET))


        def _parse_focal_px(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        focal_px = _parse_focal_px(d.pop("focal_px", UNSET))


        def _parse_head_pose(data: object) -> None | PoseRange | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                head_pose_type_0 = PoseRange.from_dict(data)



                return head_pose_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PoseRange | Unset, data)

        head_pose = _parse_head_pose(d.pop("head_pose", UNSET))


        def _parse_reprojection_px(data: object) -> None | Spread | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reprojection_px_type_0 = Spread.from_dict(data)



                return reprojection_px_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Spread | Unset, data)

        reprojection_px = _parse_reprojection_px(d.pop("reprojection_px", UNSET))


        def _parse_blink_rate_per_min(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        blink_rate_per_min = _parse_blink_rate_per_min(d.pop("blink_rate_per_min", UNSET))


        def _parse_train_frames(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        train_frames = _parse_train_frames(d.pop("train_frames", UNSET))


        def _parse_val_frames(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        val_frames = _parse_val_frames(d.pop("val_frames", UNSET))


        _problems = d.pop("problems", UNSET)
        problems: list[DatasetIssue] | Unset = UNSET
        if _problems is not UNSET:
            problems = []
            for problems_item_data in _problems:
                problems_item = DatasetIssue.from_dict(problems_item_data)



                problems.append(problems_item)


        _warnings = d.pop("warnings", UNSET)
        warnings: list[DatasetIssue] | Unset = UNSET
        if _warnings is not UNSET:
            warnings = []
            for warnings_item_data in _warnings:
                warnings_item = DatasetIssue.from_dict(warnings_item_data)



                warnings.append(warnings_item)


        _stage_seconds = d.pop("stage_seconds", UNSET)
        stage_seconds: DatasetReportStageSeconds | Unset
        if isinstance(_stage_seconds,  Unset):
            stage_seconds = UNSET
        else:
            stage_seconds = DatasetReportStageSeconds.from_dict(_stage_seconds)




        dataset_report = cls(
            preset=preset,
            duration_s=duration_s,
            fps=fps,
            width=width,
            height=height,
            source_width=source_width,
            source_height=source_height,
            source_fps=source_fps,
            crop=crop,
            frames_total=frames_total,
            frames_kept=frames_kept,
            frames_dropped=frames_dropped,
            frames_interpolated=frames_interpolated,
            face_height_px=face_height_px,
            face_fraction=face_fraction,
            sharpness=sharpness,
            audio_dbfs=audio_dbfs,
            audio_features=audio_features,
            focal_px=focal_px,
            head_pose=head_pose,
            reprojection_px=reprojection_px,
            blink_rate_per_min=blink_rate_per_min,
            train_frames=train_frames,
            val_frames=val_frames,
            problems=problems,
            warnings=warnings,
            stage_seconds=stage_seconds,
        )


        dataset_report.additional_properties = d
        return dataset_report

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.training_preset import TrainingPreset
from ..models.training_stage import TrainingStage
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.training_create_iterations_type_0 import TrainingCreateIterationsType0





T = TypeVar("T", bound="TrainingCreate")



@_attrs_define
class TrainingCreate:
    """ JSON body of ``POST /api/v1/trainings``.

        Attributes:
            dataset_id (str): A `ready` dataset (`GET /api/v1/datasets`).
            name (None | str | Unset): Name of the avatar; the dataset's.
            preset (TrainingPreset | Unset): Model size: ``tiny`` (64-128 px, minutes on a CPU: tests and smoke runs) or
                ``standard`` (ER-NeRF's
                defaults at 512 px: hours on a GPU).
            stages (list[TrainingStage] | Unset): A subset of head, lips and torso; run in that order whatever order they
                are given in.
            iterations (None | TrainingCreateIterationsType0 | Unset): Iterations per stage; stages left out take the
                preset's default.
            seed (int | Unset):  Default: 0.
            gpu (int | None | Unset): Index of a GPU with a trainer worker (`GET /api/v1/system`); null trains on a CPU.
            default_voice_id (None | str | Unset): Default voice of the avatar.
            log_every (int | None | Unset): Iterations between progress events (preset default).
            validate_every (int | None | Unset): Iterations between validation PSNRs.
            preview_every (int | None | Unset): Iterations between stored preview frames.
            checkpoint_every (int | None | Unset): Iterations between stored checkpoints.
     """

    dataset_id: str
    name: None | str | Unset = UNSET
    preset: TrainingPreset | Unset = UNSET
    stages: list[TrainingStage] | Unset = UNSET
    iterations: None | TrainingCreateIterationsType0 | Unset = UNSET
    seed: int | Unset = 0
    gpu: int | None | Unset = UNSET
    default_voice_id: None | str | Unset = UNSET
    log_every: int | None | Unset = UNSET
    validate_every: int | None | Unset = UNSET
    preview_every: int | None | Unset = UNSET
    checkpoint_every: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.training_create_iterations_type_0 import TrainingCreateIterationsType0 # noqa: PLC0415
        dataset_id = self.dataset_id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        preset: str | Unset = UNSET
        if not isinstance(self.preset, Unset):
            preset = self.preset.value


        stages: list[str] | Unset = UNSET
        if not isinstance(self.stages, Unset):
            stages = []
            for stages_item_data in self.stages:
                stages_item = stages_item_data.value
                stages.append(stages_item)



        iterations: dict[str, Any] | None | Unset
        if isinstance(self.iterations, Unset):
            iterations = UNSET
        elif isinstance(self.iterations, TrainingCreateIterationsType0):
            iterations = self.iterations.to_dict()
        else:
            iterations = self.iterations

        seed = self.seed

        gpu: int | None | Unset
        if isinstance(self.gpu, Unset):
            gpu = UNSET
        else:
            gpu = self.gpu

        default_voice_id: None | str | Unset
        if isinstance(self.default_voice_id, Unset):
            default_voice_id = UNSET
        else:
            default_voice_id = self.default_voice_id

        log_every: int | None | Unset
        if isinstance(self.log_every, Unset):
            log_every = UNSET
        else:
            log_every = self.log_every

        validate_every: int | None | Unset
        if isinstance(self.validate_every, Unset):
            validate_every = UNSET
        else:
            validate_every = self.validate_every

        preview_every: int | None | Unset
        if isinstance(self.preview_every, Unset):
            preview_every = UNSET
        else:
            preview_every = self.preview_every

        checkpoint_every: int | None | Unset
        if isinstance(self.checkpoint_every, Unset):
            checkpoint_every = UNSET
        else:
            checkpoint_every = self.checkpoint_every


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "dataset_id": dataset_id,
        })
        if name is not UNSET:
            field_dict["name"] = name
        if preset is not UNSET:
            field_dict["preset"] = preset
        if stages is not UNSET:
            field_dict["stages"] = stages
        if iterations is not UNSET:
            field_dict["iterations"] = iterations
        if seed is not UNSET:
            field_dict["seed"] = seed
        if gpu is not UNSET:
            field_dict["gpu"] = gpu
        if default_voice_id is not UNSET:
            field_dict["default_voice_id"] = default_voice_id
        if log_every is not UNSET:
            field_dict["log_every"] = log_every
        if validate_every is not UNSET:
            field_dict["validate_every"] = validate_every
        if preview_every is not UNSET:
            field_dict["preview_every"] = preview_every
        if checkpoint_every is not UNSET:
            field_dict["checkpoint_every"] = checkpoint_every

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.training_create_iterations_type_0 import TrainingCreateIterationsType0 # noqa: PLC0415
        d = dict(src_dict)
        dataset_id = d.pop("dataset_id")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))


        _preset = d.pop("preset", UNSET)
        preset: TrainingPreset | Unset
        if isinstance(_preset,  Unset):
            preset = UNSET
        else:
            preset = TrainingPreset(_preset)




        _stages = d.pop("stages", UNSET)
        stages: list[TrainingStage] | Unset = UNSET
        if _stages is not UNSET:
            stages = []
            for stages_item_data in _stages:
                stages_item = TrainingStage(stages_item_data)



                stages.append(stages_item)


        def _parse_iterations(data: object) -> None | TrainingCreateIterationsType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                iterations_type_0 = TrainingCreateIterationsType0.from_dict(data)



                return iterations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TrainingCreateIterationsType0 | Unset, data)

        iterations = _parse_iterations(d.pop("iterations", UNSET))


        seed = d.pop("seed", UNSET)

        def _parse_gpu(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        gpu = _parse_gpu(d.pop("gpu", UNSET))


        def _parse_default_voice_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_voice_id = _parse_default_voice_id(d.pop("default_voice_id", UNSET))


        def _parse_log_every(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        log_every = _parse_log_every(d.pop("log_every", UNSET))


        def _parse_validate_every(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        validate_every = _parse_validate_every(d.pop("validate_every", UNSET))


        def _parse_preview_every(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        preview_every = _parse_preview_every(d.pop("preview_every", UNSET))


        def _parse_checkpoint_every(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        checkpoint_every = _parse_checkpoint_every(d.pop("checkpoint_every", UNSET))


        training_create = cls(
            dataset_id=dataset_id,
            name=name,
            preset=preset,
            stages=stages,
            iterations=iterations,
            seed=seed,
            gpu=gpu,
            default_voice_id=default_voice_id,
            log_every=log_every,
            validate_every=validate_every,
            preview_every=preview_every,
            checkpoint_every=checkpoint_every,
        )


        training_create.additional_properties = d
        return training_create

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

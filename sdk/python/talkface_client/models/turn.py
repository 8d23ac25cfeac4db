from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.turn_status import TurnStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.problem import Problem
  from ..models.sentence_media import SentenceMedia
  from ..models.turn_timings import TurnTimings





T = TypeVar("T", bound="Turn")



@_attrs_define
class Turn:
    """ One user message and the assistant's reply (``assistant`` holds what was actually said).

        Attributes:
            id (str):
            index (int):
            user (str):
            created_at (datetime.datetime):
            user_audio_artifact_id (None | str | Unset):
            assistant (None | str | Unset):
            status (TurnStatus | Unset):
            error (None | Problem | Unset):
            finished_at (datetime.datetime | None | Unset):
            sentences (list[SentenceMedia] | Unset):
            timings (TurnTimings | Unset):
     """

    id: str
    index: int
    user: str
    created_at: datetime.datetime
    user_audio_artifact_id: None | str | Unset = UNSET
    assistant: None | str | Unset = UNSET
    status: TurnStatus | Unset = UNSET
    error: None | Problem | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    sentences: list[SentenceMedia] | Unset = UNSET
    timings: TurnTimings | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.problem import Problem # noqa: PLC0415
        from ..models.sentence_media import SentenceMedia # noqa: PLC0415
        from ..models.turn_timings import TurnTimings # noqa: PLC0415
        id = self.id

        index = self.index

        user = self.user

        created_at = self.created_at.isoformat()

        user_audio_artifact_id: None | str | Unset
        if isinstance(self.user_audio_artifact_id, Unset):
            user_audio_artifact_id = UNSET
        else:
            user_audio_artifact_id = self.user_audio_artifact_id

        assistant: None | str | Unset
        if isinstance(self.assistant, Unset):
            assistant = UNSET
        else:
            assistant = self.assistant

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, Problem):
            error = self.error.to_dict()
        else:
            error = self.error

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        sentences: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sentences, Unset):
            sentences = []
            for sentences_item_data in self.sentences:
                sentences_item = sentences_item_data.to_dict()
                sentences.append(sentences_item)



        timings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.timings, Unset):
            timings = self.timings.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "index": index,
            "user": user,
            "created_at": created_at,
        })
        if user_audio_artifact_id is not UNSET:
            field_dict["user_audio_artifact_id"] = user_audio_artifact_id
        if assistant is not UNSET:
            field_dict["assistant"] = assistant
        if status is not UNSET:
            field_dict["status"] = status
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if sentences is not UNSET:
            field_dict["sentences"] = sentences
        if timings is not UNSET:
            field_dict["timings"] = timings

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.problem import Problem # noqa: PLC0415
        from ..models.sentence_media import SentenceMedia # noqa: PLC0415
        from ..models.turn_timings import TurnTimings # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        index = d.pop("index")

        user = d.pop("user")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_user_audio_artifact_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_audio_artifact_id = _parse_user_audio_artifact_id(d.pop("user_audio_artifact_id", UNSET))


        def _parse_assistant(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        assistant = _parse_assistant(d.pop("assistant", UNSET))


        _status = d.pop("status", UNSET)
        status: TurnStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = TurnStatus(_status)




        def _parse_error(data: object) -> None | Problem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = Problem.from_dict(data)



                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Problem | Unset, data)

        error = _parse_error(d.pop("error", UNSET))


        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))


        _sentences = d.pop("sentences", UNSET)
        sentences: list[SentenceMedia] | Unset = UNSET
        if _sentences is not UNSET:
            sentences = []
            for sentences_item_data in _sentences:
                sentences_item = SentenceMedia.from_dict(sentences_item_data)



                sentences.append(sentences_item)


        _timings = d.pop("timings", UNSET)
        timings: TurnTimings | Unset
        if isinstance(_timings,  Unset):
            timings = UNSET
        else:
            timings = TurnTimings.from_dict(_timings)




        turn = cls(
            id=id,
            index=index,
            user=user,
            created_at=created_at,
            user_audio_artifact_id=user_audio_artifact_id,
            assistant=assistant,
            status=status,
            error=error,
            finished_at=finished_at,
            sentences=sentences,
            timings=timings,
        )


        turn.additional_properties = d
        return turn

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.live_status import LiveStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.ice_server import IceServer





T = TypeVar("T", bound="LiveSession")



@_attrs_define
class LiveSession:
    """ 
        Attributes:
            id (str):
            status (LiveStatus):
            avatar_id (str):
            voice_id (str):
            conversation_id (str):
            size (int):
            fps (int):
            created_at (datetime.datetime):
            idle_timeout_s (float): The session ends after this long without the user speaking.
            ice_servers (list[IceServer] | Unset): Pass to `new RTCPeerConnection({iceServers})` (TURN where configured).
            frames_sent (int | Unset):  Default: 0.
            turns (int | Unset):  Default: 0.
     """

    id: str
    status: LiveStatus
    avatar_id: str
    voice_id: str
    conversation_id: str
    size: int
    fps: int
    created_at: datetime.datetime
    idle_timeout_s: float
    ice_servers: list[IceServer] | Unset = UNSET
    frames_sent: int | Unset = 0
    turns: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.ice_server import IceServer # noqa: PLC0415
        id = self.id

        status = self.status.value

        avatar_id = self.avatar_id

        voice_id = self.voice_id

        conversation_id = self.conversation_id

        size = self.size

        fps = self.fps

        created_at = self.created_at.isoformat()

        idle_timeout_s = self.idle_timeout_s

        ice_servers: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.ice_servers, Unset):
            ice_servers = []
            for ice_servers_item_data in self.ice_servers:
                ice_servers_item = ice_servers_item_data.to_dict()
                ice_servers.append(ice_servers_item)



        frames_sent = self.frames_sent

        turns = self.turns


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "status": status,
            "avatar_id": avatar_id,
            "voice_id": voice_id,
            "conversation_id": conversation_id,
            "size": size,
            "fps": fps,
            "created_at": created_at,
            "idle_timeout_s": idle_timeout_s,
        })
        if ice_servers is not UNSET:
            field_dict["ice_servers"] = ice_servers
        if frames_sent is not UNSET:
            field_dict["frames_sent"] = frames_sent
        if turns is not UNSET:
            field_dict["turns"] = turns

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ice_server import IceServer # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        status = LiveStatus(d.pop("status"))




        avatar_id = d.pop("avatar_id")

        voice_id = d.pop("voice_id")

        conversation_id = d.pop("conversation_id")

        size = d.pop("size")

        fps = d.pop("fps")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        idle_timeout_s = d.pop("idle_timeout_s")

        _ice_servers = d.pop("ice_servers", UNSET)
        ice_servers: list[IceServer] | Unset = UNSET
        if _ice_servers is not UNSET:
            ice_servers = []
            for ice_servers_item_data in _ice_servers:
                ice_servers_item = IceServer.from_dict(ice_servers_item_data)



                ice_servers.append(ice_servers_item)


        frames_sent = d.pop("frames_sent", UNSET)

        turns = d.pop("turns", UNSET)

        live_session = cls(
            id=id,
            status=status,
            avatar_id=avatar_id,
            voice_id=voice_id,
            conversation_id=conversation_id,
            size=size,
            fps=fps,
            created_at=created_at,
            idle_timeout_s=idle_timeout_s,
            ice_servers=ice_servers,
            frames_sent=frames_sent,
            turns=turns,
        )


        live_session.additional_properties = d
        return live_session

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

"""One trained avatar in memory (head, torso, occupancy grid, intrinsics, pose track, background plate), the
full-frame renderer shared by validation and the runtime, and the self-contained checkpoint file."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch

from ernerf.config import Preset
from ernerf.model import HeadNeRF, TorsoNet
from ernerf.render import OccupancyGrid, autocast, pixel_rays, render_head

CHECKPOINT_FORMAT = "talkface-ernerf/1"
RAY_CHUNK = 1 << 17


@dataclass
class Intrinsics:
    focal: float
    cx: float
    cy: float
    height: int
    width: int

    def to_dict(self) -> dict:
        return {"focal": self.focal, "cx": self.cx, "cy": self.cy, "height": self.height, "width": self.width}


class Avatar:
    """The networks and everything a frame needs besides audio, eye and pose."""

    def __init__(
        self,
        preset: Preset,
        intrinsics: Intrinsics,
        audio_in: int,
        num_codes: int,
        background: torch.Tensor,
        poses: torch.Tensor,
        eye: torch.Tensor,
        device: torch.device,
    ) -> None:
        self.preset, self.intrinsics, self.device = preset, intrinsics, device
        self.audio_in, self.num_codes = audio_in, num_codes
        self.head = HeadNeRF(preset, audio_in, num_codes).to(device)
        self.torso = TorsoNet(preset, num_codes).to(device)
        self.grid = OccupancyGrid(preset.grid_size, device)
        self.background = background  # [H, W, 3] uint8, CPU
        self.poses = poses  # [N, 4, 4] the training pose track (loader space)
        self.eye = eye  # [N]
        self.torso_trained = False
        self.head_fn: Callable = self.head  # torch.compile'd head, when asked for
        self.autocast_dtype: torch.dtype | None = None
        h, w = intrinsics.height, intrinsics.width
        v, u = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
        self._pixels = torch.stack([u, v], dim=-1).reshape(-1, 2).float().to(device) + 0.5
        self._bg = background.to(device).float().reshape(-1, 3) / 255

    def compile(self) -> None:
        self.head_fn = torch.compile(self.head, dynamic=True)

    def render_rays(
        self,
        pose: torch.Tensor,
        pixels: torch.Tensor,
        audio: torch.Tensor,
        eye: torch.Tensor,
        code: torch.Tensor,
        generator: torch.Generator | None = None,
    ):
        p = self.preset
        origins, dirs = pixel_rays(pose, self.intrinsics.focal, self.intrinsics.cx, self.intrinsics.cy, pixels)
        return render_head(
            self.head_fn,  # type: ignore[arg-type]
            origins,
            dirs,
            audio,
            eye,
            code,
            self.grid,
            step=p.step_size,
            max_steps=p.max_steps,
            min_near=p.min_near,
            generator=generator,
            autocast_dtype=self.autocast_dtype,
        )

    def torso_colour(
        self, pose: torch.Tensor, pixels: torch.Tensor, code: torch.Tensor, bg: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Torso over the background at ``pixels``: (colour [N, 3], alpha [N])."""
        h, w = self.intrinsics.height, self.intrinsics.width
        coords = torch.stack([pixels[:, 0] / w * 2 - 1, pixels[:, 1] / h * 2 - 1], dim=-1)
        with autocast(pixels.device, self.autocast_dtype):
            alpha, rgb = self.torso(coords, pose, code)
        alpha, rgb = alpha.float(), rgb.float()
        return rgb * alpha[:, None] + bg * (1 - alpha[:, None]), alpha

    @torch.no_grad()
    def render_image(
        self,
        pose: torch.Tensor,
        audio: torch.Tensor,
        eye: torch.Tensor,
        torso_rgba: torch.Tensor | None = None,
        code_index: int = 0,
    ) -> torch.Tensor:
        """A full frame ``[H, W, 3]`` in [0, 1]. Behind the head: the trained torso over the plate, or (head-only,
        as in ER-NeRF's head stage) ``torso_rgba`` ([H, W, 4] uint8) over the plate, or the bare plate."""
        pose = pose.to(self.device)
        head_code = self.head.codes[code_index]
        torso_code = self.torso.codes[code_index]
        out = []
        for start in range(0, len(self._pixels), RAY_CHUNK):
            pixels = self._pixels[start : start + RAY_CHUNK]
            bg = self._bg[start : start + RAY_CHUNK]
            if self.torso_trained:
                bg, _ = self.torso_colour(pose, pixels, torso_code, bg)
            elif torso_rgba is not None:
                rgba = torso_rgba.to(self.device).reshape(-1, 4)[start : start + RAY_CHUNK].float() / 255
                bg = rgba[:, :3] * rgba[:, 3:] + bg * (1 - rgba[:, 3:])
            res = self.render_rays(pose, pixels, audio, eye, head_code)
            out.append(res.rgb + (1 - res.opacity)[:, None] * bg)
        h, w = self.intrinsics.height, self.intrinsics.width
        return torch.cat(out).clamp(0, 1).reshape(h, w, 3)

    # -- the checkpoint ----------------------------------------------------------------------------------------
    def payload(self) -> dict:
        return {
            "format": CHECKPOINT_FORMAT,
            "preset": self.preset.to_dict(),
            "intrinsics": self.intrinsics.to_dict(),
            "audio_in": self.audio_in,
            "num_codes": self.num_codes,
            "head": {k: v.cpu() for k, v in self.head.state_dict().items()},
            "torso": {k: v.cpu() for k, v in self.torso.state_dict().items()},
            "torso_trained": self.torso_trained,
            "grid": self.grid.state(),
            "background": self.background.cpu(),
            "poses": self.poses.cpu(),
            "eye": self.eye.cpu(),
        }

    @classmethod
    def from_payload(cls, data: dict, device: torch.device) -> Avatar:
        if data.get("format") != CHECKPOINT_FORMAT:
            raise ValueError(f"not an ernerf checkpoint (format {data.get('format')!r})")
        avatar = cls(
            Preset.from_dict(data["preset"]),
            Intrinsics(**data["intrinsics"]),
            int(data["audio_in"]),
            int(data["num_codes"]),
            data["background"],
            data["poses"],
            data["eye"],
            device,
        )
        avatar.head.load_state_dict(data["head"])
        avatar.torso.load_state_dict(data["torso"])
        avatar.torso_trained = bool(data["torso_trained"])
        avatar.grid.load(data["grid"])
        return avatar


def save_checkpoint(path: Path, payload: dict) -> Path:
    """Write atomically (temp file + rename), so a crash mid-write never leaves a torn checkpoint."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)
    return path


def load_checkpoint(path: Path) -> dict:
    """Tensors and plain values only, so the safe ``weights_only`` loader reads it."""
    return torch.load(path, map_location="cpu", weights_only=True)

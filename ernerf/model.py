"""The networks: audio encoder + attention smoothing, the tri-plane head NeRF (region attention, eye gating,
per-frame codes, density/colour/uncertainty heads) and the 2D torso field. All MLPs are bias-free with ReLU, as
in ER-NeRF."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from ernerf.config import Preset
from ernerf.encoding import MultiResGrid2D, TriPlaneEncoder, frequency_encoding, spherical_harmonics

SIGMA_CLAMP = 15.0  # exp(15) ~ 3.3e6: a truncated exp that cannot overflow in fp16 (ER-NeRF uses a plain exp)


def mlp(dims: list[int]) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(len(dims) - 1):
        layers.append(nn.Linear(dims[i], dims[i + 1], bias=False))
        if i < len(dims) - 2:
            layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


def stretched_sigmoid(x: torch.Tensor) -> torch.Tensor:
    """ER-NeRF's colour activation: reaches 0 and 1 exactly for finite inputs."""
    return torch.sigmoid(x) * (1 + 2e-3) - 1e-3


class AudioNet(nn.Module):
    """One audio window ``[W, C]`` -> a code: stride-2 1D convolutions over time down to length 1, then an MLP."""

    def __init__(self, in_channels: int, channels: tuple[int, int, int, int], out_dim: int) -> None:
        super().__init__()
        c1, c2, c3, c4 = channels
        convs: list[nn.Module] = []
        for cin, cout in ((in_channels, c1), (c1, c2), (c2, c3), (c3, c4)):
            convs += [nn.Conv1d(cin, cout, 3, stride=2, padding=1), nn.LeakyReLU(0.02, inplace=True)]
        self.encoder = nn.Sequential(*convs)
        self.head = nn.Sequential(nn.Linear(c4, c4), nn.LeakyReLU(0.02, inplace=True), nn.Linear(c4, out_dim))

    def forward(self, windows: torch.Tensor) -> torch.Tensor:
        """``[B, W, C]`` -> ``[B, out_dim]``; only the centre 16 time steps are read (like ER-NeRF)."""
        x = windows.transpose(1, 2)  # [B, C, W]
        width = x.shape[-1]
        if width > 16:
            x = x[..., width // 2 - 8 : width // 2 + 8]
        x = self.encoder(x)
        return self.head(x.mean(dim=-1))


class AudioAttNet(nn.Module):
    """Temporal smoothing: softmax weights over the codes of 8 neighbouring frames, from 1D convolutions."""

    def __init__(self, dim: int, frames: int) -> None:
        super().__init__()
        chans = [dim, 16, 8, 4, 2, 1]
        convs: list[nn.Module] = []
        for cin, cout in itertools.pairwise(chans):
            convs += [nn.Conv1d(cin, cout, 3, padding=1), nn.LeakyReLU(0.02, inplace=True)]
        self.conv = nn.Sequential(*convs)
        self.attention = nn.Linear(frames, frames)

    def forward(self, codes: torch.Tensor) -> torch.Tensor:
        """``[frames, dim]`` -> ``[dim]``."""
        weights = self.conv(codes.t().unsqueeze(0)).view(1, -1)  # [1, frames]
        weights = torch.softmax(self.attention(weights), dim=1).view(-1, 1)
        return (weights * codes).sum(dim=0)


@dataclass
class HeadOutputs:
    sigma: torch.Tensor  # [N]
    rgb: torch.Tensor  # [N, 3]
    audio_attention: torch.Tensor  # [N], norm of the per-point audio channel weights
    eye_gate: torch.Tensor  # [N]
    uncertainty: torch.Tensor  # [N]


class HeadNeRF(nn.Module):
    """The dynamic head: tri-plane features of a point, its audio condition (the frame's audio code weighted by a
    per-point channel attention), the gated eye scalar, -> density + geometry feature -> colour (with the view
    direction's SH and the frame's individual code)."""

    def __init__(self, preset: Preset, audio_in: int, num_codes: int) -> None:
        super().__init__()
        p = preset
        self.encoder = TriPlaneEncoder(
            p.plane_levels, p.plane_base_res, p.plane_max_res, p.plane_features, p.plane_mode, p.plane_hash_size
        )
        spatial = self.encoder.out_dim
        self.audio_net = AudioNet(audio_in, p.audio_channels, p.audio_dim)
        self.audio_att_net = AudioAttNet(p.audio_dim, p.audio_att_frames)
        self.audio_channel_att = mlp([spatial, p.att_hidden, p.audio_dim])
        self.eye_att = mlp([spatial, p.eye_hidden, 1])
        self.sigma_net = mlp([spatial + p.audio_dim + 1, p.hidden, p.hidden, 1 + p.geo_dim])
        self.color_net = mlp([16 + p.geo_dim + p.ind_dim, p.hidden, 3])
        self.unc_net = mlp([spatial, p.unc_hidden, 1])
        self.codes = nn.Parameter(torch.randn(max(num_codes, 1), p.ind_dim) * 0.1)
        self.att_frames = p.audio_att_frames

    def grid_parameters(self) -> list[nn.Parameter]:
        return list(self.encoder.parameters())

    def net_parameters(self) -> list[nn.Parameter]:
        grid = {id(p) for p in self.grid_parameters()}
        return [p for p in self.parameters() if id(p) not in grid]

    def encode_audio(self, windows: torch.Tensor) -> torch.Tensor:
        """``[frames, W, C]`` windows around one video frame (i-4 .. i+3) -> that frame's ``[audio_dim]`` code."""
        return self.audio_att_net(self.audio_net(windows))

    def _condition(self, feat: torch.Tensor, audio: torch.Tensor, eye: torch.Tensor):
        att = self.audio_channel_att(feat)  # no output activation (as in ER-NeRF)
        gate = torch.sigmoid(self.eye_att(feat))
        cond = torch.cat([feat, audio.to(feat.dtype) * att, eye.to(feat.dtype) * gate], dim=-1)
        return cond, att, gate

    def density(self, xyz: torch.Tensor, audio: torch.Tensor, eye: torch.Tensor) -> torch.Tensor:
        feat = self.encoder(xyz)
        cond, _, _ = self._condition(feat, audio, eye)
        return torch.exp(self.sigma_net(cond)[:, 0].float().clamp(max=SIGMA_CLAMP))

    def forward(
        self, xyz: torch.Tensor, dirs: torch.Tensor, audio: torch.Tensor, eye: torch.Tensor, code: torch.Tensor
    ) -> HeadOutputs:
        feat = self.encoder(xyz)
        cond, att, gate = self._condition(feat, audio, eye)
        h = self.sigma_net(cond)
        sigma = torch.exp(h[:, 0].float().clamp(max=SIGMA_CLAMP))
        colour_in = torch.cat(
            [spherical_harmonics(dirs).to(h.dtype), h[:, 1:], code.to(h.dtype).expand(len(h), -1)], dim=-1
        )
        rgb = stretched_sigmoid(self.color_net(colour_in).float())
        unc = F.softplus(self.unc_net(feat.detach()).float())[:, 0]  # detached: uncertainty never shapes geometry
        return HeadOutputs(sigma, rgb, att.float().norm(dim=-1), gate.float()[:, 0], unc)


class TorsoNet(nn.Module):
    """ER-NeRF's 2D torso: pixel coordinates deformed by a pose code (3 learnable anchor points moved by the head
    pose and projected), then a 2D grid + MLP -> alpha and rgb."""

    def __init__(self, preset: Preset, num_codes: int) -> None:
        super().__init__()
        p = preset
        self.shrink = p.torso_shrink
        self.coord_octaves, self.pose_octaves = p.torso_coord_octaves, p.torso_pose_octaves
        self.anchors = nn.Parameter(
            torch.tensor([[0.01, 0.01, 0.1, 1.0], [-0.1, -0.1, 0.1, 1.0], [0.1, -0.1, 0.1, 1.0]])
        )
        self.grid = MultiResGrid2D(
            1, p.torso_levels, p.torso_base_res, p.torso_max_res, p.torso_features, p.torso_mode, p.torso_hash_size
        )
        coord_dim = 2 * (1 + 2 * p.torso_coord_octaves)
        pose_dim = 6 * (1 + 2 * p.torso_pose_octaves)
        cond_dim = coord_dim + pose_dim + p.torso_ind_dim
        self.deform_net = mlp([cond_dim, p.torso_hidden, p.torso_hidden, 2])
        self.torso_net = mlp([self.grid.out_dim + cond_dim, p.torso_hidden, p.torso_hidden, 4])
        self.codes = nn.Parameter(torch.randn(max(num_codes, 1), p.torso_ind_dim) * 0.1)

    def pose_code(self, pose: torch.Tensor) -> torch.Tensor:
        """The anchors seen from the camera: world->camera transform, then x/z, y/z -> 6 numbers, encoded."""
        with torch.autocast(pose.device.type, enabled=False):  # a division by depth: keep it in fp32
            cam = (torch.linalg.inv(pose.float()) @ self.anchors.float().t()).t()  # [3, 4]
            proj = cam[:, :2] / cam[:, 2:3]
        return frequency_encoding(proj.reshape(1, 6), self.pose_octaves)

    def forward(self, coords: torch.Tensor, pose: torch.Tensor, code: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """``coords`` [N, 2] in [-1, 1] (x right, y down) -> alpha [N], rgb [N, 3]."""
        x = coords * self.shrink
        cond = torch.cat(
            [
                frequency_encoding(x, self.coord_octaves),
                self.pose_code(pose).expand(len(x), -1),
                code.expand(len(x), -1),
            ],
            dim=-1,
        )
        shifted = (x + self.deform_net(cond)).clamp(-1, 1)
        feat = self.grid(((shifted + 1) / 2).unsqueeze(0))
        out = self.torso_net(torch.cat([feat, cond], dim=-1)).float()
        alpha = stretched_sigmoid(out[:, 0]).clamp(0, 1)
        rgb = stretched_sigmoid(out[:, 1:])
        return alpha, rgb

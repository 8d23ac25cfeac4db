"""Encoders: multi-resolution 2D feature grids (dense via ``grid_sample``, or hashed like ER-NeRF's
``GridEncoder``), the tri-plane encoder built from three of them, spherical harmonics and frequency encodings.

Hand-written because ER-NeRF's encoders are CUDA extensions; these are plain tensor ops with autograd backward.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

HASH_PRIME = 2654435761  # ER-NeRF/instant-NGP's second prime (the first is 1)


def level_resolutions(levels: int, base: int, finest: int) -> list[int]:
    """Per-level resolutions growing geometrically from ``base`` to ``finest``, rounded up (as ER-NeRF)."""
    if levels == 1:
        return [base]
    scale = math.exp(math.log(finest / base) / (levels - 1))
    return [math.ceil(base * scale**level - 1e-6) for level in range(levels)]


class MultiResGrid2D(nn.Module):
    """``planes`` independent multi-resolution 2D grids sampled at the same time: input ``[planes, N, 2]`` in
    [0, 1], output ``[N, planes * levels * features]`` (plane-major). Points outside [0, 1] read zeros.

    ``dense``: one ``[planes, F, r, r]`` tensor per level, bilinear ``grid_sample`` (align_corners=True), no
    collisions, fast on CPU and GPU. ``hash``: ER-NeRF's table of ``hash_size`` entries per level, dense indexing
    while (r+1)^2 fits, XOR hashing above, bilinear over 4 corners via one gather."""

    def __init__(
        self, planes: int, levels: int, base: int, finest: int, features: int, mode: str, hash_size: int
    ) -> None:
        super().__init__()
        if mode not in ("dense", "hash"):
            raise ValueError(f"grid mode must be 'dense' or 'hash', not {mode!r}")
        self.planes, self.features, self.mode, self.hash_size = planes, features, mode, hash_size
        self.resolutions = level_resolutions(levels, base, finest)
        self.out_dim = planes * levels * features
        if mode == "dense":
            self.grids = nn.ParameterList(
                nn.Parameter(torch.empty(planes, features, r, r).uniform_(-1e-4, 1e-4)) for r in self.resolutions
            )
        else:
            # ER-NeRF's sizing: the vertices of the level, at most the table, rounded up to a multiple of 8
            sizes = [-(-min(hash_size, (r + 1) ** 2) // 8) * 8 for r in self.resolutions]
            offsets = [0]
            for size in sizes:
                offsets.append(offsets[-1] + size)
            self.sizes = sizes
            self.level_offsets = offsets[:-1]
            self.table = nn.Parameter(torch.empty(planes, offsets[-1], features).uniform_(-1e-4, 1e-4))

    def forward(self, coords: torch.Tensor) -> torch.Tensor:
        inside = ((coords >= 0) & (coords <= 1)).all(dim=-1)  # [P, N]
        feats = self._dense(coords) if self.mode == "dense" else self._hashed(coords)  # [P, N, L*F]
        feats = feats * inside.unsqueeze(-1).to(feats.dtype)
        return feats.permute(1, 0, 2).reshape(coords.shape[1], self.out_dim)

    def _dense(self, coords: torch.Tensor) -> torch.Tensor:
        grid = (coords * 2 - 1).unsqueeze(1)  # [P, 1, N, 2], grid_sample's [-1, 1]
        out = [
            F.grid_sample(level.to(grid.dtype), grid, mode="bilinear", align_corners=True) for level in self.grids
        ]  # each [P, F, 1, N]
        return torch.cat(out, dim=1).squeeze(2).transpose(1, 2)

    def _hashed(self, coords: torch.Tensor) -> torch.Tensor:
        planes, n = coords.shape[:2]
        out = []
        for level, res in enumerate(self.resolutions):
            pos = coords.clamp(0, 1) * (res - 1) + 0.5  # ER-NeRF's non-aligned corner convention
            base = pos.floor()
            frac = pos - base
            ix, iy = base[..., 0].long(), base[..., 1].long()
            corners = []
            weights = []
            for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
                cx, cy = ix + dx, iy + dy
                if (res + 1) ** 2 <= self.hash_size:
                    index = cx + cy * (res + 1)
                else:  # uint32 wraparound as in the CUDA kernel, then modulo the table size
                    index = ((cx ^ (cy * HASH_PRIME)) & 0xFFFFFFFF) % self.sizes[level]
                corners.append(index + self.level_offsets[level])
                wx = frac[..., 0] if dx else 1 - frac[..., 0]
                wy = frac[..., 1] if dy else 1 - frac[..., 1]
                weights.append(wx * wy)
            index = torch.stack(corners, dim=-1).reshape(planes, n * 4)  # [P, N*4]
            gathered = torch.gather(self.table, 1, index.unsqueeze(-1).expand(-1, -1, self.features))
            gathered = gathered.reshape(planes, n, 4, self.features).to(coords.dtype)
            out.append((gathered * torch.stack(weights, dim=-1).unsqueeze(-1)).sum(dim=2))
        return torch.cat(out, dim=-1)


class TriPlaneEncoder(nn.Module):
    """ER-NeRF's spatial encoder: the XY, YZ and XZ projections of a point in [-bound, bound]^3, each through a
    multi-resolution 2D grid; the features of the three planes are concatenated."""

    def __init__(
        self, levels: int, base: int, finest: int, features: int, mode: str, hash_size: int, bound: float = 1.0
    ) -> None:
        super().__init__()
        self.bound = bound
        self.grid = MultiResGrid2D(3, levels, base, finest, features, mode, hash_size)
        self.out_dim = self.grid.out_dim

    def forward(self, xyz: torch.Tensor) -> torch.Tensor:
        unit = (xyz + self.bound) / (2 * self.bound)
        planes = torch.stack([unit[:, [0, 1]], unit[:, [1, 2]], unit[:, [0, 2]]])
        return self.grid(planes)


def spherical_harmonics(dirs: torch.Tensor) -> torch.Tensor:
    """Degree-4 real spherical harmonics (16 terms) of unit directions ``[N, 3]``."""
    x, y, z = dirs.unbind(-1)
    xx, yy, zz = x * x, y * y, z * z
    return torch.stack(
        [
            torch.full_like(x, 0.28209479177387814),
            -0.48860251190291987 * y,
            0.48860251190291987 * z,
            -0.48860251190291987 * x,
            1.0925484305920792 * x * y,
            -1.0925484305920792 * y * z,
            0.94617469575755997 * zz - 0.31539156525251999,
            -1.0925484305920792 * x * z,
            0.54627421529603959 * (xx - yy),
            0.59004358992664352 * y * (-3.0 * xx + yy),
            2.8906114426405538 * x * y * z,
            0.45704579946446572 * y * (1.0 - 5.0 * zz),
            0.3731763325901154 * z * (5.0 * zz - 3.0),
            0.45704579946446572 * x * (1.0 - 5.0 * zz),
            1.4453057213202769 * z * (xx - yy),
            0.59004358992664352 * x * (-xx + 3.0 * yy),
        ],
        dim=-1,
    )


def frequency_encoding(x: torch.Tensor, octaves: int) -> torch.Tensor:
    """``[x, sin(2^k x), cos(2^k x)]`` for k < octaves: ``D * (1 + 2 * octaves)`` features."""
    out = [x]
    for k in range(octaves):
        out += [torch.sin(x * 2.0**k), torch.cos(x * 2.0**k)]
    return torch.cat(out, dim=-1)

"""Rays, the occupancy grid, occupancy-guided marching and differentiable compositing in plain PyTorch.

ER-NeRF marches with a CUDA DDA kernel; here the same result comes from fixed-step candidates between the ray's
near and far (slab test against the box), a lookup in a boolean occupancy grid, and keeping the first
``max_steps`` occupied candidates per ray. Samples are laid out padded, ``[rays, max_steps]``, and composited
with ``exp(-cumsum)`` (stabler than a product of (1 - alpha) in half precision).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from ernerf.model import HeadNeRF

AABB_MIN = (-1.0, -0.5, -1.0)  # ER-NeRF's box in loader space: +-25 cm, +-12.5 cm in depth (y)
AABB_MAX = (1.0, 0.5, 1.0)
MAX_VISIBILITY_POSES = 256


def pixel_rays(
    pose: torch.Tensor, focal: float, cx: float, cy: float, pixels: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Origins and unit directions through ``pixels`` ([N, 2] continuous, pixel i's centre at i + 0.5) for a
    loader-space camera-to-world ``pose`` (OpenCV camera): ER-NeRF's ``get_rays``."""
    dirs = torch.stack(
        [(pixels[:, 0] - cx) / focal, (pixels[:, 1] - cy) / focal, torch.ones_like(pixels[:, 0])], dim=-1
    )
    dirs = dirs / dirs.norm(dim=-1, keepdim=True)
    world = dirs @ pose[:3, :3].t()
    return pose[:3, 3].expand_as(world), world


def near_far(origins: torch.Tensor, dirs: torch.Tensor, min_near: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Slab test against the box; rays that miss get near == far (no samples)."""
    lo = torch.tensor(AABB_MIN, device=origins.device, dtype=origins.dtype)
    hi = torch.tensor(AABB_MAX, device=origins.device, dtype=origins.dtype)
    safe = torch.where(dirs.abs() < 1e-9, torch.full_like(dirs, 1e-9), dirs)
    t0, t1 = (lo - origins) / safe, (hi - origins) / safe
    near = torch.minimum(t0, t1).amax(dim=-1).clamp(min=min_near)
    far = torch.maximum(t0, t1).amin(dim=-1)
    return near, torch.maximum(far, near)


class OccupancyGrid:
    """A G^3 grid over [-1, 1]^3 of decayed density maxima and the boolean mask marching reads."""

    def __init__(self, size: int, device: torch.device | str) -> None:
        self.size = size
        self.density = torch.zeros(size, size, size, device=device)
        self.seen = torch.ones(size, size, size, dtype=torch.bool, device=device)
        self.mask = torch.ones(size, size, size, dtype=torch.bool, device=device)

    def cell_centres(self) -> torch.Tensor:
        axis = (torch.arange(self.size, device=self.density.device, dtype=torch.float32) + 0.5) / self.size * 2 - 1
        return torch.stack(torch.meshgrid(axis, axis, axis, indexing="ij"), dim=-1).reshape(-1, 3)

    def index(self, points: torch.Tensor) -> torch.Tensor:
        cell = ((points + 1) / 2 * self.size).long().clamp(0, self.size - 1)
        return cell[..., 0] * self.size * self.size + cell[..., 1] * self.size + cell[..., 2]

    def mark_unseen(self, poses: torch.Tensor, focal: float, cx: float, cy: float, height: int, width: int) -> None:
        """Cells no training camera sees stay empty for good (ER-NeRF's ``mark_untrained_grid``)."""
        centres = self.cell_centres()
        seen = torch.zeros(len(centres), dtype=torch.bool, device=centres.device)
        stride = max(1, len(poses) // MAX_VISIBILITY_POSES)  # neighbouring poses see nearly the same cells
        for pose in poses[::stride]:
            cam = (centres - pose[:3, 3]) @ pose[:3, :3]
            z = cam[:, 2].clamp(min=1e-6)
            u, v = focal * cam[:, 0] / z + cx, focal * cam[:, 1] / z + cy
            seen |= (cam[:, 2] > 0) & (u >= 0) & (u < width) & (v >= 0) & (v < height)
        self.seen = seen.view(self.size, self.size, self.size)
        self.mask &= self.seen

    def update(self, density_fn, generator: torch.Generator | None, decay: float, thresh: float, chunk: int) -> None:
        """Re-query every cell at a jittered point: density = max(decay * old, new); occupied where above
        min(mean, thresh), dilated by one cell."""
        centres = self.cell_centres()
        jitter = torch.rand(centres.shape, generator=generator, device="cpu").to(centres.device) - 0.5
        points = centres + jitter * (2.0 / self.size)
        fresh = torch.cat([density_fn(points[i : i + chunk]) for i in range(0, len(points), chunk)])
        fresh = fresh.view_as(self.density).float() * self.seen
        self.density = torch.maximum(self.density * decay, fresh)
        level = min(float(self.density[self.seen].mean()) if self.seen.any() else 0.0, thresh)
        occupied = (self.density > level).float()[None, None]
        self.mask = (F.max_pool3d(occupied, 3, stride=1, padding=1)[0, 0] > 0) & self.seen

    def occupied_fraction(self) -> float:
        return float(self.mask.float().mean())

    def state(self) -> dict[str, torch.Tensor]:
        return {"density": self.density.cpu(), "seen": self.seen.cpu(), "mask": self.mask.cpu()}

    def load(self, state: dict[str, torch.Tensor]) -> None:
        device = self.density.device
        self.density, self.seen, self.mask = (state[k].to(device) for k in ("density", "seen", "mask"))


@dataclass
class Samples:
    points: torch.Tensor  # [M, 3] packed valid samples
    dirs: torch.Tensor  # [M, 3]
    valid: torch.Tensor  # [R, S] bool: which padded slots hold a sample
    depth: torch.Tensor  # [R, S]
    flat: torch.Tensor  # [M] each packed sample's position in the flattened [R, S] layout


def march(
    origins: torch.Tensor,
    dirs: torch.Tensor,
    grid: OccupancyGrid,
    step: float,
    max_steps: int,
    min_near: float,
    generator: torch.Generator | None = None,
) -> Samples:
    """Fixed-step candidates inside the box, kept where the grid is occupied, the first ``max_steps`` per ray.
    ``generator`` jitters the start by U(0, 1) * step (training)."""
    near, far = near_far(origins, dirs, min_near)
    count = int(torch.ceil((far - near).max() / step).item()) if len(near) else 0
    count = max(count, 1)
    offset = torch.arange(count, device=origins.device, dtype=origins.dtype)
    if generator is not None:
        jitter = torch.rand(len(near), 1, generator=generator, device="cpu").to(origins.device, origins.dtype)
    else:
        jitter = torch.full((len(near), 1), 0.5, device=origins.device, dtype=origins.dtype)
    t = near[:, None] + (offset[None, :] + jitter) * step  # [R, K]
    inside = t < far[:, None]
    points = origins[:, None, :] + dirs[:, None, :] * t[..., None]
    occupied = inside & grid.mask.view(-1)[grid.index(points)]
    keep = occupied & (occupied.cumsum(dim=1) <= max_steps)
    # move each ray's kept candidates to the front: slot = rank among the ray's kept ones. One nonzero() (one
    # device sync); the packed order (row-major over kept candidates) is the padded layout's row-major order.
    slots = min(max_steps, count)
    ray, column = keep.nonzero(as_tuple=True)
    slot = keep.cumsum(dim=1)[ray, column] - 1
    flat = ray * slots + slot
    kept_t = t[ray, column]
    valid = torch.zeros(len(t) * slots, dtype=torch.bool, device=t.device)
    valid[flat] = True
    depth = torch.zeros(len(t) * slots, device=t.device, dtype=t.dtype)
    depth[flat] = kept_t
    packed_points = origins[ray] + dirs[ray] * kept_t[:, None]
    return Samples(packed_points, dirs[ray], valid.view(len(t), slots), depth.view(len(t), slots), flat)


def autocast(device: torch.device, dtype: torch.dtype | None) -> contextlib.AbstractContextManager:
    """Mixed precision on a GPU when asked; plain fp32 otherwise."""
    if dtype is None:
        return contextlib.nullcontext()
    return torch.autocast(device.type, dtype=dtype)


@dataclass
class RayResult:
    rgb: torch.Tensor  # [R, 3] sum of w * rgb (no background)
    opacity: torch.Tensor  # [R] sum of w
    depth: torch.Tensor  # [R]
    audio_attention: torch.Tensor  # [R]
    eye_gate: torch.Tensor  # [R]
    uncertainty: torch.Tensor  # [R]


def composite(
    valid: torch.Tensor, flat: torch.Tensor, step: float, values: dict[str, torch.Tensor], sigma: torch.Tensor
) -> dict[str, torch.Tensor]:
    """Padded compositing of packed samples (``flat``: their positions in the flattened ``valid`` layout):
    tau = sigma * step, T = exp(-exclusive cumsum tau), w = T * (1 - exp(-tau)); returns the weights and the
    weighted per-ray sum of each value."""
    rows, slots = valid.shape
    tau = torch.zeros(rows * slots, device=valid.device, dtype=torch.float32)
    tau = tau.index_put((flat,), sigma.float() * step).view(rows, slots)
    before = torch.cumsum(tau, dim=1) - tau
    weights = torch.exp(-before) * (1 - torch.exp(-tau))
    out = {"weights": weights}
    for name, packed in values.items():
        channels = packed.shape[1:]
        padded = torch.zeros((rows * slots, *channels), device=valid.device, dtype=torch.float32)
        padded = padded.index_put((flat,), packed.float()).view(rows, slots, *channels)
        w = weights.view(rows, slots, *([1] * len(channels)))
        out[name] = (w * padded).sum(dim=1)
    return out


def render_head(
    model: HeadNeRF,
    origins: torch.Tensor,
    dirs: torch.Tensor,
    audio: torch.Tensor,
    eye: torch.Tensor,
    code: torch.Tensor,
    grid: OccupancyGrid,
    *,
    step: float,
    max_steps: int,
    min_near: float,
    generator: torch.Generator | None = None,
    autocast_dtype: torch.dtype | None = None,
) -> RayResult:
    """Composited head outputs per ray (ER-NeRF's ``run_cuda`` in plain PyTorch)."""
    samples = march(origins, dirs, grid, step, max_steps, min_near, generator)
    with autocast(origins.device, autocast_dtype):
        out = model(samples.points, samples.dirs, audio, eye, code)
    values = {
        "rgb": out.rgb,
        "depth": samples.depth.view(-1)[samples.flat],
        "audio_attention": out.audio_attention,
        "eye_gate": out.eye_gate,
        "uncertainty": out.uncertainty,
        "opacity": torch.ones_like(out.sigma),
    }
    comp = composite(samples.valid, samples.flat, step, values, out.sigma)
    return RayResult(
        comp["rgb"],
        comp["opacity"],
        comp["depth"],
        comp["audio_attention"],
        comp["eye_gate"],
        comp["uncertainty"],
    )

"""The pure-PyTorch ER-NeRF building blocks against closed-form answers: audio windows shared with the dataset
step, the grid encoders (dense and hashed agree on exact bilinear interpolation), rays against the dataset's
camera conventions, marching and compositing."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import torch

from ernerf import PRESETS, mel_windows
from ernerf.encoding import MultiResGrid2D, level_resolutions, spherical_harmonics
from ernerf.model import HeadNeRF, TorsoNet
from ernerf.render import OccupancyGrid, composite, march, near_far, pixel_rays
from services.trainer.dataset.audio_features import LogMelExtractor
from services.trainer.dataset.camera import rays as dataset_rays
from services.trainer.dataset.steps import Ticker

pytestmark = pytest.mark.slow  # torch and librosa start-up: counted in the ER-NeRF tests' time budget


def test_mel_windows_are_the_dataset_features() -> None:
    rng = np.random.default_rng(0)
    samples = (rng.normal(0, 0.1, 16000) * np.sin(np.linspace(0, 20, 16000)) ** 2).astype(np.float32)
    ours = mel_windows(samples, n_frames=25, fps=25)
    dataset = LogMelExtractor().extract(samples, 16000, 25, 25, Ticker())
    assert ours.shape == (25, 16, 32) and ours.dtype == np.float32
    np.testing.assert_array_equal(ours, dataset)
    assert not ours[0, :7].any() and ours[0, 8:].any()  # frame 0 starts 8 feature frames before the clip


def test_level_resolutions_follow_ernerf() -> None:
    assert level_resolutions(12, 64, 512) == [64, 78, 94, 113, 137, 165, 199, 241, 291, 351, 424, 512]


def _linear_grid(mode: str, res: int) -> MultiResGrid2D:
    """One level whose vertex values are a linear function of the vertex position: bilinear interpolation then
    reproduces that function exactly, whatever the storage."""
    grid = MultiResGrid2D(1, 1, res, res, 1, mode, hash_size=(res + 2) ** 2)
    with torch.no_grad():
        if mode == "dense":  # align_corners=True: vertex (i, j) sits at (i / (res - 1), j / (res - 1))
            ys, xs = torch.meshgrid(torch.arange(res), torch.arange(res), indexing="ij")
            grid.grids[0][0, 0] = (2 * xs + 3 * ys).float() / (res - 1)
        else:  # ER-NeRF's convention: position x * (res - 1) + 0.5, vertices (res + 1) per side
            index = torch.arange((res + 1) ** 2)
            vx, vy = index % (res + 1), index // (res + 1)
            grid.table[0, : len(index), 0] = (2 * (vx - 0.5) + 3 * (vy - 0.5)).float() / (res - 1)
    return grid


def test_dense_and_hashed_grids_interpolate_exactly() -> None:
    points = torch.rand(1, 200, 2, generator=torch.Generator().manual_seed(1))
    expected = 2 * points[0, :, 0] + 3 * points[0, :, 1]
    for mode in ("dense", "hash"):
        out = _linear_grid(mode, 9)(points)
        torch.testing.assert_close(out[:, 0], expected, atol=1e-5, rtol=0)
    outside = _linear_grid("dense", 9)(torch.tensor([[[1.5, 0.5], [-0.1, 0.2]]]))
    assert torch.equal(outside, torch.zeros(2, 1))


def test_hashed_levels_wrap_into_the_table() -> None:
    grid = MultiResGrid2D(3, 4, 16, 128, 2, "hash", hash_size=2**10)
    assert grid.sizes == [296, 2**10, 2**10, 2**10]  # 17^2 = 289 vertices, rounded up to a multiple of 8
    out = grid(torch.rand(3, 500, 2))
    assert out.shape == (500, 3 * 4 * 2)
    out.sum().backward()
    assert grid.table.grad is not None and grid.table.grad.abs().sum() > 0


def test_standard_sizes_match_ernerf_parameter_counts() -> None:
    """ER-NeRF's hashed tri-plane (12 levels 64->512, 2^14) and torso grid (16 levels x 2, 16->2048, 2^16) sizes,
    and its density and colour MLPs, computed from its constructor arguments."""
    hashed = replace(PRESETS["standard"], plane_mode="hash")
    head = HeadNeRF(hashed, audio_in=32, num_codes=10)
    assert head.encoder.grid.table.numel() == 490_752
    assert sum(p.numel() for p in head.sigma_net.parameters()) == 12_672
    assert sum(p.numel() for p in head.color_net.parameters()) == 5_568
    torso = TorsoNet(PRESETS["standard"], num_codes=10)
    assert torso.grid.table.numel() == 1_111_040


def test_spherical_harmonics_are_orthonormal() -> None:
    dirs = torch.randn(200_000, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    sh = spherical_harmonics(dirs / dirs.norm(dim=-1, keepdim=True))
    gram = sh.t() @ sh * (4 * math.pi / len(sh))  # Monte Carlo integral over the sphere
    torch.testing.assert_close(gram, torch.eye(16, dtype=torch.float64), atol=0.03, rtol=0)


def test_rays_follow_the_dataset_camera() -> None:
    pose = np.eye(4)
    pose[:3, :3] = np.linalg.qr(np.random.default_rng(2).normal(size=(3, 3)))[0]
    pose[:3, 3] = [0.1, 2.8, -0.2]
    pixels = np.array([[0.5, 0.5], [31.5, 40.5], [63.5, 10.5]])
    origins, dirs = pixel_rays(torch.tensor(pose), 100.0, 32.0, 32.0, torch.tensor(pixels))
    expected_o, expected_d = dataset_rays(pose, 100.0, 32.0, 32.0, pixels)
    np.testing.assert_allclose(origins.numpy(), expected_o, atol=1e-12)
    np.testing.assert_allclose(dirs.numpy(), expected_d, atol=1e-12)


def test_near_far_clip_to_the_box() -> None:
    origins = torch.tensor([[0.0, 3.0, 0.0], [5.0, 5.0, 5.0]])
    dirs = torch.tensor([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0]])
    near, far = near_far(origins, dirs, 0.05)
    torch.testing.assert_close(near[0], torch.tensor(2.5))
    torch.testing.assert_close(far[0], torch.tensor(3.5))
    assert near[1] == far[1]  # the second ray misses the box: no length, no samples


def test_marching_keeps_the_first_occupied_samples() -> None:
    grid = OccupancyGrid(8, "cpu")
    grid.mask.zero_()
    grid.mask[:, :, 4:] = True  # occupied where z >= 0
    origins = torch.tensor([[0.0, 0.0, -3.0]])
    dirs = torch.tensor([[0.0, 0.0, 1.0]])
    samples = march(origins, dirs, grid, step=0.1, max_steps=4, min_near=0.05)
    depth = samples.depth[samples.valid]
    assert len(depth) == 4 and torch.all(depth[1:] > depth[:-1])
    assert torch.all(samples.points[:, 2] >= 0) and samples.points[0, 2] < 0.1
    grid.mask.zero_()
    empty = march(origins, dirs, grid, step=0.1, max_steps=4, min_near=0.05)
    assert not empty.valid.any() and len(empty.points) == 0


def test_compositing_matches_the_closed_form() -> None:
    valid = torch.tensor([[True, True, True, False]])
    sigma = torch.tensor([1.0, 2.0, 3.0])
    values = {"one": torch.ones(3), "rgb": torch.tensor([[1.0, 0, 0]] * 3)}
    out = composite(valid, torch.tensor([0, 1, 2]), 0.5, values, sigma)
    alpha = 1 - torch.exp(-sigma * 0.5)
    transmittance = torch.cumprod(torch.cat([torch.ones(1), 1 - alpha[:-1]]), 0)
    weights = alpha * transmittance
    torch.testing.assert_close(out["weights"][0, :3], weights)
    torch.testing.assert_close(out["one"][0], 1 - torch.exp(-sigma.sum() * 0.5))
    torch.testing.assert_close(out["rgb"][0], torch.tensor([float(weights.sum()), 0, 0]))

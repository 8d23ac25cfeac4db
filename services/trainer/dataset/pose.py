"""Step 4: head pose without a 3DMM -> ``transforms_train.json`` / ``transforms_val.json``.

The canonical face's rigid points (forehead, nose, eye corners, cheekbones, temples) are matched to the mesh
landmarks: a focal search (PnP on a subset of frames for each candidate focal; the lowest median reprojection
error wins), per-frame PnP, then a small PyTorch bundle adjustment with the focal fixed: per-frame rotation and
translation, one set of per-point offsets of the canonical shape (the person's identity), a prior on the
offsets and a temporal second-difference penalty on the rigid points in camera space (pose jitter is what blurs
a NeRF head).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import cv2
import numpy as np
import torch
from scipy.spatial.transform import Rotation

from services.trainer.dataset.camera import GL_FROM_CV, c2w_from_opencv
from services.trainer.dataset.canonical import RIGID, canonical_face
from services.trainer.dataset.steps import CancelCheck, DatasetLayout, Progress, Ticker, never_cancelled, no_progress

FOCAL_GRID = np.linspace(0.8, 3.5, 28)  # candidate focal lengths x image side
FLAT_CURVE = 0.02  # relative spread of the focal curve below which the focal is unobservable
SMOOTH_WEIGHT = 5.0  # per mm^2 of second difference, against px^2 of reprojection error
OFFSET_WEIGHT = 1.0e1  # per mm^2 of shape offset
BA_STEPS = 60  # L-BFGS iterations (20 per round, progress and cancel between rounds)
NO_DISTORTION = np.zeros(5)


@dataclass(frozen=True)
class PoseResult:
    """Head->camera poses (OpenCV camera, metres), the focal (px), per-frame reprojection error (px, mean over
    the rigid points), the fitted rigid shape (metres) and yaw/pitch/roll (degrees)."""

    rotations: np.ndarray  # [N, 3, 3]
    translations: np.ndarray  # [N, 3]
    focal: float
    reprojection: np.ndarray  # [N]
    rigid_shape: np.ndarray  # [K, 3]
    focal_curve: np.ndarray  # [len(FOCAL_GRID), 2]: focal, median error

    @property
    def euler_deg(self) -> np.ndarray:
        """Yaw (about the head's up axis), pitch (left-right axis) and roll (forward axis) per frame."""
        head = np.einsum("ij,njk->nik", GL_FROM_CV, self.rotations)
        return np.degrees(Rotation.from_matrix(head).as_euler("YXZ"))

    def c2w(self) -> np.ndarray:
        return np.stack([c2w_from_opencv(r, t) for r, t in zip(self.rotations, self.translations, strict=True)])


def _camera(focal: float, size: int) -> np.ndarray:
    return np.array([[focal, 0.0, size / 2.0], [0.0, focal, size / 2.0], [0.0, 0.0, 1.0]])


def _pnp(obj: np.ndarray, img: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    img = np.ascontiguousarray(img)
    ok, rvec, tvec = cv2.solvePnP(obj, img, k, NO_DISTORTION, flags=cv2.SOLVEPNP_SQPNP)
    if not ok:
        raise RuntimeError("PnP failed")
    rvec, tvec = cv2.solvePnPRefineLM(obj, img, k, NO_DISTORTION, rvec, tvec)
    proj, _ = cv2.projectPoints(obj, rvec, tvec, k, NO_DISTORTION)
    return rvec[:, 0], tvec[:, 0], float(np.linalg.norm(proj[:, 0] - img, axis=1).mean())


def search_focal(points2d: np.ndarray, usable: np.ndarray, size: int, samples: int = 24) -> tuple[float, np.ndarray]:
    """The focal with the lowest median PnP error over a subset of frames; a flat curve falls back to ER-NeRF's
    typical field of view (f = 1200 px at 450 px)."""
    obj = canonical_face().vertices[RIGID]
    frames = np.nonzero(usable)[0]
    frames = frames[np.linspace(0, len(frames) - 1, min(samples, len(frames))).astype(int)]
    curve = []
    for scale in FOCAL_GRID:
        k = _camera(scale * size, size)
        curve.append(np.median([_pnp(obj, points2d[i], k)[2] for i in frames]))
    errors = np.asarray(curve)
    table = np.stack([FOCAL_GRID * size, errors], axis=1)
    if (errors.max() - errors.min()) / max(errors.min(), 1e-6) < FLAT_CURVE:
        return 1200.0 * size / 450.0, table
    best = int(np.argmin(errors))
    if 0 < best < len(errors) - 1:  # parabolic refinement between the neighbours
        y0, y1, y2 = errors[best - 1 : best + 2]
        denom = y0 - 2 * y1 + y2
        shift = 0.5 * (y0 - y2) / denom if denom > 0 else 0.0
        step = FOCAL_GRID[1] - FOCAL_GRID[0]
        return float((FOCAL_GRID[best] + shift * step) * size), table
    return float(FOCAL_GRID[best] * size), table


def _rotation_matrices(rvec: torch.Tensor) -> torch.Tensor:
    """Rodrigues' formula, batched and differentiable."""
    theta = rvec.norm(dim=1, keepdim=True).clamp_min(1e-9)
    axis = rvec / theta
    x, y, z = axis[:, 0], axis[:, 1], axis[:, 2]
    zero = torch.zeros_like(x)
    skew = torch.stack([zero, -z, y, z, zero, -x, -y, x, zero], dim=1).view(-1, 3, 3)
    eye = torch.eye(3, dtype=rvec.dtype).expand_as(skew)
    s, c = theta.sin()[:, :, None], theta.cos()[:, :, None]
    return eye + s * skew + (1 - c) * skew @ skew


def bundle_adjust(
    points2d: np.ndarray,
    usable: np.ndarray,
    rvecs: np.ndarray,
    tvecs: np.ndarray,
    focal: float,
    size: int,
    tick: Ticker,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Jointly refine poses and the rigid shape; returns rotation vectors, translations and the shape."""
    torch.manual_seed(0)
    dtype = torch.float64
    base = torch.tensor(canonical_face().vertices[RIGID], dtype=dtype)
    target = torch.tensor(points2d, dtype=dtype)
    weight = torch.tensor(usable, dtype=dtype)[:, None]
    r = torch.tensor(rvecs, dtype=dtype, requires_grad=True)
    t = torch.tensor(tvecs, dtype=dtype, requires_grad=True)
    offsets = torch.zeros_like(base, requires_grad=True)
    opt = torch.optim.LBFGS([r, t, offsets], lr=1.0, max_iter=20, line_search_fn="strong_wolfe")
    c = size / 2.0
    count = weight.sum().clamp_min(1.0) * base.shape[0]

    def loss_fn() -> torch.Tensor:
        opt.zero_grad()
        shape = base + offsets
        cam = torch.matmul(shape, _rotation_matrices(r).transpose(1, 2)) + t[:, None, :]
        uv = focal * cam[..., :2] / cam[..., 2:3] + c
        err = ((uv - target) ** 2).sum(-1) * weight
        loss = err.sum() / count
        if cam.shape[0] > 2:
            accel = (cam[2:] - 2 * cam[1:-1] + cam[:-2]) * 1000.0  # millimetres
            loss = loss + SMOOTH_WEIGHT * (accel**2).sum(-1).mean()
        loss = loss + OFFSET_WEIGHT * ((offsets * 1000.0) ** 2).sum(-1).mean() / 1000.0
        loss.backward()
        return loss

    rounds = max(1, BA_STEPS // 20)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the tensors are tiny: more threads only add synchronisation (3-5x slower on 2 cores)
    try:
        for step in range(rounds):
            opt.step(loss_fn)
            tick(step + 1, rounds)
    finally:
        torch.set_num_threads(threads)
    return r.detach().numpy(), t.detach().numpy(), (base + offsets).detach().numpy()


def reprojection_errors(
    shape: np.ndarray, rotations: np.ndarray, translations: np.ndarray, focal: float, size: int, points2d: np.ndarray
) -> np.ndarray:
    cam = np.einsum("nij,kj->nki", rotations, shape) + translations[:, None, :]
    uv = focal * cam[..., :2] / cam[..., 2:3] + size / 2.0
    return np.linalg.norm(uv - points2d, axis=-1).mean(axis=1)


def track_head(
    mesh: np.ndarray,
    usable: np.ndarray,
    size: int,
    *,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> PoseResult:
    """Poses for every frame from the mesh landmarks (``usable`` marks frames with a real or filled face)."""
    tick = Ticker(progress, cancelled)
    points2d = np.ascontiguousarray(mesh[:, RIGID, :2], dtype=np.float64)
    focal, curve = search_focal(points2d, usable, size)
    tick(0.2, 1)
    obj = canonical_face().vertices[RIGID]
    k = _camera(focal, size)
    n = len(mesh)
    rvecs, tvecs = np.zeros((n, 3)), np.zeros((n, 3))
    for i in range(n):
        rvecs[i], tvecs[i], _ = _pnp(obj, points2d[i], k)
        if i % 50 == 0:
            tick(0.2 + 0.2 * i / n, 1)
    ba_tick = Ticker(lambda f: progress(0.4 + 0.6 * f), cancelled)
    rvecs, tvecs, shape = bundle_adjust(points2d, usable, rvecs, tvecs, focal, size, ba_tick)
    rotations = np.stack([cv2.Rodrigues(v)[0] for v in rvecs])
    errors = reprojection_errors(shape, rotations, tvecs, focal, size, points2d)
    return PoseResult(rotations, tvecs, focal, errors, shape, curve)


def write_transforms(
    layout: DatasetLayout, pose: PoseResult, size: int, keep: np.ndarray, val_fraction: float
) -> tuple[int, int]:
    """ER-NeRF's JSON: ``focal_len``, ``cx``, ``cy`` and per frame ``img_id``, ``aud_id`` (the same index) and the
    c2w; the tail ``val_fraction`` of the clip is the validation split. Dropped frames are left out."""
    n = len(pose.rotations)
    split = round(n * (1.0 - val_fraction))
    c2w = pose.c2w()
    counts = []
    for name, ids in (("train", range(0, split)), ("val", range(split, n))):
        frames = [{"img_id": i, "aud_id": i, "transform_matrix": c2w[i].tolist()} for i in ids if keep[i]]
        body = {"focal_len": float(pose.focal), "cx": size / 2.0, "cy": size / 2.0, "frames": frames}
        layout.transforms(name).write_text(json.dumps(body, indent=2))
        counts.append(len(frames))
    torch.save(
        {
            "focal": torch.tensor([pose.focal]),
            "rotation": torch.tensor(pose.rotations),  # head -> camera, OpenCV camera
            "translation": torch.tensor(pose.translations),  # metres
            "rigid_ids": torch.tensor(RIGID),
            "rigid_shape": torch.tensor(pose.rigid_shape),  # metres, head frame
        },
        layout.track_params,
    )
    return counts[0], counts[1]

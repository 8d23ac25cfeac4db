"""ER-NeRF's camera conventions, in one place for the tracker (which writes poses) and the trainer (which reads
them through the same functions).

* OpenCV PnP gives head->camera (R, t) with the camera x right, y down, z forward.
* ``transforms_*.json`` holds camera-to-head matrices with an OpenGL camera (x right, y up, looking along -z),
  translation in metres: c2w = [R_gl^T | -R_gl^T t_gl] with (R_gl, t_gl) = diag(1,-1,-1) (R, t).
* The loader scales translations by 4 (1 unit = 25 cm), permutes the world axes (x <- y, y <- z, z <- x) and
  flips the camera's y and z back to OpenCV; rays go through pixel centres (i + 0.5) with direction
  ((u - cx)/f, (v - cy)/f, 1), normalised and rotated by the pose.
"""

from __future__ import annotations

import numpy as np

GL_FROM_CV = np.diag([1.0, -1.0, -1.0])
NGP_SCALE = 4.0


def c2w_from_opencv(rotation: np.ndarray, translation: np.ndarray) -> np.ndarray:
    """Camera-to-head 4x4 (OpenGL camera, metres) from an OpenCV head->camera pose."""
    r_gl = GL_FROM_CV @ rotation
    t_gl = GL_FROM_CV @ translation
    c2w = np.eye(4)
    c2w[:3, :3] = r_gl.T
    c2w[:3, 3] = -r_gl.T @ t_gl
    return c2w


def opencv_from_c2w(c2w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of :func:`c2w_from_opencv`."""
    r_gl = c2w[:3, :3].T
    t_gl = -r_gl @ c2w[:3, 3]
    return GL_FROM_CV @ r_gl, GL_FROM_CV @ t_gl


def nerf_matrix_to_ngp(pose: np.ndarray, scale: float = NGP_SCALE) -> np.ndarray:
    """ER-NeRF's loader transform of one c2w: scaled translation, permuted axes, OpenCV camera."""
    return np.array(
        [
            [pose[1, 0], -pose[1, 1], -pose[1, 2], pose[1, 3] * scale],
            [pose[2, 0], -pose[2, 1], -pose[2, 2], pose[2, 3] * scale],
            [pose[0, 0], -pose[0, 1], -pose[0, 2], pose[0, 3] * scale],
            [0.0, 0.0, 0.0, 1.0],
        ]
    )


def head_points_to_ngp(points: np.ndarray, scale: float = NGP_SCALE) -> np.ndarray:
    """Head-frame points (metres) in the loader's world: the same scale and axis permutation as the poses."""
    return scale * points[..., [1, 2, 0]]


def rays(pose_ngp: np.ndarray, focal: float, cx: float, cy: float, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Origins and unit directions of the rays through ``pixels`` (N x 2, continuous, pixel i's centre at i+0.5)."""
    dirs = np.stack([(pixels[:, 0] - cx) / focal, (pixels[:, 1] - cy) / focal, np.ones(len(pixels))], axis=1)
    dirs = dirs / np.linalg.norm(dirs, axis=1, keepdims=True)
    world = dirs @ pose_ngp[:3, :3].T
    return np.broadcast_to(pose_ngp[:3, 3], world.shape).copy(), world


def project(points_ngp: np.ndarray, pose_ngp: np.ndarray, focal: float, cx: float, cy: float) -> np.ndarray:
    """Pixel where each loader-world point is seen: the inverse of :func:`rays`."""
    cam = (points_ngp - pose_ngp[:3, 3]) @ pose_ngp[:3, :3]
    return np.stack([focal * cam[:, 0] / cam[:, 2] + cx, focal * cam[:, 1] / cam[:, 2] + cy], axis=1)

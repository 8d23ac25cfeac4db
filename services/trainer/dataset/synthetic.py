"""Test data: a synthetic talking head with known pose, mouth and blink signals (for tests and the benchmark).

The head is the canonical face mesh (the geometry the tracker fits) textured with scikit-image's astronaut
photo, so mediapipe finds a real-looking face, placed in front of an ellipsoid of hair, a neck and a static torso
on a static gradient background. The camera stays still and the head turns (about +-10 deg yaw, +-5 deg pitch
at 0.7 m), the mouth opens with an envelope m(t) and the audio is voiced noise whose RMS envelope is m(t).
scikit-image is a development dependency: this module is test data, not part of preprocessing.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import soundfile as sf
from scipy.spatial.transform import Rotation

from services.trainer.dataset.canonical import INNER_LIPS, LOWER_LIP_AND_CHIN, canonical_face

EYE_LIDS = [  # (upper, lower) lid vertex pairs, both eyes
    (246, 7), (161, 163), (160, 144), (159, 145), (158, 153), (157, 154), (173, 155),
    (466, 249), (388, 390), (387, 373), (386, 374), (385, 380), (384, 381), (398, 382),
]  # fmt: skip
DISTANCE_M = 0.7
SUPERSAMPLE = 2


@dataclass(frozen=True)
class SyntheticClip:
    """What the generator knows: per-frame head->camera rotation (OpenCV camera) and translation in metres,
    the focal length in pixels, the mouth envelope and the blink closure (0 open .. 1 closed)."""

    video: Path
    size: int
    fps: int
    focal: float
    rotations: np.ndarray  # [N, 3, 3]
    translations: np.ndarray  # [N, 3]
    mouth: np.ndarray  # [N]
    blink: np.ndarray  # [N]
    sample_rate: int


@cache
def _texture() -> tuple[np.ndarray, np.ndarray]:
    """The astronaut photo and its 468 face-mesh points (pixels, edge-origin): the texture of the head."""
    import mediapipe as mp
    import skimage.data

    photo = np.ascontiguousarray(skimage.data.astronaut())
    mesh = mp.solutions.face_mesh.FaceMesh(static_image_mode=True, max_num_faces=1, refine_landmarks=False)
    try:
        found = mesh.process(photo).multi_face_landmarks
    finally:
        mesh.close()
    h, w = photo.shape[:2]
    points = np.array([(p.x * w, p.y * h) for p in found[0].landmark[:468]], dtype=np.float64)
    return photo, points


def head_signals(n: int, fps: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Yaw, pitch (radians), mouth envelope (0..1) and blink closure (0..1) for ``n`` frames."""
    t = np.arange(n) / fps
    rng = np.random.default_rng(seed)
    yaw = np.radians(10.0) * np.sin(2 * np.pi * 0.35 * t + 0.3)
    pitch = np.radians(5.0) * np.sin(2 * np.pi * 0.23 * t + 1.1)
    mouth = np.zeros(n)
    for freq in (1.3, 2.1, 3.4):
        mouth += np.sin(2 * np.pi * freq * t + rng.uniform(0, 2 * np.pi))
    mouth = np.clip(mouth / 3.0 + 0.15, 0.0, None)
    mouth = mouth / max(float(mouth.max()), 1e-6)
    blink = np.zeros(n)
    for start in np.arange(0.7, n / fps, 1.6):  # a 0.2 s blink every 1.6 s
        centre = start * fps
        blink = np.maximum(blink, np.clip(1.0 - np.abs(np.arange(n) - centre) / (0.1 * fps + 1), 0.0, 1.0))
    return yaw, pitch, mouth, blink


def _deformed_vertices(mouth: float, blink: float) -> np.ndarray:
    face = canonical_face()
    verts = face.vertices.copy()
    # open the jaw: rotate the face below the lip line about an axis through the ears, blending in over 6 mm
    pivot = np.array([0.0, verts[234, 1], verts[234, 2]])
    line = (verts[13, 1] + verts[14, 1]) / 2
    weight = np.clip((line - verts[:, 1]) / 0.006, 0.0, 1.0)
    weight[LOWER_LIP_AND_CHIN] = 1.0
    angle = np.radians(14.0) * mouth * weight
    rel = verts - pivot
    cos, sin = np.cos(angle), np.sin(angle)
    verts[:, 1] = pivot[1] + rel[:, 1] * cos - rel[:, 2] * sin
    verts[:, 2] = pivot[2] + rel[:, 1] * sin + rel[:, 2] * cos
    for upper, lower in EYE_LIDS:
        verts[upper] += 0.9 * blink * (verts[lower] - verts[upper])
    return verts


def render_frame(rotation: np.ndarray, translation: np.ndarray, focal: float, size: int, mouth: float, blink: float):
    """One RGB frame: background, torso, neck, hair ellipsoid, then the textured face mesh (painter's order)."""
    s = SUPERSAMPLE
    big = size * s
    photo, tex_points = _texture()
    yy, xx = np.mgrid[0:big, 0:big].astype(np.float32) / big
    image = np.stack([70 + 60 * yy, 90 + 40 * xx, 120 + 50 * (1 - yy)], axis=-1).astype(np.uint8)
    c = big / 2.0

    def project(points: np.ndarray) -> np.ndarray:
        cam = points @ rotation.T + translation
        return np.stack([focal * s * cam[:, 0] / cam[:, 2] + c, focal * s * cam[:, 1] / cam[:, 2] + c], axis=1)

    def poly(points: np.ndarray) -> np.ndarray:  # edge-origin pixels -> OpenCV's 4-bit fixed point, centre-origin
        return np.round((points - 0.5) * 16).astype(np.int32)

    scale = focal * s / DISTANCE_M  # pixels per metre at the head's distance
    torso = np.array([[c - 0.16 * scale, big], [c - 0.13 * scale, c + 0.14 * scale]])
    torso = np.vstack([torso, [[c + 0.13 * scale, c + 0.14 * scale], [c + 0.16 * scale, big]]])
    cv2.fillConvexPoly(image, poly(torso), (40, 70, 150), cv2.LINE_AA, 4)
    neck_top = project(np.array([[0.0, -0.05, -0.03]]))[0]
    neck = np.array([[neck_top[0] - 0.04 * scale, neck_top[1]], [neck_top[0] + 0.04 * scale, neck_top[1]]])
    neck = np.vstack([neck, [[c + 0.045 * scale, c + 0.16 * scale], [c - 0.045 * scale, c + 0.16 * scale]]])
    cv2.fillConvexPoly(image, poly(neck), (200, 150, 125), cv2.LINE_AA, 4)
    sphere = Rotation.random(400, random_state=1).apply([0.0, 0.0, 1.0])
    hair = project(sphere * [0.085, 0.115, 0.09] + [0.0, 0.015, -0.035])
    cv2.fillConvexPoly(image, poly(cv2.convexHull(hair.astype(np.float32))[:, 0]), (60, 40, 30), cv2.LINE_AA, 4)

    face = canonical_face()
    verts = _deformed_vertices(mouth, blink)
    cam = verts @ rotation.T + translation
    uv = project(verts)
    tri = face.triangles
    a, b, d = uv[tri[:, 0]], uv[tri[:, 1]], uv[tri[:, 2]]
    area = (b[:, 0] - a[:, 0]) * (d[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (d[:, 0] - a[:, 0])
    depth = cam[tri].mean(axis=1)[:, 2]
    ids = np.zeros((big, big), dtype=np.int32)
    for t in np.argsort(-depth):  # far to near; back faces (negative area in a y-down image) culled
        if area[t] < 0:
            cv2.fillConvexPoly(ids, poly(uv[tri[t]]), (int(t) + 1,), cv2.LINE_8, 4)
    ys, xs = np.nonzero(ids)
    t = ids[ys, xs] - 1
    p = np.stack([xs + 0.5, ys + 0.5], axis=1)
    a, b, d = uv[tri[t, 0]], uv[tri[t, 1]], uv[tri[t, 2]]
    den = (b[:, 1] - d[:, 1]) * (a[:, 0] - d[:, 0]) + (d[:, 0] - b[:, 0]) * (a[:, 1] - d[:, 1])
    den = np.where(np.abs(den) < 1e-9, 1e-9, den)
    w0 = ((b[:, 1] - d[:, 1]) * (p[:, 0] - d[:, 0]) + (d[:, 0] - b[:, 0]) * (p[:, 1] - d[:, 1])) / den
    w1 = ((d[:, 1] - a[:, 1]) * (p[:, 0] - d[:, 0]) + (a[:, 0] - d[:, 0]) * (p[:, 1] - d[:, 1])) / den
    w2 = 1.0 - w0 - w1
    src = (
        w0[:, None] * tex_points[tri[t, 0]] + w1[:, None] * tex_points[tri[t, 1]] + w2[:, None] * tex_points[tri[t, 2]]
    )
    map_x = np.full((big, big), -1.0, dtype=np.float32)
    map_y = np.full((big, big), -1.0, dtype=np.float32)
    map_x[ys, xs] = src[:, 0] - 0.5
    map_y[ys, xs] = src[:, 1] - 0.5
    textured = cv2.remap(photo, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    inside = ids > 0
    mouth_tris = np.all(np.isin(tri, INNER_LIPS), axis=1)  # the mouth opening: dark, not stretched lips
    inside_mouth = np.isin(ids - 1, np.nonzero(mouth_tris)[0]) & inside
    image[inside] = textured[inside]
    image[inside_mouth] = (45, 15, 20)
    return cv2.resize(image, (size, size), interpolation=cv2.INTER_AREA)


def _speech_like_audio(mouth: np.ndarray, fps: int, sample_rate: int, seed: int) -> np.ndarray:
    """Voiced noise (a 130 Hz buzz plus breath) whose RMS envelope follows the mouth opening."""
    n = round(len(mouth) * sample_rate / fps)
    t = np.arange(n) / sample_rate
    rng = np.random.default_rng(seed)
    buzz = np.sign(np.sin(2 * np.pi * 130 * t)) * 0.3 + rng.normal(0, 0.3, n)
    envelope = np.interp(t, np.arange(len(mouth)) / fps, mouth)  # frame k is the picture at t = k / fps
    signal = buzz * envelope
    return (0.5 * signal / (np.abs(signal).max() + 1e-9)).astype(np.float32)


def write_clip(
    path: Path,
    *,
    seconds: float = 3.0,
    size: int = 128,
    fps: int = 25,
    sample_rate: int = 16000,
    seed: int = 0,
    audio: bool = True,
    silent: bool = False,
    frame_filter=None,
) -> SyntheticClip:
    """Render the clip and encode it as H.264 (+ AAC) MP4. ``frame_filter(index, rgb) -> rgb`` lets tests spoil
    frames (blur, a second face, a moving camera) to trigger the quality gates."""
    n = round(seconds * fps)
    yaw, pitch, mouth, blink = head_signals(n, fps, seed)
    focal = 2.0 * size  # the face (about 18 cm) covers about half the frame at 0.7 m
    flip = np.diag([1.0, -1.0, -1.0])  # head frame (y up, +z to the camera) -> OpenCV camera (y down, z forward)
    rotations = np.stack([flip @ Rotation.from_euler("yx", [yaw[i], pitch[i]]).as_matrix() for i in range(n)])
    translations = np.tile([0.0, 0.0, DISTANCE_M], (n, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    wav = path.with_suffix(".wav")
    cmd = ["ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24"]
    cmd += ["-s", f"{size}x{size}", "-r", str(fps), "-i", "pipe:0"]
    if audio:
        samples = _speech_like_audio(mouth, fps, sample_rate, seed)
        sf.write(wav, samples * (0.0 if silent else 1.0), sample_rate)
        cmd += ["-i", str(wav), "-c:a", "aac", "-b:a", "96k"]
    cmd += ["-c:v", "libx264", "-crf", "14", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-shortest", str(path)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for i in range(n):
        frame = render_frame(rotations[i], translations[i], focal, size, float(mouth[i]), float(blink[i]))
        if frame_filter is not None:
            frame = frame_filter(i, frame)
        proc.stdin.write(np.ascontiguousarray(frame).tobytes())
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError(f"ffmpeg failed to encode {path}")
    wav.unlink(missing_ok=True)
    return SyntheticClip(path, size, fps, focal, rotations, translations, mouth, blink, sample_rate)

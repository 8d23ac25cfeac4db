"""The face-mesh topology every step shares: the canonical 3D face, its rigid points, the 68-point layout.

The canonical model is MediaPipe's (``data/canonical_face_model.obj``, Apache-2.0, see ``data/NOTICE``): its
vertex order is the face-mesh landmark order, y points up and +z out of the face, like the 3DMM ER-NeRF's
tracker fits. We centre it on its vertex centroid (as that tracker's mesh is) and keep it in metres, so a pose
fitted to it is already in the units of ER-NeRF's ``transforms_*.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

OBJ_PATH = Path(__file__).parent / "data" / "canonical_face_model.obj"

# The 68-point (iBUG/dlib) layout from face-mesh indices: jaw from the face oval (0-16), brows (17-26),
# nose (27-35), eyes (36-47), outer (48-59) and inner (60-67) lips.
MESH_TO_68 = np.array(
    [
        *(127, 234, 132, 58, 172, 150, 176, 148, 152, 377, 400, 379, 397, 288, 361, 454, 356),  # jaw
        *(70, 63, 105, 66, 107, 336, 296, 334, 293, 300),  # brows
        *(168, 197, 5, 4, 75, 97, 2, 326, 305),  # nose
        *(33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380),  # eyes
        *(61, 39, 37, 0, 267, 269, 291, 405, 314, 17, 84, 181),  # outer lips
        *(78, 82, 13, 312, 308, 317, 14, 87),  # inner lips
    ]
)

# Points that move with the skull only: forehead, nose bridge and sides, eye corners, cheekbones, temples.
# Lips, jaw and eyelids are left out so speech and blinks do not leak into the head pose.
RIGID = np.array(
    [
        *(10, 151, 9, 108, 337, 67, 297, 69, 299, 104, 333),
        *(168, 6, 197, 195, 5, 4, 1, 98, 327, 129, 358, 48, 278),
        *(33, 133, 362, 263, 130, 359, 243, 463),
        *(116, 345, 123, 352, 50, 280, 117, 346, 118, 347),
        *(127, 356, 162, 389, 21, 251, 54, 284, 234, 454),
    ]
)

# Face oval, clockwise from the top of the forehead; its lower half is the jaw line the masks use.
FACE_OVAL = np.array(
    [
        *(10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152),
        *(148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109),
    ]
)
JAW_LINE = np.array(
    [234, 93, 132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288, 361, 323, 454]
)
INNER_LIPS = np.array([78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95])
LOWER_LIP_AND_CHIN = np.array(
    [14, 87, 178, 88, 95, 317, 402, 318, 324, 17, 84, 181, 91, 146, 314, 405, 321, 375, 18, 200, 199, 175, 152]
)


@dataclass(frozen=True)
class CanonicalFace:
    """Vertices (468 x 3, metres, centroid at the origin), per-vertex UVs (468 x 2) and triangles (T x 3)."""

    vertices: np.ndarray
    uvs: np.ndarray
    triangles: np.ndarray


def _parse_obj(text: str) -> CanonicalFace:
    vertices, uvs, faces = [], [], []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "v":
            vertices.append([float(x) for x in parts[1:4]])
        elif parts[0] == "vt":
            uvs.append([float(x) for x in parts[1:3]])
        elif parts[0] == "f":
            faces.append([tuple(int(i) - 1 for i in p.split("/")[:2]) for p in parts[1:4]])
    verts = np.asarray(vertices, dtype=np.float64)
    tex = np.asarray(uvs, dtype=np.float64)
    per_vertex_uv = np.zeros((len(verts), 2))
    for face in faces:  # the .obj indexes UVs separately; each vertex has one UV
        for vi, ti in face:
            per_vertex_uv[vi] = tex[ti]
    triangles = np.asarray([[vi for vi, _ in face] for face in faces], dtype=np.int64)
    centred = (verts - verts.mean(axis=0)) / 100.0  # centimetres -> metres
    return CanonicalFace(vertices=centred, uvs=per_vertex_uv, triangles=triangles)


@cache
def canonical_face() -> CanonicalFace:
    return _parse_obj(OBJ_PATH.read_text())

"""QA previews stored with the dataset, so a person can judge it before spending GPU hours: a landmark-overlay
strip, a mask-overlay strip, the background plate, the head pose over time and the per-frame reprojection error.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from services.trainer.dataset.masks import parsing_to_labels
from services.trainer.dataset.steps import DatasetLayout

STRIP_FRAMES = 6
TILE = 256
OVERLAY = np.array([[0, 0, 0], [60, 60, 230], [60, 200, 60], [220, 120, 40]], dtype=np.uint8)  # BGR per label


def _sample(n: int) -> list[int]:
    return sorted({int(i) for i in np.linspace(0, n - 1, min(STRIP_FRAMES, n))})


def _tile(bgr: np.ndarray) -> tuple[np.ndarray, float]:
    scale = TILE / bgr.shape[1]
    return cv2.resize(bgr, (TILE, TILE), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR), scale


def landmark_strip(layout: DatasetLayout, lms68: np.ndarray, out: Path) -> None:
    tiles = []
    for i in _sample(len(lms68)):
        tile, scale = _tile(cv2.imread(str(layout.frame(i))))
        for x, y in lms68[i] * scale:
            cv2.circle(tile, (round(float(x * 4 - 2)), round(float(y * 4 - 2))), 6, (0, 255, 255), -1, cv2.LINE_AA, 2)
        cv2.putText(tile, str(i), (6, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (255, 255, 255), 1, cv2.LINE_AA)
        tiles.append(tile)
    cv2.imwrite(str(out), np.hstack(tiles), [cv2.IMWRITE_JPEG_QUALITY, 90])


def mask_strip(layout: DatasetLayout, n: int, out: Path) -> None:
    tiles = []
    for i in _sample(n):
        frame = cv2.imread(str(layout.frame(i)))
        labels = parsing_to_labels(cv2.imread(str(layout.parsing / f"{i}.png")))
        tint = OVERLAY[labels]
        blended = np.where(labels[..., None] > 0, (0.55 * frame + 0.45 * tint).astype(np.uint8), frame // 2)
        tiles.append(_tile(blended)[0])
    cv2.imwrite(str(out), np.hstack(tiles), [cv2.IMWRITE_JPEG_QUALITY, 90])


def _figure(out: Path, fps: float, series: dict[str, np.ndarray], ylabel: str, limit: float | None = None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3), dpi=100)
    for name, values in series.items():
        ax.plot(np.arange(len(values)) / fps, values, label=name, linewidth=1)
    if limit is not None:
        ax.axhline(limit, color="red", linestyle="--", linewidth=1, label="drop above")
    ax.set_xlabel("time (s)")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def write_previews(
    layout: DatasetLayout, lms68: np.ndarray, euler_deg: np.ndarray, reprojection: np.ndarray, fps: float, limit: float
) -> list[Path]:
    """Write every preview into ``previews/``; returns their paths."""
    layout.previews.mkdir(parents=True, exist_ok=True)
    paths = [
        layout.previews / name
        for name in ("landmarks.jpg", "masks.jpg", "background.jpg", "pose.png", "reprojection.png")
    ]
    landmark_strip(layout, lms68, paths[0])
    mask_strip(layout, len(lms68), paths[1])
    cv2.imwrite(str(paths[2]), _tile(cv2.imread(str(layout.background)))[0], [cv2.IMWRITE_JPEG_QUALITY, 90])
    angles = {"yaw": euler_deg[:, 0], "pitch": euler_deg[:, 1], "roll": euler_deg[:, 2]}
    _figure(paths[3], fps, angles, "degrees")
    _figure(paths[4], fps, {"reprojection error": reprojection}, "pixels", limit)
    return paths

"""Photo intake: formats, the pixel limit read from the header, corrupt files, and the face checks (one face,
big enough, frontal, bright and sharp enough), each with its own problem code; and the assets of a good photo."""

from __future__ import annotations

import io
import tracemalloc

import numpy as np
import pytest
from PIL import Image

from services.video.avatars import prepare_avatar
from services.video.face import FaceAnalyzer, FaceGeometry
from services.video.photos import FaceChecks, find_one_face, read_photo
from services.video.settings import VideoSettings
from shared.errors import ProblemError
from tests.fixtures import (
    astronaut,
    blurred,
    dark,
    encode,
    gif_bytes,
    no_face,
    png_header_only,
    small_face,
    two_faces,
)

LIMITS = {"max_pixels": 40_000_000, "max_bytes": 25 * 1024 * 1024}
CHECKS = FaceChecks(min_face_px=80, max_yaw_ratio=0.28, max_roll_deg=30, min_brightness=45, min_sharpness=25)


@pytest.fixture(scope="module")
def analyzer():
    face_analyzer = FaceAnalyzer()
    yield face_analyzer
    face_analyzer.close()


def problem(fn, *args, **kwargs) -> ProblemError:
    with pytest.raises(ProblemError) as info:
        fn(*args, **kwargs)
    return info.value


@pytest.mark.parametrize("ext,fmt", [(".png", "PNG"), (".jpg", "JPEG"), (".webp", "WEBP")])
def test_supported_formats_decode(ext: str, fmt: str) -> None:
    photo = read_photo(encode(astronaut(), ext), **LIMITS)
    assert photo.format == fmt and photo.rgb.shape == (512, 512, 3)


def test_exif_orientation_is_applied() -> None:
    buf = io.BytesIO()
    image = Image.fromarray(np.ascontiguousarray(np.rot90(astronaut(), k=1)))  # stored rotated 90 deg CCW
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    image.save(buf, format="JPEG", exif=exif)
    photo = read_photo(buf.getvalue(), **LIMITS)
    assert photo.rgb.shape == (512, 512, 3)
    assert np.abs(photo.rgb.astype(int) - astronaut().astype(int)).mean() < 6


def test_not_an_image() -> None:
    err = problem(read_photo, b"hello, this is text and not a photo" * 10, **LIMITS)
    assert (err.status, err.code) == (422, "not_an_image")


def test_unsupported_format() -> None:
    err = problem(read_photo, gif_bytes(), **LIMITS)
    assert (err.status, err.code) == (415, "unsupported_image_format")


def test_decompression_bomb_is_refused_from_the_header() -> None:
    bomb = png_header_only(30_000, 30_000)  # 900 Mpx declared in a file of a few hundred bytes
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        err = problem(read_photo, bomb, **LIMITS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (err.status, err.code) == (413, "image_too_many_pixels")
    assert peak < 20 * 1024 * 1024  # nothing was decoded: the pixels alone would take 2.7 GB


def test_corrupt_and_oversized() -> None:
    truncated = encode(astronaut(), ".png")[:3000]
    err = problem(read_photo, truncated, **LIMITS)
    assert (err.status, err.code) == (422, "corrupt_image")
    err = problem(read_photo, encode(astronaut()), max_pixels=10**8, max_bytes=1000)
    assert (err.status, err.code) == (413, "image_too_large")


@pytest.mark.parametrize(
    "make,code",
    [
        (two_faces, "multiple_faces"),
        (no_face, "no_face"),
        (small_face, "face_too_small"),
        (dark, "image_too_dark"),
        (blurred, "image_too_blurry"),
    ],
)
def test_face_checks_refuse_with_specific_codes(analyzer: FaceAnalyzer, make, code: str) -> None:
    err = problem(find_one_face, analyzer, make(), CHECKS)
    assert (err.status, err.code) == (422, code)


def test_turned_face_fails_the_frontal_check(analyzer: FaceAnalyzer) -> None:
    """The astronaut's own 3-D landmarks turned 40 degrees about the vertical axis and projected back."""
    points = find_one_face(analyzer, astronaut(), CHECKS).points.copy()
    centre = points.mean(axis=0)
    angle = np.radians(40)
    rotation = np.array([[np.cos(angle), 0, np.sin(angle)], [0, 1, 0], [-np.sin(angle), 0, np.cos(angle)]])
    turned = FaceGeometry((points - centre) @ rotation.T + centre)
    assert abs(turned.yaw_ratio) > CHECKS.max_yaw_ratio
    assert abs(FaceGeometry(points).yaw_ratio) < 0.1


def test_good_photo_gives_crop_landmarks_matte_and_report(analyzer: FaceAnalyzer) -> None:
    settings = VideoSettings()
    photo = read_photo(encode(astronaut()), **LIMITS)
    prepared = prepare_avatar(analyzer, photo, settings)
    size = settings.avatar_size
    assert prepared.crop.shape == (size, size, 3)
    assert prepared.landmarks.shape[0] in (468, 478)
    assert (prepared.landmarks[:, :2] > 0).all() and (prepared.landmarks[:, :2] < size).all()
    assert prepared.matte.shape == (size, size) and 0.2 < prepared.matte.mean() < 0.9
    report = prepared.report
    assert report.face_height_px > 90 and abs(report.yaw_ratio) < 0.1 and report.mouth_gap > 0.05  # smiling
    mouth, face = prepared.regions["mouth"], prepared.regions["face"]
    assert face.x < mouth.x and mouth.x + mouth.w < face.x + face.w and face.y < mouth.y

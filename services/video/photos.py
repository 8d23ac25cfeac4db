"""Reading user photos safely: format sniffing, the pixel limit checked from the header before decoding
(decompression bombs), EXIF orientation, and the face checks that decide whether a photo can be animated.

Every refusal is a 4xx problem with a stable code; nothing here writes anywhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from services.video.face import FaceAnalyzer, FaceGeometry
from shared.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

SUPPORTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Our own pixel limit (a setting) is checked on every image from its header before decoding, so Pillow's
# global bomb check (which would refuse or warn at its own fixed limits) is switched off for this process.
Image.MAX_IMAGE_PIXELS = None


@dataclass(frozen=True)
class Photo:
    rgb: np.ndarray  # H x W x 3 uint8, upright
    format: str  # JPEG | PNG | WEBP

    @property
    def content_type(self) -> str:
        return SUPPORTED_FORMATS[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def read_photo(data: bytes, *, max_pixels: int, max_bytes: int) -> Photo:
    """Decode a jpg/png/webp upload. Refuses other formats (415), non-images and corrupt files (422), and
    images over ``max_pixels`` (413) -- the size comes from the header, before any pixel is decoded."""
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"The photo is {len(data)} bytes; the limit is {max_bytes}.", code="image_too_large")
    if not data:
        raise InvalidInput("The photo is empty.", code="not_an_image")
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
        fmt = image.format or "?"
        width, height = image.size
    except UnidentifiedImageError as exc:
        raise InvalidInput("The file is not an image we can read.", code="not_an_image") from exc
    except Exception as exc:  # truncated headers raise assorted errors inside Pillow's parsers
        raise InvalidInput(f"The image header is corrupt ({type(exc).__name__}).", code="corrupt_image") from exc
    if fmt not in SUPPORTED_FORMATS:
        raise UnsupportedMediaType(
            f"{fmt} images are not supported; send jpg, png or webp.", code="unsupported_image_format"
        )
    if width * height > max_pixels:
        raise PayloadTooLarge(
            f"The image is {width}x{height} = {width * height} pixels; the limit is {max_pixels}.",
            code="image_too_many_pixels",
        )
    try:
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        rgb = np.asarray(upright.convert("RGB"))
    except Exception as exc:  # truncated or corrupt pixel data
        raise InvalidInput(f"The image could not be decoded ({type(exc).__name__}).", code="corrupt_image") from exc
    if min(rgb.shape[:2]) < 64:
        raise InvalidInput("The image is smaller than 64 pixels on a side.", code="image_too_small")
    return Photo(rgb=np.ascontiguousarray(rgb), format=fmt)


@dataclass(frozen=True)
class FaceChecks:
    min_face_px: int
    max_yaw_ratio: float
    max_roll_deg: float
    min_brightness: float
    min_sharpness: float


def face_brightness_and_sharpness(rgb: np.ndarray, face: FaceGeometry) -> tuple[float, float]:
    """Mean luma of the face box and the Laplacian variance of the face resized to 128 px high (so the figure
    does not depend on the photo's resolution)."""
    x0, y0, x1, y1 = face.box()
    h, w = rgb.shape[:2]
    xa, ya = max(0, int(x0)), max(0, int(y0))
    xb, yb = min(w, int(np.ceil(x1))), min(h, int(np.ceil(y1)))
    gray = cv2.cvtColor(rgb[ya:yb, xa:xb], cv2.COLOR_RGB2GRAY)
    if gray.size == 0:
        return 0.0, 0.0
    brightness = float(gray.mean())
    scale = 128.0 / max(1, gray.shape[0])
    small = cv2.resize(gray, (max(8, round(gray.shape[1] * scale)), 128), interpolation=cv2.INTER_AREA)
    sharpness = float(cv2.Laplacian(small, cv2.CV_64F).var())
    return brightness, sharpness


def _landmarks_around(analyzer: FaceAnalyzer, rgb: np.ndarray, cx: float, cy: float, side: float) -> list[np.ndarray]:
    """Face mesh on a square window (clipped to the photo), landmarks mapped back to photo pixels."""
    h, w = rgb.shape[:2]
    x0, y0 = max(0, int(cx - side / 2)), max(0, int(cy - side / 2))
    x1, y1 = min(w, int(cx + side / 2)), min(h, int(cy + side / 2))
    faces = analyzer.landmarks(np.ascontiguousarray(rgb[y0:y1, x0:x1]))
    for points in faces:
        points[:, 0] += x0
        points[:, 1] += y0
    return faces[:1]


def _several(count: int) -> InvalidInput:
    return InvalidInput(f"The photo shows {count} faces; use a photo of one person.", code="multiple_faces")


def find_one_face(analyzer: FaceAnalyzer, rgb: np.ndarray, checks: FaceChecks) -> FaceGeometry:
    """Exactly one usable face, or a 422 that says what is wrong with the photo.

    Two detectors vote: the full-range face detector (finds small faces and every face of a wide group photo)
    and the face mesh (whose own short-range detector can miss faces in wide images). When only the detector
    sees the face, the mesh runs again on a square around it."""
    detections = analyzer.detect(rgb)
    if len(detections) > 1:
        raise _several(len(detections))
    faces = analyzer.landmarks(rgb)
    if len(faces) > 1:
        raise _several(len(faces))
    if not faces and detections:
        x, y, w, h, _ = detections[0]
        if h < checks.min_face_px:
            raise InvalidInput(
                f"The face is about {h:.0f} px high; at least {checks.min_face_px} px are needed.",
                code="face_too_small",
            )
        faces = _landmarks_around(analyzer, rgb, x + w / 2, y + h / 2, 2.4 * max(w, h))
    if not faces:
        if float(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).mean()) < checks.min_brightness / 2:
            raise InvalidInput("The photo is too dark to find a face.", code="image_too_dark")
        raise InvalidInput("No face was found in the photo.", code="no_face")
    face = FaceGeometry(faces[0])
    _, y0, _, y1 = face.box()
    if y1 - y0 < checks.min_face_px:
        raise InvalidInput(
            f"The face is {y1 - y0:.0f} px high; at least {checks.min_face_px} px are needed.", code="face_too_small"
        )
    if abs(face.yaw_ratio) > checks.max_yaw_ratio or abs(face.roll_deg) > checks.max_roll_deg:
        raise InvalidInput(
            f"The face is turned too far (yaw ratio {face.yaw_ratio:+.2f}, roll {face.roll_deg:+.0f} deg); "
            "use a roughly frontal photo.",
            code="face_not_frontal",
        )
    brightness, sharpness = face_brightness_and_sharpness(rgb, face)
    if brightness < checks.min_brightness:
        raise InvalidInput(f"The face is too dark (mean luma {brightness:.0f}).", code="image_too_dark")
    if sharpness < checks.min_sharpness:
        raise InvalidInput(f"The face is too blurred (sharpness {sharpness:.0f}).", code="image_too_blurry")
    return face

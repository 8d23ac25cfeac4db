"""Avatars through the gateway on the real stack: create from a photo, list, get, rename, delete; every bad
photo is a 4xx problem with its own code and leaves nothing in the store."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from scripts.devstack import Stack
from shared.storage import ArtifactStore
from tests.fixtures import (
    astronaut,
    blurred,
    encode,
    gif_bytes,
    no_face,
    png_header_only,
    small_face,
    two_faces,
)
from tests.helpers import create_avatar, stack_store

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def store(stack: Stack) -> Iterator[ArtifactStore]:
    yield stack_store(stack)


def test_avatar_lifecycle(api: httpx.Client, store: ArtifactStore) -> None:
    response = create_avatar(api, encode(astronaut(), ".jpg"), filename="me.jpg", default_voice_id="piper-joe")
    assert response.status_code == 201, response.text
    avatar = response.json()
    avatar_id = avatar["id"]
    assert avatar["kind"] == "portrait" and avatar["size"] == 512 and avatar["has_matte"]
    assert avatar["default_voice_id"] == "piper-joe"
    assert avatar["face"]["face_height_px"] > 90 and abs(avatar["face"]["yaw_ratio"]) < 0.1
    thumb = httpx.get(avatar["thumbnail_url"], timeout=10)
    assert thumb.status_code == 200 and thumb.content[:3] == b"\xff\xd8\xff"
    mesh = httpx.get(avatar["mesh_url"], timeout=10)
    assert mesh.status_code == 200 and mesh.content[:3] == b"\xff\xd8\xff"
    keys = set(store.list(f"avatars/{avatar_id}/"))
    assert {
        f"avatars/{avatar_id}/{n}"
        for n in ("photo.jpg", "crop.png", "matte.png", "landmarks.json", "thumb.jpg", "mesh.jpg", "manifest.json")
    } == keys

    listed = api.get("/api/v1/avatars").raise_for_status().json()["items"]
    assert avatar_id in [a["id"] for a in listed]
    assert api.get(f"/api/v1/avatars/{avatar_id}").json()["name"] == "astronaut"

    patched = api.patch(f"/api/v1/avatars/{avatar_id}", json={"name": "Eileen"})
    assert patched.status_code == 200 and patched.json()["name"] == "Eileen"
    assert patched.json()["default_voice_id"] == "piper-joe"  # untouched
    assert api.get(f"/api/v1/avatars/{avatar_id}").json()["name"] == "Eileen"

    assert api.delete(f"/api/v1/avatars/{avatar_id}").status_code == 204
    gone = api.get(f"/api/v1/avatars/{avatar_id}")
    assert gone.status_code == 404 and gone.json()["code"] == "avatar_not_found"
    assert store.list(f"avatars/{avatar_id}/") == []
    assert api.delete(f"/api/v1/avatars/{avatar_id}").status_code == 404


@pytest.mark.parametrize(
    "make,status,code",
    [
        (lambda: encode(two_faces()), 422, "multiple_faces"),
        (lambda: encode(no_face()), 422, "no_face"),
        (lambda: encode(small_face()), 422, "face_too_small"),
        (lambda: encode(blurred()), 422, "image_too_blurry"),
        (lambda: png_header_only(20_000, 20_000), 413, "image_too_many_pixels"),
        (lambda: b"%PDF-1.4 definitely not a photo" * 40, 422, "not_an_image"),
        (gif_bytes, 415, "unsupported_image_format"),
    ],
    ids=["several-faces", "no-face", "small-face", "blurred", "bomb", "not-image", "gif"],
)
def test_bad_photos_are_refused_and_nothing_is_stored(
    api: httpx.Client,
    store: ArtifactStore,
    make,
    status: int,
    code: str,
) -> None:
    before = set(store.list("avatars/"))
    response = create_avatar(api, make())
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code
    assert set(store.list("avatars/")) == before


def test_other_avatar_requests(api: httpx.Client) -> None:
    ernerf = create_avatar(api, encode(astronaut()), kind="ernerf")
    assert ernerf.status_code == 422 and ernerf.json()["code"] == "avatar_kind_not_available"
    missing_name = api.post("/api/v1/avatars", files={"file": ("p.png", encode(astronaut()))})
    assert missing_name.status_code == 422 and missing_name.json()["code"] == "validation_error"
    for bad_id in ("av_" + "0" * 32, "../../etc", "nope"):
        response = api.get(f"/api/v1/avatars/{bad_id}")
        assert response.status_code == 404 and response.json()["code"] in ("avatar_not_found", "not_found")
    bad_patch = api.patch("/api/v1/avatars/av_" + "0" * 32, json={"name": "x"})
    assert bad_patch.status_code == 404

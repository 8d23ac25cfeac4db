"""The artifact store on the stack's real S3 server: every object records its sha256, size and content type,
and reads back byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scripts.devstack import Stack
from tests.helpers import stack_store

pytestmark = pytest.mark.integration


def test_every_put_records_its_sha256(stack: Stack, tmp_path: Path) -> None:
    store = stack_store(stack)
    data = bytes(range(256)) * 4099  # a little over 1 MiB, not a multiple of the read chunk
    path = tmp_path / "blob.bin"
    path.write_bytes(data[::-1])
    expected = {"tests/storage/bytes.bin": data, "tests/storage/file.bin": data[::-1]}
    returned = [
        store.put_bytes("tests/storage/bytes.bin", data, "application/octet-stream"),
        store.put_file("tests/storage/file.bin", path, "application/octet-stream"),
    ]
    for put in returned:
        content = expected[put.key]
        stat = store.stat(put.key)
        assert put.sha256 == stat.sha256 == hashlib.sha256(content).hexdigest()
        assert put.size == stat.size == len(content)
        assert stat.content_type == "application/octet-stream"
        assert store.get_bytes(put.key) == content
    artifact = store.put_artifact("tests/storage/artifact.bin", path, "application/octet-stream")
    assert artifact.sha256 == hashlib.sha256(data[::-1]).hexdigest() == store.stat(artifact.id).sha256

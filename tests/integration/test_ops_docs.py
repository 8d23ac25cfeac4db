"""docs/ops.md stays true: every `sh` block runs, in order, in one bash session against the test
stack (the gateway, each service directly, job events, downloads), and fails on any HTTP error or missing field
(`curl -f`, `jq -e`, `set -euo pipefail`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from scripts.devstack import Stack
from tests.fixtures import astronaut, encode, speech_wav_bytes

OPS = Path(__file__).resolve().parents[2] / "docs" / "ops.md"
FENCE = re.compile(r"^(?P<indent>[ ]*)```sh\n(?P<body>.*?)^(?P=indent)```", re.S | re.M)


def sh_blocks() -> list[str]:
    return [textwrap.dedent(m.group("body")) for m in FENCE.finditer(OPS.read_text())]


def test_every_curl_fails_on_http_errors() -> None:
    """Without -f a curl that gets a 4xx/5xx still exits 0, and the run below would prove nothing."""
    calls = [call for block in sh_blocks() for call in re.findall(r"\bcurl\s+(\S+)", block)]
    assert len(calls) >= 25, calls
    unchecked = [flags for flags in calls if not re.fullmatch(r"-[a-zA-Z]*f[a-zA-Z]*|--fail(-with-body)?", flags)]
    assert not unchecked, f"docs/ops.md: curl without -f first: {unchecked}"


@pytest.mark.integration
@pytest.mark.slow
def test_ops_commands_run_against_the_stack(stack: Stack, tmp_path: Path) -> None:
    for tool in ("curl", "jq"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing (scripts/setup.sh installs it)")
    (tmp_path / "in").mkdir()
    photo, speech = tmp_path / "in" / "photo.png", tmp_path / "in" / "recording.wav"
    photo.write_bytes(encode(astronaut()))
    speech.write_bytes(speech_wav_bytes(1.0))
    blocks = sh_blocks()
    script = "set -euo pipefail\n" + "\n".join(f"echo '::block {i}' >&2\n{b}" for i, b in enumerate(blocks))
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "TF": stack.gateway_url,
        "API_KEY": stack.api_key,
        **{name.upper(): stack.service_url(name) for name in ("voice", "video", "chat", "trainer")},
        "PHOTO": str(photo),
        "SPEECH": str(speech),
    }
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    failed_in = re.findall(r"::block (\d+)", result.stderr)
    where = blocks[int(failed_in[-1])] if failed_in else "?"
    assert result.returncode == 0, f"docs/ops.md block failed:\n{where}\nstderr:\n{result.stderr[-2000:]}"
    assert failed_in == [str(i) for i in range(len(blocks))]  # every block ran
    out = result.stdout
    for service in ("voice", "video", "chat", "trainer"):
        assert f'"service":"{service}","ready":true' in out, service
    assert "talkface_queue_workers{" in out
    assert "event: status" in out  # the speech job's events, streamed to the end
    assert out.count("204") >= 3  # the video, avatar and conversation deletions
    assert (tmp_path / "speech.wav").read_bytes()[:4] == b"RIFF" and (tmp_path / "artifact.bin").stat().st_size

"""Enrollment through the real stack (the test stack's budget is a handful of candidates: VOICE_ENROLL_BUDGET in
tests/conftest.py): a human reference from moonshine-voice becomes a profile that speaks at once, its background
job is cancelled and resumed from where it stopped, one job per profile, and the voice it ends with is closer
to the speaker than the base voice on held-out sentences by both speaker encoders, with Mandarin inside its
gate."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.voice.dsp.audio_io import read_wav_bytes
from tests.helpers import wait_job
from tests.integration.test_voice_profiles import human_reference, upload

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def enrollment(api: httpx.Client, voice_id: str) -> dict[str, Any]:
    info: dict[str, Any] = api.get(f"/api/v1/voices/{voice_id}").raise_for_status().json()["enrollment"]
    return info


def wait_enrollment(api: httpx.Client, voice_id: str, ready: Any, timeout: float = 240) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    info = enrollment(api, voice_id)
    while not ready(info):
        assert time.monotonic() < deadline, info
        time.sleep(0.2)
        info = enrollment(api, voice_id)
    return info


def test_enrollment_usable_meanwhile_cancel_resume_and_never_worse(api: httpx.Client, tmp_path: Path) -> None:
    transcript = "Ever tried. Ever failed. No matter. Try again. Fail again. Fail better."
    created = upload(api, human_reference(tmp_path, "beckett.wav"), language="en", transcript=transcript, enroll="true")
    assert created.status_code == 201, created.text
    voice = created.json()
    voice_id, first_job = voice["id"], voice["enrollment"]["job_id"]
    assert voice["enrollment"]["status"] in ("queued", "running") and first_job
    try:
        # One job per profile: asking again answers the same job.
        again = api.post(f"/api/v1/voices/{voice_id}/enrollment")
        assert again.status_code == 202 and again.json()["job"]["id"] == first_job

        # Usable while it enrols: the DSP clone speaks.
        spoken = api.post("/api/v1/speech", json={"text": "Hello, this is my voice.", "voice_id": voice_id})
        assert spoken.status_code == 200 and spoken.headers["X-Voice-Cloned"] == "true", spoken.text
        assert len(read_wav_bytes(spoken.content)[0]) > 24000 * 0.5

        # Cancel once a generation is saved; the search state stays.
        saved = wait_enrollment(api, voice_id, lambda e: e["evaluations"] > 1)
        cancel = api.delete(f"/api/v1/voices/{voice_id}/enrollment")
        assert cancel.status_code == 202, cancel.text
        assert wait_job(api, first_job)["status"] == "cancelled"
        stopped = wait_enrollment(api, voice_id, lambda e: e["status"] == "cancelled", timeout=30)
        assert stopped["evaluations"] >= saved["evaluations"] and stopped["training_similarity"] is not None
        assert api.delete(f"/api/v1/voices/{voice_id}/enrollment").json()["code"] == "enrollment_not_running"

        # Resume: a new job continues from the saved candidates instead of starting over.
        resumed = api.post(f"/api/v1/voices/{voice_id}/enrollment")
        assert resumed.status_code == 202
        job = wait_job(api, resumed.json()["job"]["id"], timeout=300)
        assert job["status"] == "succeeded", job
        info = job["result"]["enrollment"]
        assert info == enrollment(api, voice_id)
        assert info["status"] == "succeeded" and info["evaluations"] <= info["budget"]
        assert info["resumed_from"] == stopped["evaluations"]

        # Never worse than the base on either encoder, and here better on both; Mandarin inside the gate.
        held_out, chosen = info["held_out"], info["chosen"]
        assert set(held_out) == {"base", "dsp", "fitted", "fitted_world"}
        for encoder in ("resemblyzer", "voicefilter"):
            assert held_out[chosen][encoder] > held_out["base"][encoder], (encoder, held_out)
        if "zh" in info["languages"]:
            assert info["zh_cer_fitted"] <= info["zh_cer_base"] + 1e-9
        after = api.post("/api/v1/speech", json={"text": "我们明天见。", "voice_id": voice_id})
        assert after.status_code == 200 and float(after.headers["X-Speaker-Similarity"]) > 0.3
    finally:
        api.delete(f"/api/v1/voices/{voice_id}")

"""Checks that each photo and speech fixture of ``tests/fixtures.py`` really has the property its tests rely on."""

from __future__ import annotations

import numpy as np
import pytest

from tests.fixtures import astronaut, no_face, small_face, speech_clip, two_faces


@pytest.fixture(scope="module")
def analyzer():
    from services.video.face import FaceAnalyzer

    face_analyzer = FaceAnalyzer()
    yield face_analyzer
    face_analyzer.close()


def test_astronaut_has_one_face_and_two_faces_has_two(analyzer) -> None:
    assert len(analyzer.landmarks(astronaut())) == 1
    assert len(analyzer.detect(two_faces())) == 2


def test_no_face_and_small_face_fixtures(analyzer) -> None:
    assert analyzer.landmarks(no_face()) == []
    assert analyzer.detect(no_face()) == []
    assert analyzer.landmarks(small_face()) == []
    boxes = analyzer.detect(small_face())
    assert len(boxes) == 1 and boxes[0][3] < 70


def test_speech_fixture_is_real_speech() -> None:
    audio, rate = speech_clip(2.0, silence_after=1.0)
    assert rate == 16000
    frames = audio[: 2 * rate].reshape(-1, 320)
    speaking = np.sqrt((frames**2).mean(axis=1))
    assert speaking.max() > 0.05 and np.abs(audio[2 * rate :]).max() == 0.0

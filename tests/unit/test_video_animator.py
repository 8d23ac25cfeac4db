"""The embedded portrait animator, measured on real renders: the mouth follows speech (opening measured back
from the frames with the face mesh) and rests closed in silence, the face stays alive but never jitters,
blinks come at human rates, backgrounds are replaced; and the renderer registry."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import numpy as np
import pytest

from services.video.audio import FrameFeatures, extract_features, silence_features
from services.video.avatars import prepare_avatar
from services.video.backends import AvatarAssets, RenderOptions, get_renderer, renderer_for
from services.video.backends.portrait.motion import BlinkModel, MouthModel
from services.video.face import FaceAnalyzer, VideoFaceTracker
from services.video.photos import read_photo
from services.video.settings import VideoSettings
from shared.contracts.video import Avatar, AvatarKind, Background
from shared.errors import ProblemError
from tests.fixtures import astronaut, encode, speech_clip

SIZE, FPS = 256, 25


@pytest.fixture(scope="module")
def assets() -> AvatarAssets:
    analyzer = FaceAnalyzer()
    try:
        prepared = prepare_avatar(
            analyzer, read_photo(encode(astronaut()), max_pixels=10**8, max_bytes=10**8), VideoSettings()
        )
    finally:
        analyzer.close()
    now = datetime.now(UTC)
    avatar = Avatar(
        id="av_" + "1" * 32,
        name="astronaut",
        created_at=now,
        updated_at=now,
        size=512,
        image_width=512,
        image_height=512,
        has_matte=True,
    )
    return AvatarAssets(avatar=avatar, crop=prepared.crop, landmarks=prepared.landmarks, matte=prepared.matte)


@pytest.mark.slow
def test_mouth_follows_speech_and_rests_in_silence(assets: AvatarAssets) -> None:
    audio, rate = speech_clip(4.0, silence_before=0.8, silence_after=1.6)
    session = get_renderer("portrait").open(assets, RenderOptions(size=SIZE, fps=FPS))
    tracker = VideoFaceTracker()
    gaps = []
    for feature in extract_features(audio, rate, FPS):
        geometry = tracker.geometry(session.frame(feature))
        assert geometry is not None
        gaps.append(geometry.mouth_gap)
    tracker.close()
    gap = np.array(gaps)
    hop = rate // FPS
    rms = np.array([np.sqrt(np.mean(audio[i * hop : (i + 1) * hop] ** 2)) for i in range(len(gap))])
    speech = slice(int(0.8 * FPS), int(4.8 * FPS))
    correlation = float(np.corrcoef(gap[speech], rms[speech])[0, 1])
    assert correlation >= 0.6, correlation
    assert np.percentile(gap[speech], 90) > 0.12  # visibly open on syllables
    silent = np.r_[0 : int(0.8 * FPS) - 2, int(5.0 * FPS) : len(gap)]
    assert gap[silent].max() < 0.05  # closed (the photo's smile with teeth is closed at rest)


def test_idle_is_alive_without_jitter(assets: AvatarAssets) -> None:
    session = get_renderer("portrait").open(assets, RenderOptions(size=SIZE, fps=FPS))
    frames = [session.frame(f).astype(np.int16) for f in silence_features(3 * FPS, FPS)]
    steps = np.array([np.abs(b - a).mean() for a, b in itertools.pairwise(frames)])
    drift = np.abs(frames[-1] - frames[0]).mean()
    assert drift > 0.05, "silence must not be a frozen frame"
    # Between consecutive frames only slow motion (blinks aside): no frame jumps.
    assert np.median(steps) < 0.5 and steps.max() < 2.0, (np.median(steps), steps.max())


def test_blinks_come_at_human_rates() -> None:
    model = BlinkModel(FPS, np.random.default_rng(7))
    closed = np.array([model.closure(i / FPS) for i in range(60 * FPS)])
    starts = np.flatnonzero((closed[1:] > 0.5) & (closed[:-1] <= 0.5))
    assert 8 <= len(starts) <= 30, len(starts)  # people blink 10-20 times a minute
    assert closed.max() == 1.0 and (closed > 0.5).mean() < 0.08


def test_mouth_model_attacks_fast_and_releases_slower() -> None:
    loud = FrameFeatures(t=0, rms_db=-15, level=1.0, low=0.6, mid=0.3, high=0.1, centroid_hz=900)
    quiet = silence_features(1, FPS)[0]
    model = MouthModel(FPS)
    up = [model.step(loud).opening for _ in range(3)]
    down = [model.step(quiet).opening for _ in range(3)]
    target = model.max_opening
    assert up[0] > 0.6 * target and up[2] > 0.95 * target
    assert down[0] > 0.3 * target and down[2] < 0.2 * target


def test_colour_background_replaces_the_backdrop(assets: AvatarAssets) -> None:
    options = RenderOptions(size=SIZE, fps=FPS, background=Background.colour, background_rgb=(10, 200, 30))
    frame = get_renderer("portrait").open(assets, options).frame(silence_features(1, FPS)[0])
    assert np.abs(frame[5, SIZE - 6].astype(int) - [10, 200, 30]).max() <= 6  # top right: backdrop
    centre = frame[SIZE // 3, SIZE // 2].astype(int)  # forehead: still the person
    assert np.abs(centre - [10, 200, 30]).max() > 60


def test_renderer_registry() -> None:
    assert renderer_for(AvatarKind.portrait).name == "portrait"
    assert renderer_for(AvatarKind.ernerf).name == "ernerf"  # torch and the ernerf library are installed here
    with pytest.raises(ProblemError) as info:
        get_renderer("nope")
    assert (info.value.status, info.value.code) == (422, "unknown_renderer")

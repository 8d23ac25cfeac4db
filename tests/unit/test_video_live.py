"""The live session's media clock and turn detection, without a network: sentences are placed on video-frame
boundaries one after another, the frame at time t gets the features of the audio playing at t, barge-in cuts
the playing sentence and drops the rest; WebRTC's VAD finds the start and the end of a real spoken turn."""

from __future__ import annotations

import numpy as np
from scipy.signal import resample_poly

from services.video.backends.base import AudioFedSession
from services.video.live.listen import SpeechEnded, SpeechPaused, SpeechStarted, TurnDetector
from services.video.live.media import AUDIO_CHUNK, AUDIO_RATE, Timeline, feed_due_clips
from tests.fixtures import speech_clip

FPS = 25
HOP = AUDIO_RATE // FPS  # samples per video frame


def tone_burst(seconds: float, loud_from: float, loud_to: float) -> tuple[np.ndarray, np.ndarray]:
    """48 kHz and 16 kHz versions of a clip that is silent except for a 300 Hz tone between two instants."""
    t = np.arange(int(seconds * AUDIO_RATE)) / AUDIO_RATE
    audio = np.where((t >= loud_from) & (t < loud_to), 0.5 * np.sin(2 * np.pi * 300 * t), 0.0).astype(np.float32)
    return audio, resample_poly(audio, 1, 3).astype(np.float32)


def test_sentences_follow_each_other_on_frame_boundaries_and_the_mouth_reads_the_same_clock() -> None:
    timeline = Timeline(fps=FPS)
    timeline.take(0, 5 * AUDIO_CHUNK)  # 100 ms of silence already played
    first = timeline.schedule(0, "one", *timeline.prepare(*tone_burst(1.0, 0.4, 0.6)))
    second = timeline.schedule(1, "two", *timeline.prepare(*tone_burst(0.5, 0.0, 0.5)))
    assert first.start_sample % HOP == 0 and first.start_sample >= 5 * AUDIO_CHUNK
    assert second.start_sample == first.end_sample  # back to back, no gap and no overlap
    assert timeline.speaking

    # The loud part of the first sentence is heard at start + 0.4 s .. 0.6 s, and the frames of that time carry it.
    audio = timeline.take(timeline.played, first.end_sample - timeline.played)
    offset = first.start_sample - 5 * AUDIO_CHUNK
    loud = np.flatnonzero(np.abs(audio) > 0.1)
    assert abs((loud[0] - offset) / AUDIO_RATE - 0.4) < 0.002 and abs((loud[-1] - offset) / AUDIO_RATE - 0.6) < 0.002
    levels = [timeline.features_at(first.start_frame + i).level for i in range(25)]  # type: ignore[union-attr]
    assert max(levels[:8]) < 0.05 and min(levels[11:14]) > 0.5 and max(levels[17:]) < 0.05
    assert timeline.features_at(first.start_frame + 12).t == (first.start_frame + 12.5) / FPS  # type: ignore[union-attr]


def test_barge_in_cuts_the_playing_sentence_and_drops_the_rest() -> None:
    timeline = Timeline(fps=FPS)
    first = timeline.schedule(0, "one", *timeline.prepare(*tone_burst(1.0, 0.0, 1.0)))
    timeline.schedule(1, "two", *timeline.prepare(*tone_burst(1.0, 0.0, 1.0)))
    timeline.take(0, first.start_sample + AUDIO_RATE // 2)  # half of the first sentence heard
    assert [c.text for c in timeline.said()] == ["one"]
    timeline.cut()
    assert [c.index for c in timeline.clips] == [0]
    after = timeline.take(timeline.played, AUDIO_RATE)
    assert np.abs(after[:240]).max() <= 0.5 and np.abs(after[240:]).max() == 0.0  # a 5 ms fade, then silence
    assert not timeline.speaking


def test_vad_finds_the_start_and_end_of_a_spoken_turn() -> None:
    speech, rate = speech_clip(3.0, silence_before=1.0, silence_after=1.5)
    assert rate == 16000
    pcm = (speech * 32767).astype(np.int16)
    detector = TurnDetector(aggressiveness=2, start_ms=120, end_ms=700)
    events: list[tuple[float, object]] = []
    for i in range(0, len(pcm), 480):  # 30 ms pieces, as a network would deliver them
        events += [((i + 480) / rate, e) for e in detector.push(pcm[i : i + 480])]
    kinds = [type(e) for _, e in events]
    assert kinds == [SpeechStarted, SpeechEnded], kinds
    started, ended = events[0][0], events[1][0]
    assert 1.0 < started < 1.6  # after the speech begins, within a few syllables
    assert started + 2.0 < ended < 4.0 + 1.5  # in the silence after it, once that lasted 700 ms
    utterance = events[1][1]
    assert isinstance(utterance, SpeechEnded) and len(utterance.audio) / rate > 3.0


def test_pauses_hand_over_the_speech_so_far_before_the_turn_ends() -> None:
    speech, rate = speech_clip(3.0, silence_before=1.0, silence_after=1.5)
    first, _ = speech_clip(1.2, silence_after=0.5)  # a phrase, a pause too short to end the turn, then the rest
    pcm = (np.concatenate([np.zeros(rate // 2, np.float32), first, speech[rate:]]) * 32767).astype(np.int16)
    detector = TurnDetector(aggressiveness=2, start_ms=120, end_ms=700, pause_ms=240)
    events = [e for i in range(0, len(pcm), 480) for e in detector.push(pcm[i : i + 480])]
    assert type(events[0]) is SpeechStarted and type(events[-1]) is SpeechEnded
    assert SpeechEnded not in [type(e) for e in events[:-1]]  # the 0.5 s pause did not end the turn
    pauses = [e for e in events if isinstance(e, SpeechPaused)]
    ended = events[-1]
    assert isinstance(ended, SpeechEnded) and len(pauses) >= 2
    # Speech went on after the early pauses; the last one covers everything said, as the end does.
    assert pauses[0].voiced < ended.voiced and pauses[-1].voiced == ended.voiced
    assert np.array_equal(pauses[-1].audio, ended.audio[: len(pauses[-1].audio)])
    assert ended.voiced <= len(ended.audio) - 0.6 * rate  # the silence that ended the turn is not voiced


class RecordingAudioFedSession:
    """Records what an audio-fed session (ER-NeRF) is handed, frame by frame, as the video track does."""

    fps = FPS
    size = 64

    def __init__(self) -> None:
        self.queued: list[int] = []  # frames of audio queued, per feed
        self.samples: list[int] = []
        self.dropped = 0

    def feed_audio(self, audio16k: np.ndarray, frames: int) -> None:
        self.queued.append(frames)
        self.samples.append(len(audio16k))

    def drop_audio(self) -> None:
        self.dropped += 1


def test_an_audio_fed_session_gets_each_clip_at_its_first_frame_and_loses_it_on_barge_in() -> None:
    timeline = Timeline(fps=FPS)
    first = timeline.schedule(0, "one", *timeline.prepare(*tone_burst(1.0, 0.0, 1.0)))
    second = timeline.schedule(1, "two", *timeline.prepare(*tone_burst(0.4, 0.0, 0.4)))
    session = RecordingAudioFedSession()
    assert isinstance(session, AudioFedSession)

    feed_due_clips(timeline, session, first.start_frame - 1)
    assert session.queued == []  # nothing before the clip's first frame
    feed_due_clips(timeline, session, first.start_frame)
    feed_due_clips(timeline, session, first.start_frame + 1)  # fed once only
    assert session.queued == [25] and session.samples == [16000]
    feed_due_clips(timeline, session, second.start_frame + 3)  # three frames late: their audio is skipped
    assert session.queued == [25, 7] and session.samples == [16000, 16000 * 7 // FPS]

    cuts = timeline.cuts
    timeline.cut()
    assert timeline.cuts == cuts + 1  # the video track drops the session's queue when this changes

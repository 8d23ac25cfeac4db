"""The live session's media: one sample clock for the outgoing audio and video tracks.

Reply speech is scheduled on a timeline counted in 48 kHz samples. The audio track sends the timeline 20 ms at a
time; the video track renders frame *n* from the features of the audio that plays at *n / fps* on the same
clock, so the mouth moves with the sound the client hears (each clip starts on a video-frame boundary and its
features are computed exactly as for rendered files). Both tracks are paced from one start instant; a track that
falls behind skips ahead instead of drifting (a skipped video frame is counted as dropped). Between clips the
renderer gets silence features: it idles (breathing, blinks, head motion), it never freezes.
"""

from __future__ import annotations

import asyncio
import fractions
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import av
import numpy as np
from aiortc import MediaStreamTrack
from aiortc.mediastreams import MediaStreamError

from services.video.audio import FrameFeatures, extract_features, silence_features
from services.video.backends.base import AudioFedSession, RenderSession
from services.video.render import FEATURE_RATE

AUDIO_RATE = 48000
AUDIO_CHUNK = 960  # 20 ms, the Opus frame aiortc sends
VIDEO_CLOCK = 90000
LEAD_SAMPLES = 2 * AUDIO_CHUNK  # a clip scheduled "now" starts after the chunk being sent
FADE_SAMPLES = 240  # 5 ms ramp when speech is cut by barge-in (no click)


class MediaClock:
    """Seconds since the tracks started; both tracks read it, so audio and video share one origin."""

    def __init__(self) -> None:
        self.t0: float | None = None

    def start(self) -> float:
        if self.t0 is None:
            self.t0 = time.monotonic()
        return self.t0

    def now(self) -> float:
        return 0.0 if self.t0 is None else time.monotonic() - self.t0


@dataclass
class Clip:
    """One sentence of reply speech placed on the timeline."""

    index: int
    text: str
    start_frame: int
    start_sample: int
    audio: np.ndarray  # float32 mono at AUDIO_RATE, a whole number of video frames long
    features: list[FrameFeatures]
    audio16k: np.ndarray  # the same speech at FEATURE_RATE, for sessions that render from the samples
    fed: bool = False  # handed to an audio-fed session (ER-NeRF) already

    @property
    def end_sample(self) -> int:
        return self.start_sample + len(self.audio)


@dataclass
class Timeline:
    """Scheduled speech; ``played`` is the first sample not yet handed to the audio track."""

    fps: int
    played: int = 0
    clips: deque[Clip] = field(default_factory=deque)
    cuts: int = 0  # barge-ins so far: the video track drops what an audio-fed session has queued when it changes

    def prepare(self, audio48k: np.ndarray, audio16k: np.ndarray) -> tuple[np.ndarray, list[FrameFeatures], np.ndarray]:
        """A sentence's audio padded to whole video frames (at both rates) and its per-frame features (off the
        event loop: this is the FFT work); :meth:`schedule` then places it."""
        frames = max(1, round(len(audio48k) * self.fps / AUDIO_RATE))
        return (
            _padded(audio48k, round(frames * AUDIO_RATE / self.fps)),
            extract_features(audio16k, FEATURE_RATE, self.fps, frames),
            _padded(audio16k, round(frames * FEATURE_RATE / self.fps)),
        )

    def schedule(
        self, index: int, text: str, audio: np.ndarray, features: list[FrameFeatures], audio16k: np.ndarray
    ) -> Clip:
        """Place a prepared clip after what is already queued (or right away), on a video-frame boundary."""
        earliest = self.played + LEAD_SAMPLES
        if self.clips:
            earliest = max(earliest, self.clips[-1].end_sample)
        start_frame = math.ceil(earliest * self.fps / AUDIO_RATE)
        offset = start_frame / self.fps
        timed = [replace(f, t=f.t + offset) for f in features]
        clip = Clip(index, text, start_frame, round(start_frame * AUDIO_RATE / self.fps), audio, timed, audio16k)
        self.clips.append(clip)
        return clip

    def take(self, start: int, count: int) -> np.ndarray:
        """The samples ``start .. start + count`` (silence where nothing is scheduled); marks them played."""
        out = np.zeros(count, np.float32)
        end = start + count
        for clip in self.clips:
            lo, hi = max(start, clip.start_sample), min(end, clip.end_sample)
            if lo < hi:
                out[lo - start : hi - start] = clip.audio[lo - clip.start_sample : hi - clip.start_sample]
        self.played = max(self.played, end)
        while self.clips and self.clips[0].end_sample <= self.played - AUDIO_RATE:  # keep 1 s for late frames
            self.clips.popleft()
        return out

    def features_at(self, frame: int) -> FrameFeatures | None:
        for clip in self.clips:
            offset = frame - clip.start_frame
            if 0 <= offset < len(clip.features):
                return clip.features[offset]
        return None

    @property
    def speaking(self) -> bool:
        return any(clip.end_sample > self.played for clip in self.clips)

    def said(self) -> list[Clip]:
        """Clips that have started playing."""
        return [clip for clip in self.clips if clip.start_sample < self.played]

    def cut(self) -> None:
        """Barge-in: drop what has not started, end the playing clip at the next sample with a short fade."""
        self.cuts += 1
        kept: deque[Clip] = deque()
        for clip in self.clips:
            if clip.start_sample >= self.played:
                continue
            if clip.end_sample > self.played:
                keep = self.played - clip.start_sample
                fade = min(FADE_SAMPLES, len(clip.audio) - keep)
                audio = clip.audio[: keep + fade].copy()
                audio[keep:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
                frames = math.ceil(len(audio) * self.fps / AUDIO_RATE)
                clip = replace(clip, audio=audio, features=clip.features[:frames])
            kept.append(clip)
        self.clips = kept

    def ends_at(self) -> float:
        """Seconds on the clock when the scheduled speech ends."""
        end = max((clip.end_sample for clip in self.clips), default=self.played)
        return max(end, self.played) / AUDIO_RATE


def _padded(audio: np.ndarray, samples: int) -> np.ndarray:
    out = np.zeros(samples, np.float32)
    out[: min(samples, len(audio))] = audio[:samples]
    return out


def feed_due_clips(timeline: Timeline, session: AudioFedSession, frame: int) -> None:
    """A session that renders from the speech samples (ER-NeRF) gets each clip's audio at the clip's first frame,
    so its queued windows line up with the frames that play that audio; a barge-in empties its queue."""
    for clip in list(timeline.clips):  # a copy: the event loop schedules clips while this runs in a thread
        if clip.fed or clip.start_frame > frame:
            continue
        clip.fed = True
        late = min(frame - clip.start_frame, len(clip.features))  # frames skipped while catching up
        if late < len(clip.features):
            start = round(late * FEATURE_RATE / timeline.fps)
            session.feed_audio(clip.audio16k[start:], len(clip.features) - late)


class SpeechTrack(MediaStreamTrack):
    """Outgoing audio: the timeline at 48 kHz mono, 20 ms per frame, paced by the clock."""

    kind = "audio"

    def __init__(self, clock: MediaClock, timeline: Timeline) -> None:
        super().__init__()
        self.clock, self.timeline = clock, timeline
        self.next_sample: int | None = None

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        t0 = self.clock.start()
        if self.next_sample is None:
            self.next_sample = int(self.clock.now() * AUDIO_RATE) // AUDIO_CHUNK * AUDIO_CHUNK
        wait = t0 + self.next_sample / AUDIO_RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        elif -wait > 0.2:  # the loop was starved: skip ahead rather than play late forever
            self.next_sample = int(self.clock.now() * AUDIO_RATE) // AUDIO_CHUNK * AUDIO_CHUNK
        start = self.next_sample
        samples = self.timeline.take(start, AUDIO_CHUNK)
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = start
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self.next_sample = start + AUDIO_CHUNK
        return frame


@dataclass
class VideoStats:
    frames_sent: int = 0
    frames_dropped: int = 0
    render_s: float = 0.0


class AvatarTrack(MediaStreamTrack):
    """Outgoing video: the renderer session, one frame per 1/fps of the clock, mouth from the timeline."""

    kind = "video"

    def __init__(
        self,
        clock: MediaClock,
        timeline: Timeline,
        session: RenderSession,
        render: Callable[[Callable[[], np.ndarray]], asyncio.Future[np.ndarray]] | None = None,
    ) -> None:
        super().__init__()
        self.clock, self.timeline, self.session = clock, timeline, session
        self.fps = session.fps
        self.next_frame: int | None = None
        self.stats = VideoStats()
        self._render = render
        self._cuts_seen = 0

    async def recv(self) -> av.VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        t0 = self.clock.start()
        now_frame = int(self.clock.now() * self.fps)
        if self.next_frame is None:
            self.next_frame = now_frame
        elif now_frame > self.next_frame + 1:  # late by more than a frame: catch up on the clock
            self.stats.frames_dropped += now_frame - self.next_frame
            self.next_frame = now_frame
        n = self.next_frame
        wait = t0 + n / self.fps - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        features = self.timeline.features_at(n) or silence_features(1, self.fps, start_s=n / self.fps)[0]
        started = time.perf_counter()
        rgb = await (
            self._render(lambda: self._frame(n, features))
            if self._render
            else asyncio.to_thread(self._frame, n, features)
        )
        self.stats.render_s += time.perf_counter() - started
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
        frame.pts = n * VIDEO_CLOCK // self.fps
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.stats.frames_sent += 1
        self.next_frame = n + 1
        return frame

    def _frame(self, n: int, features: FrameFeatures) -> np.ndarray:
        """One frame, run off the event loop (with the audio an audio-fed session needs first)."""
        if isinstance(self.session, AudioFedSession):
            if self.timeline.cuts != self._cuts_seen:
                self._cuts_seen = self.timeline.cuts
                self.session.drop_audio()
            feed_due_clips(self.timeline, self.session, n)
        return self.session.frame(features)

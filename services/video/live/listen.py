"""The user's turn on the incoming microphone track: voice activity (WebRTC's VAD, ``webrtcvad-wheels``) on
20 ms frames at 16 kHz, with hysteresis on top: speech starts after ``start_ms`` of mostly voiced audio and the
turn ends after ``end_ms`` of silence. The start is what barge-in reacts to; the end hands the utterance (with
a little audio from before the start) to speech recognition. A shorter pause (``pause_ms``) hands over what has
been said so far, so that it can be transcribed while the detector still waits for the end of the turn.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
import webrtcvad

RATE = 16000
FRAME = 320  # 20 ms at 16 kHz, one VAD decision
PREROLL_FRAMES = 15  # 300 ms kept from before the detected start (the first syllable's onset)


@dataclass(frozen=True)
class SpeechStarted:
    pass


@dataclass(frozen=True)
class SpeechPaused:
    audio: np.ndarray  # int16 mono at 16 kHz: the utterance so far
    voiced: int  # samples up to the end of its last voiced frame


@dataclass(frozen=True)
class SpeechEnded:
    audio: np.ndarray  # int16 mono at 16 kHz: the whole utterance
    voiced: int  # as for SpeechPaused: equal to a pause's when nothing was said after that pause


TurnEvent = SpeechStarted | SpeechPaused | SpeechEnded


class TurnDetector:
    def __init__(
        self, aggressiveness: int = 2, start_ms: int = 160, end_ms: int = 700, max_s: float = 30.0, pause_ms: int = 0
    ) -> None:
        self.vad = webrtcvad.Vad(aggressiveness)
        self.start_frames = max(1, start_ms // 20)
        self.end_frames = max(1, end_ms // 20)
        self.pause_frames = pause_ms // 20 if 0 < pause_ms < end_ms else 0
        self.voiced_frames = 0
        self.max_frames = int(max_s * 1000 / 20)
        self.pending = np.zeros(0, np.int16)
        self.window: deque[tuple[np.ndarray, bool]] = deque(maxlen=PREROLL_FRAMES)
        self.utterance: list[np.ndarray] = []
        self.in_speech = False
        self.silent_run = 0

    def push(self, pcm: np.ndarray) -> list[TurnEvent]:
        """Feed int16 mono 16 kHz samples of any length; returns the turn events they complete."""
        self.pending = np.concatenate([self.pending, pcm.astype(np.int16)])
        events: list[TurnEvent] = []
        while len(self.pending) >= FRAME:
            frame, self.pending = self.pending[:FRAME], self.pending[FRAME:]
            voiced = self.vad.is_speech(frame.tobytes(), RATE)
            event = self._step(frame, voiced)
            if event is not None:
                events.append(event)
        return events

    def _step(self, frame: np.ndarray, voiced: bool) -> TurnEvent | None:
        if not self.in_speech:
            self.window.append((frame, voiced))
            recent = list(self.window)[-self.start_frames :]
            if len(recent) == self.start_frames and sum(v for _, v in recent) >= 0.8 * self.start_frames:
                self.in_speech, self.silent_run = True, 0
                self.utterance = [f for f, _ in self.window]
                self.voiced_frames = len(self.utterance)
                self.window.clear()
                return SpeechStarted()
            return None
        self.utterance.append(frame)
        self.silent_run = 0 if voiced else self.silent_run + 1
        if voiced:
            self.voiced_frames = len(self.utterance)
        if self.silent_run >= self.end_frames or len(self.utterance) >= self.max_frames:
            audio = np.concatenate(self.utterance)
            self.in_speech, self.utterance = False, []
            return SpeechEnded(audio, self.voiced_frames * FRAME)
        if self.pause_frames and self.silent_run == self.pause_frames:
            return SpeechPaused(np.concatenate(self.utterance), self.voiced_frames * FRAME)
        return None

    def reset(self) -> None:
        self.in_speech, self.utterance, self.silent_run = False, [], 0
        self.window.clear()

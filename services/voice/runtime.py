"""Models loaded once per process: the speech backend, the speaker encoder and (API process) Whisper.

The API process loads them in a background thread at start-up so ``/healthz`` answers at once while
``/readyz`` reports ``backend: loading`` until everything, warm-ups included, is in memory. The worker loads
them before it takes its first job.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path

from services.voice.asr import Transcriber
from services.voice.backends import BuiltinVoice, SpeechBackend, create_backend
from services.voice.settings import VoiceSettings
from services.voice.speaker import SpeakerEncoder
from shared.contracts.common import DependencyCheck, DependencyState
from shared.errors import ServiceUnavailable

log = logging.getLogger(__name__)


class VoiceRuntime:
    def __init__(self, settings: VoiceSettings, *, with_asr: bool = True, warm_backend: bool = True) -> None:
        self.settings = settings
        cache = Path(settings.model_cache_dir)
        cache.mkdir(parents=True, exist_ok=True)
        self.speaker = SpeakerEncoder()
        self.asr = (
            Transcriber(
                cache,
                settings.asr_threads,
                settings.asr_beam_size,
                settings.asr_short_window_max_s,
                frozenset(settings.asr_short_window_languages),
            )
            if with_asr
            else None
        )
        self.backend: SpeechBackend = create_backend(settings, self.speaker)
        self.warm_backend = warm_backend
        # One heavy computation at a time per process: the models already use every core, and two
        # interleaved syntheses would both miss their latency.
        self.compute = threading.Lock()
        self._ready = threading.Event()
        self._error: str | None = None
        self._builtin: dict[str, BuiltinVoice] = {}

    # -- loading -----------------------------------------------------------------------------------------
    def load(self) -> None:
        started = time.monotonic()
        try:
            self.speaker.load()
            if self.asr is not None:
                self.asr.load()
            self.backend.load()
            self._builtin = {v.id: v for v in self.backend.builtin_voices()}
            self.speaker.warm_up()
            warm = getattr(self.backend, "warm_up", None)
            if self.warm_backend and warm is not None:
                with self.compute:
                    warm()
        except Exception as exc:
            self._error = f"{type(exc).__name__}: {exc}"
            log.exception("voice models failed to load")
            raise
        self._ready.set()
        log.info("voice backend %s ready in %.1f s", self.backend.name, time.monotonic() - started)

    def load_in_background(self) -> threading.Thread:
        def run() -> None:
            with contextlib.suppress(Exception):  # the failure is reported by check_ready / readiness
                self.load()

        thread = threading.Thread(target=run, name="voice-model-loader", daemon=True)
        thread.start()
        return thread

    # -- state -------------------------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def check_ready(self) -> None:
        """For /readyz: raise with the reason the backend cannot serve yet."""
        if self._error:
            raise RuntimeError(f"backend {self.backend.name} failed to load: {self._error}")
        if not self._ready.is_set():
            raise RuntimeError(f"backend {self.backend.name} is loading")
        self.backend.check_ready()

    def tts_state(self) -> DependencyCheck:
        """For /readyz: the speech backend (and the speaker encoder loaded with it)."""
        name = self.backend.name
        try:
            self.check_ready()
        except RuntimeError as exc:
            loading = self._error is None and not self._ready.is_set()
            state = DependencyState.loading if loading else DependencyState.down
            return DependencyCheck(state=state, detail=str(exc))
        return DependencyCheck(state=DependencyState.ok, detail=f"backend {name}")

    def asr_state(self) -> DependencyCheck:
        """For /readyz: Whisper of this process (loaded before the speech backend)."""
        if self.asr is None:
            return DependencyCheck(state=DependencyState.unavailable, required=False, detail="not loaded here")
        if self.asr.model is not None:
            return DependencyCheck(state=DependencyState.ok, detail="Whisper base")
        if self._error:
            return DependencyCheck(state=DependencyState.down, detail=f"models failed to load: {self._error}")
        return DependencyCheck(state=DependencyState.loading, detail="Whisper base is loading")

    def require_ready(self) -> None:
        """For requests: 503 (retryable) until the models are in memory."""
        try:
            self.check_ready()
        except RuntimeError as exc:
            raise ServiceUnavailable(str(exc), code="voice_backend_unavailable") from exc

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    @property
    def builtin_voices(self) -> dict[str, BuiltinVoice]:
        return self._builtin

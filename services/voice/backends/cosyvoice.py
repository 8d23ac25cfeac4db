"""CosyVoice / CosyVoice2 / CosyVoice3 (upstream FunAudioLLM/CosyVoice) from a local model directory.

Never a model hub: ``VOICE_COSYVOICE_MODEL_DIR`` must be an existing directory (upstream only downloads when
the path does not exist, and we refuse that case before calling it). Modes: zero-shot (reference + its
transcript, same language), cross-lingual (other language, or no transcript) and instruct (style
instruction; CosyVoice2/3). Upstream streams inside a sentence; each piece is passed on as it comes.

Prompt features (speech tokens, speaker embedding, mel of the reference) are computed once per profile with
``add_zero_shot_spk`` and cached with the profile in S3 (``cache/cosyvoice-prompt.pt``), so a reference is
processed once however many processes or restarts use it. Provisioning: docs/voice.md.
"""

from __future__ import annotations

import inspect
import io
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from services.voice.backends import AudioChunk, BuiltinVoice, SynthesisOptions, VoiceTarget
from services.voice.dsp.audio_io import resample
from services.voice.profiles import ProfileContext
from services.voice.settings import VoiceSettings
from services.voice.speaker import SpeakerEncoder
from services.voice.text import Segment
from shared.contracts.voice import CloneInfo
from shared.errors import InvalidInput
from shared.pitch import shift_pitch

log = logging.getLogger(__name__)

PROMPT_CACHE = "cosyvoice-prompt.pt"
PROMPT_RATE = 16000
V3_PREFIX = "You are a helpful assistant.<|endofprompt|>"
_CONFIGS = {"cosyvoice3.yaml": 3, "cosyvoice2.yaml": 2, "cosyvoice.yaml": 1}
_REQUIRED = {
    1: ("llm.pt", "flow.pt", "hift.pt", "campplus.onnx", "speech_tokenizer_v1.onnx"),
    2: ("llm.pt", "flow.pt", "hift.pt", "campplus.onnx", "speech_tokenizer_v2.onnx"),
    3: ("llm.pt", "flow.pt", "hift.pt", "campplus.onnx", "speech_tokenizer_v3.onnx"),
}
_INSTALL_HINT = (
    "put a checkout of FunAudioLLM/CosyVoice (and its third_party/Matcha-TTS) on PYTHONPATH and "
    "install its requirements; see docs/voice.md"
)


def model_version(model_dir: Path) -> int:
    """1, 2 or 3 from the config file present; raises with what is missing."""
    if not model_dir.is_dir():
        raise RuntimeError(
            f"VOICE_COSYVOICE_MODEL_DIR={model_dir} is not a directory (weights are never "
            "downloaded; provision them as docs/voice.md explains)"
        )
    for config, version in _CONFIGS.items():
        if (model_dir / config).exists():
            missing = [name for name in _REQUIRED[version] if not (model_dir / name).exists()]
            if missing:
                raise RuntimeError(
                    f"{model_dir} lacks {', '.join(missing)} for CosyVoice{version if version > 1 else ''}"
                )
            return version
    raise RuntimeError(f"{model_dir} has no cosyvoice.yaml, cosyvoice2.yaml or cosyvoice3.yaml")


class CosyVoiceBackend:
    name = "cosyvoice"
    supports_instruct = True

    def __init__(self, settings: VoiceSettings, speaker: SpeakerEncoder) -> None:
        self.settings = settings
        self.speaker = speaker
        self.model_dir = Path(settings.cosyvoice_model_dir) if settings.cosyvoice_model_dir else None
        self.prompt_dir = Path(settings.model_cache_dir) / "cosyvoice-prompts"
        self.model: Any = None
        self.version = 0
        self.sample_rate = 24000
        self._error: str | None = None
        self._lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------------------
    def load(self) -> None:
        try:
            if self.model_dir is None:
                raise RuntimeError("VOICE_COSYVOICE_MODEL_DIR is not set (see docs/voice.md)")
            self.version = model_version(self.model_dir)
            try:
                from cosyvoice.cli import cosyvoice as cli
            except ImportError as exc:
                raise RuntimeError(f"CosyVoice is not importable ({exc}); {_INSTALL_HINT}") from exc
            factory = getattr(cli, "AutoModel", None)
            if factory is not None:
                self.model = factory(model_dir=str(self.model_dir))
            else:  # releases before AutoModel (2024–mid 2025)
                self.model = (cli.CosyVoice2 if self.version == 2 else cli.CosyVoice)(str(self.model_dir))
            self.sample_rate = int(self.model.sample_rate)
        except Exception as exc:
            self._error = str(exc)
            raise
        self.prompt_dir.mkdir(parents=True, exist_ok=True)

    def check_ready(self) -> None:
        if self.model is None:
            raise RuntimeError(self._error or "loading CosyVoice")

    def builtin_voices(self) -> list[BuiltinVoice]:
        speakers = self.model.list_available_spks() if self.model is not None else []
        return [BuiltinVoice(f"cosyvoice-{s}", f"{s} (CosyVoice)", "cosyvoice", ("zh", "en")) for s in speakers]

    # -- prompt features ---------------------------------------------------------------------------------
    def _fingerprint(self) -> str:
        return f"{self.model_dir}:v{self.version}"

    def _prompt_text(self, profile: ProfileContext) -> str:
        text = profile.manifest.transcript or ""
        return f"{V3_PREFIX}{text}" if self.version == 3 else text

    def _prompt_wav(self, profile: ProfileContext) -> Path:
        """The reference at 16 kHz on local disk (upstream reads prompts from a path in recent releases)."""
        import soundfile as sf

        path = self.prompt_dir / f"{profile.id}.wav"
        if not path.exists():
            audio, rate = profile.reference()
            sf.write(path, resample(audio, rate, PROMPT_RATE), PROMPT_RATE, subtype="PCM_16")
        return path

    def _prompt_argument(self, profile: ProfileContext, method: Any) -> Any:
        """A path for releases whose parameter is ``prompt_wav``, a 16 kHz tensor for ``prompt_speech_16k``."""
        path = self._prompt_wav(profile)
        if "prompt_wav" in inspect.signature(method).parameters:
            return str(path)
        import soundfile as sf
        import torch

        audio, _ = sf.read(path, dtype="float32")
        return torch.from_numpy(np.asarray(audio, dtype=np.float32)).unsqueeze(0)

    def prepare_profile(self, profile: ProfileContext) -> CloneInfo | None:
        """Compute the prompt features once and keep them with the profile."""
        import torch

        with self._lock:
            prompt = self._prompt_argument(profile, self.model.add_zero_shot_spk)
            self.model.add_zero_shot_spk(self._prompt_text(profile), prompt, profile.id)
            buffer = io.BytesIO()
            torch.save(self.model.frontend.spk2info[profile.id], buffer)
        profile.cache_put(PROMPT_CACHE, buffer.getvalue())
        profile.set_backend_state(
            self.name,
            {"prompt": PROMPT_CACHE, "model": self._fingerprint(), "transcript": profile.manifest.transcript},
            persist=False,
        )
        return None

    def ensure_prompt(self, profile: ProfileContext) -> None:
        """In memory already, else from the S3 cache, else computed (and cached) now."""
        if profile.id in self.model.frontend.spk2info:
            return
        state = profile.backend_state(self.name)
        data = profile.cache_get(PROMPT_CACHE) if state.get("model") == self._fingerprint() else None
        if data is not None:
            import torch

            features = torch.load(io.BytesIO(data), map_location="cpu", weights_only=False)
            with self._lock:
                self.model.frontend.spk2info[profile.id] = features
            return
        self.prepare_profile(profile)
        profile.store.save(profile.manifest)

    # -- synthesis ---------------------------------------------------------------------------------------
    def synthesize(self, segment: Segment, target: VoiceTarget, options: SynthesisOptions) -> Iterator[AudioChunk]:
        for output in self._generate(segment, target, options):
            audio = output["tts_speech"].squeeze().detach().cpu().numpy().astype(np.float32)
            yield AudioChunk(shift_pitch(audio, self.sample_rate, options.pitch_semitones), self.sample_rate)

    def _generate(self, segment: Segment, target: VoiceTarget, options: SynthesisOptions) -> Iterator[Any]:
        model, text, speed = self.model, segment.text, options.speed
        if target.builtin is not None:
            speaker = target.voice_id.removeprefix("cosyvoice-")
            if options.instruct and self.version == 1:
                return iter(model.inference_instruct(text, speaker, options.instruct, stream=True, speed=speed))
            return iter(model.inference_sft(text, speaker, stream=True, speed=speed))
        profile = target.profile
        assert profile is not None
        self.ensure_prompt(profile)
        if options.instruct:
            if self.version == 1:
                raise InvalidInput(
                    "CosyVoice 1 follows instructions only with its built-in speakers.", code="instruct_not_supported"
                )
            instruct = (
                f"You are a helpful assistant. {options.instruct}<|endofprompt|>"
                if self.version == 3
                else options.instruct
            )
            method = model.inference_instruct2
            return iter(
                method(
                    text,
                    instruct,
                    self._prompt_argument(profile, method),
                    zero_shot_spk_id=profile.id,
                    stream=True,
                    speed=speed,
                )
            )
        same_language = profile.manifest.transcript and profile.manifest.language == segment.language
        if same_language:
            method = model.inference_zero_shot
            return iter(
                method(
                    text,
                    self._prompt_text(profile),
                    self._prompt_argument(profile, method),
                    zero_shot_spk_id=profile.id,
                    stream=True,
                    speed=speed,
                )
            )
        method = model.inference_cross_lingual
        return iter(
            method(text, self._prompt_argument(profile, method), zero_shot_spk_id=profile.id, stream=True, speed=speed)
        )

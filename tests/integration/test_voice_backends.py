"""The CosyVoice and OpenVoice adapters, each against a clearly named test double at the library boundary
(their weights cannot exist on this machine), with the profile caches in the real S3 server of the stack.

What is real here: our adapters, mode selection, prompt-feature / tone-colour caching in S3, the Kokoro base
TTS under OpenVoice, and the refusal to start without a provisioned model directory."""

from __future__ import annotations

import io
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
import torch

from scripts.devstack import S3_PASSWORD, S3_USER, Stack
from services.voice.backends import SynthesisOptions, VoiceTarget
from services.voice.backends.cosyvoice import PROMPT_CACHE, V3_PREFIX, CosyVoiceBackend
from services.voice.backends.openvoice import SE_CACHE, OpenVoiceBackend
from services.voice.dsp.audio_io import wav_bytes
from services.voice.profiles import ProfileContext, ProfileManifest, ProfileStore, new_profile_id
from services.voice.settings import VoiceSettings
from services.voice.speaker import SpeakerEncoder
from services.voice.text import Segment
from shared.clock import utcnow
from shared.contracts.voice import QualityReport
from shared.settings import CommonSettings
from shared.storage import ArtifactStore
from tests.helpers import voiced_signal

pytestmark = pytest.mark.integration


def tone(seconds: float, rate: int) -> torch.Tensor:
    t = torch.arange(int(seconds * rate)) / rate
    return (0.3 * torch.sin(2 * torch.pi * 180 * t)).unsqueeze(0)


class CosyVoiceLibraryDouble:
    """TEST DOUBLE of upstream ``cosyvoice.cli.cosyvoice.AutoModel`` (CosyVoice3 API, prompt_wav paths).
    Records every call and 'speaks' a tone in two streamed pieces."""

    sample_rate = 24000

    def __init__(self, model_dir: str) -> None:
        self.model_dir = model_dir
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.frontend = types.SimpleNamespace(spk2info={})

    def list_available_spks(self) -> list[str]:
        return ["中文女"]

    def add_zero_shot_spk(self, prompt_text: str, prompt_wav: Any, zero_shot_spk_id: str) -> bool:
        self.calls.append(("add_zero_shot_spk", {"prompt_text": prompt_text, "prompt_wav": prompt_wav}))
        self.frontend.spk2info[zero_shot_spk_id] = {"llm_embedding": torch.ones(192), "prompt_text": prompt_text}
        return True

    def _speak(self, mode: str, **kwargs: Any) -> Iterator[dict[str, torch.Tensor]]:
        self.calls.append((mode, kwargs))
        for _ in range(2):
            yield {"tts_speech": tone(0.4 / kwargs.get("speed", 1.0), self.sample_rate)}

    def inference_sft(
        self, tts_text: str, spk_id: str, stream: bool = False, speed: float = 1.0, text_frontend: bool = True
    ) -> Iterator[dict[str, torch.Tensor]]:
        return self._speak("sft", tts_text=tts_text, spk_id=spk_id, stream=stream, speed=speed)

    def inference_zero_shot(
        self,
        tts_text: str,
        prompt_text: str,
        prompt_wav: Any,
        zero_shot_spk_id: str = "",
        stream: bool = False,
        speed: float = 1.0,
        text_frontend: bool = True,
    ) -> Iterator[dict[str, torch.Tensor]]:
        return self._speak(
            "zero_shot",
            tts_text=tts_text,
            prompt_text=prompt_text,
            prompt_wav=prompt_wav,
            zero_shot_spk_id=zero_shot_spk_id,
            stream=stream,
            speed=speed,
        )

    def inference_cross_lingual(
        self,
        tts_text: str,
        prompt_wav: Any,
        zero_shot_spk_id: str = "",
        stream: bool = False,
        speed: float = 1.0,
        text_frontend: bool = True,
    ) -> Iterator[dict[str, torch.Tensor]]:
        return self._speak(
            "cross_lingual",
            tts_text=tts_text,
            prompt_wav=prompt_wav,
            zero_shot_spk_id=zero_shot_spk_id,
            stream=stream,
            speed=speed,
        )

    def inference_instruct2(
        self,
        tts_text: str,
        instruct_text: str,
        prompt_wav: Any,
        zero_shot_spk_id: str = "",
        stream: bool = False,
        speed: float = 1.0,
        text_frontend: bool = True,
    ) -> Iterator[dict[str, torch.Tensor]]:
        return self._speak(
            "instruct2",
            tts_text=tts_text,
            instruct_text=instruct_text,
            prompt_wav=prompt_wav,
            zero_shot_spk_id=zero_shot_spk_id,
            stream=stream,
            speed=speed,
        )


class ToneColorConverterDouble:
    """TEST DOUBLE of ``openvoice.api.ToneColorConverter``: the tone-colour embedding is the recording's RMS
    (so different references differ) and conversion returns the source at the converter's rate."""

    instances: list[ToneColorConverterDouble] = []

    def __init__(self, config_path: str, device: str = "cpu", enable_watermark: bool = True) -> None:
        self.config_path, self.device, self.enable_watermark = config_path, device, enable_watermark
        self.hps = types.SimpleNamespace(data=types.SimpleNamespace(sampling_rate=22050))
        self.extracted: list[str] = []
        self.converted: list[dict[str, Any]] = []
        ToneColorConverterDouble.instances.append(self)

    def load_ckpt(self, path: str) -> None:
        self.checkpoint = path

    def extract_se(self, ref_wav_list: list[str], se_save_path: str | None = None) -> torch.Tensor:
        self.extracted.append(ref_wav_list[0])
        audio, _ = sf.read(ref_wav_list[0], dtype="float32")
        return torch.full((1, 256, 1), float(np.sqrt(np.mean(audio**2))))

    def convert(
        self,
        audio_src_path: str,
        src_se: torch.Tensor,
        tgt_se: torch.Tensor,
        output_path: str | None = None,
        tau: float = 0.3,
        message: str = "default",
    ) -> np.ndarray:
        self.converted.append({"src_se": float(src_se.mean()), "tgt_se": float(tgt_se.mean()), "tau": tau})
        audio, rate = sf.read(audio_src_path, dtype="float32")
        import soxr

        return np.asarray(soxr.resample(audio, rate, 22050), dtype=np.float32)


@pytest.fixture(scope="module")
def store(stack: Stack) -> ProfileStore:
    settings = CommonSettings(
        s3_endpoint=f"127.0.0.1:{stack.ports['s3']}",
        s3_access_key=S3_USER,
        s3_secret_key=S3_PASSWORD,
        s3_bucket="talkface",
    )
    return ProfileStore(ArtifactStore(settings), None)


def make_profile(store: ProfileStore, language: str, transcript: str | None) -> ProfileContext:
    """A stored profile (reference WAV + manifest in S3) without going through the embedded backend."""
    profile_id = new_profile_id()
    audio = voiced_signal(f0=190.0, seconds=4.0, sample_rate=24000)
    quality = QualityReport(
        duration_s=4.0,
        original_duration_s=4.0,
        sample_rate=24000,
        clipping_ratio=0.0,
        normalized_lufs=-20.0,
        speech_ratio=1.0,
    )
    manifest = ProfileManifest(
        id=profile_id,
        name="double",
        language=language,
        transcript=transcript,
        created_at=utcnow(),
        updated_at=utcnow(),
        quality=quality,
        embedding=[0.0] * 256,
        original_key=store.key(profile_id, "original.wav"),
        reference_key=store.key(profile_id, "reference.wav"),
        reference_sample_rate=24000,
        engine="cosyvoice",
    )
    store.storage.put_bytes(manifest.reference_key, wav_bytes(audio, 24000), "audio/wav")
    store.save(manifest)
    return ProfileContext(store, manifest)


def cosyvoice_model_dir(tmp_path: Path) -> Path:
    model_dir = tmp_path / "Fun-CosyVoice3-0.5B"
    model_dir.mkdir()
    for name in ("cosyvoice3.yaml", "llm.pt", "flow.pt", "hift.pt", "campplus.onnx", "speech_tokenizer_v3.onnx"):
        (model_dir / name).write_bytes(b"")
    return model_dir


@pytest.fixture
def cosyvoice_double(monkeypatch: pytest.MonkeyPatch) -> list[CosyVoiceLibraryDouble]:
    created: list[CosyVoiceLibraryDouble] = []

    def auto_model(model_dir: str, **_: Any) -> CosyVoiceLibraryDouble:
        created.append(CosyVoiceLibraryDouble(model_dir))
        return created[-1]

    cli = types.ModuleType("cosyvoice.cli.cosyvoice")
    cli.AutoModel = auto_model  # type: ignore[attr-defined]
    package = types.ModuleType("cosyvoice.cli")
    package.cosyvoice = cli  # type: ignore[attr-defined]
    for name, module in (
        ("cosyvoice", types.ModuleType("cosyvoice")),
        ("cosyvoice.cli", package),
        ("cosyvoice.cli.cosyvoice", cli),
    ):
        monkeypatch.setitem(sys.modules, name, module)
    return created


def test_cosyvoice_modes_and_prompt_cache(
    cosyvoice_double: list[CosyVoiceLibraryDouble], store: ProfileStore, tmp_path: Path
) -> None:
    settings = VoiceSettings(
        backend="cosyvoice",
        cosyvoice_model_dir=str(cosyvoice_model_dir(tmp_path)),
        model_cache_dir=str(tmp_path / "cache"),
    )
    backend = CosyVoiceBackend(settings, SpeakerEncoder())
    backend.load()
    assert backend.version == 3 and [v.id for v in backend.builtin_voices()] == ["cosyvoice-中文女"]
    profile = make_profile(store, "zh", "你好，这是参考录音。")
    backend.prepare_profile(profile)
    store.save(profile.manifest)  # as profile creation does after preparing
    model = cosyvoice_double[0]
    assert model.calls[0][0] == "add_zero_shot_spk"
    assert model.calls[0][1]["prompt_text"] == V3_PREFIX + "你好，这是参考录音。"
    assert Path(model.calls[0][1]["prompt_wav"]).exists()  # recent releases take a path, 16 kHz
    assert sf.info(model.calls[0][1]["prompt_wav"]).samplerate == 16000
    assert store.storage.exists(store.cache_key(profile.id, PROMPT_CACHE))
    target = VoiceTarget(profile.id, profile=profile)

    chunks = list(backend.synthesize(Segment("今天天气很好。", "zh"), target, SynthesisOptions(speed=1.2)))
    assert len(chunks) == 2 and chunks[0].sample_rate == 24000  # streamed inside the sentence
    mode, kwargs = model.calls[-1]
    assert mode == "zero_shot" and kwargs["zero_shot_spk_id"] == profile.id and kwargs["stream"]
    assert kwargs["speed"] == 1.2
    list(backend.synthesize(Segment("Hello there.", "en"), target, SynthesisOptions()))
    assert model.calls[-1][0] == "cross_lingual"
    list(backend.synthesize(Segment("你好。", "zh"), target, SynthesisOptions(instruct="用开心的语气说")))
    mode, kwargs = model.calls[-1]
    assert mode == "instruct2" and kwargs["instruct_text"].endswith("用开心的语气说<|endofprompt|>")
    list(
        backend.synthesize(
            Segment("你好。", "zh"),
            VoiceTarget("cosyvoice-中文女", builtin=backend.builtin_voices()[0]),
            SynthesisOptions(),
        )
    )
    assert model.calls[-1] == ("sft", {"tts_text": "你好。", "spk_id": "中文女", "stream": True, "speed": 1.0})

    # A second process: the prompt features come from S3, the reference is not processed again.
    fresh = CosyVoiceBackend(settings, SpeakerEncoder())
    fresh.load()
    reread = ProfileContext(store, store.get(profile.id))
    list(fresh.synthesize(Segment("再见。", "zh"), VoiceTarget(profile.id, profile=reread), SynthesisOptions()))
    second = cosyvoice_double[1]
    assert [c[0] for c in second.calls] == ["zero_shot"]
    assert torch.equal(second.frontend.spk2info[profile.id]["llm_embedding"], torch.ones(192))
    store.delete(profile.id)


def test_cosyvoice_refuses_missing_or_incomplete_weights(cosyvoice_double: list[Any], tmp_path: Path) -> None:
    for model_dir, message in ((None, "not set"), (tmp_path / "nowhere", "not a directory")):
        settings = VoiceSettings(
            backend="cosyvoice",
            cosyvoice_model_dir=str(model_dir) if model_dir else None,
            model_cache_dir=str(tmp_path),
        )
        backend = CosyVoiceBackend(settings, SpeakerEncoder())
        with pytest.raises(RuntimeError, match=message):
            backend.load()
        with pytest.raises(RuntimeError, match=message):
            backend.check_ready()
    incomplete = cosyvoice_model_dir(tmp_path)
    (incomplete / "flow.pt").unlink()
    backend = CosyVoiceBackend(
        VoiceSettings(cosyvoice_model_dir=str(incomplete), model_cache_dir=str(tmp_path)), SpeakerEncoder()
    )
    with pytest.raises(RuntimeError, match=r"lacks flow\.pt"):
        backend.load()
    assert cosyvoice_double == []  # never reached the library, let alone a hub


@pytest.mark.slow
def test_openvoice_converts_the_embedded_base_voice(
    monkeypatch: pytest.MonkeyPatch, store: ProfileStore, tmp_path: Path
) -> None:
    api = types.ModuleType("openvoice.api")
    api.ToneColorConverter = ToneColorConverterDouble  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "openvoice", types.ModuleType("openvoice"))
    monkeypatch.setitem(sys.modules, "openvoice.api", api)
    checkpoint = tmp_path / "converter"
    checkpoint.mkdir()
    (checkpoint / "config.json").write_text("{}")
    (checkpoint / "checkpoint.pth").write_bytes(b"")
    speaker = SpeakerEncoder()
    speaker.load()
    backend = OpenVoiceBackend(
        VoiceSettings(backend="openvoice", openvoice_model_dir=str(checkpoint), device="cpu"), speaker
    )
    backend.load()
    converter = ToneColorConverterDouble.instances[-1]
    assert converter.enable_watermark is False and converter.checkpoint.endswith("checkpoint.pth")
    profile = make_profile(store, "en", None)
    backend.prepare_profile(profile)
    assert store.storage.exists(store.cache_key(profile.id, SE_CACHE))
    store.save(profile.manifest)
    chunks = list(
        backend.synthesize(
            Segment("Hello from the converter.", "en"), VoiceTarget(profile.id, profile=profile), SynthesisOptions()
        )
    )
    assert chunks[0].sample_rate == 22050 and len(chunks[0].audio) > 22050 * 0.5
    assert len(converter.converted) == 1 and converter.converted[0]["tau"] == 0.3
    assert converter.converted[0]["tgt_se"] != converter.converted[0]["src_se"]
    plain = list(
        backend.synthesize(
            Segment("Hello.", "en"), VoiceTarget("piper-joe", builtin=backend.builtin_voices()[-1]), SynthesisOptions()
        )
    )
    assert plain[0].sample_rate == 22050 and len(converter.converted) == 1  # built-in voices are not converted
    store.delete(profile.id)


def test_profile_reference_round_trip(store: ProfileStore) -> None:
    profile = make_profile(store, "en", "text")
    audio, rate = ProfileContext(store, store.get(profile.id)).reference()
    assert rate == 24000 and len(audio) == 4 * 24000
    assert io.BytesIO(store.storage.get_bytes(profile.manifest.reference_key)).read(4) == b"RIFF"
    store.delete(profile.id)

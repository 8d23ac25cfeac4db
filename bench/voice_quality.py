"""Voice quality and speed benchmark of the embedded backend (Kokoro + DSP cloning + enrollment), in process.

    .venv/bin/python bench/voice_quality.py [--sentences 20] [--enroll-budget 240] [--json out.json]

Measures, on a fixed set of 20 Chinese and 20 English sentences and four reference speakers (three human
recordings shipped in `moonshine-voice`, one synthetic: Piper joe):
- intelligibility: Whisper base transcript vs the text, for a built-in voice (`--builtin`, by default the chat's
  default voice) and the cloned ones: CER (zh, Simplified, numbers normalised both sides;
  also a toneless-pinyin error rate that forgives homophones) and WER (en);
- speaker similarity (resemblyzer cosine) of cloned output to its reference, vs the un-cloned base voice;
- enrollment (style inversion, human references): its time and evaluations, and held-out similarity on both
  encoders (resemblyzer, which the fit maximises, and the voicefilter d-vector) for base / DSP clone / fitted /
  fitted + WORLD, the variant the profile ends with, and the Mandarin gate's CER;
- RTF on this machine (synthesis + cloning time / audio duration), and profile creation time;
- first-chunk latency of a two-sentence streamed text (the time until the first audio chunk is ready).
Prints a table (and writes JSON with --json). Targets: CER/WER <= 8 %, similarity >= 0.75 and
>= +0.10 over the base voice, RTF <= 0.3, first chunk <= 0.8 s.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import jiwer
import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.chat.settings import ChatSettings
from services.voice.backends import SynthesisOptions, VoiceTarget
from services.voice.dsp.reference import preprocess_reference
from services.voice.enrollment import Enroller, apply_outcome
from services.voice.profiles import ProfileContext, ProfileManifest, new_profile_id
from services.voice.runtime import VoiceRuntime
from services.voice.settings import VoiceSettings
from services.voice.speaker import DVectorEncoder
from services.voice.speech import SpeechPlan, iter_audio
from services.voice.text import normalize_en, normalize_zh, prepare_text, split_for_streaming, to_simplified
from shared.clock import utcnow

EN = [
    "The weather is lovely today, so we are going for a walk in the park.",
    "Please remember to lock the door when you leave the office.",
    "My brother bought a new bicycle last weekend.",
    "The meeting has been moved to Thursday afternoon.",
    "She reads a chapter of her book every night before bed.",
    "Could you send me the report by the end of the day?",
    "The train to the airport leaves every fifteen minutes.",
    "We planted tomatoes and beans in the garden this spring.",
    "He forgot his umbrella and got wet in the rain.",
    "The museum is open from nine in the morning until five.",
    "Our team won the game in the last minute.",
    "I would like a cup of coffee with a little milk.",
    "The children are learning to play the piano.",
    "It costs $25 and the store closes at 8:30.",
    "There were 120 people at the concert on Friday.",
    "The river flows quietly past the old stone bridge.",
    "Turn left at the next corner and walk two blocks.",
    "The doctor said I should drink more water.",
    "Many birds fly south when the winter comes.",
    "Thank you for your help, I really appreciate it.",
]
ZH = [
    "今天天气很好，我们一起去公园散步吧。",
    "请记得离开办公室的时候把门锁上。",
    "我的哥哥上个周末买了一辆新自行车。",
    "会议改到了星期四下午。",
    "她每天晚上睡觉前都会读一章书。",
    "你能在今天下班前把报告发给我吗？",
    "去机场的火车每十五分钟一班。",
    "今年春天我们在花园里种了西红柿。",
    "他忘了带雨伞，结果被雨淋湿了。",
    "博物馆从早上九点开放到下午五点。",
    "我们的球队在最后一分钟赢了比赛。",
    "我想要一杯加一点牛奶的咖啡。",
    "孩子们正在学习弹钢琴。",
    "这件衣服二百五十元，商店八点半关门。",
    "星期五的音乐会来了一百二十个人。",
    "河水静静地流过古老的石桥。",
    "在下一个路口左转，然后走两个街区。",
    "医生说我应该多喝水。",
    "冬天来的时候，很多鸟会飞到南方。",
    "谢谢你的帮助，我真的很感激。",
]
SIMILARITY_TEXTS = {
    "en": [
        "Every morning I walk to the station and buy a newspaper before the train arrives.",
        "The library downstairs has a quiet room where you can study all afternoon.",
    ],
    "zh": ["每天早上我走路去车站，在火车到站之前买一份报纸。"],
}
STREAM_TEXTS = {
    "en": "Hello, thanks for calling. How can I help you today?",
    "zh": "你好，感谢你的来电。今天我能帮你做什么？",
}
HUMAN_REFERENCES = ("beckett.wav", "two_cities.wav", "clone-test.wav")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", normalize_en(text).lower().replace("-", " "))


def hanzi(text: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff]", "", normalize_zh(to_simplified(text)))


def error_rate(reference: list[str], heard: list[str]) -> float:
    """Word (or pinyin syllable) error rate, by jiwer, over already-normalised tokens."""
    return float(jiwer.wer(" ".join(reference), " ".join(heard)))


def pinyin(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return list(lazy_pinyin(text))


def load_references(runtime: VoiceRuntime) -> dict[str, tuple[np.ndarray, int]]:
    assets = resources.files("moonshine_voice") / "assets"
    refs: dict[str, tuple[np.ndarray, int]] = {}
    for name in HUMAN_REFERENCES:
        audio, rate = sf.read(io.BytesIO((assets / name).read_bytes()), dtype="float32")
        audio = audio.mean(axis=1) if audio.ndim > 1 else audio
        refs[name.removesuffix(".wav")] = (audio[: int(rate * 20)], rate)  # references are capped at 20 s
    piper = runtime.backend.piper  # type: ignore[attr-defined]
    joe = piper.synthesize(
        "I am a synthetic speaker. My voice comes from a small neural model that runs on "
        "any computer, and I read this text so that the clone has something to learn from."
    )
    refs["piper-joe (synthetic)"] = (joe, piper.sample_rate)
    return refs


def make_profile(runtime: VoiceRuntime, name: str, audio: np.ndarray, rate: int) -> tuple[ProfileContext, float]:
    started = time.perf_counter()
    settings = runtime.settings
    processed = preprocess_reference(
        audio,
        rate,
        target_rate=settings.reference_sample_rate,
        target_lufs=settings.reference_lufs,
        min_seconds=3,
        max_seconds=30,
    )
    assert runtime.asr is not None
    heard = runtime.asr.transcribe(processed.audio, processed.sample_rate)
    embedding = runtime.speaker.embed(processed.audio, processed.sample_rate)
    manifest = ProfileManifest(
        id=new_profile_id(),
        name=name,
        language=heard.language if heard.language in ("zh", "en") else "en",
        transcript=heard.text,
        transcript_source="whisper",
        created_at=utcnow(),
        updated_at=utcnow(),
        quality=processed.report,
        embedding=[float(v) for v in embedding],
        original_key="voices/bench/original.bin",
        reference_key="voices/bench/reference.wav",
        reference_sample_rate=processed.sample_rate,
    )
    context = ProfileContext(None, manifest)  # type: ignore[arg-type]  # in memory only: nothing is stored
    context.set_reference(processed.audio, processed.sample_rate)
    manifest.clone = runtime.backend.prepare_profile(context)
    return context, time.perf_counter() - started


def synthesize(
    runtime: VoiceRuntime, text: str, target: VoiceTarget, clone: bool = True, stream: bool = False
) -> tuple[np.ndarray, int, float, float]:
    """(audio, rate, seconds to first chunk, total seconds)."""
    from shared.contracts.voice import SpeechRequest

    segments = prepare_text(text)
    if stream:
        segments = split_for_streaming(segments)
    request = SpeechRequest(text=text, voice_id=target.voice_id, clone=clone, stream=stream)
    plan = SpeechPlan(request, segments, target, SynthesisOptions(clone=clone), segments[0].language)
    started = time.perf_counter()
    first = None
    pieces: list[np.ndarray] = []
    rate = 24000
    for audio, chunk_rate in iter_audio(runtime, plan):
        first = first if first is not None else time.perf_counter() - started
        pieces.append(audio)
        rate = chunk_rate
    return np.concatenate(pieces), rate, first or 0.0, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=20, help="sentences per language (max 20)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--enroll-budget", type=int, help="enrollment candidates (default VOICE_ENROLL_BUDGET)")
    parser.add_argument("--references", nargs="*", help="only these references (e.g. beckett two_cities)")
    parser.add_argument(
        "--builtin", default=ChatSettings().default_voice_id, help="the built-in voice (default: the chat's default)"
    )
    args = parser.parse_args()
    n = min(args.sentences, 20)
    load_started = time.perf_counter()
    settings = VoiceSettings()
    if args.enroll_budget is not None:
        settings = settings.model_copy(update={"enroll_budget": args.enroll_budget})
    runtime = VoiceRuntime(settings, with_asr=True)
    runtime.load()
    load_seconds = time.perf_counter() - load_started
    assert runtime.asr is not None
    results: dict[str, object] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, load avg {os.getloadavg()[0]:.1f}",
        "model_load_s": round(load_seconds, 1),
    }

    profiles: dict[str, ProfileContext] = {}
    creation: list[float] = []
    for name, (audio, rate) in load_references(runtime).items():
        if args.references and name.split(" ")[0] not in args.references:
            continue
        profiles[name], seconds = make_profile(runtime, name, audio, rate)
        creation.append(seconds)
        print(f"profile {name}: {profiles[name].manifest.clone} ({seconds:.1f} s)", flush=True)
    results["profile_creation_s"] = round(statistics.mean(creation), 2)
    results["enrollment"] = enroll_all(runtime, profiles)

    # Intelligibility and RTF: each sentence spoken by a cloned voice (references in turn) and a built-in one.
    names = list(profiles)
    builtin = {"en": args.builtin, "zh": args.builtin}
    results["builtin_voice"] = args.builtin
    intelligibility: dict[str, dict[str, list[float]]] = {}
    timing: dict[str, list[float]] = {"clone_s": [], "clone_audio_s": [], "base_s": [], "base_audio_s": []}
    for language, sentences in (("en", EN[:n]), ("zh", ZH[:n])) if n else ():
        for i, text in enumerate(sentences):
            for kind in ("builtin", "clone"):
                if kind == "clone":
                    profile = profiles[names[i % len(names)]]
                    target = VoiceTarget(profile.id, profile=profile)
                else:
                    target = VoiceTarget(builtin[language], builtin=runtime.builtin_voices[builtin[language]])
                audio, rate, _, seconds = synthesize(runtime, text, target)
                key = "clone" if kind == "clone" else "base"
                timing[f"{key}_s"].append(seconds)
                timing[f"{key}_audio_s"].append(len(audio) / rate)
                heard = runtime.asr.transcribe(audio, rate, language).text
                scores = intelligibility.setdefault(f"{language}/{kind}", {"err": [], "pinyin": []})
                if language == "en":
                    ref, hyp = words(text), words(heard)
                    scores["err"].append(error_rate(ref, hyp))
                else:
                    ref_c, hyp_c = hanzi(text), hanzi(heard)
                    scores["err"].append(float(jiwer.cer(ref_c, hyp_c)))
                    scores["pinyin"].append(error_rate(pinyin(ref_c), pinyin(hyp_c)))
            print(f"{language} {i + 1}/{len(sentences)}", flush=True)
    results["intelligibility"] = (
        {}
        if not n
        else {
            k: {
                "error_rate": round(statistics.mean(v["err"]), 4),
                **({"pinyin_error_rate": round(statistics.mean(v["pinyin"]), 4)} if v["pinyin"] else {}),
            }
            for k, v in intelligibility.items()
        }
    )
    if n:
        results["rtf"] = {
            "clone": round(sum(timing["clone_s"]) / sum(timing["clone_audio_s"]), 3),
            "builtin": round(sum(timing["base_s"]) / sum(timing["base_audio_s"]), 3),
        }

    # Speaker similarity to the reference, base voice vs cloned, on texts not used for calibration.
    similarity: dict[str, dict[str, float]] = {}
    for name, profile in profiles.items():
        row: dict[str, list[float]] = {"base": [], "clone": []}
        target = VoiceTarget(profile.id, profile=profile)
        for texts in SIMILARITY_TEXTS.values():
            for text in texts:
                for clone in (False, True):
                    audio, rate, _, _ = synthesize(runtime, text, target, clone=clone)
                    emb = runtime.speaker.embed(audio, rate)
                    row["clone" if clone else "base"].append(runtime.speaker.similarity(emb, profile.embedding))
        similarity[name] = {k: round(statistics.mean(v), 4) for k, v in row.items()}
        similarity[name]["gain"] = round(similarity[name]["clone"] - similarity[name]["base"], 4)
    results["similarity"] = similarity

    # First-chunk latency of a two-sentence streamed text (median of 3), cloned and built-in.
    latency: dict[str, float] = {}
    first_profile = profiles[names[0]]
    for language, text in STREAM_TEXTS.items():
        for kind, target in (
            ("clone", VoiceTarget(first_profile.id, profile=first_profile)),
            ("builtin", VoiceTarget(builtin[language], builtin=runtime.builtin_voices[builtin[language]])),
        ):
            firsts = [synthesize(runtime, text, target, stream=True)[2] for _ in range(3)]
            latency[f"{language}/{kind}"] = round(statistics.median(firsts), 3)
    results["first_chunk_s"] = latency
    results["load_avg_end"] = round(os.getloadavg()[0], 1)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


def enroll_all(runtime: VoiceRuntime, profiles: dict[str, ProfileContext]) -> dict[str, object]:
    """Enroll every human reference (the synthetic one keeps its DSP clone) and apply the outcome."""
    judge = DVectorEncoder()
    judge.load()
    assert runtime.asr is not None
    backend = runtime.backend
    enroller = Enroller(backend, judge, runtime.asr, runtime.settings, runtime.compute)  # type: ignore[arg-type]
    out: dict[str, object] = {}
    for name, profile in profiles.items():
        if "synthetic" in name:
            continue
        started = time.perf_counter()
        state = enroller.search(profile, enroller.new_state(profile), lambda s: None)
        outcome = enroller.judge_variants(profile, state)
        profile.manifest.backends[backend.name] = apply_outcome(profile.backend_state(backend.name), outcome)
        out[name] = {
            "seconds": round(time.perf_counter() - started, 1),
            "evaluations": state.evaluations,
            "training_similarity": [round(state.base_similarity or 0.0, 4), round(state.best_similarity, 4)],
            "held_out": {k: v.model_dump() for k, v in outcome.held_out.items()},
            "chosen": outcome.chosen,
            "languages": outcome.languages,
            "zh_cer_gate": [outcome.zh_cer_base, outcome.zh_cer_fitted],
        }
        print(f"enrolled {name}: {out[name]}", flush=True)
    return out


def report(r: dict[str, object]) -> None:
    print(f"\nvoice_quality  {r['date']}  {r['machine']}  (load avg at end {r['load_avg_end']})")
    print(f"model load {r['model_load_s']} s; profile creation {r['profile_creation_s']} s per reference")
    print(f"\nintelligibility (Whisper base; built-in = {r['builtin_voice']})   error rate   pinyin error")
    for key, value in r["intelligibility"].items():  # type: ignore[attr-defined]
        metric = "CER" if key.startswith("zh") else "WER"
        extra = f"{value['pinyin_error_rate']:.1%}" if "pinyin_error_rate" in value else "-"
        print(f"  {key:<14} {metric}                   {value['error_rate']:>7.1%}      {extra}")
    print("\nspeaker similarity to the reference   base    cloned   gain")
    for name, value in r["similarity"].items():  # type: ignore[attr-defined]
        print(f"  {name:<32} {value['base']:.3f}   {value['clone']:.3f}   {value['gain']:+.3f}")
    print("\nenrollment (held-out, resemblyzer / voicefilter)   base   dsp   fitted   fitted+WORLD   chosen   s")
    for name, value in r["enrollment"].items():  # type: ignore[attr-defined]
        h = value["held_out"]
        cells = "  ".join(
            f"{h[k]['resemblyzer']:.3f}/{h[k]['voicefilter']:.3f}" for k in ("base", "dsp", "fitted", "fitted_world")
        )
        print(f"  {name:<16} {cells}  {value['chosen']} {value['seconds']} s ({value['evaluations']} candidates)")
    rtf = r.get("rtf", {"clone": "-", "builtin": "-"})
    print(f"\nRTF: cloned {rtf['clone']} (Kokoro + WORLD), built-in {rtf['builtin']}")  # type: ignore[index]
    print("first chunk of a two-sentence stream:", ", ".join(f"{k} {v:.2f} s" for k, v in r["first_chunk_s"].items()))  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()

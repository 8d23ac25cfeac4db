"""Chat latency with the embedded stack: time from the message POST (through the gateway) to the first
``text.delta``, first ``sentence``, first ``audio`` and first ``video`` event, and the per-stage breakdown the
service reports in ``done``. Targets: first audio <= 1.5 s, first video <= 3.0 s.

Run: ``.venv/bin/python bench/chat_latency.py [--runs 6] [--voices piper-joe,kokoro-jf_alpha] [--clone beckett]``
It starts its own stack (redis-server, S3 server, llama.cpp with SmolLM2-135M, voice, video and chat services,
gateway) on free ports, creates an avatar from scikit-image's astronaut photo, warms every stage up once, then
sends text messages (and one spoken message) and prints medians and p90s; last, how fast an interrupt answers
and ends a reply. ``--clone beckett`` also speaks with a voice profile cloned from that human recording of
``moonshine-voice`` (its first 20 s; the DSP clone, enrollment off).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.stack import bench_stack, print_machine
from tests.fixtures import speech_path
from tests.helpers import sse_events

PROMPTS = [
    "Hello! Who are you?",
    "What can we do on a rainy afternoon?",
    "Tell me something about the moon.",
    "How do I make a good cup of tea?",
    "What is your favourite season?",
    "Can you recommend a book?",
    "Why is the sky blue?",
    "Say something nice about Mondays.",
]
CLIENT_MARKS = ("text.delta", "sentence", "audio", "video", "done")
STAGES = (
    "asr_s",
    "llm_ttft_s",
    "first_sentence",
    "tts_s",
    "storage_s",
    "video_s",
    "llm_s",
    "total",
)


def send(api: httpx.Client, conv_id: str, text: str | None = None, audio: Path | None = None) -> dict[str, Any]:
    """One message; returns seconds from the POST to the first event of each kind, and the done event."""
    marks: dict[str, float] = {}
    done: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    first_sentence = ""
    started = time.perf_counter()
    kwargs: dict[str, Any] = (
        {"json": {"text": text}}
        if audio is None
        else {"files": {"file": (audio.name, audio.read_bytes(), "audio/webm")}}
    )
    with api.stream("POST", f"/api/v1/conversations/{conv_id}/messages", **kwargs) as response:
        response.raise_for_status()
        for name, data in sse_events(response):
            marks.setdefault(name, time.perf_counter() - started)
            if name == "sentence" and not first_sentence:
                first_sentence = str(data.get("text", ""))
            elif name == "done":
                done = data
            elif name == "error":
                errors.append(data)
    return {"marks": marks, "done": done, "errors": errors, "first_sentence": first_sentence}


def interrupt_s(api: httpx.Client, conv_id: str) -> tuple[float, float]:
    """Interrupt a long text-only reply after its third text delta: seconds until the interrupt call answers
    (cancel, save the turn) and until the reply's stream ends with `done`."""
    deltas, began, answered = 0, 0.0, float("nan")
    with api.stream(
        "POST", f"/api/v1/conversations/{conv_id}/messages", json={"text": "Tell me a long story about a dragon."}
    ) as response:
        response.raise_for_status()
        for name, _ in sse_events(response):
            deltas += name == "text.delta"
            if deltas == 3 and not began:
                began = time.perf_counter()
                api.post(f"/api/v1/conversations/{conv_id}/interrupt").raise_for_status()
                answered = time.perf_counter() - began
    return answered, time.perf_counter() - began if began else float("nan")


def summarise(label: str, results: list[dict[str, Any]]) -> None:
    def stats(values: list[float]) -> str:
        if not values:
            return "      -"
        ordered = sorted(values)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        return f"{statistics.median(values):6.2f} s (p90 {p90:5.2f}, n={len(values)})"

    print(f"\n== {label} ==")
    print("from POST (client side, through the gateway):")
    for mark in ("transcript", *CLIENT_MARKS):
        values = [r["marks"][mark] for r in results if mark in r["marks"]]
        if values:
            print(f"  first {mark:<11} {stats(values)}")
    print("stages reported in `done` (first_*: from the POST inside the service; *_s: durations):")
    for stage in STAGES:
        values = [float(r["done"]["timings"][stage]) for r in results if stage in r["done"].get("timings", {})]
        if values:
            print(f"  {stage:<17} {stats(values)}")
    sentences = [len(r["done"].get("text", "").split(". ")) for r in results]
    print(f"  sentences/reply   ~{statistics.median(sentences):.0f}")
    # The first sentence (or first chunk, cut at a comma) is what the first audio waits for.
    firsts = [r["first_sentence"] for r in results if r.get("first_sentence")]
    if firsts:
        median = statistics.median(len(f) for f in firsts)
        print(f"  first sentence    {median:.0f} characters (median), e.g. {firsts[:3]}")
    failures = [e for r in results for e in r["errors"]]
    if failures:
        print(f"  errors: {[(e.get('stage'), e.get('code')) for e in failures]}")


def speech_webm(workdir: Path) -> Path:
    webm = workdir / "beckett-4s.webm"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(speech_path()), "-t", "4", "-c:a", "libopus", str(webm)], check=True
    )
    return webm


def cloned_voice(api: httpx.Client, reference: str, workdir: Path) -> str:
    """A voice profile made from the first 20 s of a `moonshine-voice` recording, through the public API."""
    import moonshine_voice

    wav = Path(moonshine_voice.__file__).parent / "assets" / f"{reference}.wav"
    clip = workdir / f"{reference}-20s.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-t", "20", str(clip)], check=True)
    response = api.post(
        "/api/v1/voices",
        data={"name": f"bench {reference}", "language": "en", "enroll": "false"},
        files={"file": (clip.name, clip.read_bytes(), "audio/wav")},
        timeout=120,
    )
    response.raise_for_status()
    return str(response.json()["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=6, help="messages per voice")
    parser.add_argument("--voices", default="piper-joe,kokoro-jf_alpha")
    parser.add_argument("--max-tokens", type=int, default=60)
    parser.add_argument("--clone", metavar="RECORDING", help="also a voice cloned from this recording (e.g. beckett)")
    args = parser.parse_args()
    print_machine()
    with bench_stack("chat-bench-") as bench:
        api, avatar_id, workdir = bench.api, bench.avatar_id, bench.workdir
        llm = {"temperature": 0, "seed": 11, "max_tokens": args.max_tokens}
        voices = args.voices.split(",") + ([cloned_voice(api, args.clone, workdir)] if args.clone else [])
        for voice in voices:
            conv = api.post(
                "/api/v1/conversations",
                json={"avatar_id": avatar_id, "voice_id": voice, "language": "en", "llm": llm},
            ).json()["id"]
            send(api, conv, "Hi!")  # warm-up: first TTS call of this voice, first render
            results = []
            for i in range(args.runs):
                results.append(send(api, conv, PROMPTS[i % len(PROMPTS)]))
                time.sleep(0.5)
            summarise(f"text message -> speech ({voice}) + video 512x512@25", results)
        text_conv = api.post("/api/v1/conversations", json={"speak": False, "llm": llm}).json()["id"]
        summarise(
            "text message -> text only (LLM alone)",
            [send(api, text_conv, PROMPTS[i % len(PROMPTS)]) for i in range(args.runs)],
        )
        webm = speech_webm(workdir)
        spoken_conv = api.post(
            "/api/v1/conversations",
            json={"avatar_id": avatar_id, "voice_id": args.voices.split(",")[0], "language": "en", "llm": llm},
        ).json()["id"]
        summarise(
            "spoken message (4 s WebM/Opus) -> ASR -> speech + video",
            [send(api, spoken_conv, audio=webm) for _ in range(max(2, args.runs // 2))],
        )
        long_llm = {**llm, "max_tokens": 200}
        interrupts = [
            interrupt_s(api, api.post("/api/v1/conversations", json={"speak": False, "llm": long_llm}).json()["id"])
            for _ in range(args.runs)
        ]
        print("\n== interrupt mid-reply (text only) ==")
        print(f"  interrupt call answered  {statistics.median(i[0] for i in interrupts):6.2f} s (median)")
        print(f"  reply stream ended       {statistics.median(i[1] for i in interrupts):6.2f} s (median)")


if __name__ == "__main__":
    main()

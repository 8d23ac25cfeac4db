"""The installed llama.cpp build is the portable one (scripts/llama_cmake_args.sh): compiled for a fixed
instruction-set baseline, not for the machine that built it. A `-march=native` build made on an AMX Xeon answered
health probes and then crashed on the first completion elsewhere; on this machine the same mistake would pass
every functional test, so the build's own feature report is checked."""

from __future__ import annotations

import platform
import re
import subprocess
from pathlib import Path

import llama_cpp

ROOT = Path(__file__).resolve().parents[2]


def build_features() -> dict[str, int]:
    info = llama_cpp.llama_print_system_info().decode(errors="replace")
    return {name.strip(): int(value) for name, value in re.findall(r"([A-Z0-9_]+) = (\d+)", info)}


def test_setup_builds_llama_cpp_without_native_instructions() -> None:
    flags = subprocess.run(
        ["bash", str(ROOT / "scripts" / "llama_cmake_args.sh")], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "-DGGML_NATIVE=OFF" in flags
    if platform.machine() in ("x86_64", "AMD64"):
        assert {"-DGGML_AVX2=ON", "-DGGML_FMA=ON", "-DGGML_F16C=ON", "-DGGML_AMX_INT8=OFF"} <= set(flags)


def test_installed_llama_cpp_has_no_machine_specific_kernels() -> None:
    features = build_features()
    assert features, "llama.cpp reported no CPU features"
    enabled = {name for name, on in features.items() if on}
    assert not {name for name in enabled if name.startswith(("AMX", "AVX512", "AVX_VNNI"))}, enabled
    if platform.machine() in ("x86_64", "AMD64"):
        assert {"AVX2", "FMA", "F16C"} <= enabled

#!/usr/bin/env bash
# Set up a fresh Debian/Ubuntu machine for TalkFace: system packages (when root), .venv, Python packages,
# the front-end build. Idempotent: a second run only redoes what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
VENV=.venv
CACHE=.cache
STAMP="$VENV/.talkface-installed"
APT_PACKAGES=(redis-server ffmpeg libsndfile1 chromium fonts-wqy-zenhei jq)

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v ffmpeg >/dev/null || need_apt+=(ffmpeg)
command -v ffprobe >/dev/null || need_apt+=(ffmpeg)
[ -e /usr/lib/x86_64-linux-gnu/libsndfile.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libsndfile.so.1 ] || need_apt+=(libsndfile1)
command -v chromium >/dev/null || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || need_apt+=(fonts-wqy-zenhei)
# jq: docs/ops.md's commands read JSON with it (tests/integration/test_ops_docs.py runs them).
command -v jq >/dev/null || need_apt+=(jq)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install ${APT_PACKAGES[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${APT_PACKAGES[@]}" >/dev/null
  else
    echo "Missing system packages: ${need_apt[*]}. Run: sudo apt-get install ${APT_PACKAGES[*]}" >&2
    exit 1
  fi
fi

[ -x "$VENV/bin/python" ] || { echo "==> creating $VENV"; "$PY" -m venv "$VENV"; }
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)
hash=$(cat pyproject.toml constraints.txt requirements/*.txt scripts/setup.sh scripts/llama_cmake_args.sh | sha256sum | cut -c1-16)
if [ "$(cat "$STAMP" 2>/dev/null)" != "$hash" ]; then
  "${PIP[@]}" install -q --upgrade pip "setuptools>=77.0.3,<81" wheel
  # llama-cpp-python is an sdist that compiles for minutes: build its wheel once into the project cache.
  # Portable build: GGML_NATIVE=OFF drops -march=native (a wheel built on one CPU crashed with a general
  # protection fault in ggml's AMX kernels on another), with an AVX2/FMA/F16C baseline that every x86-64 CPU
  # of the last decade runs. The flags are part of the cache folder's name, so changing them rebuilds; pip's own
  # wheel cache ignores CMAKE_ARGS, hence --no-cache-dir.
  LLAMA_CMAKE_ARGS=$(bash scripts/llama_cmake_args.sh)
  LLAMA_WHEELS="$CACHE/wheels/llama-$(echo "$LLAMA_CMAKE_ARGS" | sha256sum | cut -c1-12)"
  mkdir -p "$LLAMA_WHEELS"
  if ! ls "$LLAMA_WHEELS"/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
    echo "==> building llama-cpp-python 0.3.36, portable (once; about 5 minutes on 2 cores)"
    CMAKE_ARGS="$LLAMA_CMAKE_ARGS" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
      "${PIP[@]}" wheel -q --no-cache-dir --no-deps llama-cpp-python==0.3.36 -w "$LLAMA_WHEELS"
  fi
  echo "==> installing Python packages"
  "${PIP[@]}" install -q --find-links "$LLAMA_WHEELS" -c constraints.txt -e ".[all,dev]"
  "${PIP[@]}" install -q --no-deps -c constraints.txt -r requirements/nodeps.txt
  # The Python SDK (generated; its dependencies are in the base and dev sets), editable: `make sdk` rewrites it.
  "${PIP[@]}" install -q --no-deps -e ./sdk/python
  echo "$hash" > "$STAMP"
fi

if [ -f frontend/package.json ]; then
  if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
    echo "==> npm ci (frontend)"
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  fi
  echo "==> generating the typed API client and building the SPA"
  (cd frontend && npm run gen:api --silent)
  (cd frontend && npm run build --silent)
fi
echo "==> setup done"

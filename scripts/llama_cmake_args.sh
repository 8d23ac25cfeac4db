#!/usr/bin/env bash
# CMake flags for the embedded llama.cpp build: one place, read by setup.sh and the deploy image.
# Portable x86-64 (AVX2/FMA/F16C baseline, no -march=native, no AMX kernels); on other architectures only
# GGML_NATIVE=OFF, so the wheel runs on any CPU of that architecture.
case "$(uname -m)" in
  x86_64|amd64) echo "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" ;;
  *) echo "-DGGML_NATIVE=OFF" ;;
esac

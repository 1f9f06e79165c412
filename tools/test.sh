#!/usr/bin/env bash
# Runs Chronicle's whole test suite: installs what is missing, builds
# everything (services, tests, benchmarks, tools) and runs every test with
# CTest, then builds the libFuzzer targets with clang (ASan + UBSan) and runs
# each for a bounded time.
#
# Environment: BUILD_DIR (default build-test), FUZZ_BUILD_DIR (build-fuzz),
# FUZZ_SECONDS per fuzzer (default 30), CTEST_PARALLEL_LEVEL (default: cores).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build-test}
fuzz_dir=${FUZZ_BUILD_DIR:-build-fuzz}
jobs=${CTEST_PARALLEL_LEVEL:-$(nproc)}
tools/install-deps.sh --tests

echo "== Build and unit/integration tests ($build_dir)"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir" -- -j"$(nproc)"
(cd "$build_dir" && ctest --output-on-failure -j"$jobs")

echo "== Fuzzers under ASan and UBSan ($fuzz_dir, ${FUZZ_SECONDS:-30} s each)"
CC=clang CXX=clang++ cmake -S . -B "$fuzz_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCHRONICLE_BUILD_FUZZERS=ON -DCHRONICLE_BUILD_BENCHMARKS=OFF \
  -DCHRONICLE_FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
cmake --build "$fuzz_dir" --target chronicle_fuzzers -- -j"$(nproc)"
(cd "$fuzz_dir" && ctest --output-on-failure -L fuzz -j"$jobs")

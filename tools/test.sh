#!/usr/bin/env bash
# Runs Chronicle's whole test suite: installs what is missing, builds
# everything (services, tests, benchmarks, tools), and runs every test with
# CTest. Exit status is CTest's.
#
# Environment: BUILD_DIR (default build-test), CTEST_PARALLEL_LEVEL (default: cores).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build-test}
tools/install-deps.sh
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build_dir" -- -j"$(nproc)"
cd "$build_dir"
ctest --output-on-failure -j"${CTEST_PARALLEL_LEVEL:-$(nproc)}"

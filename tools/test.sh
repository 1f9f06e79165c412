#!/usr/bin/env bash
# Runs Chronicle's whole test suite: installs what is missing, then, each in
# its own build directory:
#
#   asan   everything (services, tools, benchmarks, tests) built with
#          AddressSanitizer and UndefinedBehaviorSanitizer; every CTest test
#   fuzz   the libFuzzer targets built with clang (ASan + UBSan), each run for
#          FUZZ_SECONDS from its committed corpus
#   tsan   the services and tests built with ThreadSanitizer; every unit and
#          integration test (tests/tsan.supp says what is suppressed and why)
#   plain  the optimised build without sanitizers; every CTest test
#
#   tools/test.sh                  asan, fuzz and tsan (what CI runs)
#   tools/test.sh plain            only the optimised build: the quick local loop
#   tools/test.sh asan tsan        any stages, in the order given
#
# Environment: BUILD_ROOT (default: the repository; build dirs are
# build-test-STAGE), FUZZ_SECONDS per fuzzer (default 30), CTEST_PARALLEL_LEVEL
# (default: cores).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(asan fuzz tsan)
for stage in "${stages[@]}"; do
  case "$stage" in asan|fuzz|tsan|plain) ;; *) echo "tools/test.sh: unknown stage $stage" >&2; exit 2 ;; esac
done
root=${BUILD_ROOT:-.}
jobs=${CTEST_PARALLEL_LEVEL:-$(nproc)}
tools/install-deps.sh --tests

# Sanitizer builds: -O1 keeps them quick to build and run, -g1 keeps line
# numbers in reports without full debug info.
sanitizer_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1"
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1")

configure_and_build() {  # dir, cmake args...
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@"
  cmake --build "$dir" -- -j"$(nproc)"
}

for stage in "${stages[@]}"; do
  dir="$root/build-test-$stage"
  started=$(date +%s)
  echo "== $stage ($dir)"
  case "$stage" in
    plain)
      configure_and_build "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
      (cd "$dir" && ctest --output-on-failure -j"$jobs")
      ;;
    asan)
      configure_and_build "$dir" "${sanitizer_flags[@]}" -DCHRONICLE_SANITIZE=address,undefined
      (cd "$dir" && ctest --output-on-failure -j"$jobs")
      ;;
    fuzz)
      CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCHRONICLE_BUILD_FUZZERS=ON -DCHRONICLE_BUILD_BENCHMARKS=OFF -DCHRONICLE_BUILD_EVAL_TOOLS=OFF \
        -DCHRONICLE_FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
      cmake --build "$dir" --target chronicle_fuzzers -- -j"$(nproc)"
      (cd "$dir" && ctest --output-on-failure -L fuzz -j"$jobs")
      ;;
    tsan)
      # Benchmarks and deployment checks exercise no threads of ours that
      # the tests do not.
      configure_and_build "$dir" "${sanitizer_flags[@]}" -DCHRONICLE_SANITIZE=thread \
        -DCHRONICLE_BUILD_BENCHMARKS=OFF -DCHRONICLE_BUILD_EVAL_TOOLS=OFF
      (cd "$dir" && TSAN_OPTIONS="suppressions=$repo/tests/tsan.supp:halt_on_error=1:second_deadlock_stack=1" \
        ctest --output-on-failure -j"$jobs" -LE "deploy")
      ;;
  esac
  echo "== $stage passed in $(( $(date +%s) - started )) s"
done

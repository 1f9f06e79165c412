#!/usr/bin/env bash
# Installs the Debian 12 packages Chronicle needs, if any is missing. Safe to
# run again: it does nothing when everything is present. Needs root (or sudo).
#
#   tools/install-deps.sh --build   only what compiling the services needs (container builds)
#   tools/install-deps.sh           that, plus what configuring the whole tree needs (the demo)
#   tools/install-deps.sh --tests   everything the test suite runs: clang and its sanitizer and
#                                   libFuzzer runtimes, openssl (TLS test certificates), sqlite3
#                                   (the documented backup tool), node/npm and kubectl with the
#                                   manifest validator's npm packages (deploy/k8s/check.sh),
#                                   chromium and a font (the web pages' browser tests),
#                                   postgresql-15 (the PostgreSQL store's tests start a
#                                   throwaway server)
set -euo pipefail

mode=${1:-}
build_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libxapian-dev libsqlite3-dev libicu-dev libgumbo-dev libxml2-dev zlib1g-dev
  nlohmann-json3-dev libssl-dev libmicrohttpd-dev libpq-dev libzstd-dev
)
tree_packages=(libgtest-dev libgmock-dev libbenchmark-dev)
test_packages=(clang libclang-rt-14-dev openssl sqlite3 chromium fonts-dejavu-core postgresql-15)

packages=("${build_packages[@]}")
if [ "$mode" != "--build" ]; then packages+=("${tree_packages[@]}"); fi
if [ "$mode" = "--tests" ]; then
  packages+=("${test_packages[@]}")
  # Only when the command is missing: a machine may have them from elsewhere,
  # and Debian's packages would then conflict (kubectl) or downgrade (node).
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
  command -v kubectl >/dev/null || packages+=(kubernetes-client)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The manifest validator's npm packages (pinned by its package-lock.json).
if [ "$mode" = "--tests" ]; then
  if ! "$(dirname "$0")/../deploy/k8s/check.sh" --install; then
    echo "install-deps: warning: without the validator, the deploy test will be reported as skipped" >&2
  fi
fi

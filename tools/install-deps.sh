#!/usr/bin/env bash
# Installs the Debian 12 packages Chronicle builds and runs with, if any is missing.
# Safe to run again: it does nothing when everything is present. Needs root (or sudo).
#
#   tools/install-deps.sh           everything: build, tests, benchmarks, deploy checks
#   tools/install-deps.sh --build   only what compiling the services needs (container builds)
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libxapian-dev libsqlite3-dev libicu-dev libgumbo-dev zlib1g-dev
  nlohmann-json3-dev libssl-dev libmicrohttpd-dev
)
# Tests, benchmarks and the deploy check (deploy/k8s/check.sh): openssl makes
# the TLS tests' certificates, sqlite3 is the documented backup tool, node and
# npm run the manifest validator.
test_packages=(libgtest-dev libgmock-dev libbenchmark-dev openssl sqlite3)

packages=("${build_packages[@]}")
if [ "${1:-}" != "--build" ]; then
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
if [ "${1:-}" != "--build" ]; then
  "$(dirname "$0")/../deploy/k8s/check.sh" --install
fi

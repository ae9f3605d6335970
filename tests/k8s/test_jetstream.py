"""Checks on k8s/jetstream: the `lede work` Deployment, its settings and KEDA's ScaledObject.

The core objects are validated strictly by ci/k8s-check.sh (kubernetes-validate). The
ScaledObject is a KEDA custom resource, absent from kubernetes-validate's schemas: here it is
validated against the structure KEDA documents for keda.sh/v1alpha1 (SCALED_OBJECT below, no
unknown fields, every trigger metadata value a string), and against the rest of the rendering
(the Deployment it scales, the stream and consumer the workers use).

With $LEDE_BIN and $LEDE_NATS_SERVER set, a worker also runs with the rendered ConfigMap as
its environment (only the NATS URL, the stream replicas and the metrics address change, for
one local server) and must start, serve its metrics, then exit 0 on SIGTERM within the grace
period.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import tempfile
import time
import tomllib
import urllib.request

import jsonschema
import pytest

from test_manifests import (
    METRICS_PORT,
    ROOT,
    SELECTOR,
    assert_hardened,
    clap_defaults,
    literal,
    one,
    port_of,
    readme_worker_settings,
    render,
    seconds,
    server_env_vars,
)

PATH = "jetstream"
#: The selector labels of the worker pods: not the server's.
WORKER_SELECTOR = {"app.kubernetes.io/name": "lede-worker", "app.kubernetes.io/instance": "lede-worker"}
#: How long an open pull request lasts (PULL_WAIT in src/jetstream/mod.rs): a stopping
#: worker takes what it brings.
PULL_WAIT_SECONDS = 2

#: keda.sh/v1alpha1 ScaledObject, the fields KEDA documents (keda.sh/docs/latest/reference/scaledobject-spec/).
_INT = {"type": "integer", "minimum": 0}
SCALED_OBJECT = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "ScaledObject"},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "labels": {"type": "object"}},
        },
        "spec": {
            "type": "object",
            "required": ["scaleTargetRef", "triggers"],
            "additionalProperties": False,
            "properties": {
                "scaleTargetRef": {
                    "type": "object",
                    "required": ["name"],
                    "additionalProperties": False,
                    "properties": {
                        "apiVersion": {"type": "string"},
                        "kind": {"type": "string"},
                        "name": {"type": "string"},
                        "envSourceContainerName": {"type": "string"},
                    },
                },
                "pollingInterval": _INT,
                "cooldownPeriod": _INT,
                "initialCooldownPeriod": _INT,
                "idleReplicaCount": _INT,
                "minReplicaCount": _INT,
                "maxReplicaCount": _INT,
                "fallback": {"type": "object"},
                "advanced": {"type": "object"},
                "triggers": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["type", "metadata"],
                        "additionalProperties": False,
                        "properties": {
                            "type": {"type": "string"},
                            "name": {"type": "string"},
                            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                            "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                            "useCachedMetrics": {"type": "boolean"},
                            "authenticationRef": {"type": "object"},
                        },
                    },
                },
            },
        },
    },
}
#: The nats-jetstream trigger's metadata (keda.sh/docs/latest/scalers/nats-jetstream/).
NATS_JETSTREAM_REQUIRED = {"natsServerMonitoringEndpoint", "stream", "consumer"}
NATS_JETSTREAM_KNOWN = NATS_JETSTREAM_REQUIRED | {"account", "lagThreshold", "activationLagThreshold", "useHttps"}


def worker_config() -> dict[str, str]:
    cms = [d for d in render(PATH) if d["kind"] == "ConfigMap"]
    assert len(cms) == 1 and cms[0]["metadata"]["name"].startswith("lede-worker-config-")
    return cms[0]["data"]


def deployment() -> dict:
    return one(PATH, "Deployment", "lede-worker")


def worker_container() -> dict:
    containers = deployment()["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["lede"]
    return containers[0]


def scaled_object() -> dict:
    return one(PATH, "ScaledObject", "lede-worker")


def test_objects():
    def name(d: dict) -> str:
        # A generated ConfigMap's name ends in its content hash.
        return d["metadata"]["name"].rsplit("-", 1)[0] if d["kind"] == "ConfigMap" else d["metadata"]["name"]

    kinds = {(d["apiVersion"], d["kind"], name(d)) for d in render(PATH)}
    assert kinds == {
        ("v1", "ServiceAccount", "lede-worker"),
        ("v1", "ConfigMap", "lede-worker-config"),
        ("apps/v1", "Deployment", "lede-worker"),
        ("keda.sh/v1alpha1", "ScaledObject", "lede-worker"),
        ("networking.k8s.io/v1", "NetworkPolicy", "lede-worker"),
    }
    for d in render(PATH):
        labels = d["metadata"].get("labels", {})
        assert WORKER_SELECTOR.items() <= labels.items(), d["metadata"]["name"]
        assert labels.get("app.kubernetes.io/component") == "worker"


def test_scaled_object_structure():
    so = scaled_object()
    jsonschema.validate(so, SCALED_OBJECT)
    spec = so["spec"]
    assert spec["minReplicaCount"] <= spec["maxReplicaCount"]
    [trigger] = spec["triggers"]
    assert trigger["type"] == "nats-jetstream"
    meta = trigger["metadata"]
    assert NATS_JETSTREAM_REQUIRED <= set(meta) <= NATS_JETSTREAM_KNOWN, set(meta)
    for key in ("lagThreshold", "activationLagThreshold"):
        assert re.fullmatch(r"\d+", meta[key]), f"{key}={meta[key]!r} is not an integer"
    assert int(meta["lagThreshold"]) > 0
    assert meta.get("useHttps", "false") in {"true", "false"}
    assert re.fullmatch(r"[\w.-]+:\d+", meta["natsServerMonitoringEndpoint"]), "host:port, no scheme"


def test_scaled_object_scales_the_workers_on_their_consumer():
    spec = scaled_object()["spec"]
    target = spec["scaleTargetRef"]
    assert target.get("kind", "Deployment") == "Deployment" and target.get("apiVersion", "apps/v1") == "apps/v1"
    assert target["name"] == deployment()["metadata"]["name"]
    meta = spec["triggers"][0]["metadata"]
    stream = worker_config()["LEDE_NATS_STREAM"]
    assert meta["stream"] == stream
    # The consumer every worker shares: Queue::workers in src/jetstream/mod.rs.
    assert 'format!("{}-workers", self.stream)' in (ROOT / "src/jetstream/mod.rs").read_text(encoding="utf-8")
    assert meta["consumer"] == f"{stream}-workers"
    assert "replicas" not in deployment()["spec"], "KEDA owns the replica count"


def test_worker_pods():
    spec = deployment()["spec"]
    pod = spec["template"]["spec"]
    c = worker_container()
    assert_hardened(PATH, pod, c)
    assert spec["selector"]["matchLabels"] == WORKER_SELECTOR
    # The server's Services, PDB and autoscaler select SELECTOR: never a worker.
    assert not SELECTOR.items() <= spec["template"]["metadata"]["labels"].items()
    assert c["args"] == ["work"]
    # Only the metrics port, where LEDE_METRICS_LISTEN and the scrape annotations say.
    assert c["ports"] == [{"name": "metrics", "containerPort": METRICS_PORT, "protocol": "TCP"}]
    assert port_of(worker_config()["LEDE_METRICS_LISTEN"]) == METRICS_PORT
    annotations = spec["template"]["metadata"]["annotations"]
    assert annotations == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": str(METRICS_PORT),
        "prometheus.io/path": "/metrics",
    }
    refs = c["envFrom"]
    assert refs[0]["configMapRef"]["name"].startswith("lede-worker-config-")
    assert refs[1] == {"secretRef": {"name": "lede-nats", "optional": True}}, "credentials may come from a Secret"
    assert "env" not in c
    res = c["resources"]
    assert res["requests"] == res["limits"], "Guaranteed QoS: the worker sizes its concurrency from the CPU limit"
    manifest = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    assert c["image"].rsplit(":", 1)[-1] == manifest["package"]["version"]


def test_grace_period_outlasts_a_document():
    cfg = worker_config()
    defaults = {k: literal(v["Default"]) for k, v in readme_worker_settings().items()}
    timeout = seconds(cfg.get("LEDE_REQUEST_TIMEOUT") or defaults["LEDE_REQUEST_TIMEOUT"])
    grace = deployment()["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    assert grace > timeout + PULL_WAIT_SECONDS, f"terminationGracePeriodSeconds {grace} <= {timeout} + {PULL_WAIT_SECONDS}"
    assert f"Duration::from_secs({PULL_WAIT_SECONDS})" in (ROOT / "src/jetstream/mod.rs").read_text(encoding="utf-8")


def test_network_policy_admits_the_metrics_port_only():
    np = one(PATH, "NetworkPolicy", "lede-worker")["spec"]
    assert np["podSelector"]["matchLabels"] == WORKER_SELECTOR
    assert np["policyTypes"] == ["Ingress"]
    assert [p for rule in np["ingress"] for p in rule["ports"]] == [{"protocol": "TCP", "port": "metrics"}]


def test_readme_worker_table_matches_the_configmap_and_the_binary():
    table = readme_worker_settings()
    cfg = worker_config()
    assert set(cfg) <= set(table), f"not in k8s/README.md's worker table: {set(cfg) - set(table)}"
    stale = {n for n in table if n.startswith("LEDE_")} - server_env_vars()
    assert not stale, f"k8s/README.md documents worker settings lede lacks: {sorted(stale)}"
    for name, row in table.items():
        assert literal(row["Worker ConfigMap"]) == cfg.get(name), f"{name}: README {row['Worker ConfigMap']}, ConfigMap {cfg.get(name)}"
    for name, default in clap_defaults().items():
        if name in table and literal(table[name]["Default"]) is not None:
            assert literal(table[name]["Default"]) == default, f"{name}: README default vs clap default {default}"
    for key, value in cfg.items():
        if key.endswith("_BYTES") or key.endswith(("_REPLICAS", "_DELIVERIES")):
            assert value.isdigit(), f"{key}={value!r}"
        elif key.endswith(("_TIMEOUT", "_WAIT", "_INTERVAL")):
            assert seconds(value) > 0, f"{key}={value!r}"


# ------------------------------------------------------------- against the binary

LEDE_BIN = os.environ.get("LEDE_BIN")
NATS_SERVER = os.environ.get("LEDE_NATS_SERVER")


@pytest.mark.skipif(
    not (LEDE_BIN and NATS_SERVER),
    reason="set LEDE_BIN and LEDE_NATS_SERVER to run a worker with the ConfigMap's settings",
)
def test_worker_runs_with_the_configmap_and_stops_within_the_grace_period():
    with tempfile.TemporaryDirectory() as store:
        nats = subprocess.Popen(
            [NATS_SERVER, "-js", "-a", "127.0.0.1", "-p", "-1", "-sd", store],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            address = None
            for line in nats.stderr:
                if "Listening for client connections on " in line:
                    address = line.split("Listening for client connections on ", 1)[1].strip()
                    break
            assert address, "nats-server did not start"
            env = {k: v for k, v in os.environ.items() if not k.startswith("LEDE_") and k != "RUST_LOG"}
            env.update(worker_config())
            env["LEDE_NATS_URL"] = f"nats://{address}"
            env["LEDE_NATS_STREAM_REPLICAS"] = "1"  # one local server, not a cluster
            env["LEDE_METRICS_LISTEN"] = "127.0.0.1:0"
            worker = subprocess.Popen(
                [os.path.abspath(LEDE_BIN), *worker_container()["args"]],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            lines = []
            metrics_address = None
            for line in worker.stderr:
                lines.append(line)
                fields = json.loads(line).get("fields", {})
                if fields.get("message") == "serving Prometheus metrics at /metrics":
                    metrics_address = fields["address"]
                if fields.get("message") == "worker started":
                    break
            assert worker.poll() is None, f"lede work exited {worker.returncode}:\n{''.join(lines)}"
            assert metrics_address, "LEDE_METRICS_LISTEN serves metrics"
            with urllib.request.urlopen(f"http://{metrics_address}/metrics", timeout=5) as response:
                exposition = response.read().decode()
            assert 'lede_jetstream_documents_total{outcome="analysed"} 0' in exposition, exposition
            grace = deployment()["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
            sent = time.monotonic()
            worker.send_signal(signal.SIGTERM)
            _, rest = worker.communicate(timeout=grace)
            lines += rest.splitlines(keepends=True)
            took = time.monotonic() - sent
            assert worker.returncode == 0, "".join(lines)
            assert took < grace
            # JSON logs throughout, as the ConfigMap asks.
            for line in lines:
                json.loads(line)
            print(f"lede work with the ConfigMap: started, exit 0 {took:.2f}s after SIGTERM")
        finally:
            nats.kill()
            nats.wait()

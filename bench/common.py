"""Helpers the benchmarks share: a child's wall time and peak memory, medians, the machine."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEED_HOSTS = 50  # the polling benchmarks spread their feeds over this many loopback addresses

# The end of a server script: `Handler` served on 127.0.0.1 and, with a count in argv[1], on 127.0.0.2...N
# as well, all on the one port it prints. Feeds from many hosts, as in life: monitor's limit of requests to
# one host at a time ([network] per_host) applies as it would to real feeds.
SERVE_ON_HOSTS = r"""
import sys as _sys, threading as _threading
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256
_servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler)]
_port = _servers[0].server_address[1]
_servers += [ThreadingHTTPServer((f"127.0.0.{h}", _port), Handler)
             for h in range(2, (int(_sys.argv[1]) if len(_sys.argv) > 1 else 1) + 1)]
for _server in _servers[1:]:
    _threading.Thread(target=_server.serve_forever, daemon=True).start()
print(_port, flush=True)
_servers[0].serve_forever()
"""


def feed_host(n: int, hosts: int = FEED_HOSTS) -> str:
    """The loopback address feed `n` is served on, round robin over `hosts` addresses."""
    return f"127.0.0.{1 + n % hosts}"

_PEAK = ("import resource, subprocess, sys\n"
         "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
         "sys.exit(code)\n")


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_mb: float
    code: int


def timed_child(args: Sequence[str], cwd: Path | None = None, timeout: float = 900) -> Run:
    """Runs `args` (stdout discarded); its wall time and peak RSS (through a small wrapper process)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *args], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=timeout)
    elapsed = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    if done.returncode != 0:
        print(f"  {' '.join(args[:4])}... exit {done.returncode}: {done.stderr[-500:]}", file=sys.stderr)
    return Run(elapsed, peak, done.returncode)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} "
            f"{platform.release()}; load average at start {load:.1f}")

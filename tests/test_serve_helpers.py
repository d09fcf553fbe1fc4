"""Shared parts of the dashboard's end-to-end tests: a project replayed by the real `monitor replay`,
a seed-like article that tries to inject script, and `monitor serve` as a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import SEEDS, WATCHLISTS
from tests.servers import free_port

TOKEN = "s3cret-token-for-tests-0123456789"
XSS_TITLE = "<script>alert('title')</script><img src=x onerror=\"alert('img')\"> North Korea troops"
XSS_TEXT = """SEOUL, 5 November 2024 - <script>document.body.setAttribute('data-pwned', 'script')</script>
South Korea's National Intelligence Service said on Tuesday that North Korea has sent 11,000 troops to Russia.
<img src=x onerror="document.body.setAttribute('data-pwned', 'img')">
The agency said the troops were moved to the Kursk region.
"""


def write_config(folder: Path, *, lock_timeout: float = 2.0, extra: str = "") -> Path:
    shutil.copytree(WATCHLISTS, folder / "watchlists", dirs_exist_ok=True)
    config = folder / "config.toml"
    config.write_text(f"""[database]
path = "monitor.duckdb"
lock_timeout_seconds = {lock_timeout}

[alerts]
console = false
file = "alerts.log"

[serve]
token = "{TOKEN}"
{extra}""", encoding="utf-8")
    return config


def xss_folder(folder: Path) -> Path:
    """A seed-like article whose title and body carry <script> and <img onerror>."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "900_injected.txt").write_text(XSS_TEXT, encoding="utf-8")
    title = XSS_TITLE.replace("\\", "\\\\").replace('"', '\\"')
    (folder / "manifest.toml").write_text(f"""["900_injected.txt"]
published_at = 2024-11-05T09:00:00Z
outlet = "<b>Evil</b> Outlet"
lang = "en"
url = "https://example.org/news/injected?a=<script>"
title = "{title}"
""", encoding="utf-8")
    return folder


def monitor(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(config)], capture_output=True,
                          text=True, timeout=timeout, cwd=config.parent, env={**os.environ})


def replayed_project(folder: Path) -> Path:
    """The seeds and the injected article, replayed by the real `monitor replay`; returns config.toml."""
    config = write_config(folder)
    done = monitor(config, "replay", str(SEEDS), str(xss_folder(folder / "injected")))
    assert done.returncode == 0, done.stderr
    return config


@dataclass
class Served:
    url: str
    log: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return httpx.get(self.url + path, timeout=10, **kwargs)  # type: ignore[arg-type]


@contextmanager
def serving(config: Path, *args: str, ready_status: int = 200) -> Iterator[Served]:
    """`monitor serve` on a free port, as a subprocess; waits until it answers, stops it by its PID."""
    port = free_port()
    log = config.parent / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--config", str(config),
                                    "--port", str(port), *args], stdout=out, stderr=subprocess.STDOUT,
                                   cwd=config.parent, env={**os.environ})
    served = Served(f"http://127.0.0.1:{port}", log, process)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log.read_text(encoding="utf-8")
            try:
                if served.get("/static/style.css").status_code in (ready_status, 401):
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "monitor serve did not answer within 30 s"
            time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

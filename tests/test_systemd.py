"""The shipped unit passes `systemd-analyze verify` and scores 2.0 or lower on its security check."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

UNIT = ROOT / "systemd" / "monitor.service"
ANALYZE = shutil.which("systemd-analyze")

needs_systemd = pytest.mark.skipif(ANALYZE is None and not os.environ.get("CI"),
                                   reason="systemd-analyze not installed (.ci/run installs it)")


def local_unit(tmp_path: Path) -> Path:
    """The unit with ExecStart pointing at this checkout's `monitor` (verify needs an executable)."""
    executable = shutil.which("monitor") or str(Path(sys.executable).parent / "monitor")
    text = UNIT.read_text(encoding="utf-8").replace("/usr/local/bin/monitor", executable)
    path = tmp_path / "monitor.service"
    path.write_text(text, encoding="utf-8")
    return path


def test_unit_declares_what_the_service_needs() -> None:
    text = UNIT.read_text(encoding="utf-8")
    for line in ("Type=notify", "WatchdogSec=", "Restart=on-failure", "User=monitor", "StateDirectory=monitor",
                 "MemoryMax=", "TasksMax=",
                 "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes", "RestrictAddressFamilies=",
                 "SystemCallFilter=@system-service", "ExecReload=/bin/kill -HUP $MAINPID"):
        assert line in text


@needs_systemd
def test_systemd_analyze_verify_passes(tmp_path: Path) -> None:
    assert ANALYZE is not None, "systemd-analyze is missing"
    result = subprocess.run([ANALYZE, "verify", str(local_unit(tmp_path))], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


@needs_systemd
def test_security_exposure_is_two_or_lower(tmp_path: Path) -> None:
    assert ANALYZE is not None, "systemd-analyze is missing"
    result = subprocess.run([ANALYZE, "security", "--offline=true", str(local_unit(tmp_path))],
                            capture_output=True, text=True, check=False)
    found = re.search(r"Overall exposure level for monitor\.service: ([\d.]+)", result.stdout + result.stderr)
    assert found, result.stdout + result.stderr
    assert float(found.group(1)) <= 2.0

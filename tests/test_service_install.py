"""The service starts as installed (issue 12, point 7): the README's install commands, run as written
(paths moved into a temporary root), leave a config.toml that the unit's non-root user can read, and
`monitor check` and `monitor poll --once` work as that user. The README used to install it 0640
root:root for a dynamic user: "Permission denied", exit 2 (the second test keeps that failure visible).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
UNIT = (ROOT / "systemd" / "monitor.service").read_text(encoding="utf-8")
USER = re.search(r"^User=(\S+)$", UNIT, re.MULTILINE)

needs_root = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser") or not shutil.which("useradd"),
                                reason="needs root, useradd and runuser (.ci/run runs as root)")


def install_commands() -> list[str]:
    """The README's install block: the lines that create the user and lay out /etc/monitor."""
    block = README.split("Install the unit (as root)", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    wanted = ("useradd ", "install -d ", "install -m 0640 ", "cp -r watchlists ")
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.startswith(wanted)]


def test_the_unit_runs_as_the_user_the_readme_creates() -> None:
    assert USER is not None and "DynamicUser=yes" not in UNIT
    commands = install_commands()
    assert any(line.startswith("useradd ") and line.endswith(f" {USER.group(1)}") for line in commands)
    assert f"-g {USER.group(1)} config.toml /etc/monitor/config.toml" in " ".join(commands)


@pytest.fixture
def root() -> Iterator[Path]:
    """A folder every user may traverse (pytest's tmp_path is under a 0700 folder of root's)."""
    folder = Path(tempfile.mkdtemp(prefix="monitor-install-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def service_user() -> Iterator[str]:
    """The unit's user, made by the README's own useradd line (and removed again if it made it)."""
    assert USER is not None
    name = USER.group(1)
    existed = _exists(name)
    if not existed:
        useradd = next(line for line in install_commands() if line.startswith("useradd "))
        subprocess.run(["bash", "-c", useradd], check=True, capture_output=True)
    yield name
    if not existed and _exists(name):
        subprocess.run(["userdel", name], check=False, capture_output=True)


@pytest.fixture
def python(service_user: str) -> tuple[list[str], dict[str, str]]:
    """A Python the service user can run with this checkout's monitor and dependencies: this one, else the
    system's interpreter of the same version on this environment's packages (a venv under /root is not
    reachable by other users)."""
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    packages = os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [([sys.executable], base_env),
                  *(([found], {**base_env, "PYTHONPATH": packages}) for found in
                    (shutil.which(version, path="/usr/bin:/usr/local/bin"),) if found)]
    for argv, env in candidates:
        probe = subprocess.run(["runuser", "-u", service_user, "--", *argv, "-c", "import duckdb, monitor.cli"],
                               capture_output=True, text=True, check=False, env=env, cwd="/")
        if probe.returncode == 0:
            return argv, env
    pytest.skip(f"no Python with monitor's packages is readable by {service_user}")


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def as_user(user: str, python: tuple[list[str], dict[str, str]], *args: str,
            cwd: Path) -> subprocess.CompletedProcess[str]:
    argv, env = python
    return subprocess.run(["runuser", "-u", user, "--", *argv, "-m", "monitor", *args],
                          capture_output=True, text=True, check=False, cwd=cwd, timeout=120, env=env)


def lay_out(root: Path, commands: list[str]) -> tuple[Path, Path]:
    """Run the install commands with /etc/monitor and /var/lib/monitor moved under `root`."""
    source = root / "src"
    source.mkdir()
    (source / "config.toml").write_text('[watchlists]\nfolder = "watchlists"\n\n[alerts]\nconsole = true\n',
                                        encoding="utf-8")
    shutil.copytree(ROOT / "watchlists", source / "watchlists")
    etc, state = root / "etc" / "monitor", root / "var" / "lib" / "monitor"
    etc.parent.mkdir(parents=True)
    for command in commands:
        if command.startswith("useradd "):  # the service_user fixture ran it
            continue
        line = command.replace("/etc/monitor", str(etc)).replace("/var/lib/monitor", str(state))
        done = subprocess.run(["bash", "-c", f"umask 0077; {line}"], cwd=source, capture_output=True, text=True,
                              check=False)  # a strict umask: the modes must come from the commands
        assert done.returncode == 0, f"{line}: {done.stderr}"
    return etc / "config.toml", state


@pytest.mark.slow
@needs_root
def test_the_installed_config_is_readable_by_the_service_user(root: Path, service_user: str,
                                                              python: tuple[list[str], dict[str, str]]) -> None:
    config, state = lay_out(root, install_commands())
    assert oct(config.stat().st_mode & 0o777) == "0o640" and config.stat().st_uid == 0
    entry = pwd.getpwnam(service_user)
    assert entry.pw_uid != 0
    checked = as_user(service_user, python, "check", "--config", str(config), cwd=root)
    assert checked.returncode == 0, checked.stderr
    assert "config" in checked.stdout and ": ok" in checked.stdout
    state.mkdir(parents=True, mode=0o700)  # what StateDirectory=monitor makes, owned by the unit's user
    os.chown(state, entry.pw_uid, entry.pw_gid)
    polled = as_user(service_user, python, "poll", "--once", "--config", str(config),
                     "--db", str(state / "monitor.duckdb"), cwd=state)
    assert polled.returncode == 0, polled.stderr
    assert (state / "monitor.duckdb").stat().st_uid == entry.pw_uid


@pytest.mark.slow
@needs_root
def test_the_old_root_only_modes_fail_as_the_user_did(root: Path, service_user: str,
                                                      python: tuple[list[str], dict[str, str]]) -> None:
    """The layout the README used to give (0640 root:root), as a control: the same check fails."""
    commands = [re.sub(r" -o root -g \S+", "", line) for line in install_commands()]
    config, _ = lay_out(root, commands)
    shutil.chown(config.parent, "root", "root")
    shutil.chown(config, "root", "root")
    checked = as_user(service_user, python, "check", "--config", str(config), cwd=root)
    assert checked.returncode == 2
    assert f"{config}: cannot read file: Permission denied" in checked.stderr

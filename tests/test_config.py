"""config.toml validation: every mistake names the file, the key (and line) and exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.errors import ConfigError

GOOD = """
[database]
path = "x.duckdb"

[alerts]
console = false
file = ""

[[alerts.targets]]
name = "hook"
url = "json://127.0.0.1:9/hook"
watchlists = ["north-korea"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_resolves_paths_against_its_folder(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    assert config.database == tmp_path.resolve() / "x.duckdb"
    assert config.alerts.file is None
    assert [t.name for t in config.alerts.targets] == ["hook"]
    assert config.alerts.targets[0].watchlists == ("north-korea",)


def test_poll_concurrency_defaults_and_settings(tmp_path: Path) -> None:
    default = load_config(write(tmp_path, GOOD))
    assert (default.poll_parallel, default.per_host) == (20, 2)
    tuned = load_config(write(tmp_path, GOOD + "[poll]\nparallel = 40\n[network]\nper_host = 6\n"))
    assert (tuned.poll_parallel, tuned.per_host) == (40, 6)


def test_shipped_config_loads() -> None:
    config = load_config(Path(__file__).parent.parent / "config.toml")
    assert config.alerts.console and config.alerts.file is not None


@pytest.mark.parametrize(("text", "key", "line", "expected"), [
    ("[database]\npath = 3\n", "database.path", 2, "expected a string (a file or folder name), got int"),
    ("[database]\npaht = 'x'\n", "database.paht", 2, "unknown key"),
    ("[poll]\ninterval_seconds = -5\n", "poll.interval_seconds", 2, "more than 0 and at most 604800"),
    ("[poll]\ninterval_seconds = true\n", "poll.interval_seconds", 2, "got a boolean"),
    ("[network]\nallow_private_addresses = 'yes'\n", "network.allow_private_addresses", 2, "expected true or false"),
    ("[alerts]\n[[alerts.targets]]\nname = 'a'\nurl = 'nourl'\n", "alerts.targets[0].url", 4, "apprise URL"),
    ("[alerts]\n[[alerts.targets]]\nname = 'a'\nurl = 'json://h/p'\nformat = 'pdf'\n",
     "alerts.targets[0].format", 5, "not a format"),
    ("[[feeds]]\nurl = 'ftp://example.org/feed'\n", "feeds[0].url", 2, "not an http(s) URL"),
    ("[[feeds]]\nurl = 'https://example.org/feed'\nevery = 5\n", "feeds[0].every", 3, "unknown key"),
    ("surprise = 1\n", "surprise", 1, "unknown key"),
    ("[poll]\nparallel = 0\n", "poll.parallel", 2, "expected a whole number from 1 to 100, got 0"),
    ("[poll]\nparallel = 2.5\n", "poll.parallel", 2, "expected a whole number"),
    ("[network]\nper_host = 101\n", "network.per_host", 2, "expected a whole number from 1 to 100, got 101"),
])
def test_bad_config_names_file_key_and_line(tmp_path: Path, text: str, key: str, line: int, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.key == key
    assert caught.value.line == line
    assert str(path) in str(caught.value)
    assert expected in str(caught.value)


def test_invalid_toml_gives_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[database]\npath = \n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 2
    assert "invalid TOML" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_cli_exits_2_with_file_and_key(project: Path) -> None:
    (project / "config.toml").write_text("[database]\nlock_timeout_seconds = 'soon'\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "monitor", "check", "--config", str(project / "config.toml")],
                            capture_output=True, text=True, cwd=project, check=False)
    assert result.returncode == 2
    assert "config.toml:2: database.lock_timeout_seconds" in result.stderr
    assert "expected a number of seconds" in result.stderr


def test_target_naming_an_unknown_watchlist_exits_2(project: Path) -> None:
    config = project / "config.toml"
    config.write_text(config.read_text() + "\n[[alerts.targets]]\nname = 'x'\nurl = 'json://h/p'\n"
                      "watchlists = ['atlantis']\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "monitor", "check", "--config", str(config)],
                            capture_output=True, text=True, cwd=project, check=False)
    assert result.returncode == 2
    assert "alerts.targets[0].watchlists" in result.stderr and "atlantis" in result.stderr


def test_a_broken_watchlist_stops_replay_with_exit_2(project: Path) -> None:
    (project / "watchlists" / "broken.toml").write_text('id = "broken"\nname = "B"\n[aliases]\nen = "Nope"\n',
                                                        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "monitor", "replay", "seeds", "--config",
                             str(project / "config.toml")], capture_output=True, text=True, cwd=project, check=False)
    assert result.returncode == 2
    assert "broken.toml:4: aliases.en: expected a list of strings" in result.stderr
    assert not (project / "monitor.duckdb").exists()

"""Config values that used to pass `monitor check` and then broke the daemon (issue 12, point 4):
intervals that are negative, zero, nan, inf or 1e300, sizes that are no whole number, two targets with
one name, apprise URLs apprise cannot load, feed URLs with credentials. Each error names the file,
the line of the key and what to do."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.config import WEEK, load_config
from monitor.errors import ConfigError
from monitor.tomlfile import key_line

TWO_FEEDS = """[poll]
interval_seconds = 60

[[feeds]]
url = "https://example.org/a.xml"
interval_seconds = 30

[[feeds]]
url = "https://example.org/b.xml"
interval_seconds = {value}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value)
    return caught.value


@pytest.mark.parametrize("value", ["-1", "0", "-0.0", "nan", "inf", "-inf", "1e300", "604801",
                                   "99999999999999999999"])
def test_a_feed_interval_out_of_range_is_refused_at_its_own_line(tmp_path: Path, value: str) -> None:
    error = refused(tmp_path, TWO_FEEDS.format(value=value))
    assert error.key == "feeds[1].interval_seconds"
    assert error.line == 10  # the second feed's interval, not the first one found in the file
    assert "number of seconds" in str(error)


@pytest.mark.parametrize(("section", "key"), [
    ("poll", "interval_seconds"), ("poll", "retry_initial_seconds"), ("poll", "retry_max_seconds"),
    ("database", "lock_timeout_seconds"), ("limits", "request_timeout_seconds"),
    ("alerts", "retry_initial_seconds"), ("alerts", "retry_max_seconds"), ("alerts", "give_up_after_hours")])
@pytest.mark.parametrize("value", ["nan", "inf", "1e300", "-5", "0"])
def test_every_duration_is_finite_positive_and_bounded(tmp_path: Path, section: str, key: str, value: str) -> None:
    error = refused(tmp_path, f"# a comment\n[{section}]\n{key} = {value}\n")
    assert (error.key, error.line) == (f"{section}.{key}", 3)


def test_jitter_may_be_zero_but_not_nan(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "[poll]\njitter_seconds = 0\n")).poll_jitter_seconds == 0
    assert refused(tmp_path, "[poll]\njitter_seconds = nan\n").key == "poll.jitter_seconds"


def test_the_largest_interval_is_a_week(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, TWO_FEEDS.format(value=int(WEEK))))
    assert config.feeds[1].interval_seconds == WEEK


@pytest.mark.parametrize("value", ["inf", "1e300", "5e6", "0", "-1", "99999999999999999999", "true"])
def test_sizes_are_whole_numbers_in_range(tmp_path: Path, value: str) -> None:
    error = refused(tmp_path, f"[limits]\nmax_feed_bytes = {value}\n")
    assert (error.key, error.line) == ("limits.max_feed_bytes", 2)


def test_two_targets_with_one_name_are_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, '[alerts]\n[[alerts.targets]]\nname = "desk"\nurl = "json://127.0.0.1/a"\n\n'
                              '[[alerts.targets]]\nname = "desk"\nurl = "json://127.0.0.1/b"\n')
    assert (error.key, error.line) == ("alerts.targets[1].name", 7)
    assert "already the name of alerts.targets[0]" in str(error)


@pytest.mark.parametrize("url", ["nosuch://SECRETTOKEN@host", "tgram://SECRETTOKEN", "mailto://SECRETTOKEN",
                                 "json://"])
def test_an_apprise_url_apprise_cannot_load_is_refused_without_its_secrets(
        tmp_path: Path, url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    error = refused(tmp_path, f'[[alerts.targets]]\nname = "chat"\nurl = "{url}"\n')
    assert (error.key, error.line) == ("alerts.targets[0].url", 3)
    assert "apprise cannot load this URL" in str(error)
    assert "SECRETTOKEN" not in str(error)
    assert "SECRETTOKEN" not in caplog.text  # apprise logs the URL it refuses: masked


def test_two_apprise_urls_in_one_target_are_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, '[[alerts.targets]]\nname = "chat"\nurl = "json://127.0.0.1/a, json://127.0.0.1/b"\n')
    assert error.key == "alerts.targets[0].url" and "holds 2 URLs" in str(error)


def test_a_loadable_apprise_url_passes(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[alerts.targets]]\nname = "chat"\nurl = "tgram://123456789:abcdefg_hijklmnop/987654"\n'))
    assert config.alerts.targets[0].name == "chat"


@pytest.mark.parametrize("url", ["https://reader:s3cret@example.org/feed.xml", "https://s3cret@example.org/feed.xml",
                                 "http://:s3cret@example.org/feed.xml"])
def test_a_feed_url_with_credentials_is_refused_and_not_echoed(tmp_path: Path, url: str) -> None:
    error = refused(tmp_path, f'[[feeds]]\nurl = "{url}"\n')
    assert (error.key, error.line) == ("feeds[0].url", 2)
    assert "credentials" in str(error) and "s3cret" not in str(error)


@pytest.mark.parametrize(("url", "why"), [("https:///feed.xml", "with a host"), ("https://example.org:0/f", "port 0"),
                                         ("https://example.org:99999/f", "not a URL"),
                                         ("https://[::1/f", "not a URL"), ("https://exa mple.org/f", "with a host")])
def test_a_feed_url_must_be_usable(tmp_path: Path, url: str, why: str) -> None:
    error = refused(tmp_path, f'[[feeds]]\nurl = "{url}"\n')
    assert error.key == "feeds[0].url" and why in str(error)


def test_the_same_feed_twice_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, '[[feeds]]\nurl = "https://example.org/a"\n[[feeds]]\nurl = "https://example.org/a"\n')
    assert (error.key, error.line) == ("feeds[1].url", 4)


def test_a_user_agent_with_a_newline_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, '[network]\nuser_agent = "monitor\\r\\nX-Injected: 1"\n')
    assert (error.key, error.line) == ("network.user_agent", 2)


def test_a_path_with_a_nul_is_refused(tmp_path: Path) -> None:
    assert refused(tmp_path, '[database]\npath = "a\\u0000b"\n').key == "database.path"


def test_a_huge_integer_or_deep_nesting_is_a_config_error(tmp_path: Path) -> None:
    assert "invalid TOML" in str(refused(tmp_path, "[poll]\ninterval_seconds = " + "9" * 5000 + "\n"))
    assert "invalid TOML" in str(refused(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n"))


def test_key_lines_follow_tables_and_arrays_of_tables(tmp_path: Path) -> None:
    path = write(tmp_path, '[alerts]\nconsole = true\n[[alerts.targets]]\nname = "a"\n[[alerts.targets]]\n'
                           'name = "b"\nnote = """\nname = "c"\n"""\n[poll]\n"interval_seconds" = 5\n')
    assert key_line(path, "alerts.targets[1].name") == 6
    assert key_line(path, "alerts.targets[1].url") == 5  # missing key: its table's line
    assert key_line(path, "poll.interval_seconds") == 11
    assert key_line(path, "alerts.targets[2].name") == 1  # no such table: the nearest that exists ([alerts])


@pytest.mark.parametrize("value", ["nan", "-1", "1e300"])
def test_monitor_check_exits_2_naming_file_line_and_fix(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, TWO_FEEDS.format(value=value))
    result = subprocess.run([sys.executable, "-m", "monitor", "check", "--config", str(path)],
                            capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{path}:10: feeds[1].interval_seconds: expected a number of seconds" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["nan", "-1"])
def test_monitor_run_refuses_such_a_config_at_start(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, '[database]\npath = "m.duckdb"\n' + TWO_FEEDS.format(value=value))
    result = subprocess.run([sys.executable, "-m", "monitor", "run", "--config", str(path)],
                            capture_output=True, text=True, cwd=tmp_path, check=False, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "feeds[1].interval_seconds" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "m.duckdb").exists()

"""Property: whatever values a config.toml gives its keys, load_config returns a Config whose values
the daemon can use, or raises ConfigError naming the file; never another exception (issue 12, point 4).

Thousands of generated files per run: every known key with values of the right type (in range, at
the edges, nan, inf, huge, negative), of the wrong type, and unknown keys, as tables, arrays of
tables and inline tables.
"""

from __future__ import annotations

import json
import math
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from monitor.config import WEEK, load_config
from monitor.errors import ConfigError

SECONDS = {"database": ["lock_timeout_seconds"],
           "poll": ["interval_seconds", "jitter_seconds", "retry_initial_seconds", "retry_max_seconds"],
           "limits": ["request_timeout_seconds"],
           "alerts": ["retry_initial_seconds", "retry_max_seconds", "give_up_after_hours"]}
SIZES = ["max_feed_bytes", "max_page_bytes", "max_article_chars", "max_seed_bytes"]
STRINGS = {"database": ["path"], "watchlists": ["folder"], "network": ["user_agent"], "alerts": ["file"],
           "daemon": ["spool_dir"], "serve": ["token", "token_file"]}
BOOLS = {"network": ["allow_private_addresses"], "alerts": ["console"]}
INTEGERS = {"daemon": ["min_free_bytes"], "metrics": ["port"]}

numbers = st.one_of(
    st.integers(min_value=-10, max_value=10), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0, 1e300, -1e300, WEEK, WEEK + 1]))
urls = st.one_of(
    st.sampled_from(["https://example.org/feed.xml", "http://127.0.0.1:8080/rss", "https://u:p@example.org/f",
                     "https://@example.org/", "https://example.org:0/", "https://[::1", "ftp://example.org/",
                     "json://127.0.0.1/hook", "tgram://123456789:abcdefg_hijklmnop/987654", "mailto://x",
                     "nosuch://a@b", "https://exa mple.org/", "https://example.org:99999/", "://", ""]),
    st.text(max_size=30), st.builds(lambda s: f"https://{s}/feed", st.text(max_size=15)))
scalars = st.one_of(numbers, st.booleans(), st.text(max_size=20), urls,
                    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a value of the key's kind, sometimes any TOML value at all."""
    return st.one_of(strategy, strategy, strategy, values)


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for section in ("database", "watchlists", "poll", "network", "limits", "alerts", "daemon", "serve", "metrics"):
        if not draw(st.booleans()):
            continue
        table: dict[str, Any] = {}
        keys = [(k, numbers) for k in SECONDS.get(section, [])] + [(k, st.text(max_size=12)) for k in
                                                                   STRINGS.get(section, [])]
        keys += [(k, st.booleans()) for k in BOOLS.get(section, [])]
        keys += [(k, numbers) for k in INTEGERS.get(section, [])]
        keys += [(k, numbers) for k in SIZES] if section == "limits" else []
        for key, strategy in keys:
            if draw(st.booleans()):
                table[key] = draw(maybe(strategy))
        if draw(st.integers(0, 9)) == 0:
            table[draw(st.text(min_size=1, max_size=8))] = draw(values)
        if section == "alerts" and draw(st.booleans()):
            table["targets"] = draw(maybe(st.lists(targets(), max_size=3)))
        document[section] = draw(maybe(st.just(table))) if draw(st.integers(0, 9)) == 0 else table
    if draw(st.booleans()):
        document["feeds"] = draw(maybe(st.lists(feeds(), max_size=4)))
    return document


def targets() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"name": maybe(st.sampled_from(["a", "b", "", "console", " "])), "url": maybe(urls)},
                                 optional={"watchlists": maybe(st.lists(st.text(max_size=5), max_size=2)),
                                           "attach_timeline": maybe(st.booleans()),
                                           "format": maybe(st.sampled_from(["text", "html", "pdf"])),
                                           "digest": maybe(st.sampled_from(["off", "daily", "weekly"]))})


def feeds() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"url": maybe(urls)}, optional={"interval_seconds": maybe(numbers)})


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string (a lone surrogate: invalid, also fine)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(pair(k, v) for k, v in value.items()) + "}"


def pair(key: str, value: Any) -> str:
    return f"{json.dumps(key, ensure_ascii=False)} = {toml_value(value)}"


def to_toml(document: dict[str, Any]) -> str:
    lines: list[str] = []
    for name, table in document.items():
        if name == "feeds" and isinstance(table, list) and all(isinstance(item, dict) for item in table):
            for item in table:
                lines += ["[[feeds]]", *(pair(k, v) for k, v in item.items())]
        elif isinstance(table, dict):
            lines.append(f"[{name}]")
            lines += [pair(k, v) for k, v in table.items()]
        else:
            lines.insert(0, f"{name} = {toml_value(table)}")
    return "\n".join(lines) + "\n"


@st.composite
def feeds_and_targets(draw: st.DrawFn) -> dict[str, Any]:
    """Only [[alerts.targets]] and [[feeds]], so their checks are reached more often than behind the rest."""
    return {"alerts": {"targets": draw(st.lists(targets(), max_size=3))}, "feeds": draw(st.lists(feeds(), max_size=4))}


FOLDER = Path(tempfile.mkdtemp(prefix="monitor-fuzz-config-"))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configs())
def test_any_config_loads_into_usable_values_or_is_a_config_error(document: dict[str, Any]) -> None:
    check(document)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feeds_and_targets())
def test_any_feeds_and_targets_load_or_are_a_config_error(document: dict[str, Any]) -> None:
    check(document)


def check(document: dict[str, Any]) -> None:
    path = FOLDER / "config.toml"
    path.write_text(to_toml(document), encoding="utf-8", errors="surrogatepass")
    try:
        config = load_config(path)
    except ConfigError as exc:
        assert str(exc).startswith(str(path))
        event(f"refused: {exc.key.split('[')[0].split('.')[0] if exc.key else 'file'}")
        return
    event(f"loaded with {len(config.feeds)} feeds, {len(config.alerts.targets)} targets")
    durations = [config.lock_timeout_seconds, config.poll_interval_seconds, config.poll_retry_initial_seconds,
                 config.poll_retry_max_seconds, config.limits.request_timeout_seconds,
                 config.alerts.retry_initial_seconds, config.alerts.retry_max_seconds,
                 *(feed.interval_seconds for feed in config.feeds if feed.interval_seconds is not None)]
    assert all(math.isfinite(d) and 0 < d <= WEEK for d in durations)
    assert 0 <= config.poll_jitter_seconds <= WEEK
    assert 0 < config.alerts.give_up_after_hours <= 365 * 24
    assert all(0 < getattr(config.limits, key) <= 2**31 for key in SIZES)
    names = [target.name for target in config.alerts.targets]
    assert len(names) == len(set(names))
    assert all("@" not in urlsplit(feed.url).netloc for feed in config.feeds)
    assert len({feed.url for feed in config.feeds}) == len(config.feeds)
    assert config.metrics_port is None or 0 < config.metrics_port < 65536
    assert 0 <= config.min_free_bytes <= 2**63
    paths = [config.database, config.watchlists_folder, config.spool_dir, config.serve_token_file, config.alerts.file]
    assert all("\0" not in str(path) for path in paths if path is not None)

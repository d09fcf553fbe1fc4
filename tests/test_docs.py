"""The README is part of the product: its SQL cookbook runs, and every command, view, event type
and config key it should document is documented."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import duckdb
import pytest

from monitor.cli import main
from monitor.events import EVENT_TYPES
from monitor.store.projections import VIEWS

from .conftest import ROOT, SEEDS

README = (ROOT / "README.md").read_text(encoding="utf-8")
COOKBOOK = README.split("## SQL cookbook", 1)[1].split("\n## ", 1)[0]
QUERIES = re.findall(r"```sql\n(.*?)```", COOKBOOK, re.DOTALL)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "watchlists", project / "watchlists")
    shutil.copy(ROOT / "config.toml", project / "config.toml")
    result = subprocess.run([sys.executable, "-m", "monitor", "replay", str(SEEDS), "--no-deliver",
                             "--config", str(project / "config.toml")],
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    return project / "monitor.duckdb"


def test_the_cookbook_has_the_five_promised_queries() -> None:
    assert len(QUERIES) >= 5
    for topic in ("timeline per metric and source", "Latest estimate per source", "Actors by first appearance",
                  "Alerts raised", "Articles per watchlist per day"):
        assert topic.lower() in COOKBOOK.lower()


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.split("\n", 1)[0][:40])
def test_cookbook_query_runs_read_only_and_returns_rows(seeded_db: Path, query: str) -> None:
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rows = con.execute(query).fetchall()
    assert rows, f"no rows from:\n{query}"


def test_cookbook_latest_estimate_per_source_is_right(seeded_db: Path) -> None:
    query = next(q for q in QUERIES if "latest_value" in q)
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        rows = {r[1]: r[2] for r in con.execute(query).fetchall()}
    assert rows["Pentagon"] == 10000
    assert rows["Volodymyr Zelensky"] == 10000


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


@pytest.mark.parametrize(("name", "command"), _commands(main), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name: str, command: click.Command) -> None:
    assert command.help and "Example:" in command.help, f"`monitor {name}` lacks help with an example"
    assert f"monitor {name}" in README, f"`monitor {name}` is not documented in README.md"


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_every_event_type_is_documented(event_type: str) -> None:
    assert f"`{event_type}`" in README


@pytest.mark.parametrize("view", [re.search(r"VIEW (\w+)", v).group(1) for v in VIEWS])  # type: ignore[union-attr]
def test_every_view_is_documented(view: str) -> None:
    assert f"| `{view}` |" in README


def _config_keys() -> list[str]:
    import tomllib

    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    keys = [f"{section}.{key}" for section, table in data.items() if isinstance(table, dict) for key in table]
    commented = re.findall(r"^# (\w+) = ", text, re.MULTILINE)
    return keys + [f"alerts.targets[].{k}" for k in ("name", "url", "watchlists", "format", "digest")] + \
        [f"feeds[].{k}" for k in ("url", "interval_seconds")] if commented else keys


@pytest.mark.parametrize("key", _config_keys())
def test_every_config_key_is_documented(key: str) -> None:
    assert f"`{key}`" in README


def test_the_event_table_is_the_schema_s() -> None:
    from monitor.event_schema import event_table

    table = README.split("<!-- event-table:start -->\n", 1)[1].split("<!-- event-table:end -->", 1)[0]
    assert table == event_table(), "README's event table is stale: regenerate it with `python -m monitor.event_schema`"

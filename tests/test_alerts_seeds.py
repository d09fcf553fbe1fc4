"""The seed replay raises exactly the promised alerts, read back through the `alerts` view."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from .conftest import ROOT, SEEDS

# Changed expectation (issue 9): Georgy Zinoviev is named once in 001 with no role cue of his own, so he
# waits for a second mention (rules.new_actor_requires = "role-or-second-mention"); and a new actor is one
# alert naming every watchlist it is new in, no longer one per watchlist.
NEW_ACTORS = {"kim-hong-kyun", "robert-wood", "hong-jang-won", "choe-son-hui"}


def monitor(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(project / "config.toml")],
                          capture_output=True, text=True, cwd=project, env={**os.environ, "COLUMNS": "200"},
                          check=False, timeout=300)


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


_BY_ARTICLE = """
    SELECT substr(r.url, 6, 3) AS seed, a.rule, a.watchlist, a.subject, a.title, a.status, a.alert_id
    FROM alerts a JOIN p_alerts p USING (alert_id) JOIN articles r ON r.article_id = p.article_id
    ORDER BY seed, a.rule, a.watchlist, a.subject, a.title"""


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    project = tmp_path_factory.mktemp("seed-alerts")
    shutil.copytree(ROOT / "watchlists", project / "watchlists")
    shutil.copy(ROOT / "config.toml", project / "config.toml")
    shutil.copytree(SEEDS, project / "seeds")
    result = monitor(project, "replay", "seeds")
    assert result.returncode == 0, result.stderr
    return project, result


@pytest.fixture(scope="module")
def alerts(replayed: tuple[Path, subprocess.CompletedProcess[str]]) -> list[tuple[Any, ...]]:
    return rows(replayed[0] / "monitor.duckdb", _BY_ARTICLE)


def figure_alerts(alerts: list[tuple[Any, ...]], seed: str) -> list[tuple[str, str]]:
    return [(rule, title) for s, rule, _, _, title, _, _ in alerts if s == seed and "figure" in rule]


def test_001_raises_two_new_nis_figures(alerts: list[tuple[Any, ...]]) -> None:
    assert figure_alerts(alerts, "001") == [
        ("new-figure", "North Korean troops sent to Russia: about 1,500 (National Intelligence Service), new figure"),
        ("new-figure", "North Korean troops sent to Russia: about 12,000 (National Intelligence Service), new figure"),
    ]


def test_001_figures_went_out_in_one_message(replayed: tuple[Path, subprocess.CompletedProcess[str]],
                                            alerts: list[tuple[Any, ...]]) -> None:
    project, result = replayed
    ids = [alert_id for seed, rule, *_, alert_id in alerts if seed == "001" and rule == "new-figure"]
    sends = rows(project / "monitor.duckdb", f"""
        SELECT payload->>'target', count(DISTINCT recorded_at) FROM events
        WHERE type = 'alert.delivered' AND list_contains({ids}, payload->>'alert_id') GROUP BY 1""")
    assert dict(sends) == {"console": 1, "file": 1}  # one append per message: both alerts in one
    titles = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert len(titles) == 4  # one message per article with alerts: 001, 004, 000, 002
    assert "about 1,500" in titles[0] and "(+2 more)" in titles[0]  # 12,000 and Kim Hong Kyun


def test_003_and_000_raise_no_figure_alert(alerts: list[tuple[Any, ...]]) -> None:
    assert figure_alerts(alerts, "003") == []
    assert figure_alerts(alerts, "000") == []
    assert [a for a in alerts if a[0] == "003"] == []


def test_004_raises_zelenskys_10000_and_seouls_confirmation_of_1500(alerts: list[tuple[Any, ...]]) -> None:
    # Changed expectation (issue 9): the old one saw only Zelensky's 10,000 and hid that a second source,
    # South Korea's government, now gives the NIS's 1,500 too; a second source is news (confirmed-figure).
    assert figure_alerts(alerts, "004") == [
        ("confirmed-figure", "North Korean troops sent to Russia: 1,500 (South Korea), "
                             "as National Intelligence Service said before"),
        ("new-figure", "North Korean troops sent to Russia: 10,000 (Volodymyr Zelensky), new figure")]


def test_002_raises_one_revision_and_no_new_figure(alerts: list[tuple[Any, ...]]) -> None:
    assert figure_alerts(alerts, "002") == [
        ("revised-figure", "North Korean troops sent to Russia: Pentagon 3,000 -> 10,000")]


def test_002_choe_son_hui_once_naming_every_watchlist_with_both_spellings(replayed: tuple[Path, Any],
                                                                         alerts: list[tuple[Any, ...]]) -> None:
    db = replayed[0] / "monitor.duckdb"
    choe = [subject for seed, rule, _, subject, *_ in alerts if seed == "002" and rule == "new-actor"]
    (matched,) = rows(db, "SELECT watchlists FROM articles WHERE url LIKE 'file:002%'")[0]
    assert choe == ["choe-son-hui"]
    assert len(matched) >= 2
    (new_in,) = rows(db, "SELECT CAST(payload->'watchlists' AS VARCHAR[]) FROM p_alerts WHERE subject = 'choe-son-hui'")
    assert new_in == (sorted(matched),)
    (variants,) = rows(db, "SELECT variants FROM actors WHERE actor_id = 'choe-son-hui'")[0]
    assert {"Choe Son Hui", "Choe Sun Hui"} <= set(variants)
    payload_variants = rows(db, "SELECT DISTINCT CAST(payload->'variants' AS VARCHAR[]) FROM p_alerts "
                                "WHERE subject = 'choe-son-hui'")
    assert len(payload_variants) == 1 and {"Choe Son Hui", "Choe Sun Hui"} <= set(payload_variants[0][0])


def test_zelenskiy_raises_nothing(alerts: list[tuple[Any, ...]]) -> None:
    assert not [a for a in alerts if "zelensk" in (a[3] + a[4]).lower() and a[0] != "004"]


def test_new_actor_alerts_are_exactly_the_four(alerts: list[tuple[Any, ...]]) -> None:
    firsts = {}
    for seed, rule, _, subject, *_ in alerts:
        if rule == "new-actor":
            firsts.setdefault(subject, seed)
    assert set(firsts) == NEW_ACTORS
    assert firsts == {"kim-hong-kyun": "001", "robert-wood": "004", "hong-jang-won": "000", "choe-son-hui": "002"}


def test_every_alert_identity_once_and_delivered(alerts: list[tuple[Any, ...]]) -> None:
    keys = [(rule, watchlist, subject, title) for _, rule, watchlist, subject, title, _, _ in alerts]
    assert len(keys) == len(set(keys))
    assert {status for *_, status, _ in alerts} == {"delivered"}


def test_a_second_replay_raises_nothing(replayed: tuple[Path, subprocess.CompletedProcess[str]],
                                        alerts: list[tuple[Any, ...]]) -> None:
    project, _ = replayed
    again = monitor(project, "replay", "seeds")
    assert again.returncode == 0, again.stderr
    assert "0 alerts raised" in again.stderr
    assert again.stdout == ""
    assert rows(project / "monitor.duckdb", _BY_ARTICLE) == alerts


def test_no_seed_reports_a_dispute(alerts: list[tuple[Any, ...]]) -> None:
    # 002 says "Putin tidak membantah keberadaan pasukan Korea Utara": he did NOT deny it, which is no dispute.
    assert [a for a in alerts if a[1] == "claim-disputed"] == []

"""The dispute rule: who disputes what becomes a claim.disputed event and a claim-disputed alert, once per
watchlist however many outlets carry it; a watchlist can turn it off. Pure, plus one replay end to end."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from monitor.events import ALERT_RAISED, CLAIM_DISPUTED
from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.rules import ArticleFacts
from monitor.rules_disputes import DISPUTED, dispute_alerts, dispute_events
from monitor.watchlist import load_watchlists

from .conftest import ROOT
from .test_replay import monitor, rows

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)
TEXT = ("The Pentagon said 10,000 North Korean troops are in Russia's Kursk region. "
        "North Korea denied sending troops to Russia, calling the reports fake.")


def _facts(article_id: str, outlet: str) -> tuple[ArticleFacts, tuple[object, ...]]:
    result = extract(TEXT, WATCHLISTS, GAZETTEER, lang="en")
    facts = ArticleFacts(article_id, f"https://{outlet}/a", "T", outlet, datetime(2024, 10, 30, tzinfo=UTC),
                         result.watchlists, result.figures, result.actors)
    return facts, result.disputes


def test_a_denial_is_a_fact_and_an_alert_naming_who_disputes_what() -> None:
    facts, disputes = _facts("a1", "one.example")
    derived = {"derivation": "d1", "extractor": "x", "watchlists_fingerprint": "w"}
    events = dispute_events(facts, disputes, "article:a1", derived)  # type: ignore[arg-type]
    assert [(e.type, e.payload["disputer"], e.payload["values"], e.payload["derivation"]) for e in events] == [
        (CLAIM_DISPUTED, "North Korea", [10000.0], "d1")]
    alerts = dispute_alerts(facts, disputes, WATCHLISTS)  # type: ignore[arg-type]
    assert alerts and {a.type for a in alerts} == {ALERT_RAISED}
    assert {a.payload["rule"] for a in alerts} == {DISPUTED}
    assert alerts[0].payload["title"].startswith("Disputed: North Korea denies (10,000)")
    assert "North Korea denies 10,000" in alerts[0].payload["body"]


def test_the_same_denial_from_another_outlet_is_the_same_alert() -> None:
    facts, disputes = _facts("a1", "one.example")
    first = dispute_alerts(facts, disputes, WATCHLISTS)  # type: ignore[arg-type]
    facts, disputes = _facts("a2", "two.example")
    second = dispute_alerts(facts, disputes, WATCHLISTS)  # type: ignore[arg-type]
    assert {a.event_id for a in first} == {a.event_id for a in second}


def test_a_watchlist_can_turn_disputes_off() -> None:
    quiet = [replace(w, rules=replace(w.rules, disputes=False)) for w in WATCHLISTS]
    facts, disputes = _facts("a1", "one.example")
    assert dispute_alerts(facts, disputes, quiet) == []  # type: ignore[arg-type]


def test_replay_stores_the_dispute_and_raises_it_once(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT + "\n", "utf-8")
    assert monitor(tmp_path, "replay", "in").returncode == 0
    assert monitor(tmp_path, "replay", "in").returncode == 0
    db = tmp_path / "monitor.duckdb"
    assert rows(db, "SELECT payload->>'disputer' FROM events WHERE type = 'claim.disputed'") == [("North Korea",)]
    disputed = rows(db, "SELECT DISTINCT title FROM alerts WHERE rule = 'claim-disputed'")
    assert len(disputed) == 1 and disputed[0][0].startswith("Disputed: North Korea denies")

"""`monitor reextract`: the stored observations through the current extractor and watchlists.

Every observation is replayed, in log order, into a scratch log beside the database: the same pipeline a
fresh replay runs, so each article is derived and its rules judged against what came before it exactly as
a fresh replay with today's code and watchlists would. Then, for the articles in scope, the derivations
that differ from the log's are appended with `supersedes` naming what they replace, and the projections show
the new ones. Alerts the log has not raised yet are old news: they are recorded as `alert.withheld` and
listed; `send_late` appends them as alerts marked late instead, for the outbox to deliver.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.derivation import DerivedWith
from monitor.errors import MonitorError, StoreError
from monitor.event_schema import encode
from monitor.events import ALERT_RAISED, ALERT_WITHHELD, ARTICLE_EXTRACTED, Event, make_event, naive_utc
from monitor.store import EventStore, Session
from monitor.store.derivations import (
    alert_ids,
    alerts_raised,
    article_rows,
    current_derivations,
    derivations_in_use,
    derived_events,
    observations_after,
    withheld_alert_ids,
)
from monitor.watchlist import Watchlist

if TYPE_CHECKING:
    from monitor.pipeline import Pipeline

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which articles get new derivations: published since a date, matched by a watchlist (before or now)."""

    since: datetime | None = None
    watchlist: str | None = None

    def holds(self, published: datetime | None, watchlists: set[str]) -> bool:
        if self.since is not None and (published is None or published < naive_utc(self.since)):
            return False
        return self.watchlist is None or self.watchlist in watchlists


@dataclass(frozen=True, slots=True)
class ReextractReport:
    observations: int  # article versions read
    in_scope: int
    rederived: int  # article versions given a new derivation
    unchanged: int  # derived with this extractor and these watchlists already
    new_alerts: tuple[dict[str, Any], ...]  # what the new derivations raise that the log has not
    stale_alerts: int  # alerts in the log the new derivations would not raise (kept: they were sent)
    sent_late: bool
    dry_run: bool
    derived_with: DerivedWith
    seconds: float


def reextract(store: EventStore, watchlists: Sequence[Watchlist], derived_with: DerivedWith,
              clock: Callable[[], datetime], scope: Scope = Scope(), *, dry_run: bool = False,
              send_late: bool = False) -> ReextractReport:
    from monitor.pipeline import Pipeline  # here: the daemon checks derivations at start without the extractor

    started = time.monotonic()
    if dry_run:
        _require_current(store)
    else:
        store.upgrade()
    with tempfile.TemporaryDirectory(dir=store.path.parent, prefix=f".{store.path.name}.reextract-") as scratch_dir:
        scratch = EventStore(Path(scratch_dir) / "scratch.duckdb")
        with store.session(read_only=dry_run) as live, scratch.session(checkpoint_on_close=False) as fresh:
            read = _replay(live, Pipeline(fresh, watchlists, clock, derived_with=derived_with))
            fresh_articles, live_articles = article_rows(fresh), article_rows(live)

            def in_scope(article_id: str) -> bool:
                published, now_in = fresh_articles.get(article_id, (None, []))
                before = live_articles.get(article_id, (None, []))[1]
                return scope.holds(published, set(now_in or ()) | set(before or ()))

            current, derived = current_derivations(live), derived_events(fresh)
            chosen = [(obs, article) for obs, article in read if in_scope(article)]
            appended: list[Event] = []
            unchanged = 0
            for observation_id, _article in chosen:
                derivation = derived_with.derivation(observation_id)
                replaced = current.get(observation_id, set())
                if derivation in replaced:
                    unchanged += 1
                    continue
                appended.extend(_superseding(derived.get(derivation, []), sorted(replaced)))
            scoped = {article for _, article in chosen}
            raised_before = alert_ids(live)
            known = raised_before | (frozenset() if send_late else withheld_alert_ids(live))
            raised_now = alerts_raised(fresh)
            new = [e for e in raised_now if str(e.payload["article_id"]) in scoped
                   and e.payload["alert_id"] not in known]
            stale = len(raised_before - {e.payload["alert_id"] for e in raised_now})
            appended.extend(_late(e) if send_late else _withheld(e) for e in new)
            if appended and not dry_run:
                with live.transaction():
                    live.append(appended, clock())
    report = ReextractReport(len(read), len(chosen), len(chosen) - unchanged, unchanged,
                             tuple(dict(e.payload) for e in new), stale, send_late and not dry_run, dry_run,
                             derived_with, time.monotonic() - started)
    log.info("reextract: %d article versions read, %d in scope, %d derived anew, %d new alerts (%s) in %.1f s",
             report.observations, report.in_scope, report.rederived, len(report.new_alerts),
             "dry run" if dry_run else "sent late" if send_late else "withheld", report.seconds)
    return report


def _require_current(store: EventStore) -> None:
    if not store.path.exists():
        raise StoreError(f"{store.path}: no database here yet; nothing to re-extract")
    if store.needs_upgrade():
        raise StoreError(f"{store.path}: written by an older release; run `monitor reextract` without --dry-run "
                         "(or `monitor rebuild`) once to upgrade it, then dry-run")


def _replay(live: Session, pipeline: Pipeline) -> list[tuple[str, str]]:
    """Every observation of the live log into the scratch log, in log order: (observation id, article id)."""
    read: list[tuple[str, str]] = []
    position = 0
    while batch := observations_after(live, position):
        for _seq, event in batch:
            pipeline.observe(event)
            read.append((event.event_id, str(event.payload["article_id"])))
        position = batch[-1][0]
    return read


def _superseding(events: list[Event], replaced: list[str]) -> list[Event]:
    """The derivation's events, its article.extracted naming the derivations it replaces."""
    return [replace(e, payload=encode(e.type, {**e.payload, "supersedes": replaced}))
            if e.type == ARTICLE_EXTRACTED else e for e in events]


def _withheld(alert: Event) -> Event:
    payload = {"alert_id": alert.payload["alert_id"], "article_id": alert.payload["article_id"],
               "alert": dict(alert.payload)}
    return make_event(ALERT_WITHHELD, alert.stream, alert.occurred_at, payload, alert.payload["alert_id"],
                      alert.payload.get("derivation"))


def _late(alert: Event) -> Event:
    payload = dict(alert.payload)
    published = str(payload.get("published_at") or "")[:10]
    payload["late"] = True
    if payload.get("title"):
        payload["title"] = f"[late: {published}] {payload['title']}"
    return make_event(ALERT_RAISED, alert.stream, alert.occurred_at, payload, payload["alert_id"])


def check_derivations(store: EventStore, watchlists: Sequence[Watchlist], derived_with: DerivedWith,
                      clock: Callable[[], datetime], *, reextract_on_change: bool, config_path: Path) -> int:
    """The daemon's check at start and on SIGHUP: articles derived with another extractor or other watchlists
    are reported, or re-extracted ([extraction] reextract_on_change, alerts for old news withheld). Never
    raises: the daemon keeps polling. Returns how many articles were out of date."""
    if not store.path.exists():  # a new log: nothing derived yet
        return 0
    try:
        with store.session(read_only=True) as session:
            in_use = derivations_in_use(session)
    except MonitorError as exc:
        log.warning("could not read which extractor the log was derived with: %s", exc)
        return 0
    current = (derived_with.extractor, derived_with.watchlists_fingerprint)
    stale = sum(d.articles for d in in_use if (d.extractor, d.watchlists_fingerprint) != current)
    if not stale:
        return 0
    total = sum(d.articles for d in in_use)
    if not reextract_on_change:
        log.warning("%d of %d articles in %s were derived with another extractor or other watchlists (now: extractor "
                    "%s, watchlists %s); run `monitor reextract --config %s` to bring them up to date (alerts for old "
                    "news are withheld), or set [extraction] reextract_on_change = true", stale, total, store.path,
                    derived_with.extractor, derived_with.watchlists_fingerprint, config_path)
        return stale
    try:
        report = reextract(store, watchlists, derived_with, clock)
    except MonitorError as exc:
        log.error("re-extraction failed; the log keeps its derivations: %s", exc)
        return stale
    log.info("re-extracted %d of %d article versions; %d alerts for old news withheld",
             report.rederived, report.observations, len(report.new_alerts))
    return stale

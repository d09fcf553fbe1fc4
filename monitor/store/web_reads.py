"""What the dashboard shows, read from the log's views into plain values (one read-only session), for
the page functions of monitor.web.pages.

Every query binds its parameters; the values are frozen dataclasses the page functions render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monitor.store import Session
from monitor.timeline import FigureRow as TimelineFigure
from monitor.urls import redact


@dataclass(frozen=True, slots=True)
class Counts:
    articles: int
    figures: int
    alerts: int


@dataclass(frozen=True, slots=True)
class Estimate:
    """A source's latest current estimate of one metric (over every figure, not only those drawn)."""

    metric: str
    source: str
    value: float
    value_max: float | None
    approx: bool
    published_at: datetime | None
    outlet: str | None
    article_id: str
    title: str | None


@dataclass(frozen=True, slots=True)
class Window:
    """How much of a metric's timeline is drawn: figures published since `since`, of `total`."""

    total: int
    since: datetime | None  # None: all of them


@dataclass(frozen=True, slots=True)
class ActorRow:
    actor_id: str
    name: str
    kind: str | None
    role: str | None
    variants: tuple[str, ...]
    first_seen_at: datetime | None
    first_article_id: str | None
    first_title: str | None
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class Delivery:
    target: str
    status: str
    attempts: int
    last_error: str | None
    delivered_at: datetime | None


@dataclass(frozen=True, slots=True)
class AlertRow:
    alert_id: str
    rule: str
    watchlist: str | None
    title: str
    body: str
    article_id: str | None
    url: str | None
    raised_at: datetime | None
    status: str
    deliveries: tuple[Delivery, ...]


@dataclass(frozen=True, slots=True)
class FeedRow:
    url: str  # redacted: no credentials, no query string
    last_polled_at: datetime | None
    last_status: str | None
    next_poll_at: datetime | None
    failures: int


@dataclass(frozen=True, slots=True)
class ArticleRow:
    article_id: str
    url: str | None
    title: str | None
    outlet: str | None
    lang: str | None
    published_at: datetime | None
    watchlists: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MarkedFigure:
    start: int | None
    end: int | None
    value: float
    value_max: float | None
    unit: str | None
    metric: str | None
    credited_to: str | None
    modality: str | None
    quote: str | None = None  # the evidence sentence: marked instead when the offsets do not fit the text


@dataclass(frozen=True, slots=True)
class ArticleText:
    article: ArticleRow
    text: str
    figures: tuple[MarkedFigure, ...]


def one_thread(session: Session) -> None:
    """One DuckDB thread per query of this session (the dashboard's requests run side by side)."""
    session.connection.execute("SET threads TO 1")


def counts_by_watchlist(session: Session) -> dict[str, Counts]:
    rows = session.query("""
        WITH a AS (SELECT w, count(*) AS n FROM (SELECT unnest(watchlists) AS w FROM articles) GROUP BY 1),
             f AS (SELECT watchlist AS w, count(*) AS n FROM figures WHERE watchlist IS NOT NULL GROUP BY 1),
             l AS (SELECT watchlist AS w, count(*) AS n FROM p_alerts WHERE watchlist IS NOT NULL GROUP BY 1)
        SELECT w, coalesce(a.n, 0), coalesce(f.n, 0), coalesce(l.n, 0)
        FROM a FULL JOIN f USING (w) FULL JOIN l USING (w)""").rows
    return {w: Counts(int(a), int(f), int(n)) for w, a, f, n in rows}


def timeline_figures(session: Session, watchlist: str, points: int) -> tuple[list[TimelineFigure], dict[str, Window]]:
    """The watchlist's figures as monitor.timeline reads them, the latest `points` of each metric (one
    pass: a long log draws its recent story), and per metric how many there are and since when drawn."""
    rows = session.query("""
        WITH ranked AS (  -- rank on narrow columns, then fetch the wide rows of the few kept
            SELECT event_id, row_number() OVER (PARTITION BY metric ORDER BY published_at DESC, seq DESC) AS rank,
                   count(*) OVER (PARTITION BY metric) AS total
            FROM p_figures WHERE watchlist = $watchlist AND metric IS NOT NULL AND published_at IS NOT NULL)
        SELECT f.watchlist, f.metric, f.published_at, f.value, f.value_max, coalesce(f.unit, ''), f.credited_to,
               f.outlet, coalesce(f.modality, 'current'), coalesce(f.quote, ''), coalesce(f.approx, false),
               f.qualifier, coalesce(f.is_previous, false), a.url, a.title, r.total
        FROM ranked r JOIN p_figures f USING (event_id) LEFT JOIN articles a USING (article_id)
        WHERE r.rank <= $points
        ORDER BY f.published_at, f.metric, f.value""", {"watchlist": watchlist, "points": points}).rows
    fields = ("watchlist", "metric", "published_at", "value", "value_max", "unit", "credited_to", "outlet",
              "modality", "quote", "approx", "qualifier", "is_previous", "url", "title")
    figures = [TimelineFigure(**dict(zip(fields, row[:15], strict=True))) for row in rows]
    windows: dict[str, Window] = {}
    for figure, row in zip(figures, rows, strict=True):
        if figure.metric not in windows:  # the earliest drawn: rows come in publication order
            total = int(row[15])
            windows[figure.metric] = Window(total, figure.published_at if total > points else None)
    return figures, windows


def latest_estimates(session: Session, watchlist: str, modalities: list[str]) -> dict[str, list[Estimate]]:
    """Per metric, each source's latest estimate of those modalities (earlier values quoted later left
    out), latest first; a figure credited to no one is its outlet's, as the timelines count it."""
    rows = session.query("""
        SELECT metric, source, arg_max(value, k), arg_max(value_max, k), arg_max(approx, k), max(published_at),
               arg_max(outlet, k), arg_max(article_id, k), arg_max(title, k)
        FROM (SELECT f.metric, f.value, f.value_max, coalesce(f.approx, false) AS approx, f.published_at,
                     f.outlet, f.article_id, a.title, (f.published_at, f.value) AS k,
                     coalesce(f.credited_to, CASE WHEN f.outlet IS NOT NULL THEN f.outlet || ' (uncredited)'
                                                  ELSE 'uncredited' END) AS source
              FROM figures f LEFT JOIN articles a USING (article_id)
              WHERE f.watchlist = $watchlist AND f.metric IS NOT NULL AND f.published_at IS NOT NULL
                AND list_contains($modalities, coalesce(f.modality, 'current')) AND NOT coalesce(f.is_previous, false))
        GROUP BY metric, source
        ORDER BY max(published_at) DESC, source""", {"watchlist": watchlist, "modalities": modalities}).rows
    found: dict[str, list[Estimate]] = {}
    for metric, source, value, value_max, approx, published, outlet, article_id, title in rows:
        found.setdefault(metric, []).append(Estimate(metric, source, value, value_max, bool(approx), published,
                                                     outlet, article_id, title))
    return found


def actors(session: Session, limit: int = 500) -> list[ActorRow]:
    rows = session.query("""
        SELECT a.actor_id, a.name, a.kind, a.role, a.variants, a.first_seen_at, a.first_article_id, r.title,
               coalesce(a.mentions, 0), coalesce(a.articles, 0)
        FROM actors a LEFT JOIN articles r ON r.article_id = a.first_article_id
        ORDER BY a.first_seen_at, a.name LIMIT $limit""", {"limit": limit}).rows
    return [ActorRow(actor_id, name, kind, role, tuple(variants or ()), first, first_article, title, int(mentions),
                     int(count))
            for actor_id, name, kind, role, variants, first, first_article, title, mentions, count in rows]


def alerts(session: Session, limit: int = 200) -> list[AlertRow]:
    rows = session.query("""
        SELECT l.alert_id, l.rule, l.watchlist, l.title, l.body, a.article_id, l.url, l.raised_at, l.status
        FROM alerts l JOIN p_alerts a USING (alert_id)
        ORDER BY l.raised_at DESC, l.alert_id LIMIT $limit""", {"limit": limit}).rows
    found = session.query("""
        SELECT alert_id, target, status, attempts, last_error, delivered_at FROM p_deliveries
        WHERE list_contains($ids, alert_id) ORDER BY target""", {"ids": [r[0] for r in rows]}).rows
    by_alert: dict[str, list[Delivery]] = {}
    for alert_id, target, status, attempts, error, delivered in found:
        by_alert.setdefault(alert_id, []).append(Delivery(target, status or "", int(attempts or 0), error, delivered))
    return [AlertRow(alert_id, rule or "", watchlist, title or "", body or "", article_id, url, raised, status or "",
                     tuple(by_alert.get(alert_id, ())))
            for alert_id, rule, watchlist, title, body, article_id, url, raised, status in rows]


def feeds(session: Session) -> list[FeedRow]:
    rows = session.query("""SELECT feed_url, last_polled_at, last_status, next_poll_at,
                                   coalesce(consecutive_failures, 0) FROM feeds ORDER BY feed_url""").rows
    return [FeedRow(redact(url), polled, status, next_at, int(failures))
            for url, polled, status, next_at, failures in rows]


def articles(session: Session, limit: int = 300) -> list[ArticleRow]:
    rows = session.query("""SELECT article_id, url, title, outlet, lang, published_at, watchlists
                            FROM articles ORDER BY published_at DESC, article_id LIMIT $limit""",
                         {"limit": limit}).rows
    return [_article(row) for row in rows]


def _article(row: tuple[Any, ...]) -> ArticleRow:
    article_id, url, title, outlet, lang, published, watchlists = row
    return ArticleRow(article_id, url, title, outlet, lang, published, tuple(watchlists or ()))


def article_text(session: Session, article_id: str) -> ArticleText | None:
    """The article's latest version: its text and the figures read from that version."""
    found = session.query("""SELECT article_id, url, title, outlet, lang, published_at, watchlists
                             FROM articles WHERE article_id = $id""", {"id": article_id}).rows
    if not found:
        return None
    # the version the projections show: its observation's text, and the figures its derivation read
    latest = session.query("SELECT observation, derivation FROM p_articles WHERE article_id = $id",
                           {"id": article_id}).rows
    if not latest or latest[0][0] is None:
        return None
    observation, derivation = latest[0]
    text = session.scalar("SELECT payload->>'text' FROM events WHERE event_id = $id", {"id": observation})
    marks = session.query("""
        SELECT TRY_CAST(e.payload->>'start' AS INTEGER), TRY_CAST(e.payload->>'end' AS INTEGER), f.value,
               f.value_max, f.unit, f.metric, f.credited_to, f.modality, f.quote
        FROM p_figures f JOIN events e ON e.event_id = f.event_id
        WHERE f.article_id = $id AND f.derivation = $derivation
        ORDER BY 1""", {"id": article_id, "derivation": derivation}).rows
    figures = tuple(MarkedFigure(*row) for row in marks if row[2] is not None)
    return ArticleText(_article(found[0]), text or "", figures)

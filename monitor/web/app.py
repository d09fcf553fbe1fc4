"""The dashboard's ASGI app (Starlette): read-only pages over the log, /alerts.atom and /metrics.

Each request opens a short read-only session, as `monitor sql` does, so the dashboard answers
while `monitor run` writes (the daemon holds the file only while it writes). A file held longer
than the wait gives a 503 page that says so. Only GET and HEAD are served.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from monitor.atom import alerts_atom
from monitor.errors import StoreError, StoreLockedError
from monitor.metrics import Metrics, create_metrics
from monitor.store import EventStore, Session, web_reads
from monitor.store.metrics_reads import LogSnapshot, read_snapshot
from monitor.store.report_data import read_alerts, read_disputes
from monitor.timeline import ESTIMATE_MODALITIES, build_timelines
from monitor.watchlist import Watchlist
from monitor.web import pages
from monitor.web.guard import Guard
from monitor.web.html import Markup

log = logging.getLogger(__name__)

TIMELINE_POINTS = 250  # a timeline draws a metric's latest 250 figures (all its sources'); the page says so
ATOM_ENTRIES = 200  # /alerts.atom: the latest alerts, as feeds do


@dataclass(frozen=True, slots=True)
class WebSettings:
    database: Path
    watchlists: tuple[Watchlist, ...]
    lock_timeout: float = 5.0
    token: str | None = None  # --auth: the token every request must carry; never logged
    spool: Path | None = None  # shown as monitor_spool_items in /metrics


class _Missing(Exception):
    """A page asked for something the log does not hold (404)."""


class Dashboard:
    def __init__(self, settings: WebSettings):
        self.settings = settings
        self.store = EventStore(settings.database, lock_timeout=settings.lock_timeout, sleep=self._lock_wait)
        self.metrics: Metrics = create_metrics(spool=settings.spool, read=self._snapshot)
        self.lists = {w.id: w for w in settings.watchlists}

    def _lock_wait(self, seconds: float) -> None:
        """The store's pause between tries while another process holds the file: counted."""
        self.metrics.lock_waits.inc()
        time.sleep(seconds)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A short read-only session; one DuckDB thread per query (requests run side by side)."""
        with self.store.session(read_only=True) as session:
            web_reads.one_thread(session)
            yield session

    def _snapshot(self) -> LogSnapshot:
        with self.reading() as session:
            return read_snapshot(session)

    def page(self, render: Callable[[Session, Request], Markup]) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            try:
                with self.reading() as session:
                    return HTMLResponse(render(session, request))
            except _Missing as exc:
                return _error(404, "Not found", str(exc))
            except StoreLockedError:
                return _error(503, "Database busy", "Another process holds the database file longer than the "
                              f"dashboard waits ({self.settings.lock_timeout:g} s). Reload in a moment.",
                              {"Retry-After": "2"})
            except StoreError as exc:
                return _error(503, "Database unavailable", str(exc), {"Retry-After": "5"})
        return endpoint

    def overview(self, session: Session, _request: Request) -> Markup:
        return pages.overview_page(self.settings.watchlists, web_reads.counts_by_watchlist(session))

    def watchlist(self, session: Session, request: Request) -> Markup:
        found = self.lists.get(request.path_params["watchlist"])
        if found is None:
            raise _Missing(f"No watchlist {request.path_params['watchlist']!r} in the configuration.")
        labels = {m.id: m.label for m in found.metrics}
        figures, windows = web_reads.timeline_figures(session, found.id, TIMELINE_POINTS)
        timelines = build_timelines(figures, read_disputes(session), labels)
        estimates = web_reads.latest_estimates(session, found.id, sorted(ESTIMATE_MODALITIES))
        return pages.watchlist_page(found, timelines, estimates, windows)

    def actors(self, session: Session, _request: Request) -> Markup:
        return pages.actors_page(web_reads.actors(session))

    def alerts(self, session: Session, _request: Request) -> Markup:
        return pages.alerts_page(web_reads.alerts(session))

    def feeds(self, session: Session, _request: Request) -> Markup:
        return pages.feeds_page(web_reads.feeds(session))

    def articles(self, session: Session, _request: Request) -> Markup:
        return pages.articles_page(web_reads.articles(session))

    def article(self, session: Session, request: Request) -> Markup:
        found = web_reads.article_text(session, request.path_params["article_id"])
        if found is None:
            raise _Missing("No article with this id in the log.")
        return pages.article_page(found)

    def atom(self, request: Request) -> Response:
        """The alerts as Atom 1.0, all of them or one watchlist's (?watchlist=ID)."""
        watchlist = request.query_params.get("watchlist") or None
        if watchlist is not None and watchlist not in self.lists:
            return _error(404, "Not found", f"No watchlist {watchlist!r} in the configuration.")
        try:
            with self.reading() as session:
                rows = read_alerts(session, watchlist=watchlist)
        except StoreError as exc:
            busy = isinstance(exc, StoreLockedError)
            return _error(503, "Database busy" if busy else "Database unavailable", str(exc), {"Retry-After": "2"})
        name = self.lists[watchlist].name if watchlist else "all watchlists"
        body = alerts_atom(rows[-ATOM_ENTRIES:], feed_id=f"urn:monitor:alerts:{watchlist or 'all'}",
                           title=f"monitor alerts: {name}", self_url=str(request.url), now=datetime.now(UTC))
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    def prometheus(self, _request: Request) -> Response:
        return Response(generate_latest(self.metrics.registry), media_type=CONTENT_TYPE_LATEST)


def _error(status: int, title: str, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(pages.error_page(status, title, message), status_code=status, headers=headers)


def _stylesheet(_request: Request) -> Response:
    css = resources.files("monitor.web").joinpath("style.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=300"})


async def _http_error(_request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 405:
        return _error(405, "Method not allowed", "This dashboard is read-only: GET and HEAD only.",
                      {"Allow": "GET, HEAD"})
    return _error(status, "Not found" if status == 404 else "Error", "Nothing here." if status == 404 else
                  "The page could not be made; the server log says why.")


async def _server_error(_request: Request, exc: Exception) -> Response:
    log.error("page failed: %s: %s", type(exc).__name__, exc)
    return _error(500, "Error", "The page could not be made; the server log says why.")


def create_app(settings: WebSettings) -> ASGIApp:
    """The dashboard behind its gate (outermost, so error pages get the security headers too)."""
    dashboard = Dashboard(settings)
    routes = [
        Route("/", dashboard.page(dashboard.overview), methods=["GET"]),
        Route("/watchlists/{watchlist}", dashboard.page(dashboard.watchlist), methods=["GET"]),
        Route("/actors", dashboard.page(dashboard.actors), methods=["GET"]),
        Route("/alerts", dashboard.page(dashboard.alerts), methods=["GET"]),
        Route("/feeds", dashboard.page(dashboard.feeds), methods=["GET"]),
        Route("/articles", dashboard.page(dashboard.articles), methods=["GET"]),
        Route("/articles/{article_id}", dashboard.page(dashboard.article), methods=["GET"]),
        Route("/alerts.atom", dashboard.atom, methods=["GET"]),
        Route("/metrics", dashboard.prometheus, methods=["GET"]),
        Route("/static/style.css", _stylesheet, methods=["GET"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error, Exception: _server_error})
    return Guard(app, token=settings.token)

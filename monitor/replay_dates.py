"""The order of a replay: each article file's publication time and where it came from, publication
order (ties by name), and what a replay says of the files that have no date. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from monitor.sources import MANIFEST, ArticleInput

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAMES_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Dated:
    """An article file with its publication time and where that came from: "manifest" (manifest.toml),
    "page" (an HTML page's metadata), "text" (read from the text) or "" (none: undated)."""

    path: Path
    article: ArticleInput
    published: datetime | None
    origin: str


def date_articles(articles: Sequence[tuple[Path, ArticleInput]], manifest_dated: frozenset[Path],
                  now: datetime) -> list[Dated]:
    """Each file's date: its manifest's published_at wins, then an HTML page's own date, then the date its
    text gives (`now` tells the year of a weekday date without one). Pure."""
    from monitor.extract.text import detect_language, find_publication_date

    dated = []
    for path, article in articles:
        if article.published_at is not None:
            origin = "manifest" if path in manifest_dated else "page"
            dated.append(Dated(path, article, article.published_at, origin))
            continue
        found = find_publication_date(article.text, article.lang or detect_language(article.text), now)
        dated.append(Dated(path, article, found, "text" if found else ""))
    return dated


def replay_order(dated: Sequence[Dated]) -> list[Dated]:
    """Publication order, ties by file name (then path); undated files last, by name: how the news came out."""
    return sorted(dated, key=lambda d: (d.published is None, d.published or _EPOCH, d.path.name, str(d.path)))


def undated_report(dated: Sequence[Dated], now: datetime) -> str | None:
    """What a replay says of its undated files (None when every file has a date). Pure."""
    undated = [d.path.name for d in replay_order(dated) if d.published is None]
    if not undated:
        return None
    names = ", ".join(undated[:_NAMES_SHOWN]) + (f" and {len(undated) - _NAMES_SHOWN} more"
                                                 if len(undated) > _NAMES_SHOWN else "")
    return (f"{len(undated)} of {len(dated)} files had no date: placed at the end in name order, dated now "
            f"({now:%Y-%m-%d %H:%M:%S} UTC): {names}; give them published_at in {MANIFEST} beside them "
            "(README: Replay and manifest.toml)")


def origin_counts(dated: Sequence[Dated]) -> str:
    """"5 dated by manifest.toml, 3 by their text, 1 by its page" for the summary."""
    labels = {"manifest": f"by {MANIFEST}", "page": "by their page", "text": "by their text"}
    counts = {origin: sum(d.origin == origin for d in dated) for origin in labels}
    return ", ".join(f"{n} {labels[o]}" for o, n in counts.items() if n) or "none dated"

"""A synthetic event log of any size, shaped like a daemon's: per article one article.observed (with ~1.5 KB
of text), one article.extracted, three figure.reported and five actor.mentioned; feed polls that changed
something in between (a quiet poll is never logged). Deterministic for a seed. Used by the
benchmarks (bench/bench_store.py) and the rebuild tests."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from monitor.events import (
    ACTOR_MENTIONED,
    ARTICLE_EXTRACTED,
    ARTICLE_OBSERVED,
    FEED_POLLED,
    FIGURE_REPORTED,
    Event,
    iso,
    make_event,
)

T0 = datetime(2024, 10, 1, tzinfo=UTC)
WORDS = ("troops", "Kursk", "Pentagon", "soldiers", "Pyongyang", "Moscow", "reported", "deployed", "front",
         "intelligence", "according", "officials", "estimated", "thousand", "region", "units")


def _text(rng: random.Random, chars: int) -> str:
    words: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def article_events(index: int, rng: random.Random, feeds: int = 1000,
                   feed_base: str = "https://feeds.example") -> list[Event]:
    """One article's ten events and the poll of the feed that brought it (feed `index % feeds`, at
    `{feed_base}/{n}.xml`)."""
    at = T0 + timedelta(minutes=index)
    article_id = f"{index:016x}"
    stream = f"article:{article_id}"
    meta = {"article_id": article_id, "outlet": f"Outlet {index % 50}", "published_at": iso(at)}
    digest = f"h{index}"
    url, feed_url = f"https://news{index % 50}.example/a/{index}", f"{feed_base}/{index % feeds}.xml"
    observed = make_event(ARTICLE_OBSERVED, stream, at, {
        "article_id": article_id, "url": url, "canonical_url": url, "outlet": meta["outlet"], "feed_url": feed_url,
        "source": "feed", "title": f"Troops {index}", "text": _text(rng, 1500), "lang": None,
        "published_at": meta["published_at"], "fetched_at": meta["published_at"], "content_hash": digest,
        "guid": str(index), "entry_hash": digest}, digest)
    derived = {"derivation": f"d{index}", "extractor": "bench", "watchlists_fingerprint": "bench"}
    events = [observed, make_event(ARTICLE_EXTRACTED, stream, at, {
        **meta, **derived, "observation": observed.event_id, "url": url, "title": f"Troops {index}", "lang": "en",
        "supported": True, "watchlists": ["north-korea"], "content_hash": digest, "source": "feed",
        "feed_url": feed_url, "from_summary": False, "guid": str(index), "entry_hash": digest}, derived["derivation"])]
    for figure in range(3):
        value = float(rng.randrange(1000, 15000, 500))
        events.append(make_event(FIGURE_REPORTED, stream, at, {
            **meta, "metric": f"metric-{figure}", "watchlist": "north-korea", "value": value, "value_max": None,
            "unit": "troops", "counted": "soldiers", "approx": True, "qualifier": "about",
            "credited_to": rng.choice(("Pentagon", "NIS", "Zelensky")), "credit_carried": False,
            "quote": _text(rng, 160), "start": figure * 100, "end": figure * 100 + 40, "previous_value": None,
            "is_previous": False, "modality": "current", "side": "north-korea", "via": None, **derived},
            digest, figure))
    for actor in range(5):
        name = f"Actor {rng.randrange(2000)}"
        events.append(make_event(ACTOR_MENTIONED, stream, at, {
            **meta, "actor_id": name.lower().replace(" ", "-"), "name": name, "kind": "person", "role": None,
            "known": False, "variants": [name], "listed_in": [], "article_watchlists": ["north-korea"],
            "mentions": 1 + actor % 2, **derived}, digest, name))
    feed = f"{feed_base}/{index % feeds}.xml"
    events.append(make_event(FEED_POLLED, f"feed:{feed}", at, {
        "feed_url": feed, "status": "ok", "http_status": 200, "consecutive_failures": 0,
        "next_poll_at": iso(at + timedelta(minutes=15)), "etag": f'"{index}"', "last_modified": None,
        "entries": 20, "new_entries": 1, "matched": 1, "spooled": 1, "refused": [], "error": None}, iso(at)))
    return events


def batches(total: int, batch: int = 10_000, seed: int = 1) -> Iterator[list[Event]]:
    """About `total` events, in lists of about `batch` (whole articles)."""
    rng = random.Random(seed)
    made, index, current = 0, 0, list[Event]()
    while made < total:
        events = article_events(index, rng)
        index += 1
        current.extend(events)
        made += len(events)
        if len(current) >= batch:
            yield current
            current = []
    if current:
        yield current

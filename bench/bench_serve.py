"""Dashboard page render time on a log of 100,000 events (target: under 300 ms a page).

Builds the log once: the seeds and the corpus through the real pipeline (`monitor replay`'s code),
then generated articles appended through the store API as the pipeline would append them: per
article an article.extracted (a ~1.5 KB text), figures of the watchlists' metrics credited to a
pool of sources (values that move over time, a few projections and ranges), actors, a feed.polled,
and for some an alert.raised with its delivery. Then asks every page of the app in process
(Starlette's ASGI app over a read-only session per request, as `monitor serve` runs it) and prints
the median, best and worst time per page (wall clock; the machine's load is printed too).

Usage: python bench/bench_serve.py [--events 100000] [--repeat 7] [--db PATH (kept; reused if there)]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from monitor.events import (
    ACTOR_MENTIONED,
    ALERT_DELIVERED,
    ALERT_RAISED,
    ARTICLE_EXTRACTED,
    FEED_POLLED,
    FIGURE_REPORTED,
    Event,
    iso,
    make_event,
)
from monitor.pipeline import article_id_for
from monitor.store import EventStore
from monitor.watchlist import Watchlist, load_watchlists
from monitor.web.app import WebSettings, create_app

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("Pentagon", "National Intelligence Service", "Volodymyr Zelensky", "Kyrylo Budanov", "NATO",
           "South Korea's Joint Chiefs of Staff", "Matthew Miller", "Lloyd Austin", "Mark Rutte", None)
OUTLETS = ("Reuters", "Yonhap", "Kyiv Independent", "Kompas", "tagesschau.de", "Le Monde", "Meduza", "AP")
FEEDS = tuple(f"https://news{i}.example/rss" for i in range(12))
START = datetime(2024, 8, 1, tzinfo=UTC)


def replay_real(path: Path) -> None:
    """The seeds and the corpus through the real `monitor replay`."""
    config = path.with_name("config.toml")
    config.write_text(f'[database]\npath = "{path.name}"\n[watchlists]\nfolder = "{ROOT / "watchlists"}"\n'
                      '[alerts]\nconsole = false\nfile = ""\n', encoding="utf-8")
    subprocess.run([sys.executable, "-m", "monitor", "replay", str(ROOT / "seeds"), str(ROOT / "tests" / "corpus"),
                    "--config", str(config)], check=True, capture_output=True, cwd=path.parent)


def generated(index: int, rng: random.Random, metrics: list[tuple[str, str]]) -> list[Event]:
    """One generated article's events, shaped as the pipeline's."""
    url = f"https://{rng.choice(OUTLETS).lower().replace(' ', '')}.example/story/{index}"
    article_id = article_id_for(url)
    stream = f"article:{article_id}"
    published = START + timedelta(minutes=37 * index)
    outlet = rng.choice(OUTLETS)
    sentences: list[str] = []
    figures: list[Event] = []
    meta = {"article_id": article_id, "outlet": outlet, "published_at": iso(published)}
    for number in range(rng.choice((1, 2, 2, 3))):
        metric, watchlist = rng.choice(metrics)
        value = float(round(1000 + 12000 * (index / 15000) * rng.uniform(0.6, 1.2), -2))
        source = rng.choice(SOURCES)
        offset = sum(len(s) + 1 for s in sentences)
        sentence = f"{source or 'Officials'} said {value:,.0f} troops were sent, according to report {index}."
        start = offset + sentence.index(f"{value:,.0f}")
        sentences.append(sentence)
        modality = rng.choices(("current", "projection", "total"), (8, 1, 1))[0]
        figures.append(make_event(FIGURE_REPORTED, stream, published, {
            **meta, "metric": metric, "watchlist": watchlist, "value": value,
            "value_max": value * 1.2 if rng.random() < 0.1 else None, "unit": "troops", "counted": "troops",
            "approx": rng.random() < 0.3, "qualifier": None, "credited_to": source, "credit_carried": False,
            "quote": sentence, "start": start, "end": start + len(f"{value:,.0f}"), "previous_value": None,
            "is_previous": False, "modality": modality, "side": watchlist, "via": None}, index, number))
    filler = " ".join(f"Paragraph {p} of the generated story about the deployment near Kursk." for p in range(20))
    text = " ".join(sentences) + "\n\n" + filler
    events = [make_event(ARTICLE_EXTRACTED, stream, published, {
        **meta, "url": url, "title": f"Generated story {index}", "lang": "en", "supported": True,
        "watchlists": sorted({w for _, w in metrics}), "content_hash": f"h{index}", "source": "feed",
        "feed_url": FEEDS[index % len(FEEDS)], "text": text}, index), *figures]
    for number in range(rng.choice((1, 2))):
        name = f"Officer {rng.randrange(400)}"
        events.append(make_event(ACTOR_MENTIONED, stream, published, {
            **meta, "actor_id": name.lower().replace(" ", "-"), "name": name, "kind": "person", "role": None,
            "known": False, "variants": [name], "listed_in": [], "article_watchlists": ["north-korea"],
            "mentions": 1}, index, number))
    feed = FEEDS[index % len(FEEDS)]
    events.append(make_event(FEED_POLLED, f"feed:{feed}", published, {
        "feed_url": feed, "status": rng.choices(("ok", "not_modified", "error"), (6, 3, 1))[0],
        "consecutive_failures": 0, "next_poll_at": iso(published + timedelta(minutes=15))}, index))
    if rng.random() < 0.15 and figures:
        alert_id = f"gen-{index}"
        events.append(make_event(ALERT_RAISED, f"alert:{alert_id}", published, {
            "alert_id": alert_id, "rule": "new-figure", "watchlist": figures[0].payload["watchlist"],
            "subject": figures[0].payload["metric"], "title": f"Generated alert {index}", "body": sentences[0],
            "article_id": article_id, "metric": figures[0].payload["metric"], "value": figures[0].payload["value"],
            "credited_to": figures[0].payload["credited_to"], "url": url}, index))
        events.append(make_event(ALERT_DELIVERED, f"alert:{alert_id}", published, {
            "alert_id": alert_id, "target": "chat", "status": "delivered"}, "chat"))
    return events


def build_log(path: Path, events_wanted: int, watchlists: tuple[Watchlist, ...]) -> int:
    replay_real(path)
    store = EventStore(path)
    metrics = [(m.id, w.id) for w in watchlists for m in w.metrics if w.id == "north-korea"]
    rng = random.Random(13)
    with store.session() as session:
        total = int(session.scalar("SELECT count(*) FROM events"))
        index, batch = 0, list[Event]()
        while total < events_wanted:
            made = generated(index, rng, metrics)
            batch.extend(made)
            total += len(made)
            index += 1
            if len(batch) >= 5000 or total >= events_wanted:
                session.append(batch, START)
                batch = []
                total = int(session.scalar("SELECT count(*) FROM events"))
        return int(session.scalar("SELECT count(*) FROM events"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    watchlists = load_watchlists(ROOT / "watchlists")
    path = args.db or Path(tempfile.mkdtemp(prefix="bench-serve-")) / "monitor.duckdb"
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        count = build_log(path, args.events, watchlists)
        print(f"log: {count:,} events built in {time.perf_counter() - started:.1f} s ({path})")
    with EventStore(path).session(read_only=True) as session:
        kinds = session.query("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").rows
        article = session.scalar("SELECT article_id FROM articles ORDER BY published_at DESC LIMIT 1")
    print("events: " + ", ".join(f"{kind} {count:,}" for kind, count in kinds))
    pages = ["/", *(f"/watchlists/{w.id}" for w in watchlists), "/actors", "/alerts", "/feeds", "/articles",
             f"/articles/{article}", "/alerts.atom", "/metrics"]
    asyncio.run(time_pages(WebSettings(database=path, watchlists=watchlists), pages, args.repeat))


async def time_pages(settings: WebSettings, pages: list[str], repeat: int) -> None:
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        print(f"{'page':<28} {'median ms':>10} {'best ms':>8} {'worst ms':>9} {'KB':>8}")
        worst_median = 0.0
        for page in pages:
            times, size = [], 0
            for _ in range(repeat):
                began = time.perf_counter()
                response = await client.get(page)
                times.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, (page, response.status_code)
                size = len(response.content)
            median = statistics.median(times)
            worst_median = max(worst_median, median)
            print(f"{page:<28} {median:>10.1f} {min(times):>8.1f} {max(times):>9.1f} {size / 1024:>8.1f}")
    verdict = "met" if worst_median < 300 else "NOT met"
    print(f"slowest page (median): {worst_median:.1f} ms; target < 300 ms: {verdict} "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")

if __name__ == "__main__":
    main()

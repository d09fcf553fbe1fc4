"""Synthetic news pages for the page benchmark: each a distinct article (paragraphs drawn from the
seed articles) inside the chrome a news site has: meta tags and JSON-LD, a long menu, a byline,
share buttons, related headlines, a comment box and a footer of links. Deterministic for a seed."""

from __future__ import annotations

import html
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ("World", "Politics", "Business", "Tech", "Sport", "Culture", "Opinion", "Asia", "Europe", "Video")


def paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n"):
            if len(block.strip()) > 120:
                found.append(block.strip())
    return found


def page(index: int, rng: random.Random, pool: list[str]) -> tuple[str, str]:
    """(url, html) of one article page."""
    site = f"news{index % 17}"
    url = f"https://{site}.example/world/{2024 + index % 2}/{index:05d}-troops"
    title = f"{rng.choice(('Pentagon', 'NIS', 'Kyiv', 'Seoul'))}: North Korean troops in Kursk, report {index}"
    when = datetime(2024, 10, 1, 8, tzinfo=UTC) + timedelta(hours=index)
    body = rng.sample(pool, k=min(len(pool), rng.randint(6, 12)))
    e = html.escape
    menu = "".join(f"<li><a href='/{s.lower()}/{j}'>{s} {j}</a></li>" for s in SECTIONS for j in range(6))
    related = "".join(f"<li><a href='/r/{index}-{j}'>{e(rng.choice(pool)[:70])}</a></li>" for j in range(15))
    footer = "".join(f"<a href='/f/{j}'>Link {j}</a> " for j in range(60))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": when.isoformat(), "author": {"@type": "Person", "name": "Reporter Name"},
                     "publisher": {"@type": "Organization", "name": site.title()}})
    text = "".join(f"<p>{e(p)}</p>" for p in body)
    return url, (
        f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{e(title)} | {site.title()}</title>"
        f"<meta property='og:title' content='{e(title)}'><meta property='og:site_name' content='{site.title()}'>"
        f"<meta property='article:published_time' content='{when.isoformat()}'>"
        f"<meta name='description' content='{e(body[0][:150])}'><meta name='keywords' content='korea, russia'>"
        f"<script type='application/ld+json'>{ld}</script><script>var ads = {{slot: {index}}};</script>"
        "<style>body{font-family:sans-serif}</style></head><body>"
        f"<header><div class='logo'>{site.title()}</div><nav><ul>{menu}</ul></nav></header>"
        "<div class='cookie'>We use cookies. <button>Accept</button></div>"
        f"<main><article><h1>{e(title)}</h1><div class='byline'>By Reporter Name, "
        f"{when:%d %B %Y %H:%M}</div><div class='share'><a href='#'>Share</a> <a href='#'>Tweet</a></div>"
        f"{text}<div class='tags'><a href='/t/korea'>Korea</a> <a href='/t/russia'>Russia</a></div></article>"
        f"<aside><h3>Related</h3><ul>{related}</ul></aside>"
        "<section class='comments'><h3>Comments</h3><form><textarea></textarea><button>Send</button></form>"
        "</section></main>"
        f"<footer>{footer}<p>© 2024 {site.title()}. All rights reserved.</p></footer></body></html>")


def pages(count: int, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    pool = paragraphs()
    return [page(index, rng, pool) for index in range(count)]

"""Pages per second: monitor's page path (monitor.pages.extract_page), and page + the extractor as
the pipeline runs them, against trafilatura.extract() on the same synthetic news pages."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import trafilatura

from bench.common import ROOT
from bench.pages import pages
from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.pages import extract_page
from monitor.watchlist import load_watchlists


def _rate(work: Callable[[str, str], Any], corpus: list[tuple[str, str]]) -> float:
    started = time.perf_counter()
    for url, html in corpus:
        work(html, url)
    return len(corpus) / (time.perf_counter() - started)


def run(count: int, rounds: int = 3) -> dict[str, float]:
    corpus = pages(count)
    watchlists = load_watchlists(ROOT / "watchlists")
    gazetteer = build_gazetteer(watchlists)

    def page_and_extract(html: str, url: str) -> None:
        content = extract_page(html, url)
        if content is not None:
            extract(content.text, watchlists, gazetteer, lang=content.lang, title=content.title)

    def library(html: str, url: str) -> None:
        trafilatura.extract(html, url=url)

    best: dict[str, float] = {"trafilatura": 0.0, "page": 0.0, "page_extract": 0.0}
    for _ in range(rounds):  # interleaved, best of the rounds
        best["trafilatura"] = max(best["trafilatura"], _rate(library, corpus))
        best["page"] = max(best["page"], _rate(extract_page, corpus))
        best["page_extract"] = max(best["page_extract"], _rate(page_and_extract, corpus))
    best["pages"] = float(count)
    best["kb"] = sum(len(html) for _, html in corpus) / count / 1024
    return best

"""Articles per second on one core: the full extractor vs trafilatura alone, on the same ~4 KB texts.

Builds distinct ~4 KB plain-text articles (a mix of languages) from the seed articles and the
labelled figure sentences, then times, in the same run and on one pinned core:
  (a) monitor.extract.extractor.extract() on the plain text, as the pipeline calls it;
  (b) trafilatura.extract() on an HTML page made from the same text.
Each article is a new string object: the extractor's per-sentence memos cannot carry over.

Usage: python bench/bench_extract.py [--articles 320] [--size 4096] [--seed 1] [--profile] [--one-line]
(BENCH_SORT=tottime changes the order of the profile.) --one-line also times extract() on one line of
12.5 K to 100 K characters with no sentence end (the articles' paragraphs joined, full stops made commas):
bounded work per sentence keeps that linear (issue 12).
"""

from __future__ import annotations

import argparse
import cProfile
import html
import json
import os
import pstats
import random
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import trafilatura

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.watchlist import load_watchlists

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("id", "en", "id", "ru", "uk", "ko", "de", "fr")  # Indonesian twice: the seeds' language


def paragraph_pools() -> dict[str, list[str]]:
    """Paragraphs by language: Indonesian from the seed articles (real prose, a figure or two a page),
    the other languages from the labelled sentences (nearly every one has a figure)."""
    pools: dict[str, list[str]] = {lang: [] for lang in set(LANGS)}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines = [line.strip() for line in path.read_text("utf-8").splitlines()]
        pools["id"].extend(line for line in lines if len(line) > 60)
    for line in (ROOT / "tests/fixtures/figures.jsonl").read_text("utf-8").splitlines():
        case = json.loads(line)
        if case["lang"] != "id":
            pools[case["lang"]].extend(part for part in case["text"].split("\n") if len(part) > 20)
    return pools


def build_articles(count: int, size: int, seed: int) -> list[tuple[str, str]]:
    """(language, text) pairs of about `size` characters: a headline and paragraphs."""
    rng = random.Random(seed)
    pools = paragraph_pools()
    articles = []
    for number in range(count):
        lang = LANGS[number % len(LANGS)]
        paragraphs = [f"Article {number}: {rng.choice(pools[lang])[:80]}"]
        while sum(len(p) + 2 for p in paragraphs) < size:
            paragraphs.append(rng.choice(pools[lang]))
        articles.append((lang, "\n\n".join(paragraphs)[:size]))
    return articles


def as_html(text: str) -> str:
    body = "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n"))
    return f"<html><body><article>{body}</article></body></html>"


def rate(run: Callable[[str], object], inputs: Sequence[str]) -> tuple[float, float]:
    """(articles per second by the wall clock, by process CPU time)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for item in inputs:
        run(item)
    return len(inputs) / (time.perf_counter() - wall), len(inputs) / (time.process_time() - cpu)


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity)"


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=320)
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="profile the extractor run (cProfile, top 25)")
    parser.add_argument("--one-line", action="store_true", help="also time one line of 12.5-100 K characters")
    return parser.parse_args()


def one_line(articles: Sequence[tuple[str, str]], size: int) -> str:
    """`size` characters on one line and in one sentence: the English articles' paragraphs, full stops as commas."""
    prose = " ".join(text.replace("\n\n", " ") for lang, text in articles if lang == "en")
    line = re.sub(r"[.!?;]+(\s)", r",\1", prose)
    return (line * (size // max(1, len(line)) + 1))[:size]


def time_one_line(articles: Sequence[tuple[str, str]], run: Callable[[str], object]) -> None:
    for size in (12_500, 25_000, 50_000, 100_000):
        text = one_line(articles, size)
        started = time.process_time()
        run(text)
        seconds = time.process_time() - started
        print(f"one line of {size:>7,} characters: {seconds:6.3f} s CPU ({seconds * 100_000 / size:.3f} s per 100 K)")


def _line(label: str, wall: float, cpu: float, extra: str = "") -> str:
    return f"{label:<34}{wall:7.1f} articles/s (wall) {cpu:7.1f} articles/s (CPU){extra}"


def main() -> None:
    options = _options()
    pinned = pin_to_one_core()
    watchlists = load_watchlists(ROOT / "watchlists")
    gazetteer = build_gazetteer(watchlists)
    for _lang, text in build_articles(8, options.size, options.seed + 1):  # load the model, compile patterns
        extract(text, watchlists, gazetteer)
        trafilatura.extract(as_html(text))
    articles = build_articles(options.articles, options.size, options.seed)
    texts = [text for _lang, text in articles]
    figures = [0]

    def run_extract(text: str) -> object:
        result = extract(text, watchlists, gazetteer)
        figures[0] += len(result.figures)
        return result

    profiler = cProfile.Profile() if options.profile else None
    if profiler:
        profiler.enable()
    extract_rate = rate(run_extract, texts)
    if profiler:
        profiler.disable()
    trafilatura_rate = rate(trafilatura.extract, [as_html(text) for text in texts])
    print(f"{len(texts)} articles of {sum(map(len, texts)) / len(texts):.0f} characters "
          f"({', '.join(sorted(set(LANGS)))}; {figures[0] / len(texts):.1f} figures an article); {pinned}")
    print(_line("extract(), all", *extract_rate))
    for label, group in (("  Indonesian (seed paragraphs)", "id"), ("  other languages (fixtures)", None)):
        subset = [text for lang, text in articles if (lang == "id") == (group == "id")]
        figures[0] = 0
        wall, cpu = rate(run_extract, [text + " " for text in subset])  # new objects: no memo carries over
        print(_line(label, wall, cpu, f"  {figures[0] / len(subset):.1f} figures an article"))
    print(_line("trafilatura.extract()", *trafilatura_rate))
    print(f"ratio extract()/trafilatura: {extract_rate[0] / trafilatura_rate[0]:.2f} (wall), "
          f"{extract_rate[1] / trafilatura_rate[1]:.2f} (CPU); target for extract(): >= 100 articles/s")
    if options.one_line:
        time_one_line(articles, lambda text: extract(text, watchlists, gazetteer))
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(25)


if __name__ == "__main__":
    main()

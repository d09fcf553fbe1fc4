"""One pass per text for every watchlist (matching.AliasFinder) finds what each watchlist's AliasMatcher
finds with a substring search per word: the same alias positions and the same watchlists mentioned, on the
corpus, the seeds and text with letters whose case rules differ ("İ", "ı", "ſ", "Σ")."""

from __future__ import annotations

from dataclasses import replace

from monitor import matching
from monitor.extract.text import prepare_document
from monitor.watchlist import Watchlist, load_watchlists

from .conftest import ROOT

WATCHLISTS = tuple(load_watchlists(ROOT / "watchlists"))
_ODD = ["NORTH KOREA sent troops; Nordkoreas Soldaten, Северной Кореи, 북한군은 러시아에", "İstanbul: North Korea",
        "ıf North Korea", "ſouth Korea, North Korea", "ΣΟΣ North  Korea\u00a0and Russia", "NATOs NATO Nato",
        "north-korean, nord-coréens, Pyongyang's", "Росії та Україна, российских, Курськ, Суджа", ""]


def _texts() -> list[str]:
    paths = sorted((ROOT / "tests" / "corpus").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    return [prepare_document(path.read_text("utf-8")).text for path in paths] + _ODD


def _plain_positions(text: str, watchlists: tuple[Watchlist, ...]) -> dict[str, tuple[int, ...]]:
    return {w.id: tuple(sorted(matching.matcher(w).positions(text))) for w in watchlists}


def test_one_pass_finds_every_alias_position_a_search_per_word_finds() -> None:
    texts = _texts()
    found = 0
    for watchlists in (WATCHLISTS, WATCHLISTS[::-1], WATCHLISTS[:1], ()):
        for text in texts:
            positions = matching.alias_positions(text, watchlists)
            assert positions == _plain_positions(text, watchlists), text[:80]
            found += sum(map(len, positions.values()))
    assert found > 1000


def test_one_pass_mentions_the_watchlists_each_matcher_mentions() -> None:
    mentioned = 0
    for watchlists in (WATCHLISTS, WATCHLISTS[::-1]):
        for text in _texts():
            plain = tuple(w.id for w in watchlists if matching.matcher(w).mentions(text))
            assert matching.finder(watchlists).mentioned(text) == plain, text[:80]
            assert matching.match_watchlists([text], watchlists) == plain
            mentioned += len(plain)
    assert mentioned > 50


def test_a_watchlist_without_aliases_or_patterns() -> None:
    bare = replace(WATCHLISTS[0], id="bare", aliases=(), patterns=(), alias_langs=())
    assert matching.alias_positions("North Korea", (bare,)) == {"bare": ()}
    assert matching.match_watchlists(["North Korea"], (bare,)) == ()

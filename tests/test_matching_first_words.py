"""An AliasMatcher tries, where an alias's first word is, only the aliases opening with that word
(word_patterns): it must find what the whole alternation finds, on the corpus, the seeds and odd text."""

from __future__ import annotations

from monitor import matching
from monitor.extract.text import prepare_document
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = tuple(load_watchlists(ROOT / "watchlists"))
_ODD = ["NORTH KOREA sent troops; Nordkoreas Soldaten, Северной Кореи, 북한군은 러시아에", "NATOs NATO Nato natos",
        "north-korean, nord-coréens, Pyongyang's, North  Korea\u00a0and Russia", "Росії та Україна, Курськ", ""]


def _texts() -> list[str]:
    paths = sorted((ROOT / "tests" / "corpus").glob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    return [prepare_document(path.read_text("utf-8")).text for path in paths] + _ODD


def test_first_word_patterns_find_what_the_whole_alternation_finds() -> None:
    found = compared = 0
    for watchlist in WATCHLISTS:
        alias_matcher = matching.matcher(watchlist)
        assert alias_matcher.by_first_word and len(alias_matcher.word_patterns) == len(alias_matcher.first_words)
        for text in _texts():
            lowered = text.lower()
            if not matching._by_first_word(text, lowered):
                continue
            whole = [match.start() for match in alias_matcher.pattern.finditer(text)]
            assert alias_matcher._alias_starts(text, lowered) == whole, (watchlist.id, text[:80])
            assert alias_matcher._names_alias(text) == bool(whole)
            found += len(whole)
            compared += 1
    assert compared > 200 and found > 500

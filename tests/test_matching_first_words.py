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
            assert alias_matcher._names_alias(matching.match_text(text)) == bool(whole)
            found += len(whole)
            compared += 1
    assert compared > 200 and found > 500


def test_one_match_text_for_all_watchlists_reads_as_each_text_alone() -> None:
    """match_watchlists and alias_positions read one MatchText (made once, no cache kept between texts):
    the same answer as each matcher reading the text itself, with or without the caller's lower case."""
    from monitor.extract.figures import alias_positions

    for text in [*_texts(), "İstanbul North Korea", "ſome Nordkoreas ı"]:
        alone = {w.id: tuple(sorted(matching.matcher(w).positions(text))) for w in WATCHLISTS}
        assert alias_positions(text, WATCHLISTS) == alone
        assert alias_positions(text, WATCHLISTS, text.lower()) == alone
        mentioned = tuple(w.id for w in WATCHLISTS if matching.matcher(w).mentions(text))
        assert matching.match_watchlists([text], WATCHLISTS) == mentioned
        assert mentioned == tuple(w.id for w in WATCHLISTS if matching.matcher(w).pattern.search(text)
                                  or any(p.search(text) for p in w.patterns))


def test_a_watchlist_hashes_once_and_as_its_equals() -> None:
    """The hash is made once (__post_init__) from the fields: equal watchlists hash equal, and a changed
    one is another key of the matcher cache."""
    from dataclasses import replace

    first = WATCHLISTS[0]
    same = replace(first)
    assert same == first and hash(same) == hash(first) and matching.matcher(same) == matching.matcher(first)
    other = replace(first, aliases=(*first.aliases, "Zyxwvut"))
    assert other != first and matching.matcher(other).mentions("the Zyxwvut said")
    assert not matching.matcher(first).mentions("the Zyxwvut said")

"""Property tests over the extractor: random unicode and number-heavy text never raises, the result is the
same every time (and for a copy of the string), and the bounds hold (4,040 cases in the normal run)."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import Extraction, extract
from monitor.extract.figures import MAX_FIGURES_PER_ARTICLE, MAX_QUOTE_CHARS
from monitor.extract.text import MAX_SENTENCE_CHARS
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)
LANGS = [None, "en", "id", "ru", "uk", "ko", "de", "fr", "es"]
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]

# Digits and every separator, sign and bracket the number reader knows, scale words and counted nouns of
# several packs, attribution cues, quotes, and characters that change length when case-folded.
NUMBERISH = st.sampled_from([*"0123456789.,'’ \u00a0\u202f\u2009-–—+%/:()[]«»\"“”\n",
                             "000", "1,500", "12.000", "30 000", "10'000", "2,7 тыс.", "1만 1천", "6 ribu",
                             "viertausend", "zwei", "двох тисяч", "million", "juta", "명", "troops", "tentara",
                             "военных", "військових", "Soldaten", "soldats", "soldados", "killed", "tewas",
                             "погибли", "said", "kata", "according to", "laut", "selon", "по данным",
                             "에 따르면", "up from", "Pentagon", "NIS", "North Korea", "Kursk", "İ", "ß", "ﬀ",
                             "\u200b", "\ufeff", "\x00", "\U0001f600"])
TEXTS = st.one_of(st.text(max_size=300), st.lists(NUMBERISH, max_size=120).map("".join),
                  st.lists(st.one_of(NUMBERISH, st.text(max_size=8)), max_size=60).map("".join))


def _run(text: str, lang: str | None) -> Extraction:
    return extract(text, WATCHLISTS, GAZETTEER, lang=lang, require_match=False)


def _check(result: Extraction) -> None:
    doc = result.document
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and doc.text[s.start:s.end] == s.text for s in doc.sentences)
    assert len(result.figures) <= MAX_FIGURES_PER_ARTICLE
    for figure in result.figures:
        assert 0 <= figure.start < figure.end <= len(doc.text)
        assert len(figure.quote) <= MAX_QUOTE_CHARS and doc.text[figure.start:figure.end] in figure.quote
        assert figure.value == figure.value and figure.unit  # not NaN, a unit
    for actor in result.actors:
        assert all(0 <= start < end <= len(doc.text) for start, end in actor.spans)


@settings(max_examples=3_000, deadline=None, suppress_health_check=HEALTH)
@given(text=TEXTS, lang=st.sampled_from(LANGS))
def test_any_text_extracts_without_error_within_bounds(text: str, lang: str | None) -> None:
    _check(_run(text, lang))


@settings(max_examples=1_000, deadline=None, suppress_health_check=HEALTH)
@given(text=TEXTS, lang=st.sampled_from(LANGS))
def test_the_same_text_gives_the_same_result(text: str, lang: str | None) -> None:
    first = _run(text, lang)
    assert _run("".join(list(text)), lang) == first  # a new string object: no memo carries a result over
    assert _run(text, lang) == first


LONG_LINES = st.lists(st.one_of(NUMBERISH, st.sampled_from(["3,000 troops, ", "the Pentagon said ", "; ", " – "])),
                      min_size=400, max_size=1_000).map(lambda pieces: "".join(pieces).replace("\n", " "))


@settings(max_examples=40, deadline=None, suppress_health_check=HEALTH)
@given(text=LONG_LINES, lang=st.sampled_from(["en", "ru", "ko", None]))
def test_long_lines_are_split_into_bounded_sentences(text: str, lang: str | None) -> None:
    result = _run(text, lang)
    _check(result)
    spans = [(s.start, s.end) for s in result.document.sentences]
    assert all(a < b <= c for (a, b), (c, _d) in pairwise(spans))  # in order, disjoint

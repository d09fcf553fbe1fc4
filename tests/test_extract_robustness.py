"""No input crashes the extractor, and hostile input stays fast."""

from __future__ import annotations

import math
import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import Extraction, extract
from monitor.extract.figure_bare import GENERIC_UNIT
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)
LANGS = [None, "en", "id", "ru", "uk", "ko", "de", "fr"]
# Pieces that exercise the number reader, the counted-noun search, attribution and boilerplate.
PIECES = ["1,500", "12.000", "12 000", "1\u00a0500", "5\u202f000", "1,5", "3.5", "9" * 40, "1.2.3.4", "+62 21 555",
          "(", ")", "[", "]", "((((", "]]]]", "-", "–", "~", "∼", "%", ":", "/", ",", ".", " ", "\n", "\n\n",
          "troops", "tentara", "военных", "військових", "명", "만", "북한군", "Soldaten", "soldats", "orang",
          "killed", "tewas", "погибли", "up from", "naik dari", "from", "to", "between", "and", "sekitar",
          "about", "million", "juta", "тысяч", "said", "kata", "Pentagon", "NIS", "Zelensky", "North Korea",
          "Baca Juga:", "Read also:", "Читайте также:", "2024", "1950-1953", "(24/10/2024)", "15:30", "Senin",
          "\u200b", "\ufeff", "\x00", "é", "ß", "İ", "ﬀ"]


def _check(result: Extraction, text: str) -> None:
    doc = result.document
    for figure in result.figures:
        assert 0 <= figure.start < figure.end <= len(doc.text)
        assert math.isfinite(figure.value) and figure.unit and figure.quote
        assert figure.value_max is None or figure.value_max >= figure.value or figure.qualifier == "range"
        assert doc.text[figure.start:figure.end] in figure.quote
    for actor in result.actors:
        assert actor.name and actor.kind in ("person", "org")
        assert all(0 <= start < end <= len(doc.text) for start, end in actor.spans)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=80), lang=st.sampled_from(LANGS))
def test_any_mix_of_hostile_pieces_is_handled(pieces: list[str], lang: str | None) -> None:
    text = " ".join(pieces)
    result = extract(text, WATCHLISTS, GAZETTEER, lang=lang, require_match=False)
    _check(result, text)
    assert result == extract(text, WATCHLISTS, GAZETTEER, lang=lang, require_match=False)  # deterministic


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), lang=st.sampled_from(LANGS))
def test_any_text_is_handled(text: str, lang: str | None) -> None:
    _check(extract(text, WATCHLISTS, GAZETTEER, lang=lang, require_match=False), text)


def adversarial_text(size: int, seed: int = 7, words: float = 0.02) -> str:
    """Long digit runs, separators of every kind and nested brackets; a share `words` of the pieces are
    words that make figures, credits and actors ("3,000 troops, up from 1,000", "Pentagon said")."""
    rng = random.Random(seed)
    parts = ["9" * 60, "0" * 300, "1,500,000,000,000", "12 000 000", "1\u00a0000\u00a0000", "5\u202f000\u202f000",
             "1.2.3.4.5.6", "1.000,5", "((((((((", "))))))))", "[[[[", "]]]]", "([{(", ")}])", ",,,,", "....",
             "- – —", "+62 21 555 0199", "1950-1953", "12/10/2024", "15:30", "30%", "(1)", "[2]", " ", " ", "\n"]
    wording = [" troops ", " tentara ", " said ", " North Korea ", " 3,000 troops, up from 1,000 ", " Pentagon said "]
    chunks: list[str] = []
    length = 0
    while length < size:
        chunk = rng.choice(wording if rng.random() < words else parts)
        chunks.append(chunk)
        length += len(chunk)
    return "".join(chunks)[:size]


def _timed(text: str) -> tuple[Extraction, float]:
    extract("warm up: 3,000 troops, the Pentagon said.", WATCHLISTS, GAZETTEER, lang="en")
    started = time.perf_counter()
    result = extract(text, WATCHLISTS, GAZETTEER, lang="en", require_match=False)
    return result, time.perf_counter() - started


def test_a_megabyte_of_adversarial_text_takes_time_in_proportion_to_its_size() -> None:
    """Linear, not quadratic: four times the text may take at most about four times as long (8x allows for a
    busy machine; a quadratic step would take 16x). Absolute speed is measured in bench/, not here."""
    text = adversarial_text(1_000_000)
    quarter = text[:250_000]
    # The best of three runs each, each on a new string (no memo carries over): the machine may be busy.
    small = min(_timed(quarter[:-1] + end)[1] for end in "xyz")
    runs = [_timed(text[:-1] + end) for end in "xyz"]
    result, elapsed = min(runs, key=lambda run: run[1])
    _check(result, text)
    assert elapsed < 8 * small + 0.2, f"1 MB: {elapsed:.2f} s, 250 KB: {small:.2f} s"


def test_text_dense_with_figures_is_handled() -> None:
    text = adversarial_text(50_000, seed=11, words=0.3)
    result, _elapsed = _timed(text)
    _check(result, text)
    assert result.figures and {f.unit for f in result.figures} <= {"troops", "percent", GENERIC_UNIT}

"""The extractor's fast paths find what the plain ones find: the modality cues read in lower-cased text
(packs.lowered_phrase_regex) and the furniture gates kept per document (boilerplate._gates_in). Checked on
the corpus and seeds and on text with the letters whose case rules differ ("İ", "ı", "ſ", "Σ", "K")."""

from __future__ import annotations

import pytest

from monitor.extract import boilerplate, figure_facets, packs
from monitor.extract.figure_words import GLUED
from monitor.extract.model import NumberMention, Sentence

from .conftest import ROOT

_TEXTS = [path.read_text("utf-8") for path in sorted((ROOT / "tests" / "corpus").glob("*.txt"))] + [
    path.read_text("utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
_ODD = ["Officials EXPECTED TO reach 10,000 by December, Could Send more", "İf they Wİll send 3,000",
        "ıf they wıll", "ſo far 1,200 in total", "ΣΟ FAR ΣΤΟ ΣΟΣ so far", "the Kelvin sign: Kould send, wilK",
        "Die Zahl WIRD voraussichtlich steigen; bisher 500", "이미 1만 명이 파병될 예정이다 지금까지"]


def _windows(length: int) -> list[tuple[int, int]]:
    step = max(1, length // 40)
    return [(low, high) for low in range(0, length + 1, step) for high in (low, low + 7, low + 60, length)
            if high <= length]


@pytest.mark.parametrize("lang", sorted(figure_facets._CUES))
def test_lowered_cues_match_where_the_case_insensitive_ones_do(lang: str) -> None:
    assert lang in figure_facets._LOWERED_CUES  # every shipped pack allows the fast path
    texts = [text[:3000] for text in _TEXTS] + _ODD
    compared = 0
    for (modality, slow), (same, fast) in zip(figure_facets._CUES[lang], figure_facets._LOWERED_CUES[lang],
                                              strict=True):
        assert modality == same
        for text in texts:
            lowered = packs.lowered_or_none(text)
            if lowered is None:
                continue
            for low, high in _windows(len(text)):
                found, quick = slow.search(text, low, high), fast.search(lowered, low, high)
                assert (found and found.span()) == (quick and quick.span()), (lang, modality, text[low:high])
                compared += 1
    assert compared > 10_000


def test_text_whose_lower_case_shifts_or_differs_is_read_the_plain_way() -> None:
    for text in ("İf they will", "ſo far", "ΣΟ FAR", "ıf"):
        assert packs.lowered_or_none(text) is None
    assert packs.lowered_phrase_regex(("ıf",)) is None  # a letter re takes for another ("ı" for "i")
    assert packs.lowered_phrase_regex(("σο",)) is None  # its lower case depends on its neighbours
    assert packs.lowered_phrase_regex(("so far", "will*"), "ko" in GLUED) is not None


@pytest.mark.parametrize(("text", "modality"), [("If they could reach 3,000 soon", "hypothetical"),
                                               ("It is expected to reach 3,000", "projection"),
                                               ("İt is expected to reach 3,000", "projection"),
                                               ("ΣΟ 3,000 killed so far", "total")])
def test_modality_with_and_without_the_lowered_text(text: str, modality: str) -> None:
    start = text.index("3,000")
    sentence = Sentence(0, len(text), text, 0, False)
    number = NumberMention(start, start + 5, start, start + 5, 3000.0, None, "", False, "cardinal", "3,000")
    assert figure_facets.modality_of(text, sentence, number, start + 5, "en", False) == modality
    assert figure_facets.modality_of(text, sentence, number, start + 5, "en", False,
                                     packs.lowered_or_none(text)) == modality


def test_furniture_gates_of_a_document_give_every_line_the_same_verdict() -> None:
    extra = ["Share this on Facebook", "© 2024 Reuters. All rights reserved", "We use cookies to improve your "
             "experience. Accept cookies", "ΣΗΜΕΡΑ Share on Twitter", "Teilen Sie diesen Artikel auf Facebook"]
    verdicts = 0
    for text in [*_TEXTS, "\n".join(extra)]:
        lines = [line.strip(boilerplate.STRIP_CHARS) for line in text.splitlines()]
        gates = boilerplate._gates_in("\n".join(lines).lower())
        for line in lines:
            assert boilerplate._is_furniture(line, gates) == boilerplate.is_boilerplate(line, "und"), line
            verdicts += boilerplate.is_boilerplate(line, "und")
    assert verdicts >= 5
    assert boilerplate._gates_in("nothing here") == ((), (), ())

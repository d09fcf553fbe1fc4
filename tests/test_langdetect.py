"""Language detection: every language py3langid knows is recognised; only the packs' languages are read."""

from __future__ import annotations

import pytest

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.extract.langdetect import SUPPORTED_LANGS, detect_language, is_supported, normalise_hint
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)

DETECTED = [
    ("Der Pentagon schätzt, dass 10.000 nordkoreanische Soldaten nach Russland geschickt wurden, sagte ein Sprecher.",
     None, "de"),
    ("Presiden Yoon mengadakan rapat darurat.", None, "id"),  # py3langid says Malay: the id pack claims it
    ("Kementerian Pertahanan Rusia kini memperkirakan 2.000 tentara Ukraina tewas dalam pertempuran itu.", None, "id"),
    ("Пентагон оцінює, що 10 000 військових КНДР уже перебувають у Курській області.", None, "uk"),
    ("Пентагон оценивает, что 10 000 военных КНДР уже находятся в Курской области.", None, "ru"),
    ("북한군 1만여 명이 러시아 쿠르스크 지역에 배치됐다고 국가정보원이 밝혔다.", None, "ko"),
    ("El Pentágono estimó que 10.000 soldados norcoreanos fueron enviados a Rusia, según el portavoz.", None, "es"),
    ("O Pentágono estimou que 10 mil soldados norte-coreanos foram enviados à Rússia, disse o porta-voz.", None, "pt"),
    ("Pentagon szacuje, że do Rosji wysłano dziesięć tysięcy żołnierzy z Korei Północnej, podał rzecznik.", None, "pl"),
    ("Пентагон оцени, че 10 000 севернокорейски войници са изпратени в Русия, каза говорител.", None, "bg"),
    ("The Pentagon said 10,000 troops were sent.", "en-US", "en"),  # a supported hint wins
    ("The Pentagon said 10,000 troops were sent to Russia in October, a spokesman told reporters on Monday.",
     "pt", "en"),  # an unsupported hint is checked against the text
]


@pytest.mark.parametrize(("text", "hint", "expected"), DETECTED)
def test_detect_language(text: str, hint: str | None, expected: str) -> None:
    assert detect_language(text, hint) == expected


@pytest.mark.parametrize(("hint", "expected"), [("EN", "en"), ("in", "id"), ("pt_BR", "pt"), ("auto", None),
                                                ("", None), (None, None), ("12", None)])
def test_normalise_hint(hint: str | None, expected: str | None) -> None:
    assert normalise_hint(hint) == expected


@pytest.mark.parametrize("text", ["Ok.", "A", "Kursk!", "NATO 2%"])
def test_a_few_letters_are_taken_for_a_supported_language(text: str) -> None:
    assert is_supported(detect_language(text))  # the model guesses on so little


def test_the_supported_languages_are_the_packs() -> None:
    assert set(SUPPORTED_LANGS) >= {"en", "id", "ru", "uk", "ko", "de", "fr"}
    assert not is_supported("pl")


def test_text_in_a_language_with_no_pack_is_recorded_not_forced_through_another_pack() -> None:
    text = ("Według Pentagonu do Rosji wysłano 10 000 żołnierzy z Korei Północnej. Rzecznik powiedział, "
            "że kolejne 3000 przybędzie w grudniu do obwodu kurskiego.")
    result = extract(text, WATCHLISTS, GAZETTEER, require_match=False)
    assert not result.supported and not is_supported(result.document.lang)
    assert result.figures == () and result.actors == ()

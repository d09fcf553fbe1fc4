"""Disputes: who denies, rejects or calls false what was reported, and which figures it answers; in every
language with a pack. Table-driven on short texts."""

from __future__ import annotations

import pytest

from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.watchlist import load_watchlists

from .conftest import ROOT

WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)

CASES = [
    ("en", "The Pentagon said 10,000 North Korean troops are in Russia. North Korea denied sending troops.",
     "denial", "North Korea", (10000.0,)),
    ("en", "Seoul says 3,000 North Korean soldiers died. The Kremlin called the figures fake.",
     "falsehood", "Kremlin", (3000.0,)),
    ("en", "The reports were denied by the Kremlin on Monday.", "denial", "Kremlin", ()),
    ("ru", "Пентагон заявил о 10 тысячах военных КНДР. Москва и Пхеньян при этом официально не подтверждали, "
           "что военные КНДР переброшены.", "unconfirmed", "Russia and North Korea", (10000.0,)),
    ("uk", "Кремль заперечує, що в Курській області перебувають 11 тисяч військових КНДР.",
     "denial", "Kremlin", (11000.0,)),
    ("id", "Korea Utara membantah telah mengirim 10.000 tentara ke Rusia.", "denial", "North Korea", (10000.0,)),
    ("ko", "북한은 러시아 파병 보도를 부인했다.", "denial", "North Korea", ()),
    ("de", "Der Kreml dementiert die Zahl von 3.000 getöteten Soldaten.", "denial", "Kremlin", (3000.0,)),
    ("fr", "Le Kremlin a démenti la présence de 10 000 soldats nord-coréens.", "denial", "Kremlin", (10000.0,)),
    ("es", "Corea del Norte negó haber enviado 10.000 soldados a Rusia.", "denial", "North Korea", (10000.0,)),
]


@pytest.mark.parametrize(("lang", "text", "kind", "disputer", "values"), CASES)
def test_a_dispute_names_who_disputes_what(lang: str, text: str, kind: str, disputer: str,
                                           values: tuple[float, ...]) -> None:
    disputes = extract(text, WATCHLISTS, GAZETTEER, lang=lang, require_match=False).disputes
    assert [(d.kind, d.disputer, d.values) for d in disputes] == [(kind, disputer, values)]
    assert disputes[0].claim and disputes[0].quote


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "The Pentagon said 10,000 North Korean troops are in Russia."),
    # a negated denial is no dispute (rather the opposite)
    ("id", "Presiden Rusia Vladimir Putin tidak membantah keberadaan pasukan Korea Utara di negaranya."),
    ("en", "Putin did not deny the presence of North Korean troops."),
    ("ru", "Кремль не опроверг эти данные о 10 тысячах военных."),
    ("ko", "러시아는 북한군 파병을 부인하지 않았다."),
    ("de", "Der Kreml dementiert die Zahl nicht."),
    ("fr", "Moscou n'a pas démenti ces chiffres."),
    ("es", "Rusia no negó la presencia de soldados norcoreanos."),
    ("id", "Pelaku menggunakan dokumen identitas palsu untuk menyamarkan asal usul mereka."),  # "fake" alone
    ("ru", "Генштаб сообщил о потерях: 1200 военных за сутки."),
    ("en", "Confirmed: 3,000 troops arrived, officials said."),
])
def test_no_cue_no_dispute(lang: str, text: str) -> None:
    assert extract(text, WATCHLISTS, GAZETTEER, lang=lang, require_match=False).disputes == ()

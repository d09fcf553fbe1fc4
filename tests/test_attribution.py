"""Tests for monitor.extract.attribution: who each figure is credited to, in every language, in
the seed articles, and through pronouns, carried attributions, outlets and unnamed sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.extract.actor_eval import CreditCase, Score, parse_credit_case, parse_jsonl, run_credit_case, score_credit
from monitor.extract.actors import build_gazetteer, find_actors
from monitor.extract.attribution import NO_CREDIT, Credit, credit_at
from monitor.extract.model import Document
from monitor.extract.text import prepare_document
from monitor.watchlist import load_watchlists

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = build_gazetteer(load_watchlists(ROOT / "watchlists"))
CREDIT_CASES = [parse_credit_case(record) for record in parse_jsonl(
    (ROOT / "tests" / "fixtures" / "attribution.jsonl").read_text(encoding="utf-8"))]
NIS = "National Intelligence Service"


def prepare(text: str, lang: str) -> Document:
    return prepare_document(text, lang=lang)


def credit_of(doc: Document, needle: str) -> Credit:
    """The credit of the figure written as `needle` (its first occurrence)."""
    offset = doc.text.index(needle)
    index = next(i for i, s in enumerate(doc.sentences) if s.start <= offset < s.end)
    return credit_at(doc, find_actors(doc, GAZETTEER), GAZETTEER, index, offset)


def credit_in(text: str, lang: str, needle: str) -> Credit:
    return credit_of(prepare(text, lang), needle)


def seed_doc(prefix: str) -> Document:
    (path,) = (ROOT / "seeds").glob(f"{prefix}_*.txt")
    return prepare_document(path.read_text(encoding="utf-8"))


# --- labelled fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CREDIT_CASES, ids=[f"{c.lang}-{i}-{c.number}" for i, c in enumerate(CREDIT_CASES)])
def test_labelled_case(case: CreditCase) -> None:
    credit = run_credit_case(case, GAZETTEER, prepare)
    assert (credit.name, credit.carried) == (case.credited_to, case.carried), credit


def test_fixtures_cover_every_language_and_kind_of_credit() -> None:
    assert {case.lang for case in CREDIT_CASES} == {"en", "id", "ru", "uk", "ko", "de", "fr"}
    assert any(case.carried for case in CREDIT_CASES)
    assert any(case.credited_to is None for case in CREDIT_CASES)


def test_precision_and_recall_over_the_fixtures() -> None:
    total = Score()
    for case in CREDIT_CASES:
        total = total + score_credit(case, run_credit_case(case, GAZETTEER, prepare))
    assert (total.precision, total.recall) == (1.0, 1.0)


def test_scoring_a_wrong_credit_counts_a_false_alarm_and_a_miss() -> None:
    case = CreditCase("en", "", "1", "Pentagon", False)
    assert score_credit(case, Credit("Kremlin", False, "said")) == Score(0, 1, 1)
    assert score_credit(case, Credit(None, False, None)) == Score(0, 0, 1)
    assert score_credit(case, Credit("Pentagon", False, "said")) == Score(1, 0, 0)
    assert score_credit(CreditCase("en", "", "1", None, False), NO_CREDIT) == Score()


# --- the seed articles ---------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "needle", "expected"), [
    ("001", "1.500 tentara", NIS),
    ("001", "12.000 tentara", NIS),
    ("003", "1.500 orang", NIS),
    ("004", "1.500 pasukan", "South Korea"),
    ("004", "10.000 tentara", "Volodymyr Zelensky"),
    ("000", "1.500 pasukan", NIS),
    ("000", "10.000 tentara", "Volodymyr Zelensky"),
    ("002", "10.000 tentara", "Pentagon"),
    ("002", "3.000 tentara", "Pentagon"),
])
def test_seed_figures(prefix: str, needle: str, expected: str) -> None:
    credit = credit_of(seed_doc(prefix), needle)
    assert credit.name == expected and not credit.carried


def test_seed_001_second_figure_goes_through_the_agency_pronoun() -> None:
    assert credit_of(seed_doc("001"), "12.000 tentara").cue == "mengatakan"


def test_seed_000_related_headline_figure_has_no_credit() -> None:
    assert credit_of(seed_doc("000"), "3.000 Tentara") == NO_CREDIT


# --- cues, one by one ----------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text", "needle", "expected", "cue"), [
    ("id", "“Ada 1.000 tentara,” kata Pentagon.", "1.000", "Pentagon", "kata"),
    ("id", "“Ada 1.100 tentara,” ujar Pentagon.", "1.100", "Pentagon", "ujar"),
    ("id", "Ada 1.200 tentara, ungkap Pentagon.", "1.200", "Pentagon", "ungkap"),
    ("id", "Menurut NIS, ada 1.300 tentara.", "1.300", NIS, "Menurut"),
    ("id", "NIS menyatakan ada 1.400 tentara.", "1.400", NIS, "menyatakan"),
    ("id", "NIS menuduh Pyongyang mengirim 1.600 tentara.", "1.600", NIS, "menuduh"),
    ("id", "NIS mengonfirmasi 1.700 tentara tiba.", "1.700", NIS, "mengonfirmasi"),
    ("id", "NIS melaporkan 1.800 tentara tiba.", "1.800", NIS, "melaporkan"),
    ("id", "NIS mengklaim 1.900 tentara tiba.", "1.900", NIS, "mengklaim"),
    ("id", "NIS menyebut 2.100 tentara tiba.", "2.100", NIS, "menyebut"),
    ("id", "Mengutip NIS, 2.200 tentara tiba.", "2.200", NIS, "Mengutip"),
    ("en", "North Korea sent 2,300 troops, the Pentagon says.", "2,300", "Pentagon", "says"),
    ("en", "The Pentagon told reporters 2,400 troops had arrived.", "2,400", "Pentagon", "told"),
    ("en", "The Pentagon reported 2,500 casualties.", "2,500", "Pentagon", "reported"),
    ("en", "The Pentagon claimed 2,600 troops had arrived.", "2,600", "Pentagon", "claimed"),
    ("en", "The Pentagon confirmed 2,700 troops had arrived.", "2,700", "Pentagon", "confirmed"),
    ("en", "The Pentagon estimates 2,800 troops are there.", "2,800", "Pentagon", "estimates"),
    ("ru", "В КНДР 2900 военных, заявил Пентагон.", "2900", "Pentagon", "заявил"),
    ("ru", "Пентагон заявил о 3100 военных.", "3100", "Pentagon", "заявил"),
    ("ru", "Как сообщает Пентагон, прибыли 3200 военных.", "3200", "Pentagon", "Как сообщает"),
    ("ru", "Прибыли 3300 военных, сообщил Пентагон.", "3300", "Pentagon", "сообщил"),
    ("uk", "Прибули 3400 військових, заявив Пентагон.", "3400", "Pentagon", "заявив"),
    ("uk", "Пентагон заявив про 3500 військових.", "3500", "Pentagon", "заявив"),
    ("uk", "Прибули 3600 військових, повідомив Пентагон.", "3600", "Pentagon", "повідомив"),
    ("de", "Nach Angaben des Pentagon sind 3700 Soldaten dort.", "3700", "Pentagon", "Nach Angaben"),
    ("de", "Es seien 3800 Soldaten, sagte Selenskyj.", "3800", "Volodymyr Zelensky", "sagte"),
    ("de", "Das Pentagon schätzt 3900 Soldaten.", "3900", "Pentagon", "schätzt"),
    ("fr", "D'après le Pentagone, 4100 soldats sont là.", "4100", "Pentagon", "D'après"),
    ("fr", "Le Pentagone a déclaré que 4200 soldats sont là.", "4200", "Pentagon", "a déclaré"),
    ("fr", "Le Pentagone estime que 4300 soldats sont là.", "4300", "Pentagon", "estime"),
    ("ko", "국정원은 북한군 4400명이 러시아에 있다고 추정했다.", "4400", NIS, "추정했다"),
])
def test_each_cue(lang: str, text: str, needle: str, expected: str, cue: str) -> None:
    credit = credit_in(text, lang, needle)
    assert (credit.name, credit.carried, credit.cue) == (expected, False, cue)


def test_the_subject_of_a_relative_clause_is_credited() -> None:
    text = "Laporan itu didukung Presiden Ukraina, Volodymyr Zelensky, yang mengatakan ada 4.500 tentara."
    assert credit_in(text, "id", "4.500").name == "Volodymyr Zelensky"


def test_a_wire_agency_never_beats_a_named_speaker() -> None:
    assert credit_in("Yonhap melaporkan, mengutip NIS, bahwa 4.600 tentara tiba.", "id", "4.600").name == NIS
    assert credit_in("Mengutip Yonhap, NIS mengatakan 4.700 tentara tiba.", "id", "4.700").name == NIS
    only = credit_in("Kantor berita Yonhap melaporkan 4.800 tentara tiba.", "id", "4.800")
    assert only == Credit(None, False, "melaporkan")


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("id", "Pentagon memperkirakan 4.900 tentara. Badan tersebut memperkirakan 5.100 lagi.", "5.100", "Pentagon"),
    ("id", "NIS mengatakan 100 tentara. Yoon berbicara di Seoul. Pihaknya mengatakan 5.200 tentara.", "5.200",
     "Yoon Suk Yeol"),
    ("en", "Zelensky spoke on Monday. Later, he said 5,300 troops had arrived.", "5,300", "Volodymyr Zelensky"),
    ("en", "The Pentagon spoke first. Then Rutte spoke. It said 5,400 troops had arrived.", "5,400", "Pentagon"),
    ("ru", "Песков выступил в Москве. Он заявил, что прибыли 5500 военных.", "5500", "Dmitry Peskov"),
    ("de", "Selenskyj sprach in Kiew. Er sagte, 5600 Soldaten seien dort.", "5600", "Volodymyr Zelensky"),
    ("fr", "Poutine a parlé. Il a déclaré que 5700 soldats sont là.", "5700", "Vladimir Putin"),
    ("ko", "젤렌스키 대통령이 연설했다. 그는 북한군 5800명이 있다고 말했다.", "5800", "Volodymyr Zelensky"),
])
def test_pronouns_stand_for_the_last_fitting_speaker(lang: str, text: str, needle: str, expected: str) -> None:
    assert credit_in(text, lang, needle).name == expected


def test_an_agency_pronoun_skips_people() -> None:
    text = "NIS mengatakan 100 tentara tiba. Yoon mengatakan hal itu serius. Badan itu menyebut 5.900 tentara."
    assert credit_in(text, "id", "5.900").name == NIS


def test_a_sentence_without_cue_carries_the_paragraph_attribution() -> None:
    text = "Pentagon memperkirakan 6.100 tentara. Sebanyak 6.200 di antaranya pasukan khusus."
    assert credit_in(text, "id", "6.200") == Credit("Pentagon", True, "memperkirakan")


def test_a_carried_attribution_goes_on_past_the_paragraph() -> None:
    text = "Pentagon memperkirakan 6.300 tentara.\nSebanyak 6.400 di antaranya pasukan khusus."
    assert credit_in(text, "id", "6.400") == Credit("Pentagon", True, "memperkirakan")


def test_an_outlet_or_unnamed_source_is_not_carried() -> None:
    text = "Ada 6.500 tentara, kata Yonhap. Sebanyak 6.600 di antaranya pasukan khusus."
    assert credit_in(text, "id", "6.600") == NO_CREDIT
    text = "Ada 6.700 tentara, kata pejabat. Sebanyak 6.800 di antaranya pasukan khusus."
    assert credit_in(text, "id", "6.800") == NO_CREDIT


def test_the_nearest_attribution_before_the_figure_wins() -> None:
    text = "NIS mengatakan 6.900 tentara tiba, sementara Pentagon memperkirakan 7.100 tentara."
    assert credit_in(text, "id", "6.900").name == NIS
    assert credit_in(text, "id", "7.100").name == "Pentagon"


def test_out_of_range_and_boilerplate_sentences_have_no_credit() -> None:
    doc = seed_doc("001")
    actors = find_actors(doc, GAZETTEER)
    assert credit_at(doc, actors, GAZETTEER, -1, 0) == NO_CREDIT
    assert credit_at(doc, actors, GAZETTEER, len(doc.sentences), 0) == NO_CREDIT
    boilerplate = next(i for i, s in enumerate(doc.sentences) if s.boilerplate)
    assert credit_at(doc, actors, GAZETTEER, boilerplate, doc.sentences[boilerplate].start) == NO_CREDIT


def test_an_offset_outside_its_sentence_is_clamped() -> None:
    doc = prepare("Menurut NIS, 7.200 tentara tiba.", "id")
    actors = find_actors(doc, GAZETTEER)
    assert credit_at(doc, actors, GAZETTEER, 0, 10_000).name == NIS


def test_credit_works_with_actors_from_elsewhere() -> None:
    doc = prepare("“Ada 7.300 tentara,” kata Wood. Wood bertemu Robert Wood kemarin.", "id")
    offset = doc.text.index("7.300")
    assert credit_at(doc, [], GAZETTEER, 0, offset).name is None
    assert credit_at(doc, find_actors(doc, GAZETTEER), GAZETTEER, 0, offset).name == "Robert Wood"

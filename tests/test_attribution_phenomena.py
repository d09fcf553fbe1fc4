"""Attribution phenomena across sentences and languages: back-references, quotations that close later,
possessive "according to him" cues, headline speakers, ledes, relays, bare titles; and credits that
depend only on the text (never on what was extracted before)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.extract.actors import build_gazetteer, find_actors
from monitor.extract.attribution import Credit, credit_at, read_attribution
from monitor.extract.extractor import extract
from monitor.extract.text import prepare_document
from monitor.pipeline import Pipeline
from monitor.sources import ArticleInput
from monitor.store import EventStore
from monitor.watchlist import load_watchlists

ROOT = Path(__file__).resolve().parents[1]
WATCHLISTS = load_watchlists(ROOT / "watchlists")
GAZETTEER = build_gazetteer(WATCHLISTS)
NIS = "National Intelligence Service"
SYRSKYI, ZELENSKY = "Oleksandr Syrskyi", "Volodymyr Zelensky"


def credit_in(text: str, lang: str, needle: str) -> Credit:
    doc = prepare_document(text, lang=lang)
    offset = doc.text.index(needle)
    index = next(i for i, s in enumerate(doc.sentences) if s.start <= offset < s.end)
    actors = find_actors(doc, GAZETTEER)
    credit = credit_at(doc, actors, GAZETTEER, index, offset)
    shared = credit_at(doc, actors, GAZETTEER, index, offset, read_attribution(doc, actors, GAZETTEER))
    assert credit == shared  # one reading per document or one per figure: the same credit
    return credit


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("ru", "Площадь достигла 1294 квадратных километров.\n"
           "Об этом рассказал главнокомандующий ВСУ Александр Сырский.", "1294", SYRSKYI),
    ("uk", "Близько 11 000 військових проходять підготовку.\nПро це розповів Володимир Зеленський.", "11 000",
     ZELENSKY),
    ("uk", "Втрати сягнули 4 тис. військових.\nТаку цифру назвав Президент Володимир Зеленський.", "4 тис", ZELENSKY),
    ("id", "Sebanyak 3.000 tentara tiba di Kursk.\nHal itu disampaikan oleh Volodymyr Zelensky.", "3.000", ZELENSKY),
])
def test_a_back_reference_credits_the_sentence_before(lang: str, text: str, needle: str, expected: str) -> None:
    assert credit_in(text, lang, needle) == Credit(expected, True, credit_in(text, lang, needle).cue)
    assert credit_in(text, lang, needle).name == expected


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("ru", '"Мы контролируем 1294 квадратных километра. В плен попали 594 военных", - сказал Сырский.', "1294",
     SYRSKYI),
    ("en", "“We control 1,294 square kilometres. We took 594 prisoners,” Zelensky said.", "1,294", ZELENSKY),
    ("de", "„Wir kontrollieren 1294 Quadratkilometer. Wir haben 594 Gefangene“, sagte Selenskyj.", "1294", ZELENSKY),
])
def test_a_quotation_is_credited_to_who_speaks_where_it_closes(lang: str, text: str, needle: str,
                                                               expected: str) -> None:
    assert credit_in(text, lang, needle).name == expected


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("uk", "Зеленський виступив у Києві. За його словами, загинула 31 тисяча військових.", "31 тисяча", ZELENSKY),
    ("ru", "Сырский выступил в Киеве. По его словам, в плен попали 594 военных.", "594", SYRSKYI),
    ("id", "Zelensky berbicara di Kyiv. Menurutnya, 59.000 orang perlu dievakuasi.", "59.000", ZELENSKY),
    ("fr", "Zelensky a parlé à Kiev. Selon lui, 11.000 soldats sont déployés.", "11.000", ZELENSKY),
    ("de", "Selenskyj sprach in Kiew. Ihm zufolge sind 11.000 Soldaten dort.", "11.000", ZELENSKY),
    ("en", "Zelensky spoke in Kyiv. According to him, 11,000 troops are there.", "11,000", ZELENSKY),
])
def test_according_to_him_stands_for_the_speaker_before(lang: str, text: str, needle: str, expected: str) -> None:
    assert credit_in(text, lang, needle).name == expected


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("ru", "Сырский: под контролем ВСУ уже 1294 км² Курской области", "1294", SYRSKYI),
    ("uk", "Близько 11 тисяч солдатів КНДР будуть готові до війни – Зеленський", "11 тисяч", ZELENSKY),
    ("ko", '국정원 "러 파병 북한군 사상자 4700여 명"', "4700", NIS),
])
def test_a_headline_names_its_speaker_with_punctuation(lang: str, text: str, needle: str, expected: str) -> None:
    assert credit_in(text, lang, needle).name == expected


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("id", "Korut Kirim 6 Ribu Tentara ke Rusia\nMenurut Zelensky, pasukan itu tiba pekan depan.", "6 Ribu", ZELENSKY),
    ("en", "North Korea to send 6,000 more troops\nThe NIS said on Thursday the troops would arrive soon.", "6,000",
     NIS),
])
def test_a_headline_takes_the_first_source_after_it(lang: str, text: str, needle: str, expected: str) -> None:
    assert credit_in(text, lang, needle) == Credit(expected, True, credit_in(text, lang, needle).cue)


@pytest.mark.parametrize(("lang", "text", "needle"), [
    ("en", "Zelensky, citing the NIS, said 6,000 troops had arrived.", "6,000"),
    ("en", "Citing the NIS, Zelensky said 6,000 troops had arrived.", "6,000"),
    ("ru", "Зеленский со ссылкой на NIS заявил, что прибыли 6000 военных.", "6000"),
    ("id", "Zelensky, mengutip NIS, mengatakan 6.000 tentara tiba.", "6.000"),
])
def test_a_relay_credits_the_origin_via_the_relaying_speaker(lang: str, text: str, needle: str) -> None:
    credit = credit_in(text, lang, needle)
    assert (credit.name, credit.via) == (NIS, ZELENSKY)


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("ru", "Сырский выступил в Киеве. «В плен попали 594 военных», - сказал главнокомандующий.", "594", SYRSKYI),
    ("uk", "Зеленський виступив у Києві. «Вони втрачають чотири тисячі, 4000», - заявив президент.", "4000",
     ZELENSKY),
])
def test_a_bare_title_stands_for_the_person_named_before(lang: str, text: str, needle: str, expected: str) -> None:
    assert credit_in(text, lang, needle).name == expected


def test_a_source_carries_into_the_next_paragraphs() -> None:
    text = "Генштаб ЗСУ повідомив про втрати.\nЗа добу росіяни втратили 1440 солдатів.\nВсього 689 040 людей."
    assert credit_in(text, "uk", "689 040").name == "General Staff of the Armed Forces of Ukraine"


# --- order independence --------------------------------------------------------------------------

TEXTS = [
    "Russia lost 1,200 troops, Ukraine's General Staff said. Choe Son Hui met Putin in Moscow.",
    "Choe Son Hui met officials. North Korea sent 3,000 troops to Kursk, Choe Son Hui said.",
    "Around 2,000 North Korean troops were killed, the NIS said.",
]


def _credits(text: str) -> list[tuple[float, str | None]]:
    extraction = extract(text, WATCHLISTS, GAZETTEER, lang="en", require_match=False)
    return [(figure.value, figure.credited_to) for figure in extraction.figures]


def test_credits_do_not_depend_on_what_was_extracted_before() -> None:
    alone = [_credits(text) for text in TEXTS]
    forward = [_credits(text) for text in TEXTS]
    backward = [_credits(text) for text in reversed(TEXTS)][::-1]
    assert alone == forward == backward


def test_the_pipeline_credits_the_same_in_any_order(tmp_path: Path) -> None:
    def run(order: list[int], folder: str) -> dict[str, list[tuple[float, str | None]]]:
        store = EventStore(tmp_path / folder / "log.duckdb")
        (tmp_path / folder).mkdir()
        found: dict[str, list[tuple[float, str | None]]] = {}
        with store.session() as session:
            pipeline = Pipeline(session, WATCHLISTS, lambda: datetime(2025, 1, 1, tzinfo=UTC))
            for index in order:
                url = f"https://example.org/{index}"
                pipeline.process(ArticleInput(url, TEXTS[index], None, "example", "en",
                                              datetime(2025, 1, 1, tzinfo=UTC), "file"))
            rows = session.query("SELECT article_id, value, credited_to FROM p_figures ORDER BY 1, 2").rows
        for url, value, credited in rows:
            found.setdefault(url, []).append((value, credited))
        return found

    assert run([0, 1, 2], "forward") == run([2, 1, 0], "backward")

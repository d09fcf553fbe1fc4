"""Page furniture around article text: a credit leading a paragraph, the only body text, headlines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.extract.boilerplate import credit_prefix_end, is_boilerplate, mark_furniture
from monitor.extract.model import Document
from monitor.extract.text import prepare_document

CORPUS = Path(__file__).parent / "corpus"

# One-paragraph pages whose only paragraph starts with the photo credit or byline.
CREDIT_LED = [
    ("Foto: ANTARA/Muhammad Adimaja.",
     "Korea Utara telah mengirim 10.000 tentara ke Rusia, kata badan intelijen Seoul.", "10.000"),
    ("Photo: Reuters", "Russia fired 188 drones at Ukraine overnight, the Ukrainian air force said on Tuesday.", "188"),
    ("Фото: ТАСС", "В боях в Курской области погибли около двух тысяч военных из КНДР, сообщили в разведке.",
     "двух тысяч"),
    ("사진=연합뉴스", "북한이 러시아에 1만2000명을 파병했다고 국가정보원이 밝혔다.", "1만2000명"),
    ("Bild: dpa", "Die Ukraine hat 277 Kriegsgefangene aus Russland zurückerhalten, teilte Selenskyj mit.", "277"),
    ("Photo : AFP", "Les forces ukrainiennes contrôlent 1000 km² dans la région de Koursk, selon Kiev.", "1000 km²"),
    ("(서울=뉴스1) 김일창 박재하 기자 =",
     "러·우 전쟁에 보내진 북한군 약 1만 5000명 가운데 4700여 명이 사망하거나 다", "1만 5000명"),
]


def _body(doc: Document) -> list[str]:
    return [s.text for s in doc.sentences if not s.boilerplate]


@pytest.mark.parametrize(("credit", "text", "figure"), CREDIT_LED)
def test_only_the_credit_leading_a_one_paragraph_page_is_furniture(credit: str, text: str, figure: str) -> None:
    doc = prepare_document(f"{credit} {text}", title="")
    furniture = [s.text for s in doc.sentences if s.boilerplate]
    assert furniture == [credit]
    assert " ".join(_body(doc)) == text
    assert any(figure in sentence for sentence in _body(doc))


@pytest.mark.parametrize(("credit", "text", "figure"), CREDIT_LED)
def test_a_credit_leading_a_paragraph_under_a_headline_is_split_off(credit: str, text: str, figure: str) -> None:
    page = f"North Korea troops: the latest\n\n{credit} {text}\n\nAnother paragraph of the story follows here."
    doc = prepare_document(page)
    assert any(figure in sentence for sentence in _body(doc))
    assert credit in [s.text for s in doc.sentences if s.boilerplate]


@pytest.mark.parametrize("line", ["Foto: ANTARA/Budi Santoso", "Photo: Reuters", "사진=연합뉴스", "Photo : YONHAP News",
                                  "Bild: dpa", "Фото: РИА Новости", "Sumber: Reuters | Editor: Barratut Taqiyyah Rafie",
                                  "기자 = 홍길동"])
def test_a_credit_alone_is_still_furniture(line: str) -> None:
    assert is_boilerplate(line, "und")
    assert credit_prefix_end(line) == 0


def test_the_only_body_text_is_never_dropped() -> None:
    body = "Published 22 October: South Korea's spy agency said 3,000 North Korean troops had arrived in Kursk."
    assert is_boilerplate(body, "und")  # a metadata-shaped line, alone it reads as furniture
    doc = prepare_document(f"Seoul says troops arrived\n\n{body}\n\nBaca juga: Korut Kirim 1.000 Tentara Lagi")
    assert _body(doc)[-1] == body
    assert not any("1.000" in sentence for sentence in _body(doc))  # the related link stays furniture


def test_furniture_is_kept_out_when_there_is_other_body_text() -> None:
    meta = "Published 22 October: South Korea's spy agency said 3,000 North Korean troops had arrived in Kursk."
    lines = ["Seoul says troops arrived", meta,
             "The National Intelligence Service said the soldiers were being trained near the border."]
    assert mark_furniture(lines) == [False, True, False]


@pytest.mark.parametrize("headline", ["Video: Korut Kirim 10.000 Tentara ke Rusia",
                                      "Photo: 3,000 North Korean troops arrive in Kursk",
                                      "Trending: Seoul says 11,000 North Korean soldiers in Russia"])
def test_a_headline_carrying_a_figure_is_not_furniture(headline: str) -> None:
    doc = prepare_document(f"{headline}\n\nSeoul's spy agency said on Tuesday that the soldiers had arrived.")
    first = doc.sentences[0]
    assert first.text == headline and not first.boilerplate


@pytest.mark.parametrize("first", ["Baca juga: Korut Kirim 10.000 Tentara ke Rusia", "Write: 2024-10-22 15:06:52",
                                   "Published: October 28, 2024 10:00 am", "817"])
def test_a_first_line_that_is_a_link_or_a_date_stays_furniture(first: str) -> None:
    doc = prepare_document(f"{first}\n\nSeoul's spy agency said on Tuesday that 3,000 soldiers had arrived.")
    assert doc.sentences[0].boilerplate


def _gold() -> list[dict[str, object]]:
    return [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.parametrize("record", _gold(), ids=lambda record: str(record["file"]))
def test_no_corpus_figure_is_in_furniture(record: dict[str, object]) -> None:
    """Every annotated figure of the development corpus (site chrome is not annotated) is read
    from article text: some occurrence of its quote lies outside the furniture."""
    text = (CORPUS / str(record["file"])).read_text(encoding="utf-8")
    doc = prepare_document(text)
    figures = record["figures"]
    assert isinstance(figures, list)
    for figure in figures:
        quote = figure["quote"]
        starts = [i for i in range(len(doc.text)) if doc.text.startswith(quote, i)]
        assert starts, quote
        assert any(not s.boilerplate and s.start <= i < s.end for i in starts for s in doc.sentences), quote

"""Tests for monitor.extract.text: language, boilerplate, title, sentences, dates, documents."""

from __future__ import annotations

import random
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract.model import Document
from monitor.extract.text import (
    SUPPORTED_LANGS,
    detect_language,
    find_publication_date,
    is_boilerplate,
    pick_title,
    prepare_document,
    split_sentences,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def sentences_of(text: str, lang: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


def assert_offsets(doc: Document) -> None:
    previous_end = 0
    for sentence in doc.sentences:
        assert doc.text[sentence.start:sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end


# --- language ----------------------------------------------------------------------------------

SAMPLES = [
    ("en", "The government said on Monday that thousands of troops had been deployed to the border region, "
           "according to officials familiar with the matter."),
    ("id", "Pemerintah mengatakan pada hari Senin bahwa ribuan tentara telah dikerahkan ke wilayah perbatasan, "
           "menurut para pejabat."),
    ("ru", "Правительство заявило в понедельник, что тысячи военных были направлены в приграничный район, "
           "сообщили официальные лица."),
    ("ru", "Он сказал, что все хорошо и что завтра будет новая встреча в Москве."),
    ("uk", "Уряд заявив у понеділок, що тисячі військових були направлені до прикордонного регіону, "
           "повідомили посадовці."),
    ("uk", "Він сказав, що завтра буде нова зустріч у Києві."),
    ("ko", "정부는 월요일 수천 명의 병력이 국경 지역에 배치됐다고 밝혔다. 관계자들은 이같이 말했다."),
    ("ko", "북한은 NATO와 EU의 발표에 대해 아직 공식 입장을 내지 않았다."),
    ("de", "Die Regierung teilte am Montag mit, dass Tausende Soldaten in die Grenzregion verlegt worden seien, "
           "sagten Beamte."),
    ("fr", "Le gouvernement a déclaré lundi que des milliers de soldats avaient été déployés dans la région "
           "frontalière, selon des responsables."),
]


@pytest.mark.parametrize(("lang", "text"), SAMPLES)
def test_detect_language_samples(lang: str, text: str) -> None:
    assert detect_language(text) == lang
    assert detect_language(text, "auto") == lang


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_are_indonesian(prefix: str) -> None:
    assert detect_language(seed(prefix)) == "id"
    assert prepare_document(seed(prefix)).lang == "id"


@pytest.mark.parametrize(
    ("hint", "expected"),
    [("de", "de"), ("FR", "fr"), ("en-US", "en"), ("uk_UA", "uk"), ("in", "id"), ("auto", "en"),
     (None, "en"), ("pt", "en"), ("", "en")],
)
def test_detect_language_hint(hint: str | None, expected: str) -> None:
    text = "The minister said the talks would continue next week in Brussels."
    assert detect_language(text, hint) == expected


@pytest.mark.parametrize("text", ["", "   ", "12345 !!! 678", "\n\n"])
def test_detect_language_without_letters_is_supported(text: str) -> None:
    assert detect_language(text) in SUPPORTED_LANGS


def test_detect_language_is_deterministic() -> None:
    text = seed("002")
    assert {detect_language(text) for _ in range(5)} == {"id"}


# --- boilerplate -------------------------------------------------------------------------------

BOILERPLATE = [
    # related headlines / navigation
    ("id", "Baca Juga: AS Yakin Ada 3.000 Tentara Korea Utara yang Sedang Berlatih di Rusia"),
    ("id", "BACA JUGA"),
    ("id", "BACA JUGA Putin Terima Menlu Korut di Kremlin"),
    ("id", "Baca juga: Korsel panggil dubes Rusia"),
    ("id", "Tonton: Ini Peringatan NATO kepada Rusia dan Korea Utara"),
    ("id", "Lihat juga video: Pasukan Korut di Kursk"),
    ("id", "Simak: Daftar negara anggota NATO"),
    ("id", "Pilihan Editor"),
    ("id", "Berita Terkait"),
    ("en", "Read also: Seoul summons Russian ambassador"),
    ("en", "Read more: North Korea sends troops"),
    ("en", "Related: NATO chief warns Pyongyang"),
    ("en", "See also"),
    ("en", "Watch: Putin meets Choe Son Hui"),
    ("en", "Editor's picks"),
    ("ru", "Читайте также: КНДР отправила войска"),
    ("ru", "Смотрите также"),
    ("uk", "Читайте також: Зеленський про війська КНДР"),
    ("ko", "관련 기사"),
    ("ko", "관련기사: 北, 러시아 파병"),
    ("de", "Lesen Sie auch: Nordkorea schickt Soldaten"),
    ("de", "Mehr zum Thema"),
    ("fr", "Lire aussi : La Corée du Nord envoie des troupes"),
    ("fr", "À lire aussi"),
    # menus and short labels
    ("id", "Pergi ke Menu Pergi ke Halaman Utama"),
    ("en", "Go Top"),
    ("en", "Skip to content"),
    ("en", "Close"),
    ("en", "Menu"),
    ("id", "Politik"),
    ("de", "Nach oben"),
    # cookie notices
    ("id", "Situs kami menggunakan cookie dan teknologi lainnya untuk memberikan Anda layanan yang lebih baik. "
           "Dengan terus menggunakan situs ini, Anda menyetujui penggunaan teknologi ini dan kebijakan kami. Detail >"),
    ("en", "We use cookies to improve your experience on our site."),
    ("ru", "Мы используем cookie, чтобы сайт работал лучше."),
    ("ru", "Мы используем файлы куки для улучшения работы сайта."),
    ("de", "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten."),
    ("fr", "Nous utilisons des cookies pour améliorer votre expérience."),
    ("ko", "이 사이트는 쿠키를 사용합니다."),
    # photo credits
    ("id", "Photo : YONHAP News"),
    ("id", "Foto: Reuters/Kim Hong-Ji"),
    ("id", "(Foto: AFP)"),
    ("en", "Photo: AP"),
    ("ru", "Фото: ТАСС"),
    ("uk", "Фото: Укрінформ"),
    ("ko", "사진=연합뉴스"),
    # bylines and source lines
    ("id", "Sumber: Reuters | Editor: Barratut Taqiyyah Rafie"),
    ("id", "Editor: Barratut Taqiyyah Rafie"),
    ("id", "Penulis: Tiara Shelawi"),
    ("id", "Reporter: Andi Saputra"),
    ("id", "(Tribunnews.com, Tiara Shelawi)"),
    ("id", "Write: 2024-10-22 15:06:52Update: 2024-10-22 15:08:35"),
    ("en", "By John Smith"),
    ("en", "Reporting by Josh Smith; Editing by Gerry Doyle"),
    ("en", "Published: October 28, 2024 10:00 am"),
    ("ru", "Автор: Иван Петров"),
    ("ko", "기자 = 홍길동"),
    ("ko", "홍길동 기자 hong@yna.co.kr"),
    ("de", "Von Anna Müller, Berlin"),
    ("fr", "Par Jean Dupont"),
    # share / subscribe / advert / legal
    ("id", "Ikuti kami di Google News untuk berita terbaru"),
    ("en", "Follow us on Twitter"),
    ("en", "Advertisement"),
    ("en", "Copyright © 2024 Reuters. All rights reserved."),
    ("de", "Werbung"),
    ("fr", "Publicité"),
]


@pytest.mark.parametrize(("lang", "line"), BOILERPLATE)
def test_boilerplate_lines(lang: str, line: str) -> None:
    assert is_boilerplate(line, lang)


NOT_BOILERPLATE = [
    ("id", "Utusan Korsel akan Berkunjung ke Markas NATO, Bicarakan Hubungan Rusia-Korut"),
    ("id", "Potensi Korea Selatan Masuk ke Perang Ukraina"),
    ("id", "Pengerahan Tentara Korea Utara ke Rusia"),
    ("id", "Duta Besar Rusia dipanggil ke Seoul"),
    ("id", "Sumber tersebut mengatakan bahwa kelompok tersebut, jika dikerahkan, akan memiliki pasukan intelijen."),
    ("id", "Presiden Ukraina Volodymyr Zelensky juga mengatakan pemerintahnya memiliki informasi intelijen bahwa "
           "10.000 tentara Korea Utara sedang bersiap untuk bergabung dengan pasukan Rusia. Tentara Korea Utara "
           "(AFP melalui KCNA)"),
    ("id", "KONTAN.CO.ID - Pada Senin (21/10/2024), Sekretaris Jenderal NATO Mark Rutte memperingatkan Pyongyang."),
    ("id", "Yonhap juga melaporkan bahwa akun Telegram pro-Rusia memposting foto bendera Rusia dan Korea Utara."),
    ("en", "By the end of the week, 3,000 troops had arrived in Kursk."),
    ("en", "Watch makers in Seoul said exports fell by 5 percent."),
    ("ru", "Фотографии со спутника показали 10 тысяч военных."),
    ("de", "Von der Leyen sagte am Montag, die EU werde weitere Sanktionen prüfen."),
    ("fr", "Par ailleurs, le gouvernement a annoncé l'envoi de 500 soldats."),
    ("ko", "(서울=연합뉴스) 김철수 기자 = 북한이 러시아에 1만명 이상을 파병했다고 국가정보원이 밝혔다."),
    ("en", ""),
]


@pytest.mark.parametrize(("lang", "line"), NOT_BOILERPLATE)
def test_not_boilerplate_lines(lang: str, line: str) -> None:
    assert not is_boilerplate(line, lang)


# --- title -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", "Utusan Korsel akan Berkunjung ke Markas NATO, Bicarakan Hubungan Rusia-Korut"),
        ("001", None),
        ("002", "Menlu Korea Utara Kunjungi Rusia, Perang Meluas?"),
        ("003", "Presiden Yoon Bahas Peningkatan Kerja Sama Militer Korut-Rusia Dengan Sekjen NATO"),
        ("004", None),
    ],
)
def test_seed_titles(prefix: str, expected: str | None) -> None:
    text = seed(prefix)
    assert pick_title(text.splitlines()) == expected
    assert prepare_document(text).title == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Go Top", "", "Politik", "Seoul Summons Russian Envoy Over Troops", "Body text here."],
         "Seoul Summons Russian Envoy Over Troops"),
        (["WASHINGTON (Reuters) - The Pentagon said on Monday it had seen evidence", "More text."], None),
        (["JAKARTA, KOMPAS.com - Pemerintah menyatakan", "Lanjutan."], None),
        (["A Headline Without Body"], None),
        (["Only two", "Body text follows here."], None),
        (["this is lower case and not a headline", "Body."], None),
        (["The army said 3,000 troops arrived.", "More text."], None),
        (["Сеул вызвал посла России из-за войск КНДР", "Текст статьи."], "Сеул вызвал посла России из-за войск КНДР"),
        (["북한군 러시아 파병 공식 확인", "본문입니다."], "북한군 러시아 파병 공식 확인"),
        ([], None),
    ],
)
def test_pick_title(lines: list[str], expected: str | None) -> None:
    assert pick_title(lines) == expected


def test_given_title_wins() -> None:
    doc = prepare_document(seed("001"), title="Rutte Warns Pyongyang")
    assert doc.title == "Rutte Warns Pyongyang"


# --- sentences ---------------------------------------------------------------------------------

SPLITS = [
    ("id", "“Kesimpulannya jelas – perang ini menjadi internasional, meluas melampaui dua negara,” kata Zelenskiy "
           "di X.",
     ["“Kesimpulannya jelas – perang ini menjadi internasional, meluas melampaui dua negara,” kata Zelenskiy di X."]),
    ("id", "“Pemerintah akan melakukan tindakan balasan secara bertahap,” ujarnya. Korea Selatan sedang "
           "mempertimbangkan untuk mengirim pasukan ke Ukraina",
     ["“Pemerintah akan melakukan tindakan balasan secara bertahap,” ujarnya.",
      "Korea Selatan sedang mempertimbangkan untuk mengirim pasukan ke Ukraina"]),
    ("id", "“Apa ini?” tanya dia. “Tidak!” Dia pergi.", ["“Apa ini?” tanya dia.", "“Tidak!”", "Dia pergi."]),
    ("id", "“Kami siap.” kata dia di X. Lalu dia pergi.", ["“Kami siap.” kata dia di X.", "Lalu dia pergi."]),
    ("id", "Korea Utara mengirim 1.500 pasukan. Jumlahnya naik 1,5 kali lipat.",
     ["Korea Utara mengirim 1.500 pasukan.", "Jumlahnya naik 1,5 kali lipat."]),
    ("id", "Ia tinggal di Jl. Sudirman No. 5 bersama dr. Andi. Rapat ditutup.",
     ["Ia tinggal di Jl. Sudirman No. 5 bersama dr. Andi.", "Rapat ditutup."]),
    ("id", "Bpk. Joko membeli buku, pena, dll. dan tsb. tidak hadir. Rapat selesai.",
     ["Bpk. Joko membeli buku, pena, dll. dan tsb. tidak hadir.", "Rapat selesai."]),
    ("id", "Pada Senin (21/10/2024) dan 22.10.2024 ada rapat. Hasilnya belum jelas.",
     ["Pada Senin (21/10/2024) dan 22.10.2024 ada rapat.", "Hasilnya belum jelas."]),
    ("id", "Sejak tahun 2022. Korea Selatan menolak.", ["Sejak tahun 2022.", "Korea Selatan menolak."]),
    ("en", "Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5 at 3 p.m. local time. They talked.",
     ["Mr. Smith met Dr. Jones in the U.S. capital on Jan. 5 at 3 p.m. local time.", "They talked."]),
    ("en", "The U.N. and Gen. Lt. Kim J. Un spoke, e.g. about trade, i.e. tariffs vs. quotas. Talks ended.",
     ["The U.N. and Gen. Lt. Kim J. Un spoke, e.g. about trade, i.e. tariffs vs. quotas.", "Talks ended."]),
    ("en", "It was fine... Really fine. Then it ended.", ["It was fine... Really fine.", "Then it ended."]),
    ("en", "He said no. Then he left. It is No. 5 now.", ["He said no.", "Then he left.", "It is No. 5 now."]),
    ("en", "\"We are ready.\" The minister left. Was it over? Yes!",
     ["\"We are ready.\"", "The minister left.", "Was it over?", "Yes!"]),
    ("en", "George W. Bush and J. R. R. Tolkien met. Done.", ["George W. Bush and J. R. R. Tolkien met.", "Done."]),
    ("ru", "Это т.е. тест. В 2024 г. было 5 тыс. человек и 3 млн. рублей. Улица им. Ленина.",
     ["Это т.е. тест.", "В 2024 г. было 5 тыс. человек и 3 млн. рублей.", "Улица им. Ленина."]),
    ("ru", "«Мы готовы», — сказал он. Президент России В. Путин не ответил.",
     ["«Мы готовы», — сказал он.", "Президент России В. Путин не ответил."]),
    ("uk", "Було 5 тис. осіб. Наступне речення.", ["Було 5 тис. осіб.", "Наступне речення."]),
    ("de", "Das ist z.B. ein Test. Es kostet ca. 5 Mio. Euro bzw. 2 Mrd. Won. Am 3. Oktober kam Dr. Müller. "
           "Nr. 5 ist da.",
     ["Das ist z.B. ein Test.", "Es kostet ca. 5 Mio. Euro bzw. 2 Mrd. Won.", "Am 3. Oktober kam Dr. Müller.",
      "Nr. 5 ist da."]),
    ("fr", "M. Macron et Mme. Dupont ont vu env. 300 personnes. Puis ils sont partis.",
     ["M. Macron et Mme. Dupont ont vu env. 300 personnes.", "Puis ils sont partis."]),
    ("fr", "« C'est la guerre. » Il est parti.", ["« C'est la guerre. »", "Il est parti."]),
    ("ko", "북한이 파병했다.러시아는 부인했다. 정말요? 네!그렇습니다.",
     ["북한이 파병했다.", "러시아는 부인했다.", "정말요?", "네!", "그렇습니다."]),
    ("ko", "국정원은 1.5배 늘었다고 밝혔다. 군은 “확인 중”이라고 말했다.",
     ["국정원은 1.5배 늘었다고 밝혔다.", "군은 “확인 중”이라고 말했다."]),
    ("en", "No terminal punctuation here", ["No terminal punctuation here"]),
    ("en", "Visit example.com. Then leave.", ["Visit example.com.", "Then leave."]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), SPLITS)
def test_split_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert sentences_of(text, lang) == expected
    doc = prepare_document(text, lang=lang, title="")
    assert [s.text for s in doc.sentences] == expected


# --- documents ---------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_documents_offsets(prefix: str) -> None:
    text = seed(prefix)
    doc = prepare_document(text)
    assert_offsets(doc)
    covered: set[int] = set()
    for s in doc.sentences:
        covered.update(range(s.start, s.end))
    assert all(ch.isspace() or i in covered for i, ch in enumerate(doc.text))


def test_seed_003_structure() -> None:
    doc = prepare_document(seed("003"))
    flagged = {s.text: s.boilerplate for s in doc.sentences}
    for line in ("Pergi ke Menu Pergi ke Halaman Utama", "Go Top", "Politik", "Photo : YONHAP News",
                 "Write: 2024-10-22 15:06:52Update: 2024-10-22 15:08:35", "Pilihan Editor", "Close"):
        assert flagged[line] is True
    assert any(s.boilerplate and s.text.startswith("Situs kami menggunakan cookie") for s in doc.sentences)
    title = next(s for s in doc.sentences if s.text == doc.title)
    assert title.paragraph == 0 and not title.boilerplate
    copies = [s for s in doc.sentences if s.text == doc.title]
    assert len(copies) == 2 and not copies[1].boilerplate  # a repeated headline still reports what it says
    body = [s for s in doc.sentences if not s.boilerplate and s.start > copies[1].start]
    assert body[0].text.startswith("Presiden Yoon Suk Yeol menyatakan")
    assert body[0].paragraph == body[1].paragraph > 0


def test_seed_004_structure() -> None:
    doc = prepare_document(seed("004"))
    assert doc.title is None
    assert doc.sentences[0].paragraph == 0
    assert doc.sentences[-1].text == "(Tribunnews.com, Tiara Shelawi)" and doc.sentences[-1].boilerplate
    credit = [s for s in doc.sentences if s.text == "Tentara Korea Utara (AFP melalui KCNA)"]
    assert len(credit) == 1 and not credit[0].boilerplate
    assert credit[0].paragraph == doc.sentences[-1].paragraph - 19


def test_seed_000_paragraphs_and_related_lines() -> None:
    doc = prepare_document(seed("000"))
    assert doc.sentences[0].text == doc.title and doc.sentences[0].paragraph == 0
    first_body = doc.sentences[1]
    assert first_body.paragraph == 1 and first_body.text.startswith("KONTAN.CO.ID")
    related = [s for s in doc.sentences if s.text.startswith(("Baca Juga", "Tonton"))]
    assert len(related) == 3 and all(s.boilerplate for s in related)
    heading = next(s for s in doc.sentences if s.text == "Potensi Korea Selatan Masuk ke Perang Ukraina")
    assert not heading.boilerplate
    paragraphs = [s.paragraph for s in doc.sentences]
    assert paragraphs == sorted(paragraphs)


def test_crlf_is_normalised_and_offsets_hold() -> None:
    text = "Seoul Summons Russian Envoy Over Troops\r\n\r\nThe ministry said 1,500 troops left. Talks follow.\r\nBy AP"
    doc = prepare_document(text)
    assert "\r" not in doc.text
    assert doc.text == text.replace("\r\n", "\n")
    assert doc.title == "Seoul Summons Russian Envoy Over Troops"
    assert doc.lang == "en"
    assert [(s.text, s.paragraph, s.boilerplate) for s in doc.sentences] == [
        ("Seoul Summons Russian Envoy Over Troops", 0, False),
        ("The ministry said 1,500 troops left.", 1, False),
        ("Talks follow.", 1, False),
        ("By AP", 2, True),
    ]
    assert_offsets(doc)


def test_explicit_language_is_kept() -> None:
    assert prepare_document("Korea Selatan menolak.", lang="en").lang == "en"
    assert prepare_document("Korea Selatan menolak tawaran itu pada hari Senin.", lang="auto").lang == "id"


def test_empty_document() -> None:
    doc = prepare_document("")
    assert doc.text == "" and doc.sentences == () and doc.title is None and doc.lang in SUPPORTED_LANGS


# --- publication date --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", None),
        ("001", datetime(2024, 10, 21, tzinfo=UTC)),
        ("002", datetime(2024, 10, 29, tzinfo=UTC)),
        ("003", datetime(2024, 10, 22, 15, 6, 52, tzinfo=UTC)),
        ("004", datetime(2024, 10, 22, tzinfo=UTC)),  # Senin (21/10), Jumat (18/10), then Selasa (22/10)
    ],
)
def test_seed_dates(prefix: str, expected: datetime | None) -> None:
    assert find_publication_date(seed(prefix), "id") == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("id", "Judul Berita Yang Cukup Panjang\nSenin, 28 Oktober 2024 10:00 WIB\nIsi berita.",
         datetime(2024, 10, 28, 3, 0, tzinfo=UTC)),
        ("en", "Seoul, October 28, 2024 - The ministry said.", datetime(2024, 10, 28, tzinfo=UTC)),
        ("en", "Updated Oct. 28, 2024 at 3:15 p.m. The ministry said.", datetime(2024, 10, 28, 15, 15, tzinfo=UTC)),
        ("en", "Published: 2024-10-28T10:00:00+07:00\nText.", datetime(2024, 10, 28, 3, 0, tzinfo=UTC)),
        ("en", "Posted 10/21/2024\nText.", datetime(2024, 10, 21, tzinfo=UTC)),
        ("ru", "МОСКВА, 28 октября 2024 года. Текст.", datetime(2024, 10, 28, tzinfo=UTC)),
        ("uk", "КИЇВ, 29 листопада 2024 р. Текст.", datetime(2024, 11, 29, tzinfo=UTC)),
        ("de", "Berlin, 28. Oktober 2024, 14:30 Uhr. Text.", datetime(2024, 10, 28, 14, 30, tzinfo=UTC)),
        ("fr", "Paris, le 28 octobre 2024. Texte.", datetime(2024, 10, 28, tzinfo=UTC)),
        ("ko", "입력 2024.10.28 15:06\n본문입니다.", datetime(2024, 10, 28, 15, 6, tzinfo=UTC)),
        ("ko", "2024년 10월 28일 북한은 발표했다.", datetime(2024, 10, 28, tzinfo=UTC)),
        ("id", "Pada Senin (28/10) pasukan tiba.", None),
        ("id", "Pada bulan Oktober 2024 pasukan tiba.", None),
        ("id", "Tanggal 31/02/2024 tidak ada.", None),
        ("id", "Satu.\nDua.\nTiga.\nEmpat 21/10/2024.", datetime(2024, 10, 21, tzinfo=UTC)),
        ("id", "Pada Senin (21/10/2024) ...\nLalu pada Selasa (22/10/2024) ...", datetime(2024, 10, 22, tzinfo=UTC)),
        ("id", "Judul Berita Panjang Sekali\nIsi 1 (21/10/2024).\nDitulis ulang.\nDiterbitkan: 22/10/2024 08.30",
         datetime(2024, 10, 22, 8, 30, tzinfo=UTC)),
        ("id", "Pada Selasa (22/10/2024), ada 10.000 tentara.", datetime(2024, 10, 22, tzinfo=UTC)),
        ("id", "Judul Berita Yang Cukup Panjang\nBaca Juga: Korut kirim pasukan ke Rusia pada 21/10/2023 menurut "
               "laporan intelijen Korsel\nPada Selasa (22/10/2024), ada rapat.", datetime(2024, 10, 22, tzinfo=UTC)),
        ("id", "Judul Berita Yang Cukup Panjang\nSelasa, 22/10/2024 15:06 WIB\nIsi berita.",
         datetime(2024, 10, 22, 8, 6, tzinfo=UTC)),
        ("en", "", None),
    ],
)
def test_publication_dates(lang: str, text: str, expected: datetime | None) -> None:
    found = find_publication_date(text, lang)
    assert found == expected
    if found is not None:
        assert found.tzinfo is not None and found.utcoffset() is not None and not found.utcoffset()


# --- properties and limits ---------------------------------------------------------------------

TRICKY = st.sampled_from(
    [".", "...", "…", "!", "?", "。", "“", "”", "\"", "'", "»", "«", " ", "\n", "\r", "\r\n", "\u00a0", "\u200b",
     "\ufeff", "\u2028", "Mr.", "U.S.", "1.500", "21/10/2024", "다.", "kata", "Baca Juga:", "Foto: ", "(AFP)",
     "Dr", "X", "a", "Ж", "к", "2024", "Oktober", "28"]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(TRICKY, max_size=60).map("".join)))
def test_prepare_document_never_crashes_and_offsets_hold(text: str) -> None:
    doc = prepare_document(text)
    assert doc.lang in SUPPORTED_LANGS or len(re.findall(r"[^\W\d_]", text)) >= 60
    assert_offsets(doc)
    find_publication_date(text, doc.lang)


def _visible(text: str) -> str:
    return "".join(text.split()).replace("\u200b", "").replace("\ufeff", "")


@settings(max_examples=200, deadline=None)
@given(st.lists(TRICKY, max_size=40).map("".join), st.sampled_from(SUPPORTED_LANGS))
def test_split_sentences_covers_the_line(text: str, lang: str) -> None:
    line = text.replace("\n", " ").replace("\r", " ")
    spans = split_sentences(line, lang)
    previous = 0
    for start, end in spans:
        assert previous <= start < end
        previous = end
    covered = "".join(line[a:b] for a, b in spans)
    assert _visible(line) == _visible(covered)


def _junk(size: int) -> str:
    rng = random.Random(20241028)
    tokens = ["word", "U.S.", "1.500", "“", "”", ".", "...", "\n", "Baca Juga:", "기자", "cookie", "@", "(", ")",
              "21/10/2024", "    ", "Mr.", "다.", "a@b.c", "Oktober", "28", "2024", ",", "!", "?", "\u00a0", "\r\n",
              "x" * 50, "Foto:", "facebook", "ikuti", "((((", "a.b.c.d", "-" * 30]
    parts: list[str] = []
    total = 0
    while total < size:
        token = rng.choice(tokens)
        parts.append(token + (" " if rng.random() < 0.7 else ""))
        total += len(parts[-1])
    return "".join(parts)


@pytest.mark.parametrize(
    "text",
    [_junk(1_000_000), "a" * 1_000_000, "." * 1_000_000, " " * 1_000_000, "(" * 1_000_000, "1" * 1_000_000,
     "a." * 500_000, "Oktober 12 " * 90_000],
    ids=["mixed", "letters", "dots", "spaces", "parens", "digits", "dotted", "months"],
)
def test_one_megabyte_of_junk_is_fast(text: str) -> None:
    detect_language("warm the language model up")
    began = time.perf_counter()
    doc = prepare_document(text)
    find_publication_date(text, doc.lang)
    assert time.perf_counter() - began < 2.0

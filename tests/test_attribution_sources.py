"""Attribution phenomena of sources across sentences: relays remembered ("according to Lee", Lee
having relayed the NIS), carrying that stops (a list's items, a sentence with a source of its own,
a figure after an earlier attribution), countries as a fallback, an organisation's own
commitment, canonical names, elided articles, asides, titles' organisations and German
verb-final reporting. Short texts in several languages; each credit is checked with and without a
shared DocumentAttribution."""

from __future__ import annotations

import pytest

from .test_attribution_phenomena import credit_in

NIS, HUR, LEE = "National Intelligence Service", "Defence Intelligence of Ukraine", "Lee Seong-kweun"
ZELENSKY, NATO, MOD = "Volodymyr Zelensky", "NATO", "Russian Ministry of Defence"
GENERAL_STAFF = "General Staff of the Armed Forces of Ukraine"



# --- 1. a relaying speaker stands for the origin in the sentences around -----------------------------


@pytest.mark.parametrize(("lang", "text", "needle", "origin", "via"), [
    ("en", "The toll is closer to 2,000, said lawmaker Lee Seong-kweun, who spoke after a briefing by the NIS. "
           "About 1,000 engineers are already there, according to Lee.", "1,000", NIS, LEE),
    ("de", "Lee Seong-kweun sagte unter Berufung auf den NIS, 2.000 Soldaten seien tot. "
           "Lee zufolge sind 1.000 Pioniere bereits dort.", "1.000", NIS, LEE),
    ("id", "Anggota parlemen Lee Seong-kweun, mengutip NIS, mengatakan 2.000 tentara tewas. "
           "Menurut Lee, 1.000 insinyur sudah tiba.", "1.000", NIS, LEE),
    ("fr", "Le député Lee Seong-kweun, citant le NIS, a déclaré que 2.000 soldats sont morts. "
           "Selon Lee, 1.000 sapeurs sont déjà sur place.", "1.000", NIS, LEE),
    ("ru", "Зеленский со ссылкой на ГУР заявил, что погибли 2000 военных КНДР. "
           "По словам Зеленского, еще 1000 саперов уже там.", "1000", HUR, ZELENSKY),
    ("uk", "Зеленський з посиланням на ГУР заявив, що загинули 2000 військових КНДР. "
           "За словами Зеленського, ще 1000 саперів уже там.", "1000", HUR, ZELENSKY),
    # the relay comes later in the text: the speaker still stands for the origin
    ("id", "Lee Seong-kweun mengatakan 11.000 tentara ditempatkan di Kursk. "
           "Banyak yang tewas, ujar Lee, mengutip NIS.", "11.000", NIS, LEE),
])
def test_a_relaying_speaker_stands_for_the_origin(lang: str, text: str, needle: str, origin: str,
                                                  via: str) -> None:
    credit = credit_in(text, lang, needle)
    assert (credit.name, credit.via) == (origin, via), credit


# --- 2. carrying that stops -----------------------------------------------------------------------------

_LIST = "".join(f"- позиція {n}: {100 + n};\n" for n in range(1, 16))


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    # a list's items count as one sentence: the source introducing it still credits the last item
    ("uk", f"Такі цифри містить звіт Генерального штабу ЗСУ.\nСеред іншого, ідеться про:\n{_LIST}"
           "Президент Володимир Зеленський заявив, що допомога потрібна.", "115", GENERAL_STAFF),
    # a sentence with a reporting cue whose speaker is no actor takes no earlier credit
    ("de", "Selenskyj sagte, 74 Orte seien unter Kontrolle. Die russische Seite nennt dagegen 28 Orte.", "28", None),
    ("de", "Selenskyj sagte, 74 Orte seien unter Kontrolle. Laut ukrainischem Militär sind es 1000 Quadratkilometer.",
     "1000", None),
    ("de", "Selenskyj sagte, 74 Orte seien unter Kontrolle. Unabhängige russische Medien sprachen von 30 Orten.",
     "30", None),
    ("en", "Zelensky said 74 villages were under control. According to independent monitors, 28 villages were taken.",
     "28", None),
    ("id", "Zelensky mengatakan 74 desa dikuasai. Menurut pemantau independen, 28 desa direbut.", "28", None),
    # German verb-final reporting: the clause's subject
    ("de", "Selenskyj sagte, 74 Orte seien unter Kontrolle. Alexej Smirnow, der amtierende Gouverneur der Region, "
           "hatte am Montag von 28 Ortschaften gesprochen.", "28", "Alexei Smirnov"),
])
def test_carrying_stops_where_the_text_gives_its_own_source(lang: str, text: str, needle: str,
                                                            expected: str | None) -> None:
    assert credit_in(text, lang, needle).name == expected


def test_a_figure_after_an_attribution_is_not_credited_ahead() -> None:
    text = ("Такі цифри містить звіт Генерального штабу ЗСУ.\n" + "Окрім того, йшлося про інше.\n" * 13
            + "Загалом 3542 одиниці.\nПрезидент Володимир Зеленський заявив, що допомога потрібна.")
    assert credit_in(text, "uk", "3542").name != ZELENSKY


# --- 3. a country is a fallback ----------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("de", "Russland und Nordkorea bestätigten den Einsatz. Zahlen zu Soldaten in Russland legt der "
           "südkoreanische Geheimdienst vor. Danach wurden etwa 600 getötet.", "600", NIS),
    ("en", "Russia said the report was false. The NIS released its assessment on Monday. "
           "It estimated that 600 were killed.", "600", NIS),
    ("id", "Pasukan Ukraina menangkap dua tentara Korea Utara. "
           "Kabar itu disampaikan Presiden Ukraina Volodymyr Zelensky.", "dua", ZELENSKY),
])
def test_a_country_never_beats_a_named_source(lang: str, text: str, needle: str, expected: str) -> None:
    assert credit_in(text, lang, needle).name == expected


# --- 4. an organisation's own commitment ------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text", "needle"), [
    ("en", "Mark Rutte spoke to reporters. NATO's new target is 5% of GDP by 2035.", "5%"),
    ("id", "Mark Rutte berbicara kepada wartawan. Di KTT Den Haag, para pemimpin NATO sepakat mengerek belanja "
           "pertahanan hingga 5% dari PDB.", "5%"),
    ("fr", "Mark Rutte a parlé aux journalistes. Les 32 membres de l'Otan ont pris l'engagement d'allouer 5 % "
           "de leur PIB à la défense.", "5 %"),
    ("fr", "Mark Rutte a parlé. Les membres de l'Otan ont pris l'engagement d'allouer 5 % du PIB à la défense. "
           "Concrètement, les alliés comptent affecter 3,5 % du PIB aux dépenses militaires.", "3,5"),
])
def test_a_commitment_is_credited_to_the_organisation_owning_it(lang: str, text: str, needle: str) -> None:
    assert credit_in(text, lang, needle).name == NATO


def test_an_owner_credits_neither_figures_before_it_nor_later_sentences() -> None:
    text = ("Mark Rutte said Allies must spend more. Nine members missed the 2% pledge, while the North Atlantic "
            "Council found no consensus on a target. Spending grew by 4% last year.")
    assert credit_in(text, "en", "2%").name != "North Atlantic Council"
    assert credit_in(text, "en", "4%").name != "North Atlantic Council"


# --- 5. canonical names and how speakers are found ----------------------------------------------------


@pytest.mark.parametrize(("lang", "text", "needle", "expected"), [
    ("ru", "Минобороны РФ сообщило, что стороны обменялись военнослужащими по схеме 146 на 146.", "146", MOD),
    ("fr", "Le ministère russe de la Défense a annoncé un échange de 103 prisonniers.", "103", MOD),
    ("fr", "\"Nous avons remis 103 prisonniers\", a annoncé le ministère russe de la Défense.", "103", MOD),
    ("de", "Die TASS hatte unter Berufung auf eine Erklärung des russischen Verteidigungsministeriums berichtet. "
           "In der Erklärung heißt es: \"246 Soldaten sind zurückgekehrt.\"", "246", MOD),
    # an elided article between a cue and its speaker
    ("fr", "D'après l'estimation des Etats-Unis, la Russie accueille 12.000 militaires nord-coréens.", "12.000",
     "United States"),
    # an aside or apposition between a speaker and its verb
    ("en", "President Donald Trump, famously, had demanded that allies lift spending to 5% of GDP.", "5%",
     "Donald Trump"),
    # a title's organisation before the name it introduces
    ("ru", "В Курской области находятся 10 тысяч военных — такое заявление сделал руководитель пресс-службы "
           "Государственного департамента США Мэттью Миллер.", "10 тысяч", "Matthew Miller"),
    # a quotation opened in the figure's sentence, closed later
    ("fr", "Il s'est réjoui. \"Je leur demande de passer à 5 %. Grâce à nous, l'Otan sera puissante\", a lancé "
           "Donald Trump.", "5 %", "Donald Trump"),
])
def test_the_speaker_is_found(lang: str, text: str, needle: str, expected: str) -> None:
    assert credit_in(text, lang, needle).name == expected

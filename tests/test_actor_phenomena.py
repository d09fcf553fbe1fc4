"""Actor phenomena seen across the development corpus, each as a small table of sentences in
several languages: what is not an actor, what merges, what an inflected form names."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.extract.actors import build_gazetteer, find_actors
from monitor.extract.model import ActorMention
from monitor.extract.text import prepare_document
from monitor.watchlist import load_watchlists

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = build_gazetteer(load_watchlists(ROOT / "watchlists"))


def actors_in(text: str, lang: str) -> dict[str, ActorMention]:
    return {actor.name: actor for actor in find_actors(prepare_document(text, lang=lang), GAZETTEER)}


# --- countries and descriptions are credited, not actors ----------------------------------------


@pytest.mark.parametrize(("lang", "text"), [
    ("ru", "Россия и КНДР подписали договор, заявили в Москве."),
    ("uk", "Росія отримала від Північної Кореї снаряди."),
    ("de", "Russland und Nordkorea vertiefen ihre Zusammenarbeit."),
    ("fr", "Selon les Etats-Unis, la Russie accueille des soldats."),
    ("en", "Russia and North Korea signed a treaty, Washington said."),
    ("ru", "По данным южнокорейской разведки, войска прибыли."),
    ("uk", "Як повідомила південнокорейська розвідка, війська прибули."),
    ("en", "South Korean intelligence said the troops had arrived."),
    ("id", "Menurut badan intelijen Korea Selatan, pasukan itu tiba."),
])
def test_countries_and_descriptions_are_not_actors(lang: str, text: str) -> None:
    assert actors_in(text, lang) == {}


def test_a_description_joins_nothing_but_the_named_actor_stays() -> None:
    found = actors_in("South Korean intelligence said so. The NIS added that troops had arrived.", "en")
    assert set(found) == {"National Intelligence Service"}
    assert found["National Intelligence Service"].variants == ("NIS",)


# --- a known actor under another form -----------------------------------------------------------


@pytest.mark.parametrize(("lang", "text", "name", "variant"), [
    ("en", "The Department of Defense said the troops were in Kursk.", "Pentagon", "Department of Defense"),
    ("ru", "Об этом сообщили в Минобороны РФ.", "Russian Ministry of Defence", "Минобороны РФ"),
    ("de", "Das teilte das russische Verteidigungsministerium mit.", "Russian Ministry of Defence",
     "russische Verteidigungsministerium"),
    ("fr", "Le ministère russe de la Défense a annoncé un échange.", "Russian Ministry of Defence",
     "ministère russe de la Défense"),
    ("uk", "Як повідомив Генштаб, втрати зросли.", "General Staff of the Armed Forces of Ukraine", "Генштаб"),
    ("ko", "합참은 북한군이 추가로 파병됐다고 밝혔다.", "Joint Chiefs of Staff", "합참"),
    ("fr", "L'Otan a annoncé de nouveaux objectifs.", "NATO", "Otan"),
])
def test_known_actors_under_other_forms(lang: str, text: str, name: str, variant: str) -> None:
    found = actors_in(text, lang)
    assert name in found, found
    assert variant in found[name].variants


# --- stop-words are per language; a Korean name keeps its last syllable ---------------------------


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Former leader Kim Jong Il built the programme, analysts said. Kim Jong Il died in 2011."),
    ("fr", "Selon Kim Jong Il, le programme devait continuer."),
    ("id", "Menurut Kim Jong Il, program itu harus berlanjut."),
    ("de", "Laut Kim Jong Il sollte das Programm weitergehen."),
])
def test_kim_jong_il_keeps_his_last_syllable(lang: str, text: str) -> None:
    found = actors_in(text, lang)
    assert "Kim Jong Il" in found, found
    assert "Kim Jong" not in found


# --- German genitives name the same actor ---------------------------------------------------------


@pytest.mark.parametrize(("text", "name", "variant"), [
    ("Kim Jong Uns Schwester sprach in Pjöngjang.", "Kim Jong Un", "Kim Jong Un"),
    ("Die Truppen Putins kämpfen weiter.", "Vladimir Putin", "Putin"),
    ("Laut Heinz Müller sei das so. Heinz Müllers Antwort kam spät.", "Heinz Müller", "Heinz Müller"),
])
def test_a_german_genitive_joins_its_base_form(text: str, name: str, variant: str) -> None:
    found = actors_in(text, "de")
    assert set(found) == {name}, found
    assert variant in found[name].variants


def test_a_genitive_s_is_german_only() -> None:
    assert "Kim Jong Un" not in actors_in("Kim Jong Uns", "en")


# --- outlets and titles of things are channels, not actors ------------------------------------------


@pytest.mark.parametrize(("lang", "text", "outlet"), [
    ("en", "A correspondent of UNN reports from the event that Syrskyi spoke.", "UNN"),
    ("en", "Ukrainian News Agency UNN reported that Syrskyi spoke.", "UNN"),
    ("en", "The Bronx Times reported that the mayor spoke, Syrskyi said.", "Bronx Times"),
    ("en", "El Faro reported that the leaders were freed, Syrskyi said.", "El Faro"),
    ("uk", "Про це в інтерв'ю виданню The War Zone розповів Кирило Буданов.", "War Zone"),
    ("ru", "Об этом рассказал изданию Meduza Александр Сырский.", "Meduza"),
    ("de", "Das sagte Syrskyj der Zeitung Kyiv Post.", "Kyiv Post"),
])
def test_outlets_are_not_actors(lang: str, text: str, outlet: str) -> None:
    found = actors_in(text, lang)
    assert not any(outlet in variant for actor in found.values() for variant in (actor.name, *actor.variants)), found
    assert found  # the speaker is still found


# --- an organisation introduced with its acronym is one actor ---------------------------------------


@pytest.mark.parametrize(("lang", "text", "name", "acronym"), [
    ("en", "Analysts at the Institute for the Study of War (ISW) wrote a report. The ISW said Russia lost ground.",
     "Institute for the Study of War", "ISW"),
    ("de", "Die Nationale Volksarmee Kommission (NVK) tagte. Die NVK sagte nichts.",
     "Nationale Volksarmee Kommission", "NVK"),
    ("id", "Kementerian Pertahanan Nasional (KPN) hadir. Menurut KPN, pasukan tiba.",
     "Kementerian Pertahanan Nasional", "KPN"),
])
def test_an_acronym_in_brackets_joins_its_name(lang: str, text: str, name: str, acronym: str) -> None:
    found = actors_in(text, lang)
    assert set(found) == {name}, found
    assert acronym in found[name].variants

"""Actor recognition without a watchlist: the rules, not the gazetteer, find these. Each table holds
one phenomenon in several languages; the gazetteer is empty, so nothing here is a listed actor."""

from __future__ import annotations

import pytest

from monitor.extract.actors import build_gazetteer, find_actors
from monitor.extract.model import ActorMention
from monitor.extract.text import prepare_document

EMPTY = build_gazetteer([])


def actors_in(text: str, lang: str) -> dict[str, ActorMention]:
    return {actor.name: actor for actor in find_actors(prepare_document(text, lang=lang), EMPTY)}


# --- organisation names with generic words, connectives and a head noun are whole ----------------


@pytest.mark.parametrize(("lang", "text", "name"), [
    ("en", "The Joint Chiefs of Staff said the strike was over.", "Joint Chiefs of Staff"),
    ("en", "The Main Intelligence Directorate of Ukraine said 300 soldiers died.",
     "Main Intelligence Directorate of Ukraine"),
    ("en", "The Security Service of Ukraine said it detained two agents.", "Security Service of Ukraine"),
    ("id", "Direktorat Intelijen Utama Ukraina mengatakan pasukan Korea Utara tiba.",
     "Direktorat Intelijen Utama Ukraina"),
    ("de", "Der Nationale Geheimdienst teilte mit, die Truppen seien eingetroffen.", "Nationale Geheimdienst"),
    ("fr", "La Direction Générale du Renseignement a indiqué que les troupes sont arrivées.",
     "Direction Générale du Renseignement"),
])
def test_an_organisation_name_is_whole(lang: str, text: str, name: str) -> None:
    found = actors_in(text, lang)
    assert set(found) == {name}
    assert found[name].kind == "org"


@pytest.mark.parametrize(("lang", "text", "name", "acronym"), [
    ("en", "The Defense Intelligence Agency (DIA) said the troops were moving. The DIA added more.",
     "Defense Intelligence Agency", "DIA"),
    ("en", "The North Atlantic Council (NAC) met on Monday and said it would respond.",
     "North Atlantic Council", "NAC"),
])
def test_an_organisation_introduced_with_its_acronym_is_one_actor(lang: str, text: str, name: str,
                                                                  acronym: str) -> None:
    found = actors_in(text, lang)
    assert set(found) == {name}
    assert {name, acronym} <= set(found[name].variants)


# --- spelling variants of one person merge ---------------------------------------------------------


@pytest.mark.parametrize(("lang", "text", "variants"), [
    ("de", "Wolodymyr Selenskyj sagte, die Lage sei ernst. Volodymyr Zelensky hatte das am Montag gesagt.",
     {"Wolodymyr Selenskyj", "Volodymyr Zelensky"}),
    ("id", "Andriy Yermak mengatakan perundingan berlanjut. Andrii Yermak kemudian menambahkan.",
     {"Andriy Yermak", "Andrii Yermak"}),
    ("en", "Aleksandr Syrsky said so. Oleksandr Syrskyi agreed.", {"Aleksandr Syrsky", "Oleksandr Syrskyi"}),
    ("en", "Aleksey Navalny said so. Oleksiy Navalny agreed.", {"Aleksey Navalny", "Oleksiy Navalny"}),
])
def test_romanisations_of_one_name_merge(lang: str, text: str, variants: set[str]) -> None:
    found = list(actors_in(text, lang).values())
    assert len(found) == 1
    assert variants <= set(found[0].variants)


@pytest.mark.parametrize(("lang", "text", "name", "later"), [
    ("ko", "북한 최선희 외무상이 모스크바를 방문했다. 최 외무상은 라브로프 장관과 회담했다.", "최선희", "최 외무상"),
    ("ko", "김정은 국무위원장이 지시했다고 전했다. 김 위원장은 군을 치하했다.", "김정은", "김 위원장"),
    ("id", "Juru bicara Pat Ryder mengatakan pasukan siap. Bapak Ryder menambahkan bahwa pasukan bertambah.",
     "Pat Ryder", "Ryder"),
    ("de", "Sprecher Pat Ryder sagte, die Truppen seien bereit. Herr Ryder fügte hinzu, es kämen mehr.",
     "Pat Ryder", "Ryder"),
    ("uk", "Речник Пет Райдер заявив, що війська готові. Пан Райдер додав, що їх стане більше.",
     "Пет Райдер", "Райдер"),
])
def test_a_surname_with_a_title_or_honorific_joins_the_full_name(lang: str, text: str, name: str,
                                                                  later: str) -> None:
    found = actors_in(text, lang)
    assert set(found) == {name}
    assert later in found[name].variants


@pytest.mark.parametrize(("lang", "text", "name"), [
    ("fr", "M. Ryder pense que d'autres soldats viendront.", "Ryder"),
    ("en", "Mr Wood thinks more troops will come.", "Wood"),
    ("de", "Herr Ryder glaubt, dass mehr Soldaten kommen.", "Ryder"),
    ("uk", "Пан Райдер вважає, що прибудуть нові солдати.", "Райдер"),
])
def test_an_honorific_makes_a_surname_a_person_and_is_no_part_of_it(lang: str, text: str, name: str) -> None:
    found = actors_in(text, lang)
    assert set(found) == {name}
    assert found[name].kind == "person"


# --- titles of works and bylines name no actor ----------------------------------------------------


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "According to \"Northern Wind\" the troops advanced."),
    ("de", "Laut „Nordwind Aktuell“ sind die Truppen eingetroffen."),
    ("en", "Yang Min-cheol reports."),
    ("en", "Kim Min-ji reporting."),
    ("de", "Hans Müller berichtet."),
])
def test_titles_of_works_and_bylines_are_not_actors(lang: str, text: str) -> None:
    assert actors_in(text, lang) == {}

"""Watchlist files: every shipped one loads; mistakes name file, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.matching import match_watchlists
from monitor.watchlist import load_watchlist, load_watchlists

from .conftest import WATCHLISTS

SHIPPED = sorted(WATCHLISTS.glob("*.toml"))
REQUIRED_LANGS = {"en", "id", "ru", "uk", "ko"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_watchlist_loads_with_aliases_in_five_languages(path: Path) -> None:
    import tomllib

    watchlist = load_watchlist(path)
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(raw["aliases"]) >= REQUIRED_LANGS, f"{path.name} lacks aliases in {REQUIRED_LANGS - set(raw['aliases'])}"
    assert watchlist.metrics and (watchlist.actors or watchlist.id == "ukraine")  # Ukraine's actors: kursk.toml
    assert all(metric.quantity != "count" for metric in watchlist.metrics)  # every shipped metric says what
    assert watchlist.id == path.stem


def test_the_five_watchlists_ship() -> None:
    assert [w.id for w in load_watchlists(WATCHLISTS)] == ["kursk", "nato", "north-korea", "russia", "ukraine"]


@pytest.mark.parametrize(("text", "watchlists"), [
    ("Pyongyang sent troops", ("north-korea",)),
    ("Pasukan Korut tiba di Rusia", ("north-korea", "russia")),
    ("Войска КНДР в Курской области", ("kursk", "north-korea")),
    ("Війська Північної Кореї в Росії", ("north-korea", "russia")),
    ("북한군이 러시아 쿠르스크에 배치됐다", ("kursk", "north-korea", "russia")),
    ("Nordkorea schickt Soldaten nach Russland", ("north-korea", "russia")),
    ("La Corée du Nord et l'OTAN", ("nato", "north-korea")),
    ("Korean food festival in Seoul", ()),
    ("NATOs", ()),
])
def test_matching_in_every_language(text: str, watchlists: tuple[str, ...]) -> None:
    assert match_watchlists([text], load_watchlists(WATCHLISTS)) == watchlists


GOOD = 'id = "t"\nname = "T"\n[aliases]\nen = ["T"]\n'


@pytest.mark.parametrize(("text", "key", "line", "message"), [
    (GOOD + '[[actors]]\nname = "X"\nkind = "robot"\n', "actors[0].kind", 7, "not an actor kind"),
    (GOOD + '[[metrics]]\nid = "m"\nlabel = "M"\nunits = ["bananas"]\n', "metrics[0].units", 8, "not a known unit"),
    (GOOD.replace('id = "t"', 'id = "Bad Id"'), "id", 1, "is not an id"),
    (GOOD + 'colour = "red"\n', "aliases.colour", 5, "unknown key"),
    (GOOD + 'patterns = ["(unclosed"]\n', "aliases.patterns", 5, "bad regular expression"),
    ('id = "t"\nname = "T"\n', "aliases", None, "at least one alias"),
    (GOOD + '[rules]\nfigure_tolerance = 2\n', "rules.figure_tolerance", 6, "between 0 and 1"),
    (GOOD + '[[metrics]]\nid = "m"\nlabel = "M"\nquantity = "bananas"\n', "metrics[0].quantity", 8,
     "not a quantity"),
    (GOOD + '[[metrics]]\nid = "m"\nlabel = "M"\nquantity = "killed"\nunits = ["drones"]\n', "metrics[0].units", 9,
     "does not count 'drones'"),
    (GOOD + '[[metrics]]\nid = "m"\nlabel = "M"\nquantity = "missing"\n', "metrics[0].quantity", 8,
     "'missing' is not a known unit"),
    (GOOD + '[[metrics]]\nid = "m"\nlabel = "M"\nquantity = "troops"\nside = "North Korea"\n', "metrics[0].side", 9,
     "not a watchlist id"),
    (GOOD + '[rules]\nprojected_figures = true\n', "rules.projected_figures", 6, "unknown key"),
])
def test_bad_watchlist_names_file_key_and_line(tmp_path: Path, text: str, key: str, line: int | None,
                                               message: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_watchlist(path)
    assert caught.value.key == key
    assert caught.value.line == line
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_duplicate_metric_ids_across_watchlists_are_refused(tmp_path: Path) -> None:
    metric = '[[metrics]]\nid = "m"\nlabel = "M"\nunits = ["troops"]\n'
    (tmp_path / "a.toml").write_text(GOOD.replace('"t"', '"a"') + metric, encoding="utf-8")
    (tmp_path / "b.toml").write_text(GOOD.replace('"t"', '"b"') + metric, encoding="utf-8")
    with pytest.raises(ConfigError, match="belongs to one watchlist"):
        load_watchlists(tmp_path)


def test_countries_and_descriptions_load(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(GOOD + '[[actors]]\nname = "Ruritania"\nkind = "country"\n'
                    '[[actors]]\nname = "Ruritanian Intelligence"\nkind = "org"\n'
                    'references = ["the Ruritanian spy agency"]\n', encoding="utf-8")
    country, agency = load_watchlist(path).actors
    assert country.kind == "country" and country.references == ()
    assert agency.references == ("the Ruritanian spy agency",)


def test_bad_references_name_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(GOOD + '[[actors]]\nname = "X"\nreferences = [""]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_watchlist(path)
    assert caught.value.key == "actors[0].references"


@pytest.mark.parametrize(("text", "watchlists"), [
    ("Nordkoreas Truppen kämpfen in Kursk.", ("kursk", "north-korea")),
    ("Russlands Krieg geht weiter.", ("russia",)),
    ("Moskaus Antwort kam schnell.", ("russia",)),
    ("La délégation nord-coréenne est arrivée.", ("north-korea",)),
    ("Russia's losses grew.", ("russia",)),
    ("Natos Gipfel", ()),  # short and acronym-like aliases take no ending
])
def test_aliases_match_their_languages_inflected_forms(text: str, watchlists: tuple[str, ...]) -> None:
    assert match_watchlists([text], load_watchlists(WATCHLISTS)) == watchlists


METRIC = '[[metrics]]\nid = "m"\nlabel = "M"\nquantity = "troops"\n'


@pytest.mark.parametrize(("extra", "key", "line"), [
    ('side = "atlantis"\n', "metrics[0].side", 11),
    ('place = "atlantis"\n', "metrics[0].place", 11),
])
def test_a_metric_of_an_unknown_side_or_place_is_refused_with_its_line(tmp_path: Path, extra: str, key: str,
                                                                        line: int) -> None:
    (tmp_path / "t.toml").write_text(GOOD + '\n[rules]\n' + METRIC + extra, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_watchlists(tmp_path)
    assert (caught.value.key, caught.value.line) == (key, line)
    assert "'atlantis' is no watchlist id" in str(caught.value)


def test_outranks_must_name_watchlists(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_text('id = "t"\nname = "T"\noutranks = ["atlantis"]\n[aliases]\nen = ["T"]\n',
                                     encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_watchlists(tmp_path)
    assert (caught.value.key, caught.value.line) == ("outranks", 3)


def test_a_metric_says_what_and_whose_and_old_metrics_still_load(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_text(GOOD + METRIC + 'side = "t"\n[[metrics]]\nid = "old"\nlabel = "Old"\n'
                                     'units = ["killed", "wounded"]\n', encoding="utf-8")
    new, old = load_watchlists(tmp_path)[0].metrics
    assert (new.quantity, new.side, new.units) == ("troops", "t", ("troops", "people"))
    assert (old.quantity, old.side, old.units) == ("casualties", "any", ("killed", "wounded"))

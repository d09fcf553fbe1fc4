"""Story-specific counted nouns come from a watchlist's metrics: an analyst adds "hostages" or "evacuees"
in TOML, without a code change; the units a metric may name are those the language packs know."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.extract.actors import build_gazetteer
from monitor.extract.extractor import extract
from monitor.watchlist import UNITS, load_watchlists

HOSTAGES = """
id = "hostages"
name = "Hostages"
[aliases]
en = ["Hamas"]
de = ["Hamas"]
[[metrics]]
id = "hostages-held"
label = "Hostages held"
units = ["hostages-held", "people"]
[metrics.nouns]
en = ["abductees", "captives"]
de = ["Verschleppte*", "Entführte*"]
"""



@pytest.mark.parametrize(("lang", "text", "value", "counted"), [
    ("en", "Hamas still holds 59 Israeli abductees, officials said.", 59, "Israeli abductees"),
    ("en", "Hamas released 3 captives on Saturday.", 3, "captives"),
    ("de", "Die Hamas hält noch 59 israelische Entführte fest.", 59, "israelische Entführte"),
])
def test_a_metric_brings_its_own_counted_nouns(tmp_path: Path, lang: str, text: str, value: float,
                                              counted: str) -> None:
    watchlists = load_watchlists(_write(tmp_path, HOSTAGES))
    figures = extract(text, watchlists, build_gazetteer(watchlists), lang=lang).figures
    assert [(f.value, f.unit, f.counted, f.metric) for f in figures] == [(value, "hostages-held", counted,
                                                                          "hostages-held")]


def test_without_the_watchlist_the_count_is_generic(tmp_path: Path) -> None:
    watchlists = load_watchlists(_write(tmp_path, HOSTAGES.split("[[metrics]]")[0]))
    figures = extract("Hamas still holds 59 Israeli abductees.", watchlists, build_gazetteer(watchlists)).figures
    assert [(f.value, f.unit) for f in figures] == [(59, "count")]


def test_a_unit_no_pack_knows_needs_the_metrics_own_nouns(tmp_path: Path) -> None:
    broken = HOSTAGES.split("[metrics.nouns]")[0]
    with pytest.raises(ConfigError, match=r"metrics\[0\]\.units: 'hostages-held' is not a known unit"):
        load_watchlists(_write(tmp_path, broken))


def test_metric_nouns_are_keyed_by_language_code(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nouns\.English: expected a language code"):
        load_watchlists(_write(tmp_path, HOSTAGES.replace("en = [\"abductees\"", "English = [\"abductees\"")))


def test_the_known_units_come_from_the_packs() -> None:
    assert {"troops", "killed", "km2", "settlements", "vessels", "percent", "count", "usd"} <= set(UNITS)


def _write(folder: Path, text: str) -> Path:
    (folder / "hostages.toml").write_text(text, "utf-8")
    return folder

"""Contract of the language packs' numbers part (monitor/lang/<code>/numbers.toml).

Every language folder has a numbers part that loads, with every field the reader needs; a broken pack is
an ExtractError naming the file and the field. The broken packs are built here, from the English pack, as
a table (`load_language`) or as files under a temporary root (`load_languages(root)`).
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import ExtractError
from monitor.extract.numbers import find_numbers
from monitor.extract.numbers_lexicon import (
    CONNECTOR_FIELDS,
    LANGUAGES,
    PACK_FIELDS,
    RANGE_FIELDS,
    WORD_ROLES,
    Language,
    Role,
    load_language,
    load_languages,
)
from monitor.extract.packs import PackTable, pack_languages, part_table

LANGS = pack_languages()
EN_TEXT = resources.files("monitor.lang").joinpath("en", "numbers.toml").read_text("utf-8")
EN_TABLE: dict[str, Any] = tomllib.loads(EN_TEXT)
SOURCE = "xx/numbers.toml"


# --- every pack loads and fills what the reader needs ----------------------------------------------------

def test_every_language_folder_has_compiled_numbers() -> None:
    assert set(LANGS) >= {"en", "id", "ru", "uk", "ko", "de", "fr"}
    assert tuple(LANGUAGES) == LANGS


@pytest.mark.parametrize("lang", LANGS)
def test_numbers_part_sets_every_field(lang: str) -> None:
    pack = part_table(lang, "numbers")
    assert set(pack.fields()) == set(PACK_FIELDS)
    assert set(pack.table("range").fields()) == set(RANGE_FIELDS)
    assert set(pack.table("words").fields()) == set(WORD_ROLES)
    for word in pack.table("connectors").fields():
        assert set(pack.table("connectors").table(word).fields()) == set(CONNECTOR_FIELDS)


FILLED: dict[str, Callable[[Language], bool]] = {
    "words": lambda table: any(role != Role.CONNECTOR for _value, role in table.words.values()),
    "a qualifier in before": lambda table: bool({"about", "over", "at_least", "nearly", "up_to"} & set(table.before)),
    "after_kind_re": lambda table: bool(table.after_kind_re),
    "after_kind_re reads percentages": lambda table: "(?P<percent>" in table.after_kind_re,
    "decimal_mark": lambda table: table.decimal_mark in (".", ","),
    "standalone words are number words": lambda table: table.standalone <= set(table.words),
    "connectors are number words": lambda table: all(
        table.words.get(word) == (0.0, Role.CONNECTOR) for word in table.connectors),
}


@pytest.mark.parametrize("check", FILLED)
@pytest.mark.parametrize("lang", LANGS)
def test_numbers_part_fills_what_the_reader_needs(lang: str, check: str) -> None:
    assert FILLED[check](load_language(part_table(lang, "numbers")))


@pytest.mark.parametrize("lang", LANGS)
def test_every_pack_reads_a_plain_number(lang: str) -> None:
    (found,) = find_numbers("x 1234 x", lang)
    assert (found.value, found.kind) == (1234.0, "cardinal")


def _documented_fields() -> list[str]:
    return [*PACK_FIELDS, *RANGE_FIELDS, *CONNECTOR_FIELDS, *WORD_ROLES]


@pytest.mark.parametrize("field", _documented_fields())
def test_english_pack_documents_every_field(field: str) -> None:
    header = "".join(line for line in EN_TEXT.splitlines(keepends=True) if line.startswith("#"))
    assert re.search(rf"^#\s+(?:\[{field}[\].]|{field}\s)", header, re.MULTILINE), field


# --- a broken pack names its file and field --------------------------------------------------------------

DELETE = object()


def _broken(path: tuple[str | int, ...], value: object) -> PackTable:
    """The English pack with the value at `path` replaced (or deleted), as a table from "xx"."""
    table = copy.deepcopy(EN_TABLE)
    parent: Any = table
    for key in path[:-1]:
        parent = parent[key]
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return PackTable(SOURCE, table)


@pytest.mark.parametrize("field", PACK_FIELDS)
def test_missing_field_names_file_and_field(field: str) -> None:
    with pytest.raises(ExtractError, match=rf"^{re.escape(SOURCE)}: {field}: missing; fix the language pack$"):
        load_language(_broken((field,), DELETE))


BROKEN: list[tuple[tuple[str | int, ...], object, str, str]] = [
    # path, new value (or DELETE), field named in the error, what the error says
    (("range", "openers"), DELETE, "range.openers", "missing"),
    (("connectors", "and", "join"), DELETE, "connectors.and.join", "missing"),
    (("words", "unit", 0, "value"), DELETE, "words.unit[0].value", "missing"),
    (("colour",), "blue", "colour", "unknown field"),
    (("before", "roughly"), ["roughly"], "before.roughly", "unknown field"),
    (("words", "unit"), "one=1", "words.unit", "expected a list of tables"),
    (("words", "unit", 0, "value"), "1", "words.unit[0].value", "expected a number"),
    (("words", "unit", 0, "value"), True, "words.unit[0].value", "expected a number"),
    (("words", "unit", 1, "forms"), ["one"], "words.unit[1].forms", "listed twice"),
    (("words", "unit", 0, "forms"), ["One"], "words.unit[0].forms", "lower case"),
    (("words", "unit", 0, "forms"), [], "words.unit[0].forms", "empty"),
    (("group_by_space",), "no", "group_by_space", "expected true or false"),
    (("decimal_mark",), ";", "decimal_mark", "expected one of"),
    (("decimal_mark",), 0, "decimal_mark", "expected a string"),
    (("months",), "may", "months", "expected a list of non-empty strings"),
    (("months",), [""], "months", "expected a list of non-empty strings"),
    (("months",), [], "months_before_day", "months is empty"),
    (("before",), {}, "before", "empty"),
    (("before",), ["about"], "before", "expected a table"),
    (("before", "about"), [], "before.about", "empty"),
    (("after_kind_re",), [], "after_kind_re", "empty"),
    (("after_kind_re",), ["(?P<percent>%"], "after_kind_re", "no regular expression"),
    (("after_kind_re",), ["(?P<weight>kg)"], "after_kind_re", "unknown group 'weight'"),
    (("after_qualifier_re",), ["(?P<range>-)"], "after_qualifier_re", "unknown group 'range'"),
    (("word_re",), "(x)", "word_re", "needs a group named 'word'"),
    (("word_re",), "(?P<word>", "word_re", "no regular expression"),
    (("standalone",), ["hundredth"], "standalone", "no mult or scale word"),
    (("standalone",), ["one"], "standalone", "no mult or scale word"),
    (("vigesimal_tens",), [60.5], "vigesimal_tens", "whole numbers"),
    (("connectors", "and", "written"), "glued", "connectors.and.written", "expected one of"),
    (("connectors", "and", "before_roles"), ["noun"], "connectors.and.before_roles", "unknown role"),
    (("connectors", "and", "after_values"), ["one"], "connectors.and.after_values", "expected a list of numbers"),
    (("connectors", "and"), "and", "connectors.and", "expected a table"),
    (("connectors", "one"), EN_TABLE["connectors"]["and"], "connectors", "both a number word and a connector"),
    (("words",), {role: [] for role in WORD_ROLES}, "words", "no number words"),
]


@pytest.mark.parametrize(("path", "value", "field", "problem"), BROKEN,
                         ids=[f"{'.'.join(map(str, case[0]))}-{case[3]}" for case in BROKEN])
def test_broken_field_names_file_and_field(path: tuple[str | int, ...], value: object, field: str,
                                           problem: str) -> None:
    with pytest.raises(ExtractError) as raised:
        load_language(_broken(path, value))
    message = str(raised.value)
    assert message.startswith(f"{SOURCE}: {field}: ") and problem in message
    assert message.endswith("; fix the language pack")


# --- a broken pack on disk --------------------------------------------------------------------------------

def _root_with(tmp_path: Path, text: str | None) -> Path:
    """A pack root holding the English pack and a pack "xx" with this numbers.toml (None: no such file)."""
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "numbers.toml").write_text(EN_TEXT, "utf-8")
    (tmp_path / "xx").mkdir()
    if text is not None:
        (tmp_path / "xx" / "numbers.toml").write_text(text, "utf-8")
    return tmp_path


ON_DISK: list[tuple[str, str | None, str]] = [
    # case, the text of xx/numbers.toml, what the error says after the file name
    ("a field left out", re.sub(r"(?m)^decimal_mark = .*\n", "", EN_TEXT), "decimal_mark: missing"),
    ("a table left out", EN_TEXT.split("\n[range]")[0] + "\n[connectors]\n", "range: missing"),
    ("no numbers part", None, "missing file"),
    ("not TOML", EN_TEXT + "\ndecimal_mark = \n", "Invalid value"),
]


@pytest.mark.parametrize(("case", "text", "problem"), ON_DISK, ids=[case[0] for case in ON_DISK])
def test_broken_pack_file_names_file_and_field(tmp_path: Path, case: str, text: str | None, problem: str) -> None:
    root = _root_with(tmp_path, text)
    with pytest.raises(ExtractError) as raised:
        load_languages(root)
    message = str(raised.value)
    assert message.startswith(f"{root}/xx/numbers.toml: ") and problem in message, case
    assert message.endswith("fix the language pack")


def test_pack_root_of_its_own_loads(tmp_path: Path) -> None:
    languages = load_languages(_root_with(tmp_path, EN_TEXT))
    assert set(languages) == {"en", "xx"}
    assert languages["xx"].table == LANGUAGES["en"].table

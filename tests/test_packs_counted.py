"""The counted part of the language packs (monitor/lang/<code>/counted.toml): every pack fills every field,
and a broken pack is an ExtractError naming the file and the field."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import ExtractError
from monitor.extract import figure_cues, units
from monitor.extract.figure_cues import COUNTED_FIELDS, read_cues
from monitor.extract.packs import PackTable, pack_languages, part_table
from monitor.extract.units import PART, counted_tables, read_counted

# Fields every pack must fill: each language names what it counts and how it reads revisions.
FILLED = ("nouns", "fillers", "share_words", "states_after", "state_aux", "time_adverbs", "revision_cues",
          "from_to_starts", "from_to_links", "total_cues")
SOURCE = "monitor/lang/xx/counted.toml"


def _english() -> dict[str, Any]:
    return dict(part_table("en", PART).values)


def _read(values: dict[str, Any]) -> None:
    table = PackTable(SOURCE, values)
    read_counted(table)
    read_cues(table)


@pytest.mark.parametrize("lang", pack_languages())
def test_every_pack_fills_every_counted_field(lang: str) -> None:
    table = part_table(lang, PART)
    assert set(table.fields()) == set(COUNTED_FIELDS)
    counted, cues = read_counted(table), read_cues(table)
    for field in FILLED:
        assert getattr(counted, field, None) or getattr(cues, field, None), (lang, field)
    assert lang in units.COUNTED_NOUNS and lang in figure_cues.FROM_TO_CUES


def test_english_is_there_for_the_fallbacks() -> None:
    assert units.COUNTED_NOUNS["en"]["soldiers"] == "troops"
    assert figure_cues.FROM_TO_CUES["en"] == (("from", "increased from", "raised from", "revised from"), ("to",))
    assert {"or", "and", "или", "oder"} <= figure_cues.STATE_JOINS


@pytest.mark.parametrize("field", COUNTED_FIELDS)
def test_a_missing_field_is_named(field: str) -> None:
    values = _english()
    del values[field]
    with pytest.raises(ExtractError, match=rf"^{re.escape(SOURCE)}: {field}: missing; fix the language pack"):
        _read(values)


@pytest.mark.parametrize(("field", "value", "named", "problem"), [
    ("fillers", "more", "fillers", "expected a list of non-empty strings"),
    ("share_of", ["of", 1], "share_of", "expected a list of non-empty strings"),
    ("revision_cues", ["up from", ""], "revision_cues", "expected a list of non-empty strings"),
    ("nouns", ["troops"], "nouns", "expected a table"),
    ("nouns", {}, "nouns", "empty"),
    ("nouns", {"troops": 1}, "nouns.troops", "expected a string"),
    ("states_before", {"killed": ["killed"]}, "states_before.killed", "expected a string"),
    ("state_slack", -1, "state_slack", "expected a whole number, 0 or more"),
    ("state_slack", 1.5, "state_slack", "expected a whole number, 0 or more"),
    ("state_slack", True, "state_slack", "expected a number"),
    ("from_to_links", [["to"]], "from_to_links", "expected a list of non-empty strings"),
    ("filers", ["more"], "filers", "unknown field"),
])
def test_a_mistyped_field_is_named(field: str, value: object, named: str, problem: str) -> None:
    values = _english()
    values[field] = value
    with pytest.raises(ExtractError, match=rf"^{re.escape(SOURCE)}: {re.escape(named)}: {problem}"):
        _read(values)


def _pack(root: Path, lang: str, text: str) -> None:
    (root / lang).mkdir(parents=True)
    (root / lang / f"{PART}.toml").write_text(text, "utf-8")


def test_a_pack_folder_is_read_from_its_files(tmp_path: Path) -> None:
    english = (Path(units.__file__).parent.parent / "lang/en/counted.toml").read_text("utf-8")
    _pack(tmp_path, "en", english)
    _pack(tmp_path, "xx", re.sub(r"(?m)^state_slack = .*\n", "", english))
    (tmp_path / "yy").mkdir()  # a pack without a counted part: it falls back to English
    tables = counted_tables(tmp_path)
    assert sorted(tables) == ["en", "xx"]
    read_cues(tables["en"])
    with pytest.raises(ExtractError, match=rf"^{re.escape(str(tmp_path))}/xx/counted.toml: state_slack: missing"):
        read_cues(tables["xx"])


def test_english_must_have_a_counted_part(tmp_path: Path) -> None:
    _pack(tmp_path, "xx", "")
    with pytest.raises(ExtractError, match=rf"^{re.escape(str(tmp_path))}/en/counted.toml: missing file"):
        counted_tables(tmp_path)


def test_a_malformed_file_is_named(tmp_path: Path) -> None:
    _pack(tmp_path, "en", "fillers = [\n")
    with pytest.raises(ExtractError, match=r"/en/counted.toml: .*fix the language pack"):
        counted_tables(tmp_path)

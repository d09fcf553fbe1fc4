"""The language-pack contract: every pack has every part the English pack has, and every part fills every
top-level field the English one does, with the same kind of value. The part loaders' own tests
(tests/test_packs.py, tests/test_packs_counted.py) check the meaning of each field; this one checks that
no language silently lacks one, so adding a language is one folder that passes this test."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from monitor.extract.langdetect import SUPPORTED_LANGS
from monitor.extract.packs import pack_languages

from .conftest import ROOT

LANG_ROOT = ROOT / "monitor" / "lang"
REFERENCE = "en"
PARTS = sorted(path.stem for path in (LANG_ROOT / REFERENCE).glob("*.toml"))


def _kinds(table: dict[str, Any]) -> dict[str, str]:
    """Each top-level field and the kind of its value (list, table, bool, number, str)."""
    def kind(value: Any) -> str:
        if isinstance(value, bool):
            return "bool"
        return "number" if isinstance(value, int | float) else {list: "list", dict: "table"}.get(type(value), "str")
    return {key: kind(value) for key, value in table.items()}


def _part(lang: str, part: str) -> dict[str, Any]:
    return tomllib.loads((LANG_ROOT / lang / f"{part}.toml").read_text("utf-8"))


def test_the_parts_are_known() -> None:
    assert {"pack", "numbers", "counted", "figures", "attribution", "actors"} <= set(PARTS)


@pytest.mark.parametrize("lang", pack_languages())
def test_every_pack_has_every_part(lang: str) -> None:
    missing = [part for part in PARTS if not (LANG_ROOT / lang / f"{part}.toml").is_file()]
    assert not missing, f"monitor/lang/{lang}: missing {', '.join(f'{p}.toml' for p in missing)}"


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("lang", [lang for lang in pack_languages() if lang != REFERENCE])
def test_every_part_fills_every_field(lang: str, part: str) -> None:
    """Every field of the English part is in every pack's part, with the same kind of value (a language with
    nothing for a field says so with an empty list or false). Fields inside tables are the loaders' to check:
    some are keyed by the language's own words."""
    path = Path(f"monitor/lang/{lang}/{part}.toml")
    if not (ROOT / path).is_file():
        pytest.skip("reported by test_every_pack_has_every_part")
    reference, pack = _kinds(_part(REFERENCE, part)), _kinds(_part(lang, part))
    wrong = {field: pack.get(field, "missing") for field, kind in reference.items() if pack.get(field) != kind}
    assert not wrong, f"{path}: {wrong}; fix the language pack"


def test_every_pack_is_a_supported_language() -> None:
    assert set(pack_languages()) == set(SUPPORTED_LANGS)

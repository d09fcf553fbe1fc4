"""Language packs as data: `monitor/lang/<code>/<part>.toml`, read once at import by the modules that use them.

A pack part is a TOML table of named word lists. `word_lists(part, field)` gives, for every language
that has the part, the list under `field`; a pack that lacks a field it must have is an error naming
the file and the field (tests/test_packs.py checks that every pack fills every required field).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from monitor.errors import ExtractError

PACKAGE = "monitor.lang"


def pack_languages() -> tuple[str, ...]:
    """The codes of every language that has a pack folder."""
    root = resources.files(PACKAGE)
    return tuple(sorted(entry.name for entry in root.iterdir()
                        if entry.is_dir() and not entry.name.startswith(("_", "."))))


def read_part(lang: str, part: str) -> Mapping[str, Any]:
    """The table of `monitor/lang/<lang>/<part>.toml` (empty when the pack has no such part)."""
    source = resources.files(PACKAGE).joinpath(lang, f"{part}.toml")
    if not source.is_file():
        return MappingProxyType({})
    try:
        return MappingProxyType(tomllib.loads(source.read_text("utf-8")))
    except tomllib.TOMLDecodeError as error:
        raise ExtractError(f"monitor/lang/{lang}/{part}.toml: {error}; fix the language pack") from error


def word_lists(part: str, field: str) -> Mapping[str, tuple[str, ...]]:
    """`field` of `part` for every language pack, as tuples of strings (validated)."""
    tables: dict[str, tuple[str, ...]] = {}
    for lang in pack_languages():
        value = read_part(lang, part).get(field, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ExtractError(f"monitor/lang/{lang}/{part}.toml: {field}: expected a list of strings; "
                               "fix the language pack")
        tables[lang] = tuple(value)
    return MappingProxyType(tables)


def pack_flags(part: str, field: str) -> frozenset[str]:
    """The languages whose `part` sets the boolean `field` to true (validated)."""
    flagged: set[str] = set()
    for lang in pack_languages():
        value = read_part(lang, part).get(field, False)
        if not isinstance(value, bool):
            raise ExtractError(f"monitor/lang/{lang}/{part}.toml: {field}: expected true or false; "
                               "fix the language pack")
        if value:
            flagged.add(lang)
    return frozenset(flagged)

"""Reading TOML files with errors that name the file, the key and the line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a missing or malformed file is a ConfigError naming it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found; create it or pass the right path") from None
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read file: {exc.strerror}") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        line = _decode_error_line(exc)
        raise ConfigError(str(path), f"invalid TOML: {exc}", line=line) from None
    except (ValueError, RecursionError) as exc:  # an integer of thousands of digits, nesting too deep
        raise ConfigError(str(path), f"invalid TOML: {type(exc).__name__}: {str(exc)[:200]}; "
                                     "use plain values") from None


def _decode_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    found = re.search(r"line (\d+)", str(exc))
    return int(found.group(1)) if found else None


def key_line(path: Path, dotted_key: str) -> int | None:
    """The line of a key (`feeds[2].interval_seconds`) or table (`alerts.targets[0]`) in a TOML file,
    else of the nearest enclosing table that has one; None when the file cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    lines = key_lines(text)
    key = dotted_key
    while key:
        if key in lines:
            return lines[key]
        key = _parent(key)
    return None


_BARE = r"[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_KEY = re.compile(rf"^\s*((?:{_BARE})(?:\s*\.\s*(?:{_BARE}))*)\s*=")
_HEADER = re.compile(rf"^\s*(\[\[?)\s*((?:{_BARE})(?:\s*\.\s*(?:{_BARE}))*)\s*\]\]?")
_PART = re.compile(_BARE)


def key_lines(text: str) -> dict[str, int]:
    """Where each key and table of a TOML text is (dotted paths, arrays of tables indexed:
    `feeds[1].url`), 1-based. tomllib keeps no positions; this scan is enough for error messages
    (keys inside multi-line strings and multi-line inline tables are not looked into)."""
    found: dict[str, int] = {}
    arrays: dict[str, int] = {}
    prefix = ""
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header, key = _HEADER.match(line), _KEY.match(line)
        if header and not key:
            prefix = _table_path(header.group(2), header.group(1) == "[[", arrays) + "."
            found.setdefault(prefix[:-1], number)
        elif key:
            path = prefix
            for part in _parts(key.group(1)):
                path += part
                found.setdefault(path, number)
                path += "."
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_string = quote
    return found


def _parts(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _PART.findall(dotted)]


def _table_path(dotted: str, is_array: bool, arrays: dict[str, int]) -> str:
    parts = _parts(dotted)
    path = ""
    for index, part in enumerate(parts):
        path = f"{path}.{part}" if path else part
        if is_array and index == len(parts) - 1:
            arrays[path] = arrays.get(path, -1) + 1
        if path in arrays:
            path += f"[{arrays[path]}]"
    return path


def _parent(dotted: str) -> str:
    if dotted.endswith("]") and "[" in dotted:
        return dotted[:dotted.rindex("[")]
    return dotted.rpartition(".")[0]


class Fields:
    """Typed access to one TOML table, raising ConfigError with file, key and line."""

    def __init__(self, path: Path, table: dict[str, Any], prefix: str = ""):
        self.path = path
        self.table = table
        self.prefix = prefix

    def error(self, key: str, message: str) -> ConfigError:
        dotted = f"{self.prefix}{key}"
        return ConfigError(str(self.path), message, key=dotted, line=key_line(self.path, dotted))

    def reject_unknown(self, allowed: set[str]) -> None:
        for key in self.table:
            if key not in allowed:
                expected = ", ".join(sorted(allowed))
                raise self.error(key, f"unknown key; expected one of: {expected}")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., what: str = "") -> Any:
        if key not in self.table:
            if default is ...:
                raise self.error(key, f"missing required key ({what or _kind_name(kind)})")
            return default
        value = self.table[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise self.error(key, f"expected {what or _kind_name(kind)}, got a boolean")
        if not isinstance(value, kind):
            raise self.error(key, f"expected {what or _kind_name(kind)}, got {type(value).__name__}")
        return value

    def strings(self, key: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(key, list, default, what="a list of strings")
        if not all(isinstance(item, str) and item.strip() for item in value):
            raise self.error(key, "expected a list of non-empty strings")
        return tuple(value)

    def sub(self, key: str, default_empty: bool = True) -> Fields:
        table = self.get(key, dict, {} if default_empty else ..., what="a table")
        return Fields(self.path, table, f"{self.prefix}{key}.")

    def regex(self, key: str, pattern: str) -> re.Pattern[str]:
        try:
            return re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise self.error(key, f"bad regular expression {pattern!r}: {exc}") from None


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
             list: "a list", dict: "a table"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)

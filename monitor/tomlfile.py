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


def _decode_error_line(exc: tomllib.TOMLDecodeError) -> int | None:
    found = re.search(r"line (\d+)", str(exc))
    return int(found.group(1)) if found else None


def key_line(path: Path, dotted_key: str) -> int | None:
    """Best-effort line number of a key in a TOML file (TOML parsers do not keep positions)."""
    leaf = dotted_key.rsplit(".", 1)[-1].split("[", 1)[0]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*(\"?){re.escape(leaf)}\1\s*=|^\s*\[+\s*{re.escape(dotted_key)}\s*\]+")
    for number, line in enumerate(lines, start=1):
        if pattern.search(line):
            return number
    return None


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

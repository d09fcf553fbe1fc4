"""Complete payloads for tests that care about a few fields: every other field of the type's current version
gets a neutral value (None where it may be null, else empty or zero; a figure is current), so a test states
only what it checks. Fields a type does not have still fail, as in monitor."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from typing import Any

from monitor.event_schema import BY_TYPE

_NEUTRAL = {"str": "", "int": 0, "float": 0.0, "bool": False}
_USUAL = {"modality": "current", "source": "file", "derivation": "test", "status": "ok"}


def full(type_: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    cls = BY_TYPE[type_]
    hints = typing.get_type_hints(cls)
    filled: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name in fields or field.default is not dataclasses.MISSING \
                or field.default_factory is not dataclasses.MISSING:
            continue
        filled[field.name] = _neutral(hints[field.name])
    return {**filled, **{k: v for k, v in _USUAL.items() if k in filled}, **fields}


def _neutral(hint: Any) -> Any:
    args = typing.get_args(hint)
    if type(None) in args:
        return None
    origin = typing.get_origin(hint)
    if origin is tuple:
        return []
    if origin is not None and issubclass(origin, Mapping):
        return {}
    return _NEUTRAL.get(getattr(hint, "__name__", ""))

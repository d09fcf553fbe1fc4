"""What a derivation was made with: the extractor's version and the watchlists' fingerprint.

Every derived event names them, so a changed extractor or watchlist is visible in the log, and
`monitor reextract` knows which articles were derived with something else.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from monitor import __version__
from monitor.events import stable_id
from monitor.watchlist import Watchlist

# The code and data that decide what an article yields: a change in any of them is a new extractor.
EXTRACTOR_PACKAGES = ("monitor.extract", "monitor.lang")
EXTRACTOR_MODULES = ("quantities.py", "matching.py", "watchlist.py", "corroboration.py")
_DATA = re.compile(r"\.(py|toml|json|txt|tsv|csv)$")
_SKIPPED_FIELDS = frozenset({"path", "_hash"})  # where a watchlist lives does not change what it means


@dataclass(frozen=True, slots=True)
class DerivedWith:
    extractor: str
    watchlists_fingerprint: str

    def derivation(self, observation_id: str) -> str:
        """The id of this extraction of one article version."""
        return stable_id("derivation", observation_id, self.extractor, self.watchlists_fingerprint, length=24)


def watchlists_fingerprint(watchlists: Sequence[Watchlist]) -> str:
    """A hash of what the watchlists say (aliases, actors, metrics, rules), not of where they are. Pure."""
    text = json.dumps(sorted((_plain(w) for w in watchlists), key=lambda w: json.dumps(w, sort_keys=True)),
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _SKIPPED_FIELDS}
    if isinstance(value, re.Pattern):
        return [value.pattern, value.flags]
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (frozenset, set)):
        return sorted((_plain(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def extractor_version() -> str:
    """monitor's version and a hash of the extractor's code and language packs, read from the installed
    package (the shell calls this once at start; the pipeline takes the value)."""
    digest = hashlib.sha256()
    root = resources.files("monitor")
    files = [root.joinpath(name) for name in EXTRACTOR_MODULES]
    for package in EXTRACTOR_PACKAGES:
        files.extend(_walk(resources.files(package)))
    for item in sorted(files, key=lambda f: str(f)):
        digest.update(str(item).removeprefix(str(root)).encode("utf-8") + b"\0" + item.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


def _walk(folder: Any) -> list[Any]:
    found = []
    for item in folder.iterdir():
        if item.is_dir():
            if item.name != "__pycache__":
                found.extend(_walk(item))
        elif _DATA.search(item.name):
            found.append(item)
    return found

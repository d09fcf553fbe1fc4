"""Watchlist matching: which watchlists an article (or a sentence) is about. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from monitor.watchlist import Watchlist

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True, slots=True)
class AliasMatcher:
    """One compiled pattern for all aliases and patterns of a watchlist."""

    watchlist_id: str
    pattern: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def positions(self, text: str) -> list[int]:
        return [found.start() for found in self.pattern.finditer(text)]


def alias_regex(alias: str) -> str:
    """Aliases match whole words, except Korean, where particles attach to the noun (북한은)."""
    body = re.escape(alias).replace(r"\ ", r"[\s\u00a0]+")
    if _HANGUL.search(alias):
        return body
    return rf"(?<![\w-]){body}(?![\w])"


@lru_cache(maxsize=64)
def _compile(watchlist: Watchlist) -> AliasMatcher:
    parts = [alias_regex(alias) for alias in sorted(set(watchlist.aliases), key=len, reverse=True)]
    parts += [pattern.pattern for pattern in watchlist.patterns]
    return AliasMatcher(watchlist.id, re.compile("|".join(parts), re.IGNORECASE))


def matcher(watchlist: Watchlist) -> AliasMatcher:
    return _compile(watchlist)


def match_watchlists(texts: Iterable[str], watchlists: Sequence[Watchlist]) -> tuple[str, ...]:
    """Ids of the watchlists that any of the texts mentions, in watchlist order."""
    joined = "\n".join(texts)
    return tuple(w.id for w in watchlists if matcher(w).search(joined))

"""Corroboration by source: who carried a value, with syndicated copies counted once. Pure.

A wire story on four sites is one source reported via four outlets; the same story in two feeds of
one site is one outlet; an update of an article (same canonical URL, hence the same article id, or
the same feed GUID on the same outlet) is a version, not a second source.

Copies are found by their text: each article version gets a `Fingerprint` (a bottom-k sketch of its
word 5-gram shingles, stored in its `article.extracted` event), and two articles are copies when
most of the shorter one's shingles are in the longer one (page chrome, a different headline or a
cut last paragraph leave them copies; two reports of one event quoting the same sentence do not).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SHINGLE_WORDS = 5  # words per shingle
SKETCH_SIZE = 128  # smallest shingle hashes kept per article
COPY_CONTAINMENT = 0.5  # share of the shorter text's shingles in the longer one that makes a copy
MIN_SHINGLES = 8  # below this, texts are copies only when their shingles are the same

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A text's shingle count and its SKETCH_SIZE smallest 32-bit shingle hashes, sorted."""

    size: int
    hashes: tuple[int, ...]
    members: frozenset[int] = field(init=False, repr=False, compare=False)  # the hashes as a set, made once

    def __post_init__(self) -> None:
        object.__setattr__(self, "members", frozenset(self.hashes))

    def to_json(self) -> dict[str, Any]:
        return {"shingles": SHINGLE_WORDS, "size": self.size, "hashes": list(self.hashes)}

    @staticmethod
    def from_json(data: object) -> Fingerprint | None:
        """The fingerprint stored in an event payload; None for events written before fingerprints."""
        if not isinstance(data, Mapping) or data.get("shingles") != SHINGLE_WORDS:
            return None
        hashes, size = data.get("hashes"), data.get("size")
        if not isinstance(hashes, list) or not isinstance(size, int):
            return None
        return Fingerprint(size, tuple(sorted(int(h) for h in hashes)))


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=4).digest(), "big")


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of a text (case, punctuation and spacing ignored)."""
    words = _words(text)
    width = min(SHINGLE_WORDS, len(words))
    shingles = {" ".join(words[i:i + width]) for i in range(len(words) - width + 1)} if words else set()
    hashes = sorted({_hash(s) for s in shingles})
    return Fingerprint(len(shingles), tuple(hashes[:SKETCH_SIZE]))


def resemblance(a: Fingerprint, b: Fingerprint) -> float:
    """The estimated share of the smaller text's shingles that the other text has too (0..1).

    The Jaccard index J is estimated on the bottom-k sketch of the union; the intersection is then
    J (|A| + |B|) / (1 + J), divided by the smaller size.
    """
    if not a.size or not b.size or a.members.isdisjoint(b.members):
        return 0.0
    union = sorted(a.members | b.members)[:SKETCH_SIZE]
    # A hash both sketches hold is in the union's sketch exactly when it is no larger than its last.
    jaccard = sum(1 for h in a.members & b.members if h <= union[-1]) / len(union)
    common = jaccard * (a.size + b.size) / (1 + jaccard)
    return min(1.0, common / min(a.size, b.size))


def is_copy(a: Fingerprint, b: Fingerprint) -> bool:
    """True when one text is (nearly) a copy of the other: syndicated, re-headlined or trimmed."""
    if min(a.size, b.size) < MIN_SHINGLES:
        return a == b and a.size > 0
    return _could_be_copy(a, b) and resemblance(a, b) >= COPY_CONTAINMENT


def _could_be_copy(a: Fingerprint, b: Fingerprint) -> bool:
    """False when even counting every shared hash gives less than COPY_CONTAINMENT: most pairs of
    unrelated reports are settled here without sorting their union (the estimate grows with the count)."""
    shared = len(a.members & b.members)
    if not shared:
        return False
    jaccard = shared / min(SKETCH_SIZE, len(a.members) + len(b.members) - shared)
    return jaccard * (a.size + b.size) / (1 + jaccard) / min(a.size, b.size) >= COPY_CONTAINMENT


@dataclass(frozen=True, slots=True)
class Carrier:
    """One article version that carried a value: where it ran and what its text looks like."""

    article_id: str
    outlet: str | None
    guid: str | None = None
    fingerprint: Fingerprint | None = None

    @property
    def outlet_key(self) -> str:
        return " ".join(self.outlet.casefold().split()) if self.outlet and self.outlet.strip() else self.article_id


@dataclass(frozen=True, slots=True)
class Corroboration:
    sources: int  # independent reports: syndicated copies and one outlet's articles count once
    outlets: int  # distinct outlets that carried it

    @property
    def wording(self) -> str:
        """'reported by 3 outlets', or 'reported by 1 source via 3 outlets' when copies were merged."""
        outlets = f"{self.outlets} outlet{'s' if self.outlets != 1 else ''}"
        if self.sources >= self.outlets:
            return f"reported by {outlets}"
        return f"reported by {self.sources} source{'s' if self.sources != 1 else ''} via {outlets}"


def _copies(a: Carrier, b: Carrier) -> bool:
    return a.fingerprint is not None and b.fingerprint is not None and is_copy(a.fingerprint, b.fingerprint)


def sources(carriers: Sequence[Carrier]) -> list[list[Carrier]]:
    """The carriers grouped into independent sources (copies and one outlet's articles joined), in order.

    The groups are the connected parts of the same-source relation: carriers sharing an article id,
    an outlet or a GUID are joined by key first, and texts are compared only across groups not yet
    joined, so syndicated copies cost one comparison each rather than one per pair.
    """
    parent = list(range(len(carriers)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[max(root(i), root(j))] = min(root(i), root(j))

    first: dict[tuple[str, str], int] = {}
    for index, carrier in enumerate(carriers):
        for kind, value in (("id", carrier.article_id), ("outlet", carrier.outlet_key), ("guid", carrier.guid)):
            if value is not None:
                join(first.setdefault((kind, value), index), index)
    for j, later in enumerate(carriers):
        for i in range(j):
            if root(i) != root(j) and _copies(carriers[i], later):
                join(i, j)
    groups: dict[int, list[Carrier]] = {}
    for index, carrier in enumerate(carriers):
        groups.setdefault(root(index), []).append(carrier)
    return [groups[r] for r in sorted(groups)]


def corroborate(carriers: Sequence[Carrier]) -> Corroboration:
    """How many independent sources and distinct outlets carried a value."""
    unique = list({c.article_id: c for c in carriers}.values())
    return Corroboration(len(sources(unique)), len({c.outlet_key for c in unique}))

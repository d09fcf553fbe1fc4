"""The event types: a frozen dataclass per type, its stable name and version, encode and decode, and the
upcasters that turn a payload written by an earlier version into the current shape when it is read.

Observations (`article.observed`, `feed.polled`) are the facts; the other article events are derived from an
observation by one extraction, which each names: `derivation` (that article version read by that extractor
with those watchlists), `extractor` (the extractor's version) and `watchlists_fingerprint`. Delivery outcomes
are facts about the outbox. The README's table of event types is generated from this module
(`python -m monitor.event_schema`), and a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from monitor.errors import StoreError

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class EventSchemaError(StoreError):
    """An event the code cannot read: an unknown type or version, or a payload that does not fit its type."""


@dataclass(frozen=True, slots=True)
class Payload:
    """Base of the payload types. `encode` gives the JSON object the log stores; `decode` reads one back."""

    TYPE: ClassVar[str]
    VERSION: ClassVar[int]
    MEANING: ClassVar[str]
    KIND: ClassVar[str]  # observation, derived or outcome
    # field -> what it holds, for the README table (fields not listed are described by their name)
    NOTES: ClassVar[Mapping[str, str]] = {}

    def encode(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def decode(cls, payload: Mapping[str, Any]) -> Any:
        return _decode_fields(cls, payload)


def _decode_fields(cls: type[Payload], payload: Mapping[str, Any]) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(payload) - names)
    if unknown:
        raise EventSchemaError(f"{cls.TYPE} v{cls.VERSION}: unknown payload fields {', '.join(unknown)}")
    missing = [f.name for f in dataclasses.fields(cls) if f.name not in payload
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise EventSchemaError(f"{cls.TYPE} v{cls.VERSION}: missing payload fields {', '.join(missing)}")
    return cls(**{name: _frozen(value) for name, value in payload.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _frozen(value: Any) -> Any:
    return tuple(_frozen(item) for item in value) if isinstance(value, list) else value


_DERIVATION_NOTES = {
    "derivation": "id of this extraction of this article version (legacy:<article_id> before versioning)",
    "extractor": "the extractor's version (monitor version + hash of its code and language packs)",
    "watchlists_fingerprint": "hash of the watchlists (and so of the known actors) it was derived with",
}


@dataclass(frozen=True, slots=True)
class ArticleObserved(Payload):
    TYPE: ClassVar[str] = "article.observed"
    VERSION: ClassVar[int] = 1
    MEANING: ClassVar[str] = "an article version as fetched or replayed: the fact extraction reads"
    KIND: ClassVar[str] = "observation"
    NOTES: ClassVar[Mapping[str, str]] = {
        "supersedes": "the observation of the article's previous version, if any",
        "published_at": "as the feed, page or manifest gave it (null: not given)",
        "recovered_from": "the pre-schema article.extracted event this observation was recovered from"}

    article_id: str
    url: str
    canonical_url: str
    outlet: str | None
    feed_url: str | None
    source: str
    title: str | None
    text: str
    lang: str | None
    published_at: str | None
    fetched_at: str
    content_hash: str
    supersedes: str | None = None
    from_summary: bool = False
    guid: str | None = None
    entry_hash: str | None = None
    recovered_from: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleExtracted(Payload):
    TYPE: ClassVar[str] = "article.extracted"
    VERSION: ClassVar[int] = 4
    MEANING: ClassVar[str] = "an article version was read, matched and extracted"
    KIND: ClassVar[str] = "derived"
    NOTES: ClassVar[Mapping[str, str]] = {
        **_DERIVATION_NOTES, "observation": "the article.observed event it read",
        "supersedes": "derivations of the same article this one replaces (monitor reextract)",
        "supported": "false: the language has no pack; nothing was extracted",
        "fingerprint": "a sketch of the text's shingles, for syndicated copies (monitor/corroboration.py)"}

    article_id: str
    observation: str
    derivation: str
    extractor: str | None
    watchlists_fingerprint: str | None
    url: str
    title: str | None
    outlet: str | None
    lang: str | None
    published_at: str | None
    content_hash: str
    source: str | None
    watchlists: tuple[str, ...] = ()
    supported: bool = True
    supersedes: tuple[str, ...] = ()
    feed_url: str | None = None
    from_summary: bool = False
    guid: str | None = None
    entry_hash: str | None = None
    fingerprint: Any = None


@dataclass(frozen=True, slots=True)
class FigureReported(Payload):
    TYPE: ClassVar[str] = "figure.reported"
    VERSION: ClassVar[int] = 3
    MEANING: ClassVar[str] = "an article reports a figure (value, unit, source, evidence)"
    KIND: ClassVar[str] = "derived"
    NOTES: ClassVar[Mapping[str, str]] = {
        **_DERIVATION_NOTES, "modality": "current, projection, earlier, hypothetical, incident or total",
        "side": "whose people are counted", "via": "who relayed the credit",
        "start": "evidence span in the article text (characters)"}

    article_id: str
    outlet: str | None
    published_at: str | None
    metric: str | None
    watchlist: str | None
    value: float
    value_max: float | None
    unit: str | None
    counted: str | None
    approx: bool
    qualifier: str | None
    credited_to: str | None
    credit_carried: bool
    quote: str
    start: int
    end: int
    previous_value: float | None
    is_previous: bool
    modality: str
    side: str | None
    via: str | None
    derivation: str
    extractor: str | None
    watchlists_fingerprint: str | None


@dataclass(frozen=True, slots=True)
class ActorMentioned(Payload):
    TYPE: ClassVar[str] = "actor.mentioned"
    VERSION: ClassVar[int] = 2
    MEANING: ClassVar[str] = "an article mentions an actor (after variant resolution)"
    KIND: ClassVar[str] = "derived"
    NOTES: ClassVar[Mapping[str, str]] = {**_DERIVATION_NOTES, "listed_in": "watchlists that list the actor"}

    article_id: str
    outlet: str | None
    published_at: str | None
    actor_id: str
    name: str
    kind: str
    role: str | None
    known: bool
    variants: tuple[str, ...]
    listed_in: tuple[str, ...]
    article_watchlists: tuple[str, ...]
    mentions: int
    derivation: str
    extractor: str | None
    watchlists_fingerprint: str | None


@dataclass(frozen=True, slots=True)
class ClaimDisputed(Payload):
    TYPE: ClassVar[str] = "claim.disputed"
    VERSION: ClassVar[int] = 2
    MEANING: ClassVar[str] = "an article reports a denial or dispute (who disputes, the figures it answers)"
    KIND: ClassVar[str] = "derived"
    NOTES: ClassVar[Mapping[str, str]] = {**_DERIVATION_NOTES, "kind": "denial, falsehood or unconfirmed"}

    article_id: str
    outlet: str | None
    published_at: str | None
    kind: str
    disputer: str | None
    cue: str
    claim: str
    quote: str
    values: tuple[float, ...]
    derivation: str
    extractor: str | None
    watchlists_fingerprint: str | None


# The fields every alert has; a rule adds its own (value, metric, name, variants, ...), kept in `details`
# and stored beside these in one flat object.
_ALERT_CORE = ("alert_id", "rule", "watchlist", "subject", "body", "article_id", "url", "article_title", "outlet",
               "published_at", "derivation", "extractor", "watchlists_fingerprint", "late")


@dataclass(frozen=True, slots=True)
class AlertRaised(Payload):
    TYPE: ClassVar[str] = "alert.raised"
    VERSION: ClassVar[int] = 2
    MEANING: ClassVar[str] = "a rule raised an alert; the outbox delivers it"
    KIND: ClassVar[str] = "derived"
    NOTES: ClassVar[Mapping[str, str]] = {
        **_DERIVATION_NOTES, "late": "raised by `monitor reextract --alert` for news already in the log",
        "details": "the rule's own fields, stored flat beside these (value, value_max, previous_value, "
                   "credited_to, metric, metric_label, watchlists, title, name, variants, ...)"}

    alert_id: str
    rule: str
    watchlist: str | None
    subject: str
    body: str
    article_id: str
    url: str | None
    article_title: str | None
    outlet: str | None
    published_at: str | None
    derivation: str | None = None
    extractor: str | None = None
    watchlists_fingerprint: str | None = None
    late: bool = False
    details: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def encode(self) -> dict[str, Any]:
        core = {name: _plain(getattr(self, name)) for name in _ALERT_CORE}
        return {**dict(self.details), **core}

    @classmethod
    def decode(cls, payload: Mapping[str, Any]) -> AlertRaised:
        core = {name: payload[name] for name in _ALERT_CORE if name in payload}
        details = {key: value for key, value in payload.items() if key not in _ALERT_CORE}
        if "details" in details:
            raise EventSchemaError(f"{cls.TYPE} v{cls.VERSION}: 'details' is not a payload field")
        decoded: AlertRaised = _decode_fields(cls, {**core, "details": details})
        return decoded


@dataclass(frozen=True, slots=True)
class AlertWithheld(Payload):
    TYPE: ClassVar[str] = "alert.withheld"
    VERSION: ClassVar[int] = 1
    MEANING: ClassVar[str] = "a re-extraction would have raised this alert for old news; it was not sent"
    KIND: ClassVar[str] = "derived"
    NOTES: ClassVar[Mapping[str, str]] = {"alert": "the alert.raised payload it would have had"}

    alert_id: str
    article_id: str
    alert: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class AlertUpdated(Payload):
    TYPE: ClassVar[str] = "alert.updated"
    VERSION: ClassVar[int] = 2
    MEANING: ClassVar[str] = "a later article carried an alert's value: the alert's corroboration, updated"
    KIND: ClassVar[str] = "derived"
    NOTES: ClassVar[Mapping[str, str]] = {**_DERIVATION_NOTES, "patch": "merged into the alert's payload"}

    alert_id: str
    article_id: str
    url: str | None
    outlet: str | None
    patch: Mapping[str, Any]
    derivation: str | None = None
    extractor: str | None = None
    watchlists_fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class _Delivery(Payload):
    """What the outbox did with one alert for one target: the fields both outcomes share."""

    KIND: ClassVar[str] = "outcome"

    alert_id: str
    target: str
    status: str
    error: str | None
    attempt: int
    at: str | None


@dataclass(frozen=True, slots=True)
class AlertDelivered(_Delivery):
    TYPE: ClassVar[str] = "alert.delivered"
    VERSION: ClassVar[int] = 1
    MEANING: ClassVar[str] = "an alert reached one target"


@dataclass(frozen=True, slots=True)
class AlertFailed(_Delivery):
    TYPE: ClassVar[str] = "alert.failed"
    VERSION: ClassVar[int] = 1
    MEANING: ClassVar[str] = "an alert could not reach one target (retried later)"
    NOTES: ClassVar[Mapping[str, str]] = {"status": "failed (retried) or gave_up"}


@dataclass(frozen=True, slots=True)
class FeedPolled(Payload):
    TYPE: ClassVar[str] = "feed.polled"
    VERSION: ClassVar[int] = 1
    MEANING: ClassVar[str] = "a feed was polled, with its outcome"
    KIND: ClassVar[str] = "observation"
    NOTES: ClassVar[Mapping[str, str]] = {"status": "ok, not_modified, throttled or error"}

    feed_url: str
    status: str
    http_status: int | None
    consecutive_failures: int
    next_poll_at: str | None
    etag: str | None
    last_modified: str | None
    entries: int = 0
    new_entries: int = 0
    matched: int = 0
    spooled: int = 0
    refused: tuple[str, ...] = ()
    error: str | None = None


PAYLOADS: tuple[type[Payload], ...] = (
    ArticleObserved, ArticleExtracted, FigureReported, ActorMentioned, ClaimDisputed, AlertRaised, AlertUpdated,
    AlertWithheld, AlertDelivered, AlertFailed, FeedPolled)
BY_TYPE: Mapping[str, type[Payload]] = {payload.TYPE: payload for payload in PAYLOADS}


def _legacy_derivation(payload: dict[str, Any]) -> dict[str, Any]:
    """Derived before extraction was versioned: one legacy derivation per article."""
    return {**payload, "derivation": f"legacy:{payload.get('article_id')}", "extractor": None,
            "watchlists_fingerprint": None}


def legacy_observation_id(article_id: str, content_hash: str) -> str:
    """The id of the article.observed event recovered from a pre-schema article.extracted (as make_event
    makes it: type, stream, content hash)."""
    from monitor.events import stable_id

    return stable_id(ArticleObserved.TYPE, f"article:{article_id}", content_hash)


def _article_v4(payload: dict[str, Any]) -> dict[str, Any]:
    """v3 held the text as well: it is the observation now (recovered into article.observed at upgrade)."""
    kept = {key: value for key, value in payload.items() if key != "text"}
    article_id = str(payload.get("article_id"))
    return {**_legacy_derivation(kept), "supersedes": [],
            "observation": legacy_observation_id(article_id, str(payload.get("content_hash")))}


# (type, version) -> the function that turns a payload of that version into one of the next
UPCASTERS: Mapping[tuple[str, int], Upcaster] = {
    ("article.extracted", 1): lambda payload: {**payload, "supported": True},
    ("article.extracted", 2): lambda payload: {**payload, "fingerprint": None},
    ("article.extracted", 3): _article_v4,
    ("figure.reported", 1): lambda payload: {**payload, "modality": "current", "side": None, "via": None},
    ("figure.reported", 2): _legacy_derivation,
    ("actor.mentioned", 1): _legacy_derivation,
    ("claim.disputed", 1): _legacy_derivation,
    # the alert fields added in v2 have defaults: no derivation, not late
    ("alert.raised", 1): lambda payload: payload,
    ("alert.updated", 1): lambda payload: payload,
}


def current_version(type_: str) -> int:
    payload = BY_TYPE.get(type_)
    if payload is None:
        raise EventSchemaError(f"unknown event type {type_!r}: this monitor knows {', '.join(sorted(BY_TYPE))}. "
                               "The database was written by a newer monitor: upgrade monitor to read it.")
    return payload.VERSION


def check_known(type_: str, version: int) -> None:
    """Raise EventSchemaError unless this code can read events of this type and version."""
    current = current_version(type_)
    if version > current or version < 1:
        raise EventSchemaError(f"{type_} v{version}: this monitor reads {type_} up to v{current}. The database "
                               "was written by a newer monitor: upgrade monitor to read it.")
    for step in range(version, current):
        if (type_, step) not in UPCASTERS:
            raise EventSchemaError(f"{type_} v{step}: no upcaster to v{step + 1} (a bug: report it)")


def upcast(type_: str, version: int, payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload in the current shape of its type."""
    check_known(type_, version)
    shaped = dict(payload)
    for step in range(version, current_version(type_)):
        shaped = UPCASTERS[(type_, step)](shaped)
    return shaped


def decode(type_: str, version: int, payload: Mapping[str, Any]) -> Payload:
    """The typed payload of a stored event of any known version."""
    decoded: Payload = BY_TYPE[type_].decode(upcast(type_, version, payload))
    return decoded


def encode(type_: str, payload: Payload | Mapping[str, Any]) -> dict[str, Any]:
    """The JSON object to store: a typed payload encoded, or a mapping checked against the type."""
    cls = BY_TYPE.get(type_)
    if cls is None:
        raise EventSchemaError(f"unknown event type {type_!r}")
    if isinstance(payload, Payload):
        if not isinstance(payload, cls):
            raise EventSchemaError(f"a {type(payload).__name__} is no {type_} payload")
        return payload.encode()
    encoded: dict[str, Any] = cls.decode(payload).encode()
    return encoded


def event_table() -> str:
    """The README's table of event types and payload fields (Markdown)."""
    lines = ["| type | version | kind | meaning | payload fields |", "|---|---|---|---|---|"]
    for cls in PAYLOADS:
        described = []
        for f in dataclasses.fields(cls):
            note = cls.NOTES.get(f.name)
            described.append(f"`{f.name}`" + (f" ({note})" if note else ""))
        lines.append(f"| `{cls.TYPE}` | {cls.VERSION} | {cls.KIND} | {cls.MEANING} | {', '.join(described)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(event_table())

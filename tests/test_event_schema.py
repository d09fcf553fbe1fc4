"""The typed event schema (monitor/event_schema.py): every type's payload round-trips, a payload that does not
fit its type is refused naming the field, every upcaster step turns a payload an older release wrote into one
the current version decodes, and versions or types this code does not know are refused naming them."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from monitor.errors import MonitorError
from monitor.event_schema import (
    BY_TYPE,
    PAYLOADS,
    UPCASTERS,
    AlertRaised,
    EventSchemaError,
    check_known,
    decode,
    encode,
    legacy_observation_id,
    upcast,
)
from monitor.events import make_event, stable_id

ARTICLE_ID = "1f4529b786326c03"
DIGEST = "9e82901c9259f716d043be92c9dfa72d"
URL = "http://127.0.0.1:42249/articles/001_88eb08dd550c11cb.html"
QUOTE = ("Pada hari Jumat, Badan Intelijen Nasional Korea Selatan (NIS) menuduh tentara Korea Utara telah mengirim "
         "sekitar 1.500 tentara ke Rusia untuk pelatihan, sebelum menempatkan mereka di Ukraina.")
DERIVED = {"derivation": "9b1c4e0d2a7f6e5d4c3b2a19", "extractor": "0.9.0+3f2a1b0c",
           "watchlists_fingerprint": "5d41402abc4b2a76"}
WATCHLISTS = ["nato", "north-korea", "russia", "ukraine"]

# A realistic payload of each type's current version (values as the pipeline writes them, lists as JSON has them)
CURRENT: dict[str, dict[str, Any]] = {
    "article.observed": {
        "article_id": ARTICLE_ID, "url": URL, "canonical_url": URL, "outlet": "KONTAN.CO.ID",
        "feed_url": "http://127.0.0.1:42249/feed.xml", "source": "feed", "title": "Rutte memperingatkan Pyongyang",
        "text": "KONTAN.CO.ID - Pada Senin (21/10/2024), Sekretaris Jenderal NATO Mark Rutte memperingatkan ...",
        "lang": "id", "published_at": "2024-10-21T00:00:00+00:00", "fetched_at": "2024-10-21T08:00:00+00:00",
        "content_hash": DIGEST, "supersedes": None, "from_summary": False, "guid": "demo-001_88eb08dd550c11cb",
        "entry_hash": "883ecd2322a08632c0c847aa99b0201d", "recovered_from": None},
    "article.extracted": {
        "article_id": ARTICLE_ID, "observation": "03f8748eb3df690211d3b14bcbbde7b2", **DERIVED, "url": URL,
        "title": "Rutte memperingatkan Pyongyang", "outlet": "KONTAN.CO.ID", "lang": "id",
        "published_at": "2024-10-21T00:00:00+00:00", "content_hash": DIGEST, "source": "feed",
        "watchlists": WATCHLISTS, "supported": True, "supersedes": ["legacy:" + ARTICLE_ID],
        "feed_url": "http://127.0.0.1:42249/feed.xml", "from_summary": False, "guid": "demo-001_88eb08dd550c11cb",
        "entry_hash": "883ecd2322a08632c0c847aa99b0201d", "fingerprint": {"hashes": [13357508, 15638765]}},
    "figure.reported": {
        "article_id": ARTICLE_ID, "outlet": "KONTAN.CO.ID", "published_at": "2024-10-21T00:00:00+00:00",
        "metric": "nk-troops-in-russia", "watchlist": "north-korea", "value": 1500.0, "value_max": None,
        "unit": "troops", "counted": "tentara", "approx": True, "qualifier": "about",
        "credited_to": "National Intelligence Service", "credit_carried": False, "quote": QUOTE, "start": 1026,
        "end": 1031, "previous_value": None, "is_previous": False, "modality": "current", "side": "north-korea",
        "via": None, **DERIVED},
    "actor.mentioned": {
        "article_id": ARTICLE_ID, "outlet": "KONTAN.CO.ID", "published_at": "2024-10-21T00:00:00+00:00",
        "actor_id": "nato", "name": "NATO", "kind": "org", "role": "North Atlantic Treaty Organization",
        "known": True, "variants": ["NATO"], "listed_in": ["nato"], "article_watchlists": WATCHLISTS, "mentions": 2,
        **DERIVED},
    "claim.disputed": {
        "article_id": ARTICLE_ID, "outlet": "KONTAN.CO.ID", "published_at": "2024-10-21T00:00:00+00:00",
        "kind": "denial", "disputer": "Kremlin", "cue": "denied", "claim": "sent 1,500 troops",
        "quote": "The Kremlin denied that Pyongyang had sent 1,500 troops.", "values": [1500.0], **DERIVED},
    "alert.raised": {
        "alert_id": "9e7c2bf60cc42c3ff34a8c3b138ae33e", "rule": "new-figure", "watchlist": "north-korea",
        "subject": "nk-troops-in-russia", "body": "Source: National Intelligence Service; reported by 1 outlet",
        "article_id": ARTICLE_ID, "url": URL, "article_title": "Rutte memperingatkan Pyongyang",
        "outlet": "KONTAN.CO.ID", "published_at": "2024-10-21T00:00:00+00:00", **DERIVED, "late": False,
        # the rule's own fields, flat beside the core ones
        "title": "North Korean troops sent to Russia: about 1,500 (National Intelligence Service)",
        "value": 1500.0, "value_max": None, "previous_value": None, "metric": "nk-troops-in-russia",
        "metric_label": "North Korean troops sent to Russia", "credited_to": "National Intelligence Service",
        "estimates": [{"source": "National Intelligence Service", "value": 12000.0}], "corroborating_outlets": 1},
    "alert.updated": {
        "alert_id": "9e7c2bf60cc42c3ff34a8c3b138ae33e", "article_id": "e530f8a203b268d2",
        "url": "http://127.0.0.1:42249/articles/004_3f86cd7e430ebe96.html", "outlet": "TRIBUNNEWS.COM",
        "patch": {"corroborating_outlets": 2, "corroboration": "reported by 2 outlets"}, **DERIVED},
    "alert.withheld": {
        "alert_id": "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f", "article_id": ARTICLE_ID,
        "alert": {"alert_id": "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f", "rule": "new-figure", "value": 1500.0}},
    "alert.delivered": {
        "alert_id": "9e7c2bf60cc42c3ff34a8c3b138ae33e", "target": "console", "status": "delivered", "error": None,
        "attempt": 1, "at": "2026-12-02T11:20:38.927118+00:00"},
    "alert.failed": {
        "alert_id": "9e7c2bf60cc42c3ff34a8c3b138ae33e", "target": "webhook", "status": "failed",
        "error": "HTTP 503", "attempt": 2, "at": "2026-12-02T11:21:08.000000+00:00"},
    "feed.polled": {
        "feed_url": "http://127.0.0.1:42249/feed.xml", "status": "ok", "http_status": 200,
        "consecutive_failures": 0, "next_poll_at": "2026-12-02T11:20:39.427518+00:00", "etag": '"a789549411c0219b"',
        "last_modified": None, "entries": 1, "new_entries": 1, "matched": 1, "spooled": 1, "refused": [],
        "error": None},
}


def test_every_type_has_a_sample() -> None:
    assert set(CURRENT) == set(BY_TYPE)


@pytest.mark.parametrize("type_", sorted(CURRENT))
def test_encode_decode_round_trip(type_: str) -> None:
    payload = CURRENT[type_]
    typed = BY_TYPE[type_].decode(payload)
    assert isinstance(typed, BY_TYPE[type_])
    assert typed.encode() == payload
    assert encode(type_, typed) == payload
    assert encode(type_, payload) == payload
    assert decode(type_, BY_TYPE[type_].VERSION, payload) == typed
    assert BY_TYPE[type_].decode(typed.encode()) == typed


def _required(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


@pytest.mark.parametrize(("type_", "field"), [(cls.TYPE, name) for cls in PAYLOADS for name in _required(cls)])
def test_a_missing_field_is_refused_by_name(type_: str, field: str) -> None:
    payload = {key: value for key, value in CURRENT[type_].items() if key != field}
    with pytest.raises(EventSchemaError, match=rf"{type_} v\d+: missing payload fields .*\b{field}\b"):
        encode(type_, payload)


@pytest.mark.parametrize("type_", sorted(t for t in CURRENT if t != AlertRaised.TYPE))
def test_an_unknown_field_is_refused_by_name(type_: str) -> None:
    with pytest.raises(EventSchemaError, match=rf"{type_} v\d+: unknown payload fields .*\bsurplus_field\b"):
        encode(type_, {**CURRENT[type_], "surplus_field": 1})


def test_make_event_refuses_a_payload_that_does_not_fit() -> None:
    from datetime import UTC, datetime

    with pytest.raises(EventSchemaError, match="missing payload fields derivation"):
        make_event("figure.reported", f"article:{ARTICLE_ID}", datetime(2024, 10, 21, tzinfo=UTC),
                   {k: v for k, v in CURRENT["figure.reported"].items() if k != "derivation"}, "x")


def test_the_schema_error_is_a_monitor_error() -> None:
    assert issubclass(EventSchemaError, MonitorError)


# Payloads as older releases wrote them (article.extracted v3 and the others as in
# tests/fixtures/previous_release.duckdb.gz; the earlier versions without the fields their next version added)
ARTICLE_V3 = {
    "article_id": ARTICLE_ID, "content_hash": DIGEST, "entry_hash": "883ecd2322a08632c0c847aa99b0201d",
    "feed_url": "http://127.0.0.1:42249/feed.xml", "fingerprint": {"hashes": [13357508, 15638765, 32364484]},
    "from_summary": False, "guid": "demo-001_88eb08dd550c11cb", "lang": "id", "outlet": "KONTAN.CO.ID",
    "published_at": "2024-10-21T00:00:00+00:00", "source": "feed", "supported": True,
    "text": "KONTAN.CO.ID - Pada Senin (21/10/2024), Sekretaris Jenderal NATO Mark Rutte memperingatkan ...",
    "title": "KONTAN.CO.ID - Pada Senin (21/10/2024), Sekretaris Jenderal NATO Mark Rutte memperingatkan ...",
    "url": URL, "watchlists": WATCHLISTS}
ARTICLE_V2 = {k: v for k, v in ARTICLE_V3.items() if k != "fingerprint"}
ARTICLE_V1 = {k: v for k, v in ARTICLE_V2.items() if k != "supported"}
_NOT_YET = ("derivation", "extractor", "watchlists_fingerprint")
FIGURE_V2 = {k: v for k, v in CURRENT["figure.reported"].items() if k not in _NOT_YET}
FIGURE_V1 = {k: v for k, v in FIGURE_V2.items() if k not in ("modality", "side", "via")}
ACTOR_V1 = {k: v for k, v in CURRENT["actor.mentioned"].items() if k not in _NOT_YET}
CLAIM_V1 = {k: v for k, v in CURRENT["claim.disputed"].items() if k not in _NOT_YET}
ALERT_V1 = {k: v for k, v in CURRENT["alert.raised"].items() if k not in (*_NOT_YET, "late")}
UPDATED_V1 = {k: v for k, v in CURRENT["alert.updated"].items() if k not in _NOT_YET}

LEGACY = f"legacy:{ARTICLE_ID}"
OBSERVATION = legacy_observation_id(ARTICLE_ID, DIGEST)
# (type, version, old payload, fields the upcast payload must have)
UPCASTS: list[tuple[str, int, dict[str, Any], dict[str, Any]]] = [
    ("article.extracted", 1, ARTICLE_V1, {"supported": True, "fingerprint": None, "observation": OBSERVATION}),
    ("article.extracted", 2, ARTICLE_V2, {"supported": True, "fingerprint": None, "observation": OBSERVATION}),
    ("article.extracted", 3, ARTICLE_V3, {"fingerprint": ARTICLE_V3["fingerprint"], "observation": OBSERVATION,
                                          "supersedes": []}),
    ("figure.reported", 1, FIGURE_V1, {"modality": "current", "side": None, "via": None, "value": 1500.0}),
    ("figure.reported", 2, FIGURE_V2, {"modality": "current", "side": "north-korea", "start": 1026}),
    ("actor.mentioned", 1, ACTOR_V1, {"actor_id": "nato", "listed_in": ["nato"]}),
    ("claim.disputed", 1, CLAIM_V1, {"disputer": "Kremlin", "values": [1500.0]}),
    ("alert.raised", 1, ALERT_V1, {"rule": "new-figure"}),
    ("alert.updated", 1, UPDATED_V1, {"patch": UPDATED_V1["patch"]}),
]


def test_the_upcast_table_covers_every_upcaster() -> None:
    steps = {(type_, step) for type_, version, _, _ in UPCASTS
             for step in range(version, BY_TYPE[type_].VERSION)}
    assert steps == set(UPCASTERS)


@pytest.mark.parametrize(("type_", "version", "old", "expected"), UPCASTS,
                         ids=[f"{t}-v{v}" for t, v, _, _ in UPCASTS])
def test_an_old_payload_upcasts_to_one_the_current_version_decodes(
        type_: str, version: int, old: dict[str, Any], expected: dict[str, Any]) -> None:
    before = dict(old)
    shaped = upcast(type_, version, old)
    assert old == before, "an upcaster changed the stored payload it was given"
    cls = BY_TYPE[type_]
    typed = cls.decode(shaped)  # the current version's decoder: no unknown, no missing field
    assert decode(type_, version, old) == typed
    assert encode(type_, shaped) == typed.encode()
    for name, value in expected.items():
        assert shaped[name] == value, name
    if type_.startswith("alert."):
        # the alert fields added in v2 have defaults: no derivation, not late
        assert (shaped.get("derivation"), shaped.get("extractor")) == (None, None)
        assert typed.derivation is None
    else:
        assert shaped["derivation"] == LEGACY
        assert (shaped["extractor"], shaped["watchlists_fingerprint"]) == (None, None)
    if type_ == "article.extracted":
        assert "text" not in shaped  # the text is the observation's now
    if type_ == "alert.raised":
        assert typed.details["value"] == 1500.0
        assert typed.encode() == {**old, "derivation": None, "extractor": None,
                                  "watchlists_fingerprint": None, "late": False}


def test_the_legacy_observation_id_is_the_recovered_observation_s() -> None:
    """article.extracted v3 -> v4 names the article.observed event the upgrade recovers (make_event's id)."""
    assert stable_id("article.observed", f"article:{ARTICLE_ID}", DIGEST) == OBSERVATION


@pytest.mark.parametrize("type_", sorted(CURRENT))
def test_the_current_version_upcasts_to_itself(type_: str) -> None:
    assert upcast(type_, BY_TYPE[type_].VERSION, CURRENT[type_]) == CURRENT[type_]


@pytest.mark.parametrize("type_", sorted(CURRENT))
def test_a_version_above_the_current_one_is_refused_naming_it(type_: str) -> None:
    newer = BY_TYPE[type_].VERSION + 1
    with pytest.raises(EventSchemaError, match=rf"{type_} v{newer}: this monitor reads {type_} up to "
                                               rf"v{BY_TYPE[type_].VERSION}\. .*upgrade monitor"):
        check_known(type_, newer)
    with pytest.raises(EventSchemaError, match=rf"{type_} v99\b"):
        upcast(type_, 99, CURRENT[type_])


def test_version_zero_is_refused() -> None:
    with pytest.raises(EventSchemaError, match=r"figure\.reported v0"):
        check_known("figure.reported", 0)


def test_an_unknown_type_is_refused_naming_it() -> None:
    with pytest.raises(EventSchemaError, match=r"unknown event type 'article\.translated'.*upgrade monitor"):
        check_known("article.translated", 1)
    with pytest.raises(EventSchemaError, match=r"'article\.translated'"):
        encode("article.translated", {"article_id": ARTICLE_ID})
    with pytest.raises(EventSchemaError, match=r"'article\.translated'"):
        upcast("article.translated", 1, {})


def test_a_payload_of_another_type_is_refused() -> None:
    figure = BY_TYPE["figure.reported"].decode(CURRENT["figure.reported"])
    with pytest.raises(EventSchemaError, match=r"is no actor\.mentioned payload"):
        encode("actor.mentioned", figure)


def test_alert_raised_keeps_the_rule_s_fields_flat() -> None:
    payload = CURRENT["alert.raised"]
    alert = AlertRaised.decode(payload)
    core = {f.name for f in dataclasses.fields(AlertRaised)} - {"details"}
    assert dict(alert.details) == {k: v for k, v in payload.items() if k not in core}
    assert alert.details["estimates"] == [{"source": "National Intelligence Service", "value": 12000.0}]
    encoded = alert.encode()
    assert encoded == payload
    assert "details" not in encoded
    assert AlertRaised.decode(encoded) == alert
    # a typed alert made in code: its details come out beside the core fields
    made = dataclasses.replace(alert, details={"name": "Kim Yong-bok", "variants": ["Kim Yong-bok"]})
    assert made.encode()["variants"] == ["Kim Yong-bok"]
    assert made.encode()["name"] == "Kim Yong-bok"
    assert AlertRaised.decode(made.encode()).details["name"] == "Kim Yong-bok"


def test_alert_raised_refuses_a_details_key_and_a_missing_core_field() -> None:
    with pytest.raises(EventSchemaError, match="'details' is not a payload field"):
        AlertRaised.decode({**CURRENT["alert.raised"], "details": {}})
    with pytest.raises(EventSchemaError, match="missing payload fields subject"):
        AlertRaised.decode({k: v for k, v in CURRENT["alert.raised"].items() if k != "subject"})

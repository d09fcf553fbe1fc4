"""The new-actor rule, table-driven: once per actor, never an outlet, a place, a generic office or a
known actor under another form; a role cue or a second mention first. Pure: no database, no clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.errors import ConfigError
from monitor.events import ALERT_RAISED
from monitor.extract.model import ActorMention
from monitor.rules import NEW_ACTOR, ArticleFacts, RuleState, evaluate
from monitor.rules_actors import ActorState, PriorActor, actor_id, is_known, not_an_actor, qualifies
from monitor.watchlist import KnownActor, RuleSettings, Watchlist, load_watchlist


def watchlist(wid: str, actors: tuple[KnownActor, ...] = (), aliases: tuple[str, ...] = (), **rules: Any
              ) -> Watchlist:
    return Watchlist(id=wid, name=wid.upper(), aliases=aliases or (wid,), patterns=(), actors=actors, metrics=(),
                     rules=RuleSettings(**rules), path=f"{wid}.toml")


ZELENSKY = KnownActor("Volodymyr Zelensky", "person", "President of Ukraine", ("Volodymyr Zelensky", "Zelensky"),
                      "kursk")
NIS = KnownActor("National Intelligence Service", "org", None, ("National Intelligence Service", "NIS"), "nk")
NK = watchlist("nk", (NIS,), ("North Korea", "Pyongyang"))
KURSK = watchlist("kursk", (ZELENSKY,), ("Kursk",))
NATO = watchlist("nato")
ALL = (NK, KURSK, NATO)


def person(name: str, *variants: str, role: str | None = None, mentions: int = 1, known: bool = False,
           kind: str = "person") -> ActorMention:
    spans = tuple((i * 10, i * 10 + len(name)) for i in range(mentions))
    return ActorMention(name, kind, tuple(sorted({name, *variants})), role, known, (), spans)


def org(name: str, *variants: str, role: str | None = None, mentions: int = 1) -> ActorMention:
    return person(name, *variants, role=role, mentions=mentions, kind="org")


def facts(*actors: ActorMention, watchlists: tuple[str, ...] = ("nk",), article: str = "a2",
          outlet: str | None = "Daily Example") -> ArticleFacts:
    return ArticleFacts(article, f"https://news.example/{article}", "A story", outlet,
                        datetime(2024, 11, 2, tzinfo=UTC), watchlists, (), actors)


def raised(article: ArticleFacts, state: ActorState | None = None, lists: tuple[Watchlist, ...] = ALL
           ) -> list[dict[str, Any]]:
    events = evaluate(article, RuleState(actors=state or ActorState()), lists)
    return [dict(e.payload) for e in events if e.type == ALERT_RAISED and e.payload["rule"] == NEW_ACTOR]


EARLIER = PriorActor("pat-ryder", "Pat Ryder", ("Pat Ryder",), 1, "a1", "https://news.example/a1", "Wire Daily",
                     "2024-11-01T00:00:00")

# (case, actors, state, matched watchlists, rules for every watchlist, expected alert subjects)
CASES: list[tuple[str, tuple[ActorMention, ...], ActorState, tuple[str, ...], dict[str, Any], list[str]]] = [
    ("a role cue: alerts", (person("Choe Son Hui", role="Foreign Minister of North Korea"),), ActorState(), ("nk",),
     {}, ["choe-son-hui"]),
    ("named twice in the article: alerts", (person("Pat Ryder", "Ryder", mentions=2),), ActorState(), ("nk",), {},
     ["pat-ryder"]),
    ("once, no role: waits", (person("Pat Ryder"),), ActorState(), ("nk",), {}, []),
    ("once, no role, with 'any': alerts", (person("Pat Ryder"),), ActorState(), ("nk",),
     {"new_actor_requires": "any"}, ["pat-ryder"]),
    ("role required, two mentions without one: waits", (person("Pat Ryder", mentions=2),), ActorState(), ("nk",),
     {"new_actor_requires": "role"}, []),
    ("second mention required, a role alone: waits", (person("Pat Ryder", role="spokesman"),), ActorState(),
     ("nk",), {"new_actor_requires": "second-mention"}, []),
    ("second mention in a later article: alerts there", (person("Pat Ryder"),), ActorState(mentioned=(EARLIER,)),
     ("nk",), {}, ["pat-ryder"]),
    ("... under another spelling of the same key", (person("Pat  Ryder"),), ActorState(mentioned=(EARLIER,)),
     ("nk",), {}, ["pat-ryder"]),
    ("already alerted: nothing, in any watchlist", (person("Pat Ryder", role="spokesman"),),
     ActorState(alerted=(EARLIER,)), ("nato",), {}, []),
    ("already alerted under another spelling", (person("Pat Ryder", "P. Ryder", role="spokesman"),),
     ActorState(alerted=(PriorActor("p-ryder", "P. Ryder", ("P. Ryder",)),)), ("nk",), {}, []),
    ("an outlet named like a person: the article's own", (person("Heather Cox Richardson", mentions=3),),
     ActorState(), ("nk",), {}, []),
    ("an outlet named like a person: one the log knows", (person("Jon Sopel", mentions=2),),
     ActorState(outlets=frozenset({"Jon Sopel"})), ("nk",), {}, []),
    ("a wire service", (org("Yonhap News Agency", mentions=3),), ActorState(), ("nk",), {}, []),
    ("a masthead", (org("Bronx Times", mentions=2),), ActorState(), ("nk",), {}, []),
    ("a web domain", (org("inibalikpapan.com", mentions=2),), ActorState(), ("nk",), {}, []),
    ("a country", (person("Ukraine", mentions=4, kind="country"),), ActorState(), ("nk",), {}, []),
    ("a place the watchlist names", (org("Pyongyang", mentions=4),), ActorState(), ("nk",), {}, []),
    ("a place made of place words", (org("North Korea", mentions=2),), ActorState(), ("nato",), {}, []),
    ("a generic office without its country", (org("Ministry of Defense", mentions=2),), ActorState(), ("nk",), {},
     []),
    ("a generic office in Indonesian", (org("Kementerian Pertahanan", mentions=2),), ActorState(), ("nk",), {}, []),
    ("an office with its country is real", (org("Ministry of Energy of Ukraine", mentions=2),), ActorState(),
     ("nk",), {}, ["ministry-of-energy-of-ukraine"]),
    ("generic words with an acronym of its own are a name",
     (org("Defense Intelligence Agency", "DIA", mentions=3),), ActorState(), ("nk",), {},
     ["defense-intelligence-agency"]),
    ("a known actor's other spelling (gazetteer, another watchlist)",
     (person("Vladimir Zelensky", role="Prime Minister of Ukraine"),), ActorState(), ("nk",), {}, []),
    ("a known actor's alias not resolved by the extractor", (org("NIS", mentions=2),), ActorState(), ("nato",), {},
     []),
    ("a known actor fires where configured", (person("Volodymyr Zelensky", known=True, role="President"),),
     ActorState(), ("kursk",), {"known_actors_fire": True}, ["volodymyr-zelensky"]),
    ("two spellings of one person in one article: one alert",
     (person("최선희", "최 외무상", role="Foreign Minister", mentions=2), person("최선의", role="Foreign Minister")),
     ActorState(), ("nk",), {}, ["최선희"]),
    ("new_actor off", (person("Choe Son Hui", role="minister"),), ActorState(), ("nk",), {"new_actor": False}, []),
]


@pytest.mark.parametrize(("actors", "state", "matched", "rules", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_new_actor_rule(actors: tuple[ActorMention, ...], state: ActorState, matched: tuple[str, ...],
                        rules: dict[str, Any], expected: list[str]) -> None:
    lists = tuple(watchlist(w.id, w.actors, w.aliases, **rules) for w in ALL)
    outlet = "Heather Cox Richardson"
    assert [a["subject"] for a in raised(facts(*actors, watchlists=matched, outlet=outlet), state, lists)] == expected


def test_the_same_actor_in_three_watchlists_is_one_alert_naming_them() -> None:
    (alert,) = raised(facts(person("Choe Son Hui", role="Foreign Minister"), watchlists=("nk", "kursk", "nato")))
    assert alert["watchlists"] == ["kursk", "nato", "nk"] and alert["watchlist"] == "kursk"
    assert alert["new_in"] == ["kursk", "nato", "nk"]
    assert "New in: kursk, nato, nk" in alert["body"]


def test_only_watchlists_whose_requirement_is_met_are_named() -> None:
    lists = (watchlist("nk", new_actor_requires="second-mention"), watchlist("kursk"), watchlist("nato"))
    (alert,) = raised(facts(person("Choe Son Hui", role="Foreign Minister"), watchlists=("nk", "kursk")), lists=lists)
    assert alert["watchlists"] == ["kursk"]


def test_identity_is_the_actor_and_stable() -> None:
    first = raised(facts(person("Robert Wood", role="deputy ambassador"), watchlists=("nk", "nato"), article="a1"))
    again = raised(facts(person("Robert Wood", "Wood", mentions=2), watchlists=("nato",), article="a7"))
    assert len(first) == len(again) == 1 and first[0]["alert_id"] == again[0]["alert_id"]
    assert first[0]["subject"] == actor_id("Robert Wood") == "robert-wood"


def test_an_alert_at_the_second_mention_cites_the_first() -> None:
    (alert,) = raised(facts(person("Pat Ryder")), ActorState(mentioned=(EARLIER,)))
    assert alert["mentions"] == 2
    assert alert["earlier_mention"] == {"article_id": "a1", "url": "https://news.example/a1", "outlet": "Wire Daily",
                                        "published_at": "2024-11-01T00:00:00"}
    assert "Mentioned before: Wire Daily, 2024-11-01: https://news.example/a1" in alert["body"]
    assert alert["url"] == "https://news.example/a2"


def test_payload_lists_every_spelling_and_the_role() -> None:
    (alert,) = raised(facts(person("Choe Son Hui", "Choe Sun Hui", "Choe", role="Foreign Minister of North Korea")))
    assert alert["title"] == "First mention: Choe Son Hui, Foreign Minister of North Korea"
    assert alert["variants"] == ["Choe", "Choe Son Hui", "Choe Sun Hui"]
    assert alert["earlier_mention"] is None


@pytest.mark.parametrize(("requirement", "role", "mentions", "expected"), [
    ("any", False, 1, True), ("role", True, 1, True), ("role", False, 3, False), ("second-mention", False, 2, True),
    ("second-mention", True, 1, False), ("role-or-second-mention", True, 1, True),
    ("role-or-second-mention", False, 2, True), ("role-or-second-mention", False, 1, False),
])
def test_qualifies(requirement: str, role: bool, mentions: int, expected: bool) -> None:
    assert qualifies(requirement, role, mentions) is expected


@pytest.mark.parametrize(("found", "why"), [
    (org("Reuters"), "outlet"), (org("Korea Herald"), "outlet"), (org("Kursk"), "place"),
    (org("Ministry of Foreign Affairs"), "generic office"), (org("North Atlantic Council", "NAC"), None),
    (person("Kaja Kallas"), None),
])
def test_not_an_actor(found: ActorMention, why: str | None) -> None:
    assert not_an_actor(found, ALL, ()) == why


@pytest.mark.parametrize(("found", "known"), [
    (person("Vladimir Zelensky"), True), (person("Zelensky"), True), (person("Olena Zelenska"), False),
    (person("Kim Yo Jong"), False), (org("NIS"), True), (org("National Intelligence Council"), False),
])
def test_is_known_reads_every_watchlists_gazetteer(found: ActorMention, known: bool) -> None:
    assert is_known(found, ALL) is known


@pytest.mark.parametrize(("value", "ok"), [('"any"', True), ('"role-or-second-mention"', True),
                                           ('"second-mention"', True), ('"sometimes"', False), ("true", False)])
def test_new_actor_requires_is_checked(tmp_path: Path, value: str, ok: bool) -> None:
    path = tmp_path / "w.toml"
    path.write_text(f'id = "w"\nname = "W"\n[aliases]\nen = ["W"]\n[rules]\nnew_actor_requires = {value}\n',
                    encoding="utf-8")
    if ok:
        assert load_watchlist(path).rules.new_actor_requires == value.strip('"')
    else:
        with pytest.raises(ConfigError, match="new_actor_requires"):
            load_watchlist(path)

"""The new-actor rule: which actors of an article are news, once each and only real ones. Pure.

An actor alerts once, in the first article where it qualifies; the alert names every watchlist of
that article it is new in (where `rules.new_actor` is on), so a target subscribed to several gets it
once, and a later article in another watchlist raises nothing. Never alerted:
- countries and places (kind "country", a watchlist alias, a name of nothing but place words);
- outlets and wire services (the article's own outlet, any outlet in the log, the extractor's list
  of outlets, masthead words such as "Times" or "Herald", a web domain);
- a generic office without its holder ("Ministry of Defense" with its country dropped: an
  organisation whose words are all generic organisation words, with no acronym of its own);
- a known actor (a watchlist's `[[actors]]`, in any watchlist) under another form: the same name
  key as any alias, or a person with a known surname and the same initial ("Vladimir Zelensky" for
  "Volodymyr Zelensky"); known actors fire only where `rules.known_actors_fire` is on;
- an actor already alerted under any of its spellings.
An actor also needs what the watchlist's `rules.new_actor_requires` asks for: "role-or-second-mention"
(default: a role cue in the text, or a second mention, in this article or an earlier one), "role",
"second-mention" or "any". Alerted at a second mention in a later article, it cites the first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from monitor.events import stable_id
from monitor.extract import actor_index
from monitor.extract import actor_lexicon as lexicon
from monitor.extract import actor_words as words
from monitor.extract.actor_names import KOREAN, fold_word, name_key, name_words, surname_key
from monitor.extract.actor_text import phrase_keys
from monitor.extract.model import ActorMention
from monitor.watchlist import Watchlist

# The values of rules.new_actor_requires (monitor/watchlist.py NEW_ACTOR_REQUIRES).
ANY, ROLE, SECOND_MENTION, ROLE_OR_SECOND = "any", "role", "second-mention", "role-or-second-mention"

_ACRONYM = re.compile(r"[A-ZА-ЯІЇЄҐ]{2,}")
_GENERIC_ORG_KEYS = (actor_index.ORG_HEAD_KEYS | actor_index.ORG_WORD_KEYS | actor_index.ORG_CONNECTIVE_KEYS
                     | actor_index.ARTICLE_KEYS)
_PLACE_WORD_KEYS = frozenset(key for word in words.PLACE_WORDS.split() for key in phrase_keys(word)) | frozenset(
    key for names in lexicon.COUNTRY_WORDS.values() for name in names for key in phrase_keys(name))
_OUTLETS = tuple(name.strip() for name in lexicon.OUTLETS.replace("\n", "").split("|") if name.strip())


def actor_id(name: str) -> str:
    """A readable, stable id for a canonical actor name: 'Choe Son Hui' -> 'choe-son-hui'."""
    slug = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")
    return slug or stable_id("actor", name, length=12)


@dataclass(frozen=True, slots=True)
class PriorActor:
    """An actor the log saw before this article: its spellings, and the article that first named it."""

    actor_id: str
    name: str
    variants: tuple[str, ...] = ()
    mentions: int = 1
    article_id: str | None = None
    url: str | None = None
    outlet: str | None = None
    published_at: str | None = None


@dataclass(frozen=True, slots=True)
class ActorState:
    mentioned: tuple[PriorActor, ...] = ()  # actors named in other articles that are no known actor
    alerted: tuple[PriorActor, ...] = ()  # actors a new-actor alert was raised for
    outlets: frozenset[str] = frozenset()  # the outlets of the log's articles


@dataclass(frozen=True, slots=True)
class ActorAlert:
    subject: str  # the actor id: the alert's identity
    watchlists: tuple[str, ...]  # the watchlists it is new in, sorted
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    known: frozenset[str]  # name keys of every known actor's aliases (countries included)
    initials: frozenset[tuple[str, str]]  # (surname key, initial) of known persons, Korean names excluded
    places: frozenset[str]  # name keys of watchlist aliases and country words
    outlets: frozenset[str]  # name keys of the outlets the extractor knows


@lru_cache(maxsize=8)
def _gazetteer(watchlists: tuple[Watchlist, ...]) -> _Gazetteer:
    known = [a for w in watchlists for a in w.actors]
    aliases = [(a.kind, alias) for a in known for alias in a.aliases]
    initials = frozenset(pair for kind, alias in aliases if kind == "person" and (pair := _initial(alias)))
    places = {name_key(alias) for w in watchlists for alias in w.aliases}
    places |= {name_key(name) for names in lexicon.COUNTRY_WORDS.values() for name in names}
    return _Gazetteer(frozenset(name_key(alias) for _, alias in aliases), initials, frozenset(places),
                      frozenset(name_key(outlet) for outlet in _OUTLETS))


def _initial(name: str) -> tuple[str, str] | None:
    surname, parts = surname_key(name), name_words(name)
    if surname is None or surname.startswith(KOREAN) or len(parts) < 2:
        return None
    return surname, fold_word(parts[0])[:1]


def _keys(names: Sequence[str]) -> frozenset[str]:
    return frozenset(key for key in map(name_key, names) if key)


def _names(actor: ActorMention) -> tuple[str, ...]:
    return (actor.name, *actor.variants)


def is_known(actor: ActorMention, watchlists: Sequence[Watchlist]) -> bool:
    """A watchlist's known actor, under any of its aliases or another form of a person's name."""
    gazetteer = _gazetteer(tuple(watchlists))
    if actor.known or _keys(_names(actor)) & gazetteer.known:
        return True
    return actor.kind == "person" and any(_initial(n) in gazetteer.initials for n in _names(actor))


def not_an_actor(actor: ActorMention, watchlists: Sequence[Watchlist], outlets: Sequence[str]) -> str | None:
    """Why a found name is no actor to alert on ("place", "outlet", "generic office"), or None."""
    gazetteer, keys = _gazetteer(tuple(watchlists)), _keys(_names(actor))
    words_of = [phrase_keys(name) for name in _names(actor)]
    if actor.kind == "country" or keys & gazetteer.places or all(
            w and all(k in _PLACE_WORD_KEYS for k in w) for w in words_of):
        return "place"
    if keys & (gazetteer.outlets | _keys(outlets)) or any(_outlet_shaped(name) for name in _names(actor)):
        return "outlet"
    if actor.kind == "org" and not any(_ACRONYM.fullmatch(v) for v in actor.variants) and all(
            all(k in _GENERIC_ORG_KEYS for k in w) for w in words_of):
        return "generic office"
    return None


def _outlet_shaped(name: str) -> bool:
    """A masthead ("Bronx Times", "Kantor Berita") or a web domain ("inibalikpapan.com")."""
    if any(key in actor_index.OUTLET_WORD_KEYS for key in phrase_keys(name)):
        return True
    return "." in name and name.rsplit(".", 1)[-1].casefold() in actor_index.DOMAIN_KEYS


def _matches(actor: ActorMention, prior: PriorActor) -> bool:
    return prior.actor_id == actor_id(actor.name) or bool(_keys(_names(actor)) & _keys((prior.name, *prior.variants)))


def _one_per_person(actors: Sequence[ActorMention]) -> list[ActorMention]:
    """An article's actors with unmerged spellings of one person dropped: two persons of one article
    with the same surname and the same role are one ("최선의" beside "최선희", both foreign minister)."""
    kept: list[ActorMention] = []
    for actor in sorted(actors, key=lambda a: -len(a.spans)):
        twin = actor.kind == "person" and actor.role is not None and any(
            other.kind == "person" and other.role == actor.role and surname_key(other.name) is not None
            and surname_key(other.name) == surname_key(actor.name) for other in kept)
        if not twin:
            kept.append(actor)
    return [a for a in actors if a in kept]


def qualifies(requirement: str, has_role: bool, mentions: int) -> bool:
    """Whether an actor with (or without) a role cue, named `mentions` times so far, may alert."""
    return {ANY: True, ROLE: has_role, SECOND_MENTION: mentions >= 2,
            ROLE_OR_SECOND: has_role or mentions >= 2}[requirement]


def actor_alerts(actors: Sequence[ActorMention], matched: Sequence[Watchlist], watchlists: Sequence[Watchlist],
                 state: ActorState, outlet: str | None) -> list[ActorAlert]:
    """The new-actor alerts of an article's actors; `matched`: the article's watchlists, `watchlists`: all."""
    outlets = (*state.outlets, *([outlet] if outlet else []))
    found = []
    for actor in _one_per_person(actors):
        if any(_matches(actor, prior) for prior in state.alerted):
            continue
        known = is_known(actor, watchlists)
        if not known and not_an_actor(actor, watchlists, outlets) is not None:
            continue
        earlier = [prior for prior in state.mentioned if _matches(actor, prior)]
        mentions = max(1, len(actor.spans)) + sum(prior.mentions for prior in earlier)
        new_in = tuple(sorted(w.id for w in matched if _fires(w, actor, known, mentions)))
        if new_in:
            found.append(ActorAlert(actor_id(actor.name), new_in, _body(actor, known, mentions, new_in, earlier)))
    return found


def _fires(watchlist: Watchlist, actor: ActorMention, known: bool, mentions: int) -> bool:
    rules = watchlist.rules
    if not rules.new_actor or (known and not rules.known_actors_fire):
        return False
    return qualifies(rules.new_actor_requires, bool(actor.role), mentions)


def _body(actor: ActorMention, known: bool, mentions: int, new_in: tuple[str, ...],
          earlier: Sequence[PriorActor]) -> dict[str, Any]:
    role = f", {actor.role}" if actor.role else ""
    first = min(earlier, key=lambda p: (p.published_at or "", p.article_id or ""), default=None)
    cited = None if first is None else {"article_id": first.article_id, "url": first.url, "outlet": first.outlet,
                                        "published_at": first.published_at}
    return {"title": f"First mention: {actor.name}{role}", "actor_id": actor_id(actor.name), "name": actor.name,
            "kind": actor.kind, "role": actor.role, "variants": list(actor.variants), "known": known,
            "mentions": mentions, "new_in": list(new_in), "earlier_mention": cited}

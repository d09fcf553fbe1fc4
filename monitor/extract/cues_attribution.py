"""Attribution cues: reporting verbs, source phrases, pronouns and unnamed sources, read from the
language packs (monitor/lang/<code>/attribution.toml) and validated on load.

A pack's tables (each optional):

- `[cues]` `pre` / `post` / `both`: a cue's direction says where its speaker is: "pre" cues come
  before the speaker ("kata X", "according to X"), "post" cues after it ("X mengatakan", "X said"),
  "both" cues either way ("said X" after a quote, "X said" otherwise), "final" cues end their clause
  and their speaker is its subject, the first speaker before them ("X hatte von 28 Orten gesprochen").
  `relay`: cues whose speaker is the origin of what another speaker in the sentence relays ("a
  lawmaker citing the NIS").
- `[self]` `person` / `org` / `any`: cues that carry their own pronoun ("katanya", "по его словам").
- `[anaphors]` `person` / `org` / `any`: phrases that stand for an earlier speaker of that kind.
- `[speakers]` `generic`: unnamed sources (a figure they give is credited to nobody);
  `titles_refer`: a bare title as speaker ("- сказал главнокомандующий") stands for a person named
  before.
- `[words]` `skip`: words that may stand between a speaker and its cue; `back_references`:
  openings that hand the sentence's source to the sentence before ("Об этом рассказал X");
  `commitments`: words of a target, pledge or agreement ("target", "pledge", "agreed", "sepakat"): a
  sentence with one and no reporting cue credits its figures to the organisation it names first,
  whose commitment they are ("NATO's 5% target", "les membres de l'Otan ... 5 % du PIB"); `passive`:
  auxiliaries that make a reporting verb passive ("have been reported"): it names no speaker, so
  the sentence may still take an earlier one.
- `[korean]` `according_to` ("X에 따르면", a post cue), `verb_stems` (a verb-final cue: "X는 ... 밝혔다"),
  `subject_particles`, `topic_markers`.

Phrases are matched like the actor lexicon: case- and diacritic-insensitively, with Russian and
Ukrainian case endings folded, whatever the document's language.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from monitor.extract.actor_text import phrase_keys

PRE, POST, BOTH, FINAL = "pre", "post", "both", "final"
PERSON, ORG, ANY = "person", "org", "any"

_PACKAGE = "monitor.lang"
_PART = "attribution.toml"
_KINDS = (PERSON, ORG, ANY)
_SCHEMA: Mapping[str, Mapping[str, type]] = {
    "cues": {PRE: list, POST: list, BOTH: list, FINAL: list, "relay": list},
    "self": {PERSON: list, ORG: list, ANY: list},
    "anaphors": {PERSON: list, ORG: list, ANY: list},
    "speakers": {"generic": list, "titles_refer": bool},
    "words": {"skip": list, "back_references": list, "commitments": list, "passive": list},
    "korean": {"according_to": list, "verb_stems": list, "subject_particles": list, "topic_markers": list},
}


class PackError(ValueError):
    """A language pack's attribution.toml that does not follow the schema."""


@dataclass(frozen=True, slots=True)
class AttributionPack:
    """One language's attribution knowledge."""

    lang: str
    cues: Mapping[str, str]  # phrase -> direction
    relays: tuple[str, ...]
    self_cues: Mapping[str, str]  # phrase -> the kind of actor its pronoun fits
    anaphors: Mapping[str, str]  # phrase -> kind
    generic: tuple[str, ...]
    titles_refer: bool
    skip: tuple[str, ...]
    back_references: tuple[str, ...]
    commitments: tuple[str, ...]
    passive: tuple[str, ...]
    according_to: tuple[str, ...]
    verb_stems: tuple[str, ...]
    subject_particles: tuple[str, ...]
    topic_markers: tuple[str, ...]


def parse_pack(lang: str, table: Mapping[str, Any]) -> AttributionPack:
    """A pack from its TOML table; a PackError names the file and the field that is wrong."""
    where = f"monitor/lang/{lang}/{_PART}"
    for section, value in table.items():
        fields = _SCHEMA.get(section)
        if fields is None or not isinstance(value, dict):
            raise PackError(f"{where}: unknown table [{section}]")
        for name, item in value.items():
            expected = fields.get(name)
            if expected is None:
                raise PackError(f"{where}: unknown field {section}.{name}")
            if not isinstance(item, expected) or (isinstance(item, list) and not _phrases(item)):
                raise PackError(f"{where}: {section}.{name}: expected {_describe(expected)}")

    def words(section: str, name: str) -> tuple[str, ...]:
        return tuple(phrase.strip() for phrase in table.get(section, {}).get(name, []))

    def kinds(section: str) -> Mapping[str, str]:
        return MappingProxyType({phrase: kind for kind in _KINDS for phrase in words(section, kind)})

    cues = {phrase: direction for direction in (PRE, POST, BOTH, FINAL) for phrase in words("cues", direction)}
    cues.update({phrase: POST for phrase in words("korean", "according_to")})
    relays = words("cues", "relay")
    if missing := [phrase for phrase in relays if phrase not in cues]:
        raise PackError(f"{where}: cues.relay: {missing} must also be pre, post, both or final cues")
    return AttributionPack(
        lang, MappingProxyType(cues), relays, kinds("self"), kinds("anaphors"), words("speakers", "generic"),
        bool(table.get("speakers", {}).get("titles_refer", False)), words("words", "skip"),
        words("words", "back_references"), words("words", "commitments"), words("words", "passive"),
        words("korean", "according_to"),
        words("korean", "verb_stems"), words("korean", "subject_particles"), words("korean", "topic_markers"))


def _phrases(items: list[Any]) -> bool:
    return all(isinstance(item, str) and item.strip() for item in items)


def _describe(expected: type) -> str:
    return "a list of non-empty strings" if expected is list else "true or false"


def load_packs() -> Mapping[str, AttributionPack]:
    """Every language pack that has an attribution part, by language code."""
    packs: dict[str, AttributionPack] = {}
    for entry in sorted(resources.files(_PACKAGE).iterdir(), key=lambda item: item.name):
        source = entry.joinpath(_PART)
        if entry.is_dir() and not entry.name.startswith(("_", ".")) and source.is_file():
            try:
                table = tomllib.loads(source.read_text("utf-8"))
            except tomllib.TOMLDecodeError as error:
                raise PackError(f"monitor/lang/{entry.name}/{_PART}: {error}") from error
            packs[entry.name] = parse_pack(entry.name, table)
    return MappingProxyType(packs)


def check_directions(packs: Mapping[str, AttributionPack]) -> None:
    """Cues are matched by their folded keys, whatever the language: two cues that fold alike
    ("сообщил", "сообщили") must say the same direction."""
    seen: dict[tuple[str, ...], tuple[str, str, str]] = {}
    for lang, pack in packs.items():
        for phrase, direction in pack.cues.items():
            keys = phrase_keys(phrase)
            other = seen.setdefault(keys, (lang, phrase, direction))
            if other[2] != direction:
                raise PackError(f"monitor/lang/{lang}/{_PART}: cue {phrase!r} is {direction}, but "
                                f"{other[1]!r} ({other[0]}), which is matched alike, is {other[2]}")


PACKS = load_packs()
check_directions(PACKS)


def _union(field: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for pack in PACKS.values() for item in getattr(pack, field)))


REPORTING_CUES: Mapping[str, Mapping[str, str]] = MappingProxyType({lang: pack.cues for lang, pack in PACKS.items()})
RELAY_CUES = _union("relays")
SELF_CUES: Mapping[str, str] = MappingProxyType(
    {phrase: kind for pack in PACKS.values() for phrase, kind in pack.self_cues.items()})
PRONOUN_VERBS = tuple(SELF_CUES)
ANAPHORS: Mapping[str, str] = MappingProxyType(
    {phrase: kind for pack in PACKS.values() for phrase, kind in pack.anaphors.items()})
GENERIC_SPEAKERS = "|".join(_union("generic"))
SKIP_WORDS = "|".join(_union("skip"))
BACK_REFERENCES = _union("back_references")
COMMITMENTS = _union("commitments")
PASSIVE_MARKERS = _union("passive")
KOREAN_ACCORDING_TO = _union("according_to")[0]  # the ko pack's; actor_index indexes it as a post cue
KOREAN_VERB_STEMS = _union("verb_stems")
KOREAN_TOPIC_PARTICLES = _union("subject_particles")
KOREAN_TOPIC_MARKERS = _union("topic_markers")
TITLES_REFER = frozenset(lang for lang, pack in PACKS.items() if pack.titles_refer)

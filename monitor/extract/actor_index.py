"""Indexes built once: the lexicons' phrase tries and key sets, and a gazetteer's alias index."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from monitor.extract import actor_lexicon as lexicon
from monitor.extract import actor_words as words
from monitor.extract import cues_attribution as cues
from monitor.extract import packs
from monitor.extract.actor_names import name_key, surname_key
from monitor.extract.actor_text import PhraseIndex, phrase_keys


def _keys(text: str, separator: str | None = None) -> frozenset[str]:
    items = text.split(separator) if separator else text.split()
    return frozenset(key for item in items if item.strip() for key in phrase_keys(item.strip()))


def _index(phrases: Iterable[str]) -> tuple[PhraseIndex, tuple[str, ...]]:
    """A trie of the phrases; each payload is the phrase's position in the returned tuple."""
    ordered = tuple(dict.fromkeys(p.strip() for p in phrases if p.strip()))
    index = PhraseIndex()
    for position, phrase in enumerate(ordered):
        index.add(phrase, position)
    return index, ordered


# Title cues: payload -> role in English.
TITLES, _TITLE_PHRASES = _index(cue for table in lexicon.TITLE_CUES.values() for cue in table)
_ROLE_OF = {cue.casefold(): role for table in lexicon.TITLE_CUES.values() for cue, role in table.items()}
TITLE_ROLES = tuple(_ROLE_OF[phrase.casefold()] for phrase in _TITLE_PHRASES)

# Country words: payload -> country in English.
_COUNTRY_OF = {word: country for country, names in lexicon.COUNTRY_WORDS.items() for word in names}
COUNTRIES, _COUNTRY_PHRASES = _index(_COUNTRY_OF)
COUNTRY_NAMES = tuple(_COUNTRY_OF[phrase] for phrase in _COUNTRY_PHRASES)

# Reporting cues: payload -> (phrase, direction).
_DIRECTION_OF = {cue: direction for table in cues.REPORTING_CUES.values() for cue, direction in table.items()}
_DIRECTION_OF.update({verb: cues.PRE for verb in cues.PRONOUN_VERBS})
_DIRECTION_OF[cues.KOREAN_ACCORDING_TO] = cues.POST
REPORTING, _CUE_PHRASES = _index(_DIRECTION_OF)
CUE_DIRECTIONS = tuple(_DIRECTION_OF[phrase] for phrase in _CUE_PHRASES)
CUE_PHRASES = _CUE_PHRASES
PRONOUN_VERB_KEYS = frozenset(verb.casefold() for verb in cues.PRONOUN_VERBS)
KOREAN_VERB_STEMS = cues.KOREAN_VERB_STEMS

ANAPHORS, _ANAPHOR_PHRASES = _index(cues.ANAPHORS)
ANAPHOR_KINDS = tuple(cues.ANAPHORS[phrase] for phrase in _ANAPHOR_PHRASES)
GENERIC, _GENERIC_PHRASES = _index(cues.GENERIC_SPEAKERS.replace("\n", "").split("|"))
SKIPS, _ = _index(cues.SKIP_WORDS.replace("\n", "").split("|"))

DATE_KEYS = _keys(words.MONTHS_AND_DAYS)


def _pack_keys(field: str) -> frozenset[str]:
    """The keys of every language pack's `field` of actors.toml (each list applies to every text)."""
    return frozenset(key for found in packs.word_lists("actors", field).values()
                     for word in found for key in phrase_keys(word))


ORG_HEAD_KEYS = _pack_keys("org_heads")
ORG_WORD_KEYS = _pack_keys("org_words")  # generic words an organisation's name may hold before its head
ORG_CONNECTIVE_KEYS = _pack_keys("org_connectives")
HONORIFICS, _ = _index(word for found in packs.word_lists("actors", "honorifics").values() for word in found)
BYLINE_OPENERS, _ = _index(word for found in packs.word_lists("actors", "byline_openers").values() for word in found)
BYLINE_CLOSER_KEYS = _pack_keys("byline_closers")
OUTLET_WORD_KEYS = _keys(words.OUTLET_DESCRIPTOR_WORDS) | _pack_keys("outlet_words")
OUTLET_CUE_KEYS: Mapping[str, frozenset[str]] = {
    lang: frozenset(key for word in found for key in phrase_keys(word))
    for lang, found in packs.word_lists("actors", "outlet_cues").items()}
ARTICLE_KEYS = _pack_keys("articles")
TITLE_WORD_KEYS = frozenset(key for phrase in _TITLE_PHRASES for key in phrase_keys(phrase))
ANAPHOR_WORD_KEYS = frozenset(key for phrase in _ANAPHOR_PHRASES for key in phrase_keys(phrase))
GENERIC_WORD_KEYS = frozenset(key for phrase in _GENERIC_PHRASES for key in phrase_keys(phrase))
# Words that end a name run but do not spoil it ("Menurut Yoon", "kata Wood Senin"): the language's
# function words (monitor/lang/<code>/actors.toml) and every language's dates, titles and pronouns.
_SHARED_NOT_NAME = DATE_KEYS | TITLE_WORD_KEYS | ANAPHOR_WORD_KEYS | GENERIC_WORD_KEYS
_FUNCTION_KEYS: Mapping[str, frozenset[str]] = {
    lang: frozenset(key for word in found for key in phrase_keys(word))
    for lang, found in packs.word_lists("actors", "function_words").items()}
_HONORIFIC_KEYS: Mapping[str, frozenset[str]] = {  # "Herr Ryder": the honorific is no part of the name
    lang: frozenset(key for word in found for key in phrase_keys(word))
    for lang, found in packs.word_lists("actors", "honorifics").items()}
NOT_NAME_BY_LANG: Mapping[str, frozenset[str]] = {
    lang: _SHARED_NOT_NAME | found | _HONORIFIC_KEYS.get(lang, frozenset()) for lang, found in _FUNCTION_KEYS.items()}
# for text in no known language: every language's words
NOT_NAME_KEYS = _SHARED_NOT_NAME.union(*_FUNCTION_KEYS.values(), *_HONORIFIC_KEYS.values())
# Words that make a capitalised run a place's or an organisation's name.
_PLACE_OR_ORG_KEYS = (_keys(words.PLACE_WORDS) | ORG_HEAD_KEYS | OUTLET_WORD_KEYS
                      | frozenset(key for phrase in _COUNTRY_PHRASES for key in phrase_keys(phrase)))
BLOCKING_KEYS = _PLACE_OR_ORG_KEYS - NOT_NAME_KEYS
_BLOCKING_BY_LANG = {lang: _PLACE_OR_ORG_KEYS - keys for lang, keys in NOT_NAME_BY_LANG.items()}


# Languages whose names take a genitive "s", and the endings to strip from an unknown name whose
# base form the text also names ("des Lehrerverbands" -> "Lehrerverband").
GENITIVE_S = packs.pack_flags("actors", "genitive_s")
GENITIVE_ENDINGS = packs.word_lists("actors", "genitive_endings")


_ANY_OUTLET_CUE_KEYS = frozenset().union(*OUTLET_CUE_KEYS.values())


def outlet_cue_keys(lang: str) -> frozenset[str]:
    """Words before an outlet's name ("newspaper", "виданню"); every language's for text in none."""
    return OUTLET_CUE_KEYS.get(lang) or _ANY_OUTLET_CUE_KEYS


def not_name_keys(lang: str) -> frozenset[str]:
    """The keys of words that end a name run in text of this language."""
    return NOT_NAME_BY_LANG.get(lang, NOT_NAME_KEYS)


def blocking_keys(lang: str) -> frozenset[str]:
    """The keys of words that make a capitalised run a place's or organisation's name."""
    return _BLOCKING_BY_LANG.get(lang, BLOCKING_KEYS)

GIVEN_KEYS = _keys(words.GIVEN_NAMES)
LABEL_KEYS = _keys(lexicon.CREDIT_LABELS)
DOMAIN_KEYS = frozenset(words.DOMAIN_ENDINGS.split())
CONNECTIVE_KEYS = _keys(lexicon.TITLE_CONNECTIVES)
PREPOSITION_KEYS: Mapping[str, frozenset[str]] = {
    lang: _keys(text) for lang, text in lexicon.PERSON_PREPOSITIONS.items()}
ANY_PREPOSITION_KEYS = frozenset().union(*PREPOSITION_KEYS.values())


def preposition_keys(lang: str) -> frozenset[str]:
    return PREPOSITION_KEYS.get(lang, ANY_PREPOSITION_KEYS)


def _outlet_spellings() -> tuple[str, ...]:
    names = [name.strip() for name in lexicon.OUTLETS.replace("\n", "").split("|") if name.strip()]
    return tuple(dict.fromkeys(form for name in names for form in (name, name.upper(), name.lower())))


OUTLET_SPELLINGS = _outlet_spellings()


@dataclass(frozen=True, slots=True)
class GazetteerIndex:
    """Aliases of known actors (payload: entry index) and outlets (payload >= outlet_base)."""

    phrases: PhraseIndex
    outlet_base: int
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    person_keys: Mapping[str, int]  # name key of a multi-word person alias -> entry
    surnames: Mapping[str, int]  # surname key -> the one person entry with that surname
    agencies: frozenset[int]  # news agencies listed as actors (KCNA)
    countries: frozenset[int] = frozenset()  # entries that are countries: matched and credited, never actors
    references: frozenset[tuple[int, tuple[str, ...]]] = frozenset()  # (entry, keys) of descriptions


def build_index(names: Sequence[str], kinds: Sequence[str], aliases: Sequence[Sequence[str]],
                listed: Sequence[bool], references: Sequence[Sequence[str]] = ()) -> GazetteerIndex:
    """The alias trie and name keys of a gazetteer. Entries not listed by a watchlist (actors seen
    in earlier articles) are matched by their multi-word spellings only. A country is indexed as an
    organisation (it is credited like one); a description is indexed like an alias."""
    phrases = PhraseIndex()
    described = [(entry, text) for entry, texts in enumerate(references) for text in texts]
    for entry, entry_aliases in enumerate(aliases):
        for alias in (names[entry], *entry_aliases):
            if listed[entry] or len(phrase_keys(alias)) > 1:
                phrases.add(alias, entry)
    for entry, text in described:
        phrases.add(text, entry)
    countries = frozenset(entry for entry, kind in enumerate(kinds) if kind == "country")
    kinds = ["org" if kind == "country" else kind for kind in kinds]
    outlet_base = len(names)
    for position, outlet in enumerate(OUTLET_SPELLINGS):
        phrases.add(outlet, outlet_base + position)
    persons = [entry for entry, kind in enumerate(kinds) if kind == "person"]
    person_keys: dict[str, int] = {}
    surname_entries: dict[str, set[int]] = {}
    for entry in persons:
        for alias in (names[entry], *aliases[entry]):
            person_keys.setdefault(name_key(alias), entry)
            surname = surname_key(alias)
            if surname is not None:
                surname_entries.setdefault(surname, set()).add(entry)
    surnames = {key: next(iter(found)) for key, found in surname_entries.items() if len(found) == 1}
    agencies = frozenset(entry for entry, name in enumerate(names) if name in lexicon.NEWS_AGENCY_ACTORS)
    return GazetteerIndex(phrases, outlet_base, tuple(names), tuple(kinds), person_keys, surnames, agencies,
                          countries, frozenset((entry, phrase_keys(text)) for entry, text in described))

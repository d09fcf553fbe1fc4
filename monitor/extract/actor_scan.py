"""Scanning one sentence for actor mentions.

A few passes over the tokens: web domains and credit labels ("Editor: X") are masked; known
aliases, outlets and title phrases are matched (the longest phrase wins); credit parentheses
("(AFP melalui KCNA)") are masked; reporting cues are found (a news agency listed as an actor is
demoted to a source when cited); then runs of capitalised words are judged as people's or
organisations' names. Each pass visits only the tokens that can start what it looks for, and
every step looks at a bounded number of tokens, so a scan is linear in the sentence's length.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from operator import attrgetter

from monitor.extract import actor_index as lex
from monitor.extract.actor_base import (
    KNOWN,
    MAX_NAME_WORDS,
    MAX_ORG_TOKENS,
    NAME,
    ORG,
    OUTLET,
    TITLE,
    Hit,
    ScannerBase,
    is_space,
    titled,
)
from monitor.extract.actor_names import CUE_SURNAMES, HANGUL_SURNAME_SET, is_korean_shaped
from monitor.extract.actor_text import ACRONYM, CAPITAL, HANGUL, PhraseMatch, Tokens, is_hangul, tokenize

_HEADLINE_CHARS = 300
_OUTER_FIRST = attrgetter("outer_first")

__all__ = ["KNOWN", "NAME", "ORG", "OUTLET", "TITLE", "Hit", "ScanBook", "SentenceScan", "role_text", "scan_sentence"]


@dataclass(frozen=True, slots=True)
class SentenceScan:
    tokens: Tokens
    hits: tuple[Hit, ...]  # sorted by outer_first
    cues: dict[int, tuple[int, str]]  # token index -> (end token, direction) of a reporting cue
    masked: tuple[bool, ...]  # tokens of credits, domains and labels


def scan_sentence(text: str, start: int, end: int, index: lex.GazetteerIndex, lang: str) -> SentenceScan:
    """The hits and reporting cues of text[start:end] (one sentence, or a window of one). Pure: the
    same arguments give an equal scan; a caller that reads a window twice keeps the first scan."""
    tokens = tokenize(text, start, end)
    scanner = _Scanner(text, tokens, index, lang, _looks_like_headline(text, start, end, tokens))
    scanner.mask_bylines()
    scanner.mask_domains_and_labels()
    scanner.match_phrases()
    scanner.mask_credit_parentheses()
    scanner.find_cues()
    scanner.demote_cited_agencies()
    scanner.find_runs()
    hits = tuple(sorted(scanner.hits.values(), key=_OUTER_FIRST))
    return SentenceScan(tokens, hits, scanner.cues, tuple(scanner.masked))


class ScanBook:
    """The scans of one document's sentences and windows, each made once: the actor finder and attribution
    read the same sentences, so one book is built per document and handed to both (never kept between
    documents). Scans are values: nothing changes one once made."""

    __slots__ = ("_index", "_lang", "_scans", "_text", "lowered")

    def __init__(self, text: str, index: lex.GazetteerIndex, lang: str) -> None:
        self._text, self._index, self._lang = text, index, lang
        self._scans: dict[tuple[int, int], SentenceScan] = {}
        self.lowered = text.lower()  # the document lower-cased once, for matching, modality and disputes

    def scan(self, start: int, end: int) -> SentenceScan:
        found = self._scans.get((start, end))
        if found is None:
            found = self._scans[start, end] = scan_sentence(self._text, start, end, self._index, self._lang)
        return found


def _looks_like_headline(text: str, start: int, end: int, tokens: Tokens) -> bool:
    """Most words capitalised and no closing period: capitals say nothing about names here."""
    if end - start > _HEADLINE_CHARS or text[start:end].rstrip(" \"'”’»)").endswith((".", "。", ";", ":")):
        return False
    letters = [word for word in tokens.texts if word.isalpha() and not is_hangul(word[0])]
    capitals = sum(1 for word in letters if word[0].isupper())
    return len(letters) >= 3 and capitals >= 0.7 * len(letters)


class _Scanner(ScannerBase):
    """The scan's steps; the state and shared helpers are in ScannerBase."""

    # --- masks: the steps of ScannerBase, skipped when they cannot find anything ----------------

    def mask_domains_and_labels(self) -> None:
        if "." in self.tokens.gaps or not lex.LABEL_KEYS.isdisjoint(self.tokens.keys):
            super().mask_domains_and_labels()

    def mask_credit_parentheses(self) -> None:
        if "(" in "".join(self.tokens.gaps) or any(self.masked):
            super().mask_credit_parentheses()

    # --- known aliases and titles -----------------------------------------------------------

    def match_phrases(self) -> None:
        aliases, titles = self.index.phrases.first_keys, lex.TITLES.first_keys
        flags = self.tokens.flags
        # A German word that starts no alias can still be one with a genitive "s" ("Russlands");
        # any other word that starts neither an alias nor a title finds nothing.
        texts = self.tokens.texts
        genitive = self.genitive
        candidates = [p for p, key in enumerate(self.tokens.keys)
                      if key in aliases or key in titles or (genitive and texts[p][-1] == "s")
                      or (flags[p] & HANGUL and self._particle_phrase(texts[p]))]
        done = 0
        for position in candidates:
            if position >= done and self._free(position):
                done = self._phrase_at(position)

    def _particle_phrase(self, word: str) -> bool:
        """A Korean word that starts no alias or title can only be a one-word one and a particle."""
        return self.index.phrases.suffixed(word, self.genitive) is not None \
            or lex.TITLES.suffixed(word) is not None

    def _phrase_at(self, position: int) -> int:
        alias = self._alias(position)
        title = lex.TITLES.match(self.tokens, position)
        if title is not None and (alias is None or alias.end <= title.end or self._kind_of(alias) == "person"):
            return self._title_phrase(position, title, alias)
        if alias is None:
            return position + 1
        self._add_alias(position, alias)
        return alias.end

    def _add_alias(self, position: int, alias: PhraseMatch) -> Hit:
        if self._is_outlet(alias):
            hit = self._span_hit(OUTLET, position, alias.end, alias.trim)
        else:
            hit = self._span_hit(KNOWN, position, alias.end, alias.trim, entry=alias.payload)
        self._add(hit)
        return hit

    def _title_phrase(self, first: int, title: PhraseMatch, alias: PhraseMatch | None) -> int:
        if self.tokens.flags[first] & HANGUL:
            return self._korean_title(first, title)
        after, countries = self._countries(title.end)
        role = role_text(_title_role(title), countries)
        person = self._person_at(after)
        if person is None and alias is not None and self._kind_of(alias) == "person" and alias.end > title.end:
            person = self._span_hit(KNOWN, title.end, alias.end, alias.trim, entry=alias.payload)
        if person is None:
            person = self._name_after_title(after)
        if person is None:
            end = max(after, title.end)
            self._add(self._span_hit(TITLE, first, end, role=role))
            return end
        self._add(titled(person, role, first, person.outer_last, person.outer_end))
        return person.last

    def _countries(self, position: int) -> tuple[int, list[str]]:
        """Skip country words, short parentheticals and commas after a title: (next token, countries)."""
        found: list[str] = []
        for _ in range(4):
            if not self._soft(position):
                break
            alias = self._alias(position)
            if alias is not None and self._kind_of(alias) == "org":
                hit = self._add_alias(position, alias)
                found.append(self._country_name(hit))
                position = alias.end
            elif (country := lex.COUNTRIES.match(self.tokens, position)) is not None:
                found.append(lex.COUNTRY_NAMES[country.payload])
                position = country.end
            elif (closing := self._short_parenthetical(position)) is not None:
                position = closing
            elif self.tokens.keys[position] in lex.CONNECTIVE_KEYS and self._place_next(position + 1):
                position += 1 if self._country_or_org(position + 1) else 2
            else:
                break
        return position, found

    def _country_or_org(self, position: int) -> bool:
        alias = self._alias(position) if self._free(position) else None
        return lex.COUNTRIES.match(self.tokens, position) is not None or (
            alias is not None and self._kind_of(alias) == "org")

    def _place_next(self, position: int) -> bool:
        """A country, or a place where the title holder serves: "untuk Korea Selatan", "в Сеуле"."""
        if not self._soft(position):
            return False
        return self._country_or_org(position) or (
            self.tokens.keys[position] in self.blocking and self.tokens.texts[position][0].isupper())

    def _short_parenthetical(self, position: int) -> int | None:
        if "(" not in self.tokens.gaps[position]:
            return None
        for end in range(position + 1, min(self.count, position + 4) + 1):
            if end < self.count and ")" in self.tokens.gaps[end]:
                return end
        return None

    def _country_name(self, hit: Hit) -> str:
        country = lex.COUNTRIES.match(self.tokens, hit.first)
        if country is not None and country.end == hit.last:
            return lex.COUNTRY_NAMES[country.payload]
        return self.index.names[hit.entry]

    def _person_at(self, position: int) -> Hit | None:
        if not self._soft(position):
            return None
        alias = self._alias(position)
        if alias is None or self._kind_of(alias) != "person":
            return None
        return self._span_hit(KNOWN, position, alias.end, alias.trim, entry=alias.payload)

    def _name_after_title(self, position: int) -> Hit | None:
        if not self._soft(position):
            return None
        end, words = self.name_run(position, MAX_NAME_WORDS)
        if words == 0 or (end < self.count and self._is_name_word(end) and is_space(self.tokens.gaps[end])):
            return None
        return self._span_hit(NAME, position, end, weak=self.headline, words=words)

    def _korean_title(self, first: int, title: PhraseMatch) -> int:
        """Korean names come before their titles: "최선희 외무상은", "윤석열 대통령이"."""
        title_end_char = self.tokens.ends[title.end - 1] - title.trim
        name_end, countries = self._korean_countries(first)
        before = self._hit_ending_at(name_end)
        if before is not None and before.kind == KNOWN and self.index.kinds[before.entry] == "person":
            self._remove(before)
        elif self._korean_name(name_end - 1):  # a Hangul name is a full name: surname and given name
            before = self._span_hit(NAME, name_end - 1, name_end, words=2)
        elif self._korean_name(name_end - 1, surname_only=True):  # "김 위원장": the surname, named with its title
            before = replace(self._span_hit(NAME, name_end - 1, name_end), end=title_end_char)
        else:
            role = role_text(_title_role(title), countries)
            self._add(replace(self._span_hit(TITLE, first, title.end), role=role, outer_end=title_end_char))
            return title.end
        countries += self._korean_countries(before.outer_first)[1]  # "북한 최선희 외무상"
        role = role_text(_title_role(title), countries)
        self._add(titled(before, role, before.outer_first, title.end, title_end_char))
        return title.end

    def _korean_countries(self, first: int) -> tuple[int, list[str]]:
        """Country words between a Korean name and its title ("최선희 북한 외무상")."""
        position, found = first, []
        for _ in range(2):
            hit = self._hit_ending_at(position)
            if hit is None or hit.kind != KNOWN or self.index.kinds[hit.entry] != "org":
                break
            found.append(self._country_name(hit))
            position = hit.outer_first
        return position, found

    def _korean_name(self, position: int, surname_only: bool = False) -> bool:
        if not self._free(position):
            return False
        word = self.tokens.texts[position]
        sizes = (1, 1) if surname_only else (2, 4)
        return sizes[0] <= len(word) <= sizes[1] and word[0] in HANGUL_SURNAME_SET and all(map(is_hangul, word))

    def find_runs(self) -> None:
        done = 0
        for position in [p for p, flags in enumerate(self.tokens.flags) if flags & (CAPITAL | ACRONYM)]:
            if position < done:
                continue
            if self._is_acronym(position):
                self._acronym(position)
            elif not self._is_capital(position):
                continue
            elif (head := self._org_head_ahead(position)) is not None:
                done = self._org_run(position, head)
            else:
                done = self._capital_run(position)

    def _is_acronym(self, position: int) -> bool:
        key = self.tokens.keys[position]
        return bool(self.tokens.flags[position] & ACRONYM) and self._free(position) \
            and key not in self.blocking and key not in self.not_name

    def _acronym(self, position: int) -> None:
        """An unknown acronym is an organisation only as a speaker: "ISW estimated", "menurut ISW";
        after an outlet's word or name it is an outlet ("a correspondent of UNN", "News Agency UNN")."""
        before = self._hit_ending_at(position)
        if self.outlet_named_at(position) or (before is not None and before.kind == OUTLET):
            self._add(self._span_hit(OUTLET, position, position + 1))
        elif self.verb_after(position + 1) or self.cue_before(position):
            self._add(self._span_hit(ORG, position, position + 1, cued=True))

    def _capital_run(self, first: int) -> int:
        """A run of capitalised words: a person's name (2-4 words, or a lone surname), an
        organisation ending in its head noun ("Japanese Defence Ministry"), or neither."""
        starts: list[int] = []
        end, blocked, last = first, False, first
        while end < self.count and self._is_capital(end) and (end == first or is_space(self.tokens.gaps[end])):
            key = self.tokens.keys[end]
            if key in self.not_name and not self.korean_syllable_next(starts, end):
                break
            blocked = blocked or key in self.blocking or len(starts) >= MAX_ORG_TOKENS
            if not blocked:
                starts.append(end)  # kept short: a run too long for a name only needs its end
            last, end = end, self._word_end(end)
        if end == first:
            return first + 1
        if self.tokens.keys[last] in lex.ORG_HEAD_KEYS and last > first and end - first <= MAX_ORG_TOKENS:
            self._org_candidate(first, end)
        elif not blocked and len(starts) <= MAX_NAME_WORDS and not self._extend_known(first, end, starts):
            self._person_candidate(first, end, starts)
        return end

    def _person_candidate(self, first: int, end: int, starts: list[int]) -> None:
        """A name is cued by a given name, a Korean shape, a reporting verb or a preposition; after
        an outlet's word it is an outlet, after an article a thing's name."""
        if self.outlet_named_at(first):
            self._add(self._span_hit(OUTLET, first, end))
            return
        if self.thing_named_at(first) or self.quoted_title(first, end):
            for position in range(first, end):
                self.covered[position] = True
            return
        cued = len(starts) >= 2 and (self.tokens.keys[first] in lex.GIVEN_KEYS or self._korean_shaped(starts, end))
        honoured = self.honoured(first)
        cued = cued or honoured or self.verb_after(end) or self.cue_before(first) or self._preposition_before(first)
        hit = self._span_hit(NAME, first, end, cued=cued, weak=self.headline, words=len(starts))
        self._add(replace(hit, titled=True) if honoured else hit)

    def _korean_shaped(self, starts: list[int], end: int) -> bool:
        if self.tokens.texts[starts[0]].casefold() not in CUE_SURNAMES:
            return False
        bounds = zip(starts, [*starts[1:], end], strict=True)
        return is_korean_shaped([self.text[self.tokens.starts[s]:self.tokens.ends[e - 1]] for s, e in bounds])

    def _extend_known(self, first: int, end: int, starts: list[int]) -> bool:
        """"Sergey Lavrov" where only "Lavrov" is an alias: the given name joins the known name."""
        hit = self.hits.get(end)
        if len(starts) > 2 or self.tokens.keys[first] not in lex.GIVEN_KEYS or hit is None:
            return False
        if hit.kind != KNOWN or self.index.kinds[hit.entry] != "person" or not is_space(self.tokens.gaps[end]):
            return False
        self._remove(hit)
        self._add(replace(hit, first=first, start=self.tokens.starts[first], outer_first=first))
        return True

    def _org_head_ahead(self, first: int) -> int | None:
        """The head noun that a name starting here reaches through capitalised words, generic ones
        too, and connectives ("Joint Chiefs of Staff", "Defense Intelligence Agency"), else None."""
        position = first
        while position < self.count and position - first < MAX_ORG_TOKENS:
            if (position > first and not is_space(self.tokens.gaps[position])) or not self._is_capital(position):
                return None
            key = self.tokens.keys[position]
            if key in lex.ORG_HEAD_KEYS:
                return position
            if key in lex.DATE_KEYS or (key in self.not_name and key not in lex.ORG_WORD_KEYS):
                return None
            connectives = self._connectives(position + 1)
            position += connectives if connectives else 1
        return None

    def _org_run(self, first: int, head: int) -> int:
        """An organisation's name up to its head noun and on: "Kementerian Pertahanan Jepang",
        "Ministry of Foreign Affairs of Ukraine". A name with words before its head goes on after it
        only through connectives ("Main Intelligence Directorate of Ukraine")."""
        end = head + 1
        while end < self.count and end - first < MAX_ORG_TOKENS and is_space(self.tokens.gaps[end]):
            if head == first and self._is_capital(end) and self.tokens.keys[end] not in lex.DATE_KEYS:
                end += 1
                continue
            connectives = self._connectives(end)
            if not connectives:
                break
            end += connectives
        end = self._absorb_country(end)
        if end - first >= 2:
            self._org_candidate(first, end)
        return end

    def _connectives(self, position: int) -> int:
        """How many connectives ("of", "for the", "de la") lead to a capitalised word; 0 if none."""
        for count in (1, 2):
            last = position + count - 1
            if last >= self.count or self.tokens.keys[last] not in lex.ORG_CONNECTIVE_KEYS \
                    or not is_space(self.tokens.gaps[last]):
                return 0
            if self._is_capital(last + 1) and is_space(self.tokens.gaps[last + 1]):
                return count + 1
        return 0

    def _absorb_country(self, end: int) -> int:
        hit = self.hits.get(end)
        if hit is None or hit.kind != KNOWN or self.index.kinds[hit.entry] != "org" \
                or not is_space(self.tokens.gaps[end]):
            return end
        self._remove(hit)
        return hit.outer_last

    def _org_candidate(self, first: int, end: int) -> None:
        acronym = self.acronym_after(first, end)
        if any(self.tokens.keys[p] in lex.OUTLET_WORD_KEYS for p in range(first, end)):
            self._add(self._span_hit(OUTLET, first, end))
        elif not self.quoted_title(first, end) and (acronym or self.verb_after(end) or self.cue_before(first)):
            self._add(self._span_hit(ORG, first, end, cued=True, words=end - first))
            if acronym:  # "Defense Intelligence Agency (DIA)": a name introduced with its acronym
                self._add(self._span_hit(ORG, end, end + 1, cued=True))
        else:
            for position in range(first, end):
                self.covered[position] = True


def _title_role(title: PhraseMatch) -> str:
    return lex.TITLE_ROLES[title.payload]


def role_text(role: str, countries: list[str]) -> str:
    """"Foreign Minister" + ["North Korea"] -> "Foreign Minister of North Korea"."""
    return f"{role} of {countries[0]}" if countries else role

"""State and shared steps of the sentence scanner: hits, masks, reporting cues, name words.

See monitor.extract.actor_scan for the scan itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from monitor.extract import actor_index as lex
from monitor.extract.actor_names import is_korean_shaped
from monitor.extract.actor_text import ACRONYM, CAPITAL, HANGUL, UPPER, PhraseMatch, Tokens, is_hangul
from monitor.extract.cues_attribution import BOTH, POST, PRE

KNOWN, OUTLET, NAME, ORG, TITLE = "known", "outlet", "name", "org", "title"
KOREAN_VERB = "ko"
_SOFT_GAP = frozenset(" ,()\u00a0\t")
_QUOTES = frozenset("\"“”„«»")
MAX_NAME_WORDS = 4
MAX_ORG_TOKENS = 8
_MAX_PAREN_TOKENS = 12
_SOURCE_WORDS = frozenset({"melalui", "via", "dari", "from", "über", "через", "par"})
_MAX_BYLINE_TOKENS = 16
_HONORIFIC_GAP = frozenset(". ")
_HYPHENS = ("-", "\u2010", "\u2011")
_MAX_QUOTED_TITLE = 8
_OPENING_QUOTES, _CLOSING_QUOTES = frozenset("“„«‘"), frozenset("”»“’")


@dataclass(slots=True)
class Hit:
    """A span that names (or hides) an actor. first/last: the name's tokens; outer_*: the whole
    phrase with its title and country words. Treated as immutable (changed only by replace());
    not frozen because frozen dataclasses are slow to build and a scan builds many."""

    kind: str
    first: int
    last: int
    start: int
    end: int
    outer_first: int
    outer_last: int
    outer_end: int
    entry: int = -1
    role: str | None = None
    cued: bool = False
    titled: bool = False
    weak: bool = False
    words: int = 1


def titled(hit: Hit, role: str, outer_first: int, outer_last: int, outer_end: int) -> Hit:
    """The hit as the name in a title phrase spanning [outer_first, outer_last)."""
    return Hit(hit.kind, hit.first, hit.last, hit.start, hit.end, outer_first, outer_last, outer_end, hit.entry,
               role, True, True, hit.weak, hit.words)


def is_space(gap: str) -> bool:
    return bool(gap) and gap.isspace()


class ScannerBase:
    """A sentence's tokens and what is known about them so far: masks, hits, reporting cues."""

    def __init__(self, text: str, tokens: Tokens, index: lex.GazetteerIndex, lang: str,
                 headline: bool) -> None:
        self.text = text
        self.tokens = tokens
        self.count = len(tokens)
        self.index = index
        self.lang = lang
        self.headline = headline
        self.masked = [False] * len(tokens)
        self.covered = [False] * len(tokens)
        self.hits: dict[int, Hit] = {}  # by outer_first
        self.ending: dict[int, int] = {}  # outer_last -> outer_first
        self.cues: dict[int, tuple[int, str]] = {}
        self.cue_ends: set[int] = set()
        self.not_name = lex.not_name_keys(lang)  # the language's function words, dates, titles
        self.blocking = lex.blocking_keys(lang)  # place, country and organisation words
        self.outlet_cues = lex.outlet_cue_keys(lang)
        self.genitive = lang in lex.GENITIVE_S  # names take a genitive "s" ("Russlands", "Kim Jong Uns")

    # --- helpers ---------------------------------------------------------------------------

    def _span_hit(self, kind: str, first: int, last: int, trim: int = 0, *, entry: int = -1, cued: bool = False,
                  weak: bool = False, words: int = 1, role: str | None = None) -> Hit:
        start, end = self.tokens.starts[first], self.tokens.ends[last - 1] - trim
        return Hit(kind, first, last, start, end, first, last, end, entry, role, cued, False, weak, words)

    def _add(self, hit: Hit) -> None:
        self.hits[hit.outer_first] = hit
        self.ending[hit.outer_last] = hit.outer_first
        for position in range(hit.outer_first, hit.outer_last):
            self.covered[position] = True

    def _remove(self, hit: Hit) -> None:
        self.hits.pop(hit.outer_first, None)
        if self.ending.get(hit.outer_last) == hit.outer_first:
            del self.ending[hit.outer_last]

    def _hit_ending_at(self, position: int) -> Hit | None:
        first = self.ending.get(position)
        return None if first is None else self.hits.get(first)

    def _soft(self, position: int) -> bool:
        """Only spaces, commas or brackets before this token (a title still reaches its name)."""
        return self._free(position) and set(self.tokens.gaps[position]) <= _SOFT_GAP

    def _free(self, position: int) -> bool:
        return 0 <= position < self.count and not self.masked[position] and not self.covered[position]

    def _alias(self, position: int) -> PhraseMatch | None:
        found = self.index.phrases.match(self.tokens, position, genitive=self.genitive)
        if found is None or any(self.masked[position:found.end]):
            return None
        return found

    def _is_outlet(self, found: PhraseMatch) -> bool:
        return found.payload >= self.index.outlet_base

    def _kind_of(self, found: PhraseMatch) -> str:
        return "outlet" if self._is_outlet(found) else self.index.kinds[found.payload]

    # --- masks -----------------------------------------------------------------------------

    def mask_domains_and_labels(self) -> None:
        """Web domains ("KONTAN.CO.ID") and what follows a credit label ("Editor: X | ...")."""
        labels = lex.LABEL_KEYS
        dotted = [p - 1 for p, gap in enumerate(self.tokens.gaps) if gap == "."]
        labelled = [p for p, key in enumerate(self.tokens.keys) if key in labels]
        done = 0
        for position in sorted({*dotted, *labelled}):
            if position < done:
                continue
            end = self._domain_end(position)
            if end == position and self.tokens.keys[position] in labels and self._label_follows(position):
                end = self._label_end(position)
            for masked in range(position, end):
                self.masked[masked] = True
            done = end

    def _domain_end(self, position: int) -> int:
        last = position
        while last + 1 < self.count and self.tokens.gaps[last + 1] == ".":
            last += 1
        if last > position and self.tokens.texts[last].casefold() in lex.DOMAIN_KEYS:
            return last + 1
        return position

    def _label_follows(self, position: int) -> bool:
        if position + 1 >= self.count:
            return False
        gap = self.tokens.gaps[position + 1]
        return any(mark in gap for mark in ":|=：")

    def _label_end(self, position: int) -> int:
        end = position + 1
        while end < self.count and "|" not in self.tokens.gaps[end]:
            end += 1
        return end

    def mask_bylines(self) -> None:
        """A byline line names staff, not actors: "Reporting by X; Editing by Y", "Oleh X",
        "Yang Min-cheol reports." (names and a closing word, nothing else)."""
        if not self.count or self.count > _MAX_BYLINE_TOKENS:
            return
        opener = lex.BYLINE_OPENERS.match(self.tokens, 0)
        if opener is not None:
            byline = opener.end < self.count and self._is_name_word(opener.end) \
                and self.tokens.keys[opener.end] not in lex.DATE_KEYS
        else:
            last = self.count - 1
            byline = 0 < last <= MAX_NAME_WORDS + 2 and self.tokens.keys[last] in lex.BYLINE_CLOSER_KEYS \
                and all(self.tokens.flags[p] & UPPER or self.tokens.gaps[p] in _HYPHENS for p in range(last))
        if byline:
            self.masked = [True] * self.count

    def quoted_title(self, first: int, end: int) -> bool:
        """A name inside a short title in quotes, of a work, an operation or a forum ("Ukraine 2024.
        Independence", «Курская операция»): a thing's name, no actor. Every word in the quotes is
        capitalised, a number or a connective."""
        opening = next((p for p in range(first, max(-1, first - _MAX_QUOTED_TITLE), -1) if self._opens(p)), None)
        if opening is None:
            return False
        for position in range(opening + 1, min(self.count, opening + _MAX_QUOTED_TITLE) + 1):
            if self._closes(position):
                return position >= end
            if position == self.count or not self._title_word(position):
                return False
        return False

    def _title_word(self, position: int) -> bool:
        return bool(self.tokens.flags[position] & UPPER) or self.tokens.texts[position].isdigit() \
            or self.tokens.keys[position] in lex.ORG_CONNECTIVE_KEYS

    def _opens(self, position: int) -> bool:
        gap = self.tokens.gaps[position]
        return bool(_OPENING_QUOTES.intersection(gap)) or gap.endswith('"')

    def _closes(self, position: int) -> bool:
        last = self.tokens.ends[-1]
        gap = self.text[last:last + 2] if position == self.count else self.tokens.gaps[position]
        return bool(_CLOSING_QUOTES.intersection(gap)) or gap.startswith('"')

    def honoured(self, position: int) -> bool:
        """An honorific before the name: "M. Ryder", "Mr Wood", "пан Буданов"."""
        if not set(self.tokens.gaps[position]) <= _HONORIFIC_GAP:
            return False
        for start in (position - 1, position - 2):
            found = lex.HONORIFICS.match(self.tokens, start) if start >= 0 and self._free(start) else None
            if found is not None and found.end == position:
                return True
        return False

    def mask_credit_parentheses(self) -> None:
        """"(AFP melalui KCNA)", "(Tribunnews.com, Tiara Shelawi)": credits, not mentions."""
        outlet_tokens = {p for h in self.hits.values() if h.kind == OUTLET for p in range(h.outer_first, h.outer_last)}
        for first in [p for p, gap in enumerate(self.tokens.gaps) if "(" in gap]:
            last = self._closing(first)
            if last is None:
                continue
            inside = range(first, last)
            if any(self.masked[p] or p in outlet_tokens or self.tokens.keys[p] in lex.LABEL_KEYS for p in inside):
                for position in inside:
                    self.masked[position] = True
        for hit in [h for h in self.hits.values() if any(self.masked[h.outer_first:h.outer_last])]:
            self._remove(hit)

    def _closing(self, first: int) -> int | None:
        for position in range(first + 1, min(self.count, first + _MAX_PAREN_TOKENS) + 1):
            if position == self.count or ")" in self.tokens.gaps[position]:
                return position if position < self.count or self._closes_at_end() else None
            if "(" in self.tokens.gaps[position]:
                return None
        return None

    def _closes_at_end(self) -> bool:
        last_end = self.tokens.ends[-1]
        return ")" in self.text[last_end:last_end + 3]

    # --- cues and cited agencies -----------------------------------------------------------

    def find_cues(self) -> None:
        firsts, texts = lex.REPORTING.first_keys, self.tokens.texts
        flags = self.tokens.flags
        candidates = [p for p, key in enumerate(self.tokens.keys) if key in firsts or flags[p] & HANGUL]
        for position in candidates:
            if not self._free(position):
                continue
            found = lex.REPORTING.match(self.tokens, position)
            if found is not None:
                direction = lex.CUE_DIRECTIONS[found.payload]
                self.cues[position] = (found.end, direction)
                if direction in (PRE, BOTH):
                    self.cue_ends.add(found.end)
            elif is_hangul(texts[position][0]) and texts[position].startswith(lex.KOREAN_VERB_STEMS):
                self.cues[position] = (position + 1, KOREAN_VERB)

    def demote_cited_agencies(self) -> None:
        """A news agency listed as an actor (KCNA) is a source, not an actor, when it is cited."""
        for first, hit in list(self.hits.items()):
            if hit.kind == KNOWN and hit.entry in self.index.agencies and self._cited(hit):
                self.hits[first] = replace(hit, kind=OUTLET)

    def _cited(self, hit: Hit) -> bool:
        before = hit.outer_first - 1
        if hit.outer_first in self.cue_ends or (before >= 0 and self.tokens.keys[before] in _SOURCE_WORDS):
            return True
        return self.verb_after(hit.outer_last)

    def verb_after(self, position: int) -> bool:
        """Is a reporting verb next ("X said", "X juga mengatakan", "X pada Senin mengatakan")?"""
        for _ in range(4):
            if position >= self.count:
                return False
            cue = self.cues.get(position)
            if cue is not None:
                quoted = any(char in _QUOTES for char in self.tokens.gaps[position])
                return cue[1] in (POST, BOTH, KOREAN_VERB) and not quoted
            if not self._skippable(position):
                return False
            position += 1
        return False

    def _skippable(self, position: int) -> bool:
        if self.tokens.keys[position] in lex.DATE_KEYS:
            return True
        skip = lex.SKIPS.match(self.tokens, position)
        return skip is not None and skip.end == position + 1

    def cue_before(self, position: int) -> bool:
        if position in self.cue_ends:
            return True
        return position - 1 in self.cue_ends and self._skippable(position - 1)

    def outlet_named_at(self, position: int) -> bool:
        """An outlet's word before the name: "the newspaper X", "a correspondent of X", "виданню X"."""
        before = position - 1
        if before >= 0 and self.tokens.keys[before] in lex.ORG_CONNECTIVE_KEYS and is_space(self.tokens.gaps[before]):
            before -= 1
        return (before >= 0 and is_space(self.tokens.gaps[position])
                and self.tokens.keys[before] in self.outlet_cues)

    def thing_named_at(self, position: int) -> bool:
        """An article before or at the start of a name: "El Faro" names no person."""
        keys = self.tokens.keys
        return keys[position] in lex.ARTICLE_KEYS or (
            position > 0 and keys[position - 1] in lex.ARTICLE_KEYS and is_space(self.tokens.gaps[position]))

    def acronym_after(self, first: int, end: int) -> bool:
        """Is the name followed by its acronym in brackets: "North Atlantic Council (NAC)"?"""
        if end >= self.count or "(" not in self.tokens.gaps[end] or not self.tokens.flags[end] & ACRONYM:
            return False
        if end + 1 < self.count and ")" not in self.tokens.gaps[end + 1]:
            return False
        initials = "".join(word[0] for word in self.tokens.texts[first:end] if word[:1].isupper())
        return self.tokens.texts[end] == initials

    def _preposition_before(self, position: int) -> bool:
        return (position > 0 and self._free(position - 1) and is_space(self.tokens.gaps[position])
                and self.tokens.keys[position - 1] in lex.preposition_keys(self.lang))

    # --- capitalised runs -------------------------------------------------------------------

    def _is_capital(self, position: int) -> bool:
        if not 0 <= position < self.count or self.masked[position] or self.covered[position]:
            return False
        return bool(self.tokens.flags[position] & CAPITAL) and position not in self.cues

    def _is_name_word(self, position: int) -> bool:
        key = self.tokens.keys[position]
        return self._is_capital(position) and key not in self.not_name and key not in self.blocking

    def _word_end(self, position: int) -> int:
        """The end of a hyphenated name word ("Jang-won", "Jong-un")."""
        end = position + 1
        while end < self.count and self._free(end) and self.tokens.gaps[end] in _HYPHENS \
                and self.tokens.texts[end].isalpha():
            end += 1
        return end

    def name_run(self, position: int, max_words: int) -> tuple[int, int]:
        """(end token, words) of the name words starting at `position`."""
        end, words = position, 0
        starts: list[int] = []
        while words < max_words and end < self.count and (
                self._is_name_word(end) or self.korean_syllable_next(starts, end)):
            if words and not is_space(self.tokens.gaps[end]):
                break
            starts.append(end)
            end = self._word_end(end)
            words += 1
        return end, words

    def korean_syllable_next(self, starts: list[int], position: int) -> bool:
        """A stop word that ends a romanised Korean name ("Kim Jong" + "Il") is part of the name."""
        if len(starts) != 2 or not self._is_capital(position) or not is_space(self.tokens.gaps[position]):
            return False
        return is_korean_shaped([self.tokens.texts[p] for p in (*starts, position)])

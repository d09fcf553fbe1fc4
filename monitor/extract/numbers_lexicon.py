"""Number tables of every language, read from the language packs and compiled for monitor.extract.numbers.

The tables are data, one file a language: monitor/lang/<code>/numbers.toml (number words with their roles,
qualifier phrases, months, range words, the decimal mark, ...; the format is documented at the top of
monitor/lang/en/numbers.toml), read and validated at import: a missing or mistyped field is an ExtractError
naming the file and the field. This module keeps what every language shares: the roles of number words,
the prefixes of standard identifiers, the structural patterns (links, phone numbers, numeric dates and
times) and the compile step that turns a pack into the patterns the reader uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Final, TypeAlias

from monitor.extract.model import QUALIFIERS
from monitor.extract.packs import PackTable, pack_languages, part_table


class Role:
    """What a word does in a numeral. Plain strings, not an Enum: compared for every piece, so kept cheap."""

    UNIT: Final = "unit"  # adds its value: five, dua, пять
    TEEN: Final = "teen"  # Indonesian "belas": makes a teen of the unit before it
    MULT: Final = "mult"  # multiplies the unit just before it: hundred, ratus, 천
    SCALE: Final = "scale"  # multiplies the whole numeral so far: thousand, juta, тысяч, 만
    ARTICLE: Final = "article"  # "a", "ein", "un": one, but never a number on its own
    CONNECTOR: Final = "connector"  # "and", "und", "et" inside a numeral
    DIGITS: Final = "digits"  # a run of digits (not a word; used by the reader)


WORD_ROLES = (Role.UNIT, Role.TEEN, Role.MULT, Role.SCALE, Role.ARTICLE)  # the lists under [words]
_PIECE_ROLES = frozenset({*WORD_ROLES, Role.DIGITS})  # what a connector may stand between

NOT_LETTER = r"(?![^\W\d_])"
_LETTER_NOT_HANGUL = r"[^\W\d_\uac00-\ud7a3\u3131-\u318e]"  # Korean counters may be glued to digits
# Shared by every language, whatever the text's language: standard identifiers ("ISO 9001", "ГОСТ 2.105")
# are no figures, and these endings may join a day number to a month name ("5th of", "1er", "5-го").
_IDENTIFIER_PREFIXES = ("iso", "din", "iec", "astm", "ansi", "rfc", "gost", "гост", "sni", "jis", "ks")
_DAY_SUFFIXES = "(?:st|nd|rd|th|er|-го|-е)?"
_BEFORE_LABELS = ("about", "nearly", "over", "at_least", "up_to", "exact", "age", "ordinal", "time", "percent",
                  "year")
_AFTER_KINDS = ("ordinal", "age", "percent", "time", "year", "date")
_AFTER_QUALIFIERS = tuple(q for q in QUALIFIERS if q not in ("exact", "range"))


@dataclass(frozen=True, slots=True)
class Connector:
    """Where a connector word ("and", "und", "et") joins the number words on either side into one numeral."""

    inside: bool  # written inside one word ("einundzwanzig"); else apart: spaces (up to 3) or "-" each side
    before_roles: frozenset[str]  # the word before has one of these roles (empty: any)
    before_values: frozenset[float]  # ... and one of these values (empty: any)
    after_roles: frozenset[str]
    after_values: frozenset[float]
    sums: bool  # the word after is added to the group ("ein-und-zwanzig": 1 + 20), not read as the next word

    def allows(self, role_before: str, value_before: float, role_after: str, value_after: float) -> bool:
        return ((not self.before_roles or role_before in self.before_roles)
                and (not self.before_values or value_before in self.before_values)
                and (not self.after_roles or role_after in self.after_roles)
                and (not self.after_values or value_after in self.after_values))


@dataclass(frozen=True, slots=True)
class Language:
    """One language's numbers pack, typed: the fields of numbers.toml (see monitor/lang/en/numbers.toml)."""

    words: Mapping[str, tuple[float, str]]  # form -> (value, role); connectors included, with value 0
    connectors: Mapping[str, Connector]
    before: Mapping[str, tuple[str, ...]]  # label -> phrases right before the number ("date", "skip" added)
    after_kind_re: str  # groups: ordinal, age, percent, time, year, date
    after_qualifier_re: str  # groups: qualifiers
    standalone: frozenset[str]  # MULT/SCALE words that are a number alone ("seribu", "тысяча")
    months: tuple[str, ...]  # a day number before one is a date
    range_openers: tuple[str, ...]  # before the first number of a range ("between")
    range_blockers: tuple[str, ...]  # before the first number: "X to Y" is a change, not a range ("from")
    range_connectors: tuple[str, ...]  # make a range on their own ("to")
    range_weak_connectors: tuple[str, ...]  # make a range only after an opener ("and" after "between")
    glued: tuple[str, ...]  # endings that may follow digits without a space ("1st", "10k"); "x*": any word from x
    decimal_mark: str
    group_by_space: bool  # "12 000"
    compound_words: bool  # number words written together ("zweihunderttausend")
    digits_after_scale: bool  # digits may follow a scale word directly ("1만 2000")
    vigesimal_tens: frozenset[int]  # tens (mod 100) after which units up to 19 are added ("soixante-quinze")
    word_re: str  # replaces the pattern built from `words` (Korean); "" for none
    # "N." before a capitalised word is an ordinal only after one of these ("der 3. Armee", but "nämlich 44. Die");
    # empty: the after_kind_re alone decides
    ordinal_determiners: frozenset[str]


# --- the packs read ------------------------------------------------------------------------------

# The fields of numbers.toml, all required; the tables under range and connectors.<word> as well.
PACK_FIELDS = ("decimal_mark", "group_by_space", "compound_words", "digits_after_scale", "vigesimal_tens",
               "standalone", "months", "months_before_day", "ordinal_determiners", "glued", "word_re",
               "after_kind_re", "after_qualifier_re", "words", "before", "range", "connectors")
RANGE_FIELDS = ("openers", "blockers", "connectors", "weak_connectors")
CONNECTOR_FIELDS = ("written", "before_roles", "before_values", "after_roles", "after_values", "join")


def load_language(pack: PackTable) -> Language:
    """A numbers pack read and validated: every field must be there, with its type."""
    pack.only(PACK_FIELDS)
    connectors = _connectors(pack.table("connectors"))
    words = _words(pack, connectors)
    months = pack.strings("months")
    spans = pack.table("range")
    spans.only(RANGE_FIELDS)
    return Language(
        words=words, connectors=connectors, before=_before(pack, months),
        after_kind_re=_regex(pack, "after_kind_re", _AFTER_KINDS, non_empty=True),
        after_qualifier_re=_regex(pack, "after_qualifier_re", _AFTER_QUALIFIERS),
        standalone=_standalone(pack, words), months=months,
        range_openers=_phrases(spans, "openers"), range_blockers=_phrases(spans, "blockers"),
        range_connectors=spans.strings("connectors"), range_weak_connectors=spans.strings("weak_connectors"),
        glued=pack.strings("glued"), decimal_mark=_decimal_mark(pack),
        group_by_space=pack.flag("group_by_space"), compound_words=pack.flag("compound_words"),
        digits_after_scale=pack.flag("digits_after_scale"), vigesimal_tens=_whole_numbers(pack, "vigesimal_tens"),
        word_re=_word_re(pack), ordinal_determiners=frozenset(_phrases(pack, "ordinal_determiners")),
    )


def _words(pack: PackTable, connectors: Mapping[str, Connector]) -> Mapping[str, tuple[float, str]]:
    table = pack.table("words")
    table.only(WORD_ROLES)
    words: dict[str, tuple[float, str]] = {}
    for role in WORD_ROLES:
        for entry in table.tables(role):
            entry.only(("value", "forms"))
            value = entry.number("value")
            for form in _phrases(entry, "forms", non_empty=True):
                if form in words:
                    raise entry.error("forms", f"{form!r} is listed twice")
                words[form] = (value, role)
    if not words:
        raise pack.error("words", "no number words; the reader needs some")
    for form in connectors:
        if form in words:
            raise pack.error("connectors", f"{form!r} is both a number word and a connector")
        words[form] = (0.0, Role.CONNECTOR)
    return MappingProxyType(words)


def _connectors(table: PackTable) -> Mapping[str, Connector]:
    connectors: dict[str, Connector] = {}
    for word in table.fields():
        rule = table.table(word)
        rule.only(CONNECTOR_FIELDS)
        connectors[word] = Connector(
            inside=_choice(rule, "written", ("inside", "apart")) == "inside",
            before_roles=_roles(rule, "before_roles"), before_values=frozenset(rule.numbers("before_values")),
            after_roles=_roles(rule, "after_roles"), after_values=frozenset(rule.numbers("after_values")),
            sums=_choice(rule, "join", ("read", "sum")) == "sum")
    return MappingProxyType(connectors)


def _before(pack: PackTable, months: tuple[str, ...]) -> Mapping[str, tuple[str, ...]]:
    table = pack.table("before", non_empty=True)
    table.only(_BEFORE_LABELS)
    labelled = {label: _phrases(table, label, non_empty=True) for label in table.fields()}
    if pack.flag("months_before_day"):
        if not months:
            raise pack.error("months_before_day", "true, but months is empty")
        labelled["date"] = months  # "January 5"
    return MappingProxyType({**labelled, "skip": _IDENTIFIER_PREFIXES})


def _phrases(table: PackTable, field: str, *, non_empty: bool = False) -> tuple[str, ...]:
    """Words or phrases the reader looks up lower-cased, with plain apostrophes."""
    phrases = table.strings(field, non_empty=non_empty)
    for phrase in phrases:
        if phrase != phrase.lower() or "’" in phrase or "ʼ" in phrase:
            raise table.error(field, f"{phrase!r}: write it in lower case, with a plain apostrophe")
    return phrases


def _regex(pack: PackTable, field: str, groups: tuple[str, ...], *, non_empty: bool = False) -> str:
    """Regex alternatives, joined; each must compile and name only the groups the reader knows."""
    alternatives = pack.strings(field, non_empty=non_empty)
    for alternative in alternatives:
        try:
            names = re.compile(alternative).groupindex
        except re.error as error:
            raise pack.error(field, f"{alternative!r} is no regular expression ({error})") from error
        if unknown := sorted(set(names) - set(groups)):
            raise pack.error(field, f"unknown group {unknown[0]!r} (known: {', '.join(groups)})")
    return "|".join(alternatives)


def _word_re(pack: PackTable) -> str:
    pattern = pack.string("word_re")
    try:
        named = "word" in re.compile(pattern).groupindex
    except re.error as error:
        raise pack.error("word_re", f"no regular expression ({error})") from error
    if pattern and not named:
        raise pack.error("word_re", "needs a group named 'word'")
    return pattern


def _standalone(pack: PackTable, words: Mapping[str, tuple[float, str]]) -> frozenset[str]:
    standalone = pack.strings("standalone")
    for word in standalone:
        if words.get(word, (0.0, ""))[1] not in (Role.MULT, Role.SCALE):
            raise pack.error("standalone", f"{word!r} is no mult or scale word of [words]")
    return frozenset(standalone)


def _choice(table: PackTable, field: str, choices: tuple[str, ...]) -> str:
    value = table.string(field)
    if value not in choices:
        raise table.error(field, f"expected one of {', '.join(choices)}")
    return value


def _roles(table: PackTable, field: str) -> frozenset[str]:
    roles = table.strings(field)
    if unknown := sorted(set(roles) - _PIECE_ROLES):
        raise table.error(field, f"unknown role {unknown[0]!r} (known: {', '.join(sorted(_PIECE_ROLES))})")
    return frozenset(roles)


def _decimal_mark(pack: PackTable) -> str:
    return _choice(pack, "decimal_mark", (".", ","))


def _whole_numbers(pack: PackTable, field: str) -> frozenset[int]:
    numbers = pack.numbers(field)
    if not all(number.is_integer() for number in numbers):
        raise pack.error(field, "expected whole numbers")
    return frozenset(int(number) for number in numbers)


# Phone numbers, dates and times: read before anything else, then masked out.
_PHONE = (r"(?<![0-9+])\+[0-9]{1,3}(?:[ .\-]?\([0-9]{1,4}\))?(?>(?:[ .\-]?[0-9]{2,5}){1,4})(?![0-9])"
          r"|\(0[0-9]{1,4}\)[ \-]?[0-9]{3,4}[ \-]?[0-9]{3,4}(?![0-9])"
          r"|(?<![0-9\-])0[0-9]{1,3}-[0-9]{3,4}-[0-9]{4}(?![0-9\-])")
_STRUCTURAL = (
    ("skip", r"(?:https?://|www\.)[^\s<>\"]{1,2000}"),  # digits in a link are not figures
    ("phone", _PHONE),
    ("date", r"(?<![0-9.,/\-])[0-9]{4}-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![0-9])"),
    ("date", r"(?<![0-9.,/])[0-9]{4}(?P<sep>[./]) ?(?P<month>[0-9]{1,2})(?P=sep) ?(?P<day>[0-9]{1,2})\.?(?![0-9])"),
    ("date", r"(?<![0-9.,/\-])(?P<x>[0-9]{1,2})(?P<sep>[./\-])(?P<y>[0-9]{1,2})(?P=sep)(?:[0-9]{4}|[0-9]{2})"
             r"(?![0-9]|[.,/\-][0-9])"),
    ("date", r"(?<![0-9.,/])(?P<x>[0-9]{1,2})/(?P<y>[0-9]{1,2})(?![0-9]|[.,/][0-9])"),
    ("date", r"(?<![0-9.,])(?P<x>[0-9]{1,2})\.(?P<y>[0-9]{2})\.(?![0-9])"),
    ("date", r"(?<![0-9])(?P<month>[0-9]{1,2})월\s?(?P<day>[0-9]{1,2})일"),
    ("time", r"(?<![0-9:.,])(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::[0-9]{2}(?:[.,][0-9]{1,6})?)?(?![0-9:])"),
)
STRUCTURAL_KINDS = tuple(kind for kind, _ in _STRUCTURAL)
# One pass for all: alternative i is group "s<i>", its inner groups get the suffix i ("month3"). The
# lookarounds in front let the engine skip quickly over most text.
STRUCTURAL = re.compile("(?=[+(0-9hHwW])(?<![0-9])(?:" + "|".join(
    f"(?P<s{index}>" + re.sub(r"\(\?P([<=]\w+)", rf"(?P\g<1>{index}", pattern) + ")"
    for index, (_, pattern) in enumerate(_STRUCTURAL)) + ")")


# --- the tables compiled ---------------------------------------------------------------------------

_Node: TypeAlias = dict[str, "_Node"]


def _alternation(forms: Iterable[str]) -> str:
    """The forms as a prefix tree ("t(?:en|wo)"): the regex engine then tries a few branches, not hundreds."""
    root: _Node = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(root)


def _branches(node: _Node) -> str:
    branches = [_char(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _char(char: str) -> str:
    return {" ": r"\s+", "'": "['’ʼ]"}.get(char) or re.escape(char)


def _reversed_phrases(labelled: Mapping[str, tuple[str, ...]]) -> tuple[re.Pattern[str], Mapping[str, str]]:
    """A pattern matched against the reversed text before a number, and the label of each reversed phrase."""
    labels: dict[str, str] = {}
    for label, phrases in labelled.items():
        for phrase in phrases:
            labels.setdefault(phrase[::-1], label)
    pattern = rf"\s*(?P<phrase>{_alternation(labels)}){NOT_LETTER}" if labels else "(?!)"
    return re.compile(pattern, re.IGNORECASE), MappingProxyType(labels)


# A space or an apostrophe between digit groups always groups, in every language: "30 000", "12'000".
_NEVER_DECIMAL = " '’"


def _glued_pattern(glued: tuple[str, ...]) -> str:
    """Endings after digits: whole words, or any word starting so ("jährig*")."""
    whole = [ending for ending in glued if not ending.endswith("*")]
    starts = [ending[:-1] for ending in glued if ending.endswith("*")]
    return "|".join(([f"(?:{_alternation(whole)}){NOT_LETTER}"] if whole else [])
                    + ([f"(?:{_alternation(starts)})"] if starts else []))


def _digits_pattern(table: Language) -> str:
    # Not inside "1.1.1" or "F-16" or glued to letters, except after "Rp"/"ke-" and before glued suffixes.
    # The first digit is read before the checks of what precedes it (each looks one character further back
    # for it), so the pattern opens with a character class and re skips to the next digit instead of
    # trying every position.
    separators = ".,\u00a0\u202f" + _NEVER_DECIMAL
    glued = f"(?={_glued_pattern(table.glued)})|" if table.glued else ""
    return (rf"(?P<num>[0-9](?<![0-9][0-9])(?<![0-9][.,][0-9])"
            rf"(?:(?<=Rp[0-9])|(?<=\bke-[0-9])|(?<!{_LETTER_NOT_HANGUL}[0-9])(?<![^\W\d_]-[0-9]))"
            rf"(?:[0-9]{{0,2}}(?P<sep>[{separators}])[0-9]{{3}}(?:(?P=sep)[0-9]{{3}}){{0,5}}"
            rf"(?P<fraction>[.,][0-9]{{1,6}})?|[0-9]*+(?:[.,][0-9]{{1,6}})?))"
            rf"(?![.,]?[0-9])(?:{glued}(?!{_LETTER_NOT_HANGUL}))")


def _words_pattern(table: Language) -> str:
    if table.word_re:
        return table.word_re
    repeat = "{1,12}+" if table.compound_words else ""
    return rf"(?=[^\W\d_])(?<![^\W\d_])(?P<word>(?:{_alternation(table.words)}){repeat})(?![^\W\d_]|['’ʼ])"


def _word_starts_pattern(table: Language) -> str | None:
    """_words_pattern's words, each with the character before it (not a letter): the pattern opens with a
    character class that re scans for, not with lookarounds tried at every position. Its "word" groups are
    _words_pattern's matches but one at the text's very start (a match never starts where one ends: a letter
    starts one, none follows one). None for a pack's own word_re."""
    if table.word_re:
        return None
    repeat = "{1,12}+" if table.compound_words else ""
    return rf"[\W\d_](?=[^\W\d_])(?P<word>(?:{_alternation(table.words)}){repeat})(?![^\W\d_]|['’ʼ])"


def _after_kind_pattern(table: Language) -> str:
    if not table.months:
        return table.after_kind_re
    months = _alternation(table.months)
    return rf"(?P<date>{_DAY_SUFFIXES}\.?\s*(?:{months}){NOT_LETTER})|{table.after_kind_re}"


def _range_gap(table: Language) -> re.Pattern[str]:
    strong = _alternation(table.range_connectors) or "(?!)"
    weak = _alternation(table.range_weak_connectors) or "(?!)"
    return re.compile(rf"\s*[-–—~∼]\s*|\s+(?:{strong})\s+|\s+(?P<weak>{weak})\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Lang:
    """A language's tables compiled to the patterns the reader uses."""

    code: str
    table: Language
    digits: re.Pattern[str]  # digit runs (group "num"); its matches and those of `words` never overlap
    words: re.Pattern[str]  # number words (group "word")
    word_starts: re.Pattern[str] | None  # the same after the first character (see _word_starts_pattern)
    morphemes: re.Pattern[str] | None
    scale_after: re.Pattern[str]
    group_marks: str
    before: tuple[re.Pattern[str], Mapping[str, str]]
    openers: tuple[re.Pattern[str], Mapping[str, str]]
    after_kind: re.Pattern[str]
    after_qualifier: re.Pattern[str]
    range_gap: re.Pattern[str]
    ordinal_determiners: frozenset[str]


def _compile_language(code: str, table: Language) -> Lang:
    scales = [form for form, (_, role) in table.words.items() if role == Role.SCALE]
    native_group = " " if table.group_by_space else ("," if table.decimal_mark == "." else ".")
    return Lang(
        code=code, table=table,
        digits=re.compile(_digits_pattern(table), re.IGNORECASE),
        words=re.compile(_words_pattern(table), re.IGNORECASE),
        word_starts=None if (starts := _word_starts_pattern(table)) is None else re.compile(starts, re.IGNORECASE),
        morphemes=re.compile(_alternation(table.words), re.IGNORECASE) if table.compound_words else None,
        scale_after=re.compile(rf"\s{{0,2}}(?:{_alternation(scales)})" + ("" if table.word_re else NOT_LETTER),
                               re.IGNORECASE),
        group_marks="\u00a0\u202f" + _NEVER_DECIMAL + native_group,
        before=_reversed_phrases(table.before),
        openers=_reversed_phrases({"block": table.range_blockers, "open": table.range_openers}),
        after_kind=re.compile(_after_kind_pattern(table), re.IGNORECASE),
        after_qualifier=re.compile(table.after_qualifier_re or "(?!)", re.IGNORECASE),
        range_gap=_range_gap(table),
        ordinal_determiners=table.ordinal_determiners,
    )


def load_languages(root: Traversable | None = None) -> Mapping[str, Lang]:
    """Every language pack's numbers part, read, validated and compiled (`root`: another folder of packs)."""
    return MappingProxyType({code: _compile_language(code, load_language(part_table(code, "numbers", root)))
                             for code in pack_languages(root)})


LANGUAGES: Mapping[str, Lang] = load_languages()

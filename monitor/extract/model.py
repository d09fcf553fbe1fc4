"""Values shared by the extraction modules. All frozen; all offsets are into Document.text."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of numeric expression found by monitor.extract.numbers.
CARDINAL = "cardinal"  # a count that may be a figure
NUMBER_KINDS = ("cardinal", "year", "year_span", "date", "time", "percent", "ordinal", "phone", "age")

# Qualifiers of a figure, as in the extraction contract.
QUALIFIERS = ("exact", "about", "over", "at_least", "nearly", "up_to", "range")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or one line of page furniture) of a document."""

    start: int
    end: int
    text: str
    paragraph: int
    boilerplate: bool


@dataclass(frozen=True, slots=True)
class Document:
    """An article's text prepared for extraction."""

    text: str
    lang: str
    title: str | None
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A numeric expression in text.

    start/end cover the number itself (for a range: from the first to the last digit or
    number word); span_start/span_end also cover qualifier words around it.
    """

    start: int
    end: int
    span_start: int
    span_end: int
    value: float
    value_max: float | None
    qualifier: str
    approx: bool
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One actor as found in one document, after variant resolution."""

    name: str
    kind: str  # "person" or "org"
    variants: tuple[str, ...]
    role: str | None
    known: bool
    watchlists: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported figure: a number of something, credited to someone, with its evidence."""

    value: float
    value_max: float | None
    unit: str
    counted: str
    approx: bool
    qualifier: str
    credited_to: str | None  # the origin: who the figure is credited to
    credit_carried: bool  # credit taken from the paragraph's last attribution
    metric: str | None
    quote: str
    start: int
    end: int
    previous_value: float | None = None  # an earlier estimate the same sentence gives ("up from 3,000")
    is_previous: bool = False  # this figure is the earlier estimate of another figure
    modality: str = "current"  # current, projection, hypothetical, earlier, incident or total (figure_facets)
    side: str | None = None  # the watchlist whose people (or things) are counted: "north-korea"
    via: str | None = None  # who relays the figure credited to its origin ("a lawmaker citing the NIS")

"""Figures: a cardinal number + the thing it counts + who says so + which metric it measures.

The counted thing is found by monitor.extract.figure_counted, revisions are linked by
monitor.extract.figure_links; this module assembles the figures of a document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from monitor.extract.actor_scan import ScanBook
from monitor.extract.actors import Gazetteer
from monitor.extract.attribution import DocumentAttribution, credit_at, read_attribution
from monitor.extract.figure_bare import (
    GENERIC_UNIT,
    PEOPLE_UNITS,
    DomainNoun,
    bare_counted,
    domain_counted,
    domain_nouns,
    is_rate,
)
from monitor.extract.figure_counted import Counted, counts_right_after, find_counted, find_share
from monitor.extract.figure_facets import PREVIOUS, Cues, document_cues, modality_of, side_of
from monitor.extract.figure_links import inherit_counted, link_revisions
from monitor.extract.model import CARDINAL, ActorMention, Document, Figure, NumberMention, Sentence
from monitor.extract.numbers import find_numbers
from monitor.extract.packs import lowered_or_none
from monitor.extract.units import CURRENCY_SIGNS
from monitor.matching import match_text, matcher
from monitor.quantities import ANY_SIDE
from monitor.watchlist import Metric, Watchlist

__all__ = ["Counted", "choose_metric", "extract_figures", "figures_by_metric", "find_counted", "link_revisions"]

_PERCENT, _YEAR = "percent", "year"
_SIDE_REACH = 2  # sentences back a count of people may take its side from
_KINDS = frozenset({CARDINAL, _PERCENT, _YEAR})
_SIGN_ENDS = frozenset(sign[-1] for sign in CURRENCY_SIGNS)


MAX_FIGURES_PER_ARTICLE = 500  # the default cap of extract(max_figures=...): no real article reports more
MAX_QUOTE_CHARS = 600  # a figure's quote is its sentence; a longer sentence is quoted around the number


def extract_figures(doc: Document, watchlists: Sequence[Watchlist], actors: Sequence[ActorMention],
                    gazetteer: Gazetteer, scans: ScanBook | None = None,
                    max_figures: int = MAX_FIGURES_PER_ARTICLE) -> list[Figure]:
    """Every attributed figure in the document's body, earlier estimates linked to their revision; the
    first `max_figures` of them (bounded work and storage for any text)."""
    numbers = _candidates(doc.text, doc.lang)
    starts = [n.start for n in numbers]
    figures: list[Figure] = []
    carried: tuple[int, Counted] | None = None  # the paragraph and thing last counted
    recent_side: tuple[int, str] | None = None  # the sentence and side of the last figure whose side was named
    attribution = read_attribution(doc, actors, gazetteer, scans)  # one reading of the document for all its figures
    domain = domain_nouns(watchlists, doc.lang)
    lowered_text = doc.text.lower() if scans is None else scans.lowered
    document_aliases = alias_positions(doc.text, watchlists, lowered_text)  # one pass over the text per watchlist
    table = metric_candidates(watchlists)
    lowered = lowered_or_none(doc.text, lowered_text)  # the modality cues are read in it
    cues = document_cues(doc.lang, lowered)  # those that may be in the document
    for index, sentence in enumerate(doc.sentences):
        if len(figures) >= max_figures:
            break
        if sentence.boilerplate:
            continue
        low, high = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
        inside = [n for n in numbers[low:high] if n.end <= sentence.end]
        if not inside:
            continue
        counted = inherit_counted([(n, _counted(doc.text, n, doc.lang, sentence)) for n in inside],
                                  doc.text, doc.lang)
        before = carried[1] if carried is not None and carried[0] == sentence.paragraph else None
        counted = _with_bare(doc.text, counted, doc.lang, before, domain)
        carried = next(((sentence.paragraph, c) for _, c in reversed(counted) if c and c.unit != GENERIC_UNIT),
                       carried)
        named = _in_sentence(document_aliases, sentence) if any(c for _, c in counted) else {}
        recent = recent_side[1] if recent_side is not None and index - recent_side[0] <= _SIDE_REACH else None
        found = [_figure(doc, index, sentence, n, c, watchlists, named, actors, gazetteer, attribution, recent,
                         table, lowered, cues)
                 for n, c in counted if c]
        recent_side = next(((index, f.side) for f in reversed(found) if f.side is not None), recent_side)
        figures.extend(_earlier_marked(link_revisions(found, sentence, doc.lang)))
    return figures[:max_figures]


def _earlier_marked(figures: list[Figure]) -> list[Figure]:
    """The earlier value of a revision ("up from 3,000") is an earlier estimate of what its revision counts."""
    if not any(f.is_previous for f in figures):
        return figures  # no earlier value in the sentence (the common case)
    revised = {f.previous_value: f for f in figures if f.previous_value is not None}
    return [replace(f, modality=PREVIOUS, side=revised[f.value].side if f.value in revised else f.side)
            if f.is_previous else f for f in figures]


def _with_bare(text: str, counted: list[tuple[NumberMention, Counted | None]], lang: str,
               carried: Counted | None, domain: Sequence[DomainNoun]) -> list[tuple[NumberMention, Counted | None]]:
    """Numbers the packs' nouns do not count: by a watchlist's own noun after them ("12 hostages"), else, when
    they are figures, what was counted last (in this sentence or the paragraph)."""
    result: list[tuple[NumberMention, Counted | None]] = []
    for number, found in counted:
        if found is None:
            found = domain_counted(text, number, domain) or bare_counted(text, number, lang, carried)
        elif found.unit != GENERIC_UNIT:
            carried = found
        result.append((number, found))
    return result


def _candidates(text: str, lang: str) -> list[NumberMention]:
    """The numbers that may be figures: cardinals, percentages (shares) and counts that look like years."""
    numbers = (_count_or_year(text, n, lang) for n in find_numbers(text, lang) if n.kind in _KINDS)
    return [n for n in numbers if n.kind != _YEAR]


def _count_or_year(text: str, number: NumberMention, lang: str) -> NumberMention:
    """A lone year-like number with a counted noun right after it is a count ("2000 военных")."""
    if number.kind == _YEAR and number.value_max is None and counts_right_after(text, number, lang):
        return replace(number, kind=CARDINAL)
    return number


def _counted(text: str, number: NumberMention, lang: str, sentence: Sentence) -> Counted | None:
    if number.kind == _PERCENT:
        share = find_share(text, number, lang)
        if share is not None or is_rate(text, number, (sentence.start, sentence.end), lang):
            return share
        return Counted("percent", "", number.end)  # a percentage of something: reported as a share
    currency = _currency_before(text, number)
    if currency is not None:
        return Counted(currency, text[number.span_start:number.span_end], number.end)
    return find_counted(text, number, lang)


def _currency_before(text: str, number: NumberMention) -> str | None:
    before = text[max(0, number.span_start - 4):number.span_start].casefold().rstrip()
    if before[-1:] not in _SIGN_ENDS:
        return None  # no sign ends there (the common case)
    for sign, unit in CURRENCY_SIGNS.items():
        if before.endswith(sign):
            return unit
    return None


def _figure(doc: Document, index: int, sentence: Sentence, number: NumberMention, counted: Counted,
            watchlists: Sequence[Watchlist], named: Mapping[str, tuple[int, ...]], actors: Sequence[ActorMention],
            gazetteer: Gazetteer, attribution: DocumentAttribution, recent_side: str | None,
            table: MetricTable, lowered: str | None = None, cues: Cues | None = None) -> Figure:
    credit = credit_at(doc, actors, gazetteer, index, number.start, attribution)
    speaker = _spans_of(actors, credit.name, sentence)
    counted_end = max(number.end, counted.end)
    side = side_of(sentence, number, counted_end, named, speaker, doc.lang)
    if side is None and counted.unit in PEOPLE_UNITS:
        side = recent_side  # "North Korean troops were sent ... 'At least 100 have been killed'"
    metric = choose_metric(counted.unit, sentence.text, number.start - sentence.start, watchlists, exclude=speaker,
                           aliases=named, side=side, table=table)
    return Figure(value=number.value, value_max=number.value_max, unit=counted.unit, counted=counted.phrase,
                  approx=number.approx, qualifier=number.qualifier, credited_to=credit.name,
                  credit_carried=credit.carried, metric=metric.id if metric else None,
                  quote=_quote(sentence, number), start=number.start, end=number.end,
                  modality=modality_of(doc.text, sentence, number, counted_end, doc.lang, False, lowered, cues),
                  side=side, via=credit.via)


def _quote(sentence: Sentence, number: NumberMention) -> str:
    """The sentence, or for one longer than MAX_QUOTE_CHARS the words around the number (at most that long)."""
    text = sentence.text
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    first, last = number.start - sentence.start, number.end - sentence.start
    start = max(0, min((first + last - MAX_QUOTE_CHARS) // 2, len(text) - MAX_QUOTE_CHARS))
    end = start + MAX_QUOTE_CHARS
    if start > 0 and not text[start - 1].isspace() and (space := text.find(" ", start, first)) >= 0:
        start = space + 1  # begin at a word
    if end < len(text) and not text[end].isspace() and (space := text.rfind(" ", last, end)) >= 0:
        end = space  # end at a word
    return text[start:end].strip()


def _spans_of(actors: Sequence[ActorMention], name: str | None, sentence: Sentence) -> list[tuple[int, int]]:
    """Where the credited actor is named in the sentence (sentence offsets)."""
    spans: list[tuple[int, int]] = []
    for actor in (actor for actor in actors if actor.name == name):
        first = bisect_left(actor.spans, (sentence.start, sentence.start))
        last = bisect_left(actor.spans, (sentence.end, sentence.end))
        spans.extend((start - sentence.start, end - sentence.start) for start, end in actor.spans[first:last])
    return spans


def alias_positions(text: str, watchlists: Sequence[Watchlist],
                    lowered: str | None = None) -> Mapping[str, tuple[int, ...]]:
    """Where each watchlist's aliases are named in a text, in order (`lowered`: text.lower(), if made)."""
    read = match_text(text, lowered, for_positions=True)
    return {watchlist.id: tuple(sorted(matcher(watchlist).positions(read))) for watchlist in watchlists}


def _in_sentence(positions: Mapping[str, tuple[int, ...]], sentence: Sentence) -> Mapping[str, tuple[int, ...]]:
    """The document's alias positions inside one sentence, as sentence offsets."""
    inside: dict[str, tuple[int, ...]] = {}
    start, end = sentence.start, sentence.end
    for watchlist_id, found in positions.items():
        if not found or found[0] >= end or found[-1] < start:
            inside[watchlist_id] = ()  # none in the sentence (the common case): no search
            continue
        low, high = bisect_left(found, start), bisect_left(found, end)
        inside[watchlist_id] = tuple(position - start for position in found[low:high]) if low < high else ()
    return inside


def choose_metric(unit: str, sentence: str, offset: int, watchlists: Sequence[Watchlist], *,
                  exclude: Sequence[tuple[int, int]] = (),
                  aliases: Mapping[str, tuple[int, ...]] | None = None, side: str | None = None,
                  table: MetricTable | None = None) -> Metric | None:
    """The metric of the matched watchlists that measures this figure: what it counts and whose.

    A metric is a candidate when its quantity accepts the unit, its place (if any) is among the
    watchlists and one of its `requires` terms (if any) is in the sentence. The figure's `side` (the
    watchlist whose people or things are counted) picks the metric of that side. A watchlist that
    `outranks` that side and is named in the sentence takes the figure instead, unless the side is
    named right after the number ("4,000 North Korean casualties in Russia's war against Ukraine", but
    "North Korean troops killed 300 Ukrainian soldiers"). When the figure has no side, or a side no
    candidate counts ("Kursk" is a place, no one's people), the metric whose side's aliases (its own
    watchlist's for side "any", or its `requires` terms) are nearest the number is taken. A unit that
    is the metric's first unit ranks first, then a metric whose requires terms are there. Terms
    inside `exclude` (the credited speaker: "the Russian Defence Ministry said 500 Ukrainian
    soldiers were killed") say who speaks, not what is counted, and are ignored. `aliases`: the
    sentence's alias_positions, when the caller has them; `table`: metric_candidates(watchlists).
    """
    named = alias_positions(sentence, watchlists) if aliases is None else aliases
    candidates = (metric_candidates(watchlists) if table is None else table).get(unit, ())
    if side is None or not _named_right_after(named.get(side, ()), sentence, offset):
        side = _outranking(side, named, exclude, watchlists)
    counting = side if any(metric.side == side for metric, _ in candidates) else None
    best: tuple[tuple[int, ...], Metric] | None = None
    for metric, watchlist_id in candidates:
        rank = _rank(metric, watchlist_id, unit, counting, named, sentence, offset, exclude)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, metric)
    return None if best is None else best[1]


MetricTable = Mapping[str, Sequence[tuple[Metric, str]]]


def metric_candidates(watchlists: Sequence[Watchlist]) -> MetricTable:
    """Per unit, the metrics (and their watchlist ids) that may measure it: its quantity accepts the unit
    and its place (if any) is among the watchlists; in watchlist and metric order."""
    active = {watchlist.id for watchlist in watchlists}
    table: dict[str, list[tuple[Metric, str]]] = {}
    for watchlist in watchlists:
        for metric in watchlist.metrics:
            if metric.place is None or metric.place in active:
                for unit in dict.fromkeys(metric.units):
                    table.setdefault(unit, []).append((metric, watchlist.id))
    return table


def _outranking(side: str | None, named: Mapping[str, tuple[int, ...]], exclude: Sequence[tuple[int, int]],
                watchlists: Sequence[Watchlist]) -> str | None:
    """The side a figure counts once `outranks` is read: a watchlist named in the sentence (outside the
    speaker) takes a figure counted as no one's, or as a side it outranks."""
    for watchlist in watchlists:
        if (side is None or side in watchlist.outranks) and watchlist.outranks and side != watchlist.id \
                and _nearest(named.get(watchlist.id, ()), 0, exclude) is not None:
            return watchlist.id
    return side


_RIGHT_AFTER = re.compile(r"[\d\s.,]*(?:[^\W\d_]+[\s-]+)?")  # the number and at most one word after it


def _named_right_after(positions: Sequence[int], sentence: str, offset: int) -> bool:
    """Whether a side is named right after the number ("300 Ukrainian soldiers", "2.500 tentara Ukraina"):
    then it says whose people are counted, whatever else the sentence names."""
    if not positions:
        return False
    found = _RIGHT_AFTER.match(sentence, offset)
    end = found.end() if found else offset
    return any(offset <= position <= end for position in positions)


def _rank(metric: Metric, watchlist_id: str, unit: str, side: str | None, named: Mapping[str, tuple[int, ...]],
          sentence: str, offset: int, exclude: Sequence[tuple[int, int]]) -> tuple[int, ...] | None:
    """How well a metric fits (lower is better), or None when it does not."""
    required = _nearest(_required_positions(metric.requires, sentence), offset, exclude) if metric.requires else 0
    if required is None:
        return None
    primary = int(metric.units[0] != unit)
    general = int(not metric.requires)  # a metric whose own terms are in the sentence is the more specific
    if side is not None and metric.side == side:
        return (0, primary, general, required, 0)
    if metric.side == ANY_SIDE:
        distance = required if metric.requires else _nearest(named.get(watchlist_id, ()), offset, exclude)
    elif side is None:  # a metric of one side: that side's aliases must be in the sentence
        distance = _nearest(named.get(metric.side, ()), offset, exclude)
    else:
        return None  # the figure counts another side's people
    return None if distance is None else (1, primary, general, required, distance)


def _nearest(positions: Sequence[int], offset: int, exclude: Sequence[tuple[int, int]]) -> int | None:
    if not positions:
        return None
    kept = [p for p in positions if not any(start <= p < end for start, end in exclude)] if exclude else positions
    return min((abs(position - offset) for position in kept), default=None)


@lru_cache(maxsize=256)
def _required_positions(terms: tuple[str, ...], sentence: str) -> tuple[int, ...]:
    folded = sentence.casefold()
    return tuple(m.start() for term in terms for m in re.finditer(re.escape(term.casefold()), folded))


def figures_by_metric(figures: Sequence[Figure]) -> Mapping[str | None, list[Figure]]:
    grouped: dict[str | None, list[Figure]] = {}
    for figure in figures:
        grouped.setdefault(figure.metric, []).append(figure)
    return grouped

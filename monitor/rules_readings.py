"""One number, one figure: how the rules read the figures of an article before they alert. Pure.

The extractor reads each mention of a number on its own, so one number of one side's people can come
out as two figures: "6 North Korean soldiers" (troops) in the lead and "6 killed" in the headline;
"1,000 killed" in one sentence and "1,000 wounded" in the quote that gives it; "4,700 casualties" in
the headline and "4,700 soldiers" in the body. Alerting each reading tells the user something false
(a casualty count as troops sent, a revision of troops from 11,000 to 4,700) or the same thing twice.
So, before the figure rules run (monitor/rules.py), and the same way over the log's figures so that
revisions compare like with like:

1. Within one article, the mentions of one value counting one side's people (quantities of
   monitor.quantities.REFINES) are one figure with one reading: the one that refines every other
   reading (killed over troops, captured over troops, killed over killed-or-wounded), else their
   common broader count when the side has a metric for it (killed and wounded: killed or wounded),
   else the reading of the first mention. A reading borrowed from an earlier number of the same
   sentence (same metric, same source: "4,000 casualties, and some 3,000 more followed them") counts
   only when the value has no reading of its own; borrowed from a larger number it is none (a part,
   an addition or an earlier value: "6,000 personnel, 1,000 of them engineers", "12,000 troops, 10,000
   of them in Kursk"), nor from one REVISION_FACTOR times smaller ("6,000 troops and 50-100 pieces of
   equipment"): such a number counts something no metric names.
2. A source that gave the value before as a count that refines this reading, or as one of the
   readings this article gives, meant that count again: "NIS: 4,700 casualties" in April, "NIS:
   4,700 soldiers" in May is the casualty count, not 4,700 troops sent. A value no one is credited
   with here is read as any source of the log gave it.
3. Within one article, the mentions of one value of one metric share the best credit one of them
   has: a named person or organisation over a country ("Ukraine: North Korea to send 6,000" in the
   headline, "said Budanov" in the body), a country over none. A mention credited to someone else
   keeps its own credit; a sentence standing twice (a standfirst repeated in the body) has the credit
   it gives itself, not one carried to it in one place only. The country whose own people the
   metric counts is no credit ("North Korea sent 10,000 troops": it sent them, it did not count
   them). A mention no one is credited with takes the credit of the same value given elsewhere in
   the article with a noun no metric counts ("12 million rounds", then "the number of shells
   supplied is presumed to exceed 12 million", said the agency).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from monitor.extract.model import Figure
from monitor.quantities import REFINES
from monitor.rules_figures import REVISION_FACTOR, PriorFigure
from monitor.watchlist import Metric, Watchlist

T = TypeVar("T", Figure, PriorFigure)


@dataclass(frozen=True, slots=True)
class Mention:
    """What the readings need of one figure: its metric, value and credit, in text (or log) order."""

    metric: str
    value: float
    credited_to: str | None
    quote: str | None = None  # the sentence
    start: int = 0  # where the number stands in the article
    carried: bool = False  # the credit is the paragraph's last attribution, not the sentence's


@dataclass(frozen=True, slots=True)
class Readings:
    """The metrics that count a side's people, by side and quantity, and the names of countries."""

    metrics: Mapping[str, Metric]
    by_side: Mapping[str, Mapping[str, str]]  # side -> quantity -> the first metric id of it
    countries: frozenset[str]  # casefolded names of known actors of kind "country"
    own_country: Mapping[str, frozenset[str]]  # side -> its own country (a country actor named as the watchlist)

    @classmethod
    def of(cls, watchlists: Iterable[Watchlist]) -> Readings:
        metrics: dict[str, Metric] = {}
        by_side: dict[str, dict[str, str]] = {}
        countries: set[str] = set()
        watchlists = tuple(watchlists)
        for watchlist in watchlists:
            for metric in watchlist.metrics:
                metrics.setdefault(metric.id, metric)
                if metric.quantity in REFINES:
                    by_side.setdefault(metric.side, {}).setdefault(metric.quantity, metric.id)
            countries |= {actor.name.casefold() for actor in watchlist.actors if actor.kind == "country"}
        own = {w.id: frozenset(countries & ({w.name.casefold()} | {a.casefold() for a in w.aliases}))
               for w in watchlists}
        return cls(metrics, by_side, frozenset(countries), own)

    def counts_people(self, metric_id: str) -> bool:
        metric = self.metrics.get(metric_id)
        return metric is not None and metric.quantity in REFINES and metric.side in self.by_side

    def quantity(self, metric_id: str) -> str:
        return self.metrics[metric_id].quantity

    def side(self, metric_id: str) -> str:
        return self.metrics[metric_id].side


def refines(narrow: str, broad: str) -> bool:
    """Whether a count of `narrow` is also a count of `broad` (or the same count)."""
    return narrow == broad or broad in REFINES.get(narrow, ())


# The log's figures, already read: value -> source -> the metrics it gave the value as, latest last.
LogIndex = Mapping[float, Mapping[str | None, Mapping[str, None]]]


def index(mentions: Iterable[Mention], into: dict[float, dict[str | None, dict[str, None]]] | None = None
          ) -> dict[float, dict[str | None, dict[str, None]]]:
    found = {} if into is None else into
    for mention in mentions:
        if mention.metric:
            metrics = found.setdefault(mention.value, {}).setdefault(mention.credited_to, {})
            metrics.pop(mention.metric, None)
            metrics[mention.metric] = None
    return found


def read_article(mentions: Sequence[Mention], log: LogIndex, readings: Readings) -> list[Mention]:
    """The mentions of one article (text order) as the rules read them; `log`: the figures before it,
    already read this way (index())."""
    metric_of = [m.metric for m in mentions]
    lenders = _lenders(mentions)
    groups: dict[tuple[str, float], list[int]] = {}
    for i, mention in enumerate(mentions):
        if readings.counts_people(mention.metric):
            groups.setdefault((readings.side(mention.metric), mention.value), []).append(i)
    for (side, value), members in groups.items():
        # a reading borrowed from an earlier number of the sentence yields to the value's own reading
        own = list(dict.fromkeys(mentions[i].metric for i in members if not lenders[i])) \
            or list(dict.fromkeys(mentions[i].metric for i in members))
        sources = {mentions[i].credited_to for i in members} - {None}
        chosen = _earlier_reading(own, _one_reading(own, side, readings), sources, value, log, readings)
        for i in members:
            metric_of[i] = chosen
    unborrowed = {m.value for m, lent in zip(mentions, lenders, strict=True) if m.metric and not lent}
    for i, mention in enumerate(mentions):
        if mention.value not in unborrowed and _misborrowed(mention, lenders[i]):
            metric_of[i] = ""  # it counts something no metric names
    read = [replace(m, metric=metric) for m, metric in zip(mentions, metric_of, strict=True)]
    return _shared_credits(read, readings)


def _lenders(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Per mention, the earlier numbers of its sentence with the same metric and source, whose reading it
    may only borrow ("4,000 casualties, and some 3,000 more seem to have followed them")."""
    by_sentence: dict[tuple[str, str, str | None], list[Mention]] = {}
    for m in mentions:
        if m.quote is not None and m.metric:
            by_sentence.setdefault((m.quote, m.metric, m.credited_to), []).append(m)
    return [[] if m.quote is None or not m.metric else
             [o for o in by_sentence[(m.quote, m.metric, m.credited_to)] if o.value != m.value and o.start < m.start]
             for m in mentions]


def _misborrowed(m: Mention, lenders: Sequence[Mention]) -> bool:
    """Whether the mention only borrows its reading from a number before it in its sentence (same metric
    and source) that it cannot be a value of: a larger one, of which it is a part, an addition or the
    earlier value ("6,000 personnel, 1,000 of them engineers"; "4,700 casualties, 600 of them deaths";
    "12,000 troops, 10,000 of them in Kursk"), or one REVISION_FACTOR times smaller ("6,000 troops and
    50-100 pieces of equipment"). It counts something no metric names, unless the value has a reading
    of its own elsewhere in the article."""
    return bool(lenders) and all(abs(o.value) > abs(m.value) or abs(o.value) * REVISION_FACTOR < abs(m.value)
                                 for o in lenders)


def _one_reading(own: Sequence[str], side: str, readings: Readings) -> str:
    """The reading of one value given as these metrics (first mention first)."""
    quantities = [readings.quantity(metric) for metric in own]
    narrowest = [m for m, q in zip(own, quantities, strict=True) if all(refines(q, other) for other in quantities)]
    if narrowest:
        return narrowest[0]
    broader = [q for q in readings.by_side[side] if all(refines(other, q) for other in quantities)]
    if broader:
        return readings.by_side[side][max(broader, key=lambda q: len(REFINES[q]))]
    return own[0]


def _earlier_reading(own: Sequence[str], chosen: str, sources: set[str | None], value: float,
                     log: LogIndex, readings: Readings) -> str:
    """The count a source of this value meant when it gave the value before, if that count refines
    this reading or is one this article gives too; else the reading chosen here."""
    side, quantity = readings.side(chosen), readings.quantity(chosen)
    given = log.get(value, {})
    before = [metric for source in (sorted(sources, key=str) or list(given)) for metric in given.get(source, {})
              if metric != chosen and readings.counts_people(metric) and readings.side(metric) == side
              and (metric in own or refines(readings.quantity(metric), quantity))]
    if not before:
        return chosen
    return max(reversed(before), key=lambda metric: len(REFINES[readings.quantity(metric)]))


def _shared_credits(mentions: Sequence[Mention], readings: Readings) -> list[Mention]:
    def rank(credit: str | None, metric: str) -> int:
        if credit is None or _own_country(credit, metric, readings):
            return 0
        return 1 if credit.casefold() in readings.countries else 2

    # the same sentence standing twice (a standfirst repeated in the body) is one statement: a credit
    # carried to it in one place and not in the other is where it stands, not what it says
    bare = {(m.metric, m.value, m.quote) for m in mentions if m.credited_to is None and m.quote is not None}
    mentions = [replace(m, credited_to=None, carried=False) if m.carried and (m.metric, m.value, m.quote) in bare
                else m for m in mentions]
    best: dict[tuple[str, float], Mention] = {}
    for mention in mentions:
        key = (mention.metric, mention.value)
        if key not in best or rank(mention.credited_to, mention.metric) > rank(best[key].credited_to, mention.metric):
            best[key] = mention
    out = []
    for m in mentions:
        shared = best[(m.metric, m.value)]
        if m.metric in readings.metrics and (rank(shared.credited_to, m.metric) > rank(m.credited_to, m.metric)
                                             or _own_country(m.credited_to, m.metric, readings)):
            m = replace(m, credited_to=None, carried=False) if _own_country(shared.credited_to, m.metric, readings) \
                else replace(m, credited_to=shared.credited_to, carried=shared.carried)
        out.append(m)
    # a credit the sentence of one mention gives is given, not carried, for every mention of the value
    given = {(m.metric, m.value, m.credited_to) for m in out if not m.carried}
    return [replace(m, carried=False) if m.carried and (m.metric, m.value, m.credited_to) in given else m
            for m in out]


def _own_country(credit: str | None, metric: str, readings: Readings) -> bool:
    """Whether the credit is the country whose own people or things the metric counts: the country
    that sent its troops ("북한이 보낸 병력", "Pyongyang dispatched") is what the count is about, not
    who counted them."""
    side = readings.metrics[metric].side if metric in readings.metrics else None
    return credit is not None and side is not None and credit.casefold() in readings.own_country.get(side, ())


def _apply(items: Sequence[T], read: Sequence[Mention]) -> list[T]:
    out: list[T] = []
    for item, m in zip(items, read, strict=True):
        if item.metric != (m.metric or item.metric) or item.credited_to != m.credited_to:
            item = replace(item, metric=m.metric or item.metric, credited_to=m.credited_to)
        if item.metric and not m.metric:  # read as counting something no metric names
            item = replace(item, metric=None) if isinstance(item, Figure) else replace(item, metric="")
        if isinstance(item, Figure) and item.credit_carried != m.carried:
            item = replace(item, credit_carried=m.carried)
        out.append(item)
    return out


def _mention(item: Figure | PriorFigure) -> Mention:
    carried = item.credit_carried if isinstance(item, Figure) else False
    return Mention(item.metric or "", item.value, item.credited_to, item.quote, item.start, carried)


def read_figures(figures: Sequence[Figure], log: Sequence[PriorFigure], readings: Readings) -> list[Figure]:
    """An article's figures as the rules read them (figures without a metric unchanged)."""
    order = sorted(range(len(figures)), key=lambda i: figures[i].start)
    ordered = [figures[i] for i in order]
    read = _apply(ordered, read_article([_mention(f) for f in ordered], index(map(_mention, log)), readings))
    out: list[Figure] = list(figures)
    for position, i in enumerate(order):
        out[i] = read[position]
    return _credits_of_unmeasured(out, readings)


def _credits_of_unmeasured(figures: Sequence[Figure], readings: Readings) -> list[Figure]:
    credits: dict[float, Figure] = {}
    for figure in sorted(figures, key=lambda f: f.start):
        if figure.metric is None and figure.credited_to is not None:
            credits.setdefault(figure.value, figure)
    return [replace(f, credited_to=credits[f.value].credited_to, credit_carried=credits[f.value].credit_carried)
            if f.credited_to is None and f.metric in readings.metrics and f.value in credits else f
            for f in figures]


def read_log(priors: Sequence[PriorFigure], readings: Readings) -> list[PriorFigure]:
    """The log's figures (in seq order) read the same way, article by article."""
    by_article: dict[str, list[int]] = {}
    for i, prior in enumerate(priors):
        by_article.setdefault(prior.article_id, []).append(i)
    out: list[PriorFigure] = list(priors)
    done: dict[float, dict[str | None, dict[str, None]]] = {}
    for members in sorted(by_article.values(), key=lambda m: priors[m[0]].seq):
        items = [priors[i] for i in members]
        read = read_article([_mention(p) for p in items], done, readings)
        for i, item in zip(members, _apply(items, read), strict=True):
            out[i] = item
        index(read, done)
    return out


def related_metrics(metric_ids: Iterable[str], watchlists: Sequence[Watchlist]) -> list[str]:
    """These metrics and every metric that counts the same side's people: the log figures a reading
    of the article may need (monitor/pipeline.py loads them)."""
    readings = Readings.of(watchlists)
    ids = set(metric_ids)
    sides = {readings.side(m) for m in ids if readings.counts_people(m)}
    ids |= {metric for side in sides for metric in _all_of_side(readings, side)}
    return sorted(ids)


def _all_of_side(readings: Readings, side: str) -> list[str]:
    return [m.id for m in readings.metrics.values() if m.side == side and m.quantity in REFINES]


__all__ = ["LogIndex", "Mention", "Readings", "index", "read_article", "read_figures", "read_log", "refines",
           "related_metrics"]

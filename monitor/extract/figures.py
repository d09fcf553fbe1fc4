"""Figures: a cardinal number + the thing it counts + who says so + which metric it measures."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from monitor.extract.actors import Gazetteer
from monitor.extract.attribution import credit_at
from monitor.extract.model import CARDINAL, ActorMention, Document, Figure, NumberMention, Sentence
from monitor.extract.numbers import find_numbers
from monitor.extract.units import COUNTED_NOUNS, CURRENCY_SIGNS, FILLERS, FROM_TO_CUES, POST_MODIFIERS, REVISION_CUES
from monitor.matching import matcher
from monitor.watchlist import Metric, Watchlist

_TOKEN = re.compile(r"[\s\u00a0]*([^\W\d_][\w'’-]*|\d[\d.,]*)", re.UNICODE)
_MAX_GAP_TOKENS = 4
_KOREAN_TROOP_NOUNS = ("북한군", "병력", "장병", "병사", "군인", "특수부대", "군")


@dataclass(frozen=True, slots=True)
class Counted:
    unit: str
    phrase: str
    end: int


@dataclass(frozen=True, slots=True)
class _Noun:
    words: tuple[str, ...]
    unit: str
    stem: bool


@lru_cache(maxsize=16)
def _nouns(lang: str) -> tuple[_Noun, ...]:
    table = COUNTED_NOUNS.get(lang, COUNTED_NOUNS["en"])
    nouns = [_Noun(tuple(key.rstrip("*").split()), unit, key.endswith("*")) for key, unit in table.items()]
    return tuple(sorted(nouns, key=lambda noun: len(noun.words), reverse=True))


def _tokens(text: str, start: int, limit: int) -> list[tuple[str, int, int]]:
    tokens: list[tuple[str, int, int]] = []
    position = start
    while len(tokens) < limit:
        found = _TOKEN.match(text, position)
        if not found:
            break
        tokens.append((found.group(1), found.start(1), found.end(1)))
        position = found.end()
    return tokens


def _word_matches(noun_word: str, token: str, stem: bool, lang: str) -> bool:
    word = token.casefold()
    if lang == "ko":
        return word.startswith(noun_word)
    return word.startswith(noun_word) if stem else word == noun_word


def _noun_at(tokens: list[tuple[str, int, int]], index: int, lang: str) -> _Noun | None:
    for noun in _nouns(lang):
        window = tokens[index:index + len(noun.words)]
        if len(window) == len(noun.words) and all(
                _word_matches(word, token[0], noun.stem, lang) for word, token in zip(noun.words, window, strict=True)):
            return noun
    return None


def find_counted(text: str, number: NumberMention, lang: str) -> Counted | None:
    """The counted noun after a number, skipping a few adjectives or names ("10,000 North Korean troops").

    Post-qualifiers may stand before the noun ("1만 명 이상", counter inside the span) or after the
    number and before the noun ("10,000 or more troops"), so both starts are tried.
    """
    starts = (number.end, number.span_end) if lang == "ko" else (number.span_end, number.end)
    for start in dict.fromkeys(starts):
        found = _counted_from(text, start, number, lang)
        if found is not None:
            return found
    return None


def _counted_from(text: str, start: int, number: NumberMention, lang: str) -> Counted | None:
    tokens = _tokens(text, start, _MAX_GAP_TOKENS + 3)
    fillers = FILLERS.get(lang, frozenset())
    for index, (token, _start, _end) in enumerate(tokens[:_MAX_GAP_TOKENS + 1]):
        noun = _noun_at(tokens, index, lang)
        if noun is not None:
            first = tokens[index][1]
            last = tokens[index + len(noun.words) - 1][2]
            end = _post_modifier_end(text, last, lang)
            unit = _korean_unit(text, number, noun.unit) if lang == "ko" else noun.unit
            return Counted(unit, text[first:end], end)
        if not (token.casefold() in fillers or token[:1].isupper()):
            return None
    return None


def _post_modifier_end(text: str, end: int, lang: str) -> int:
    following = text[end:end + 40].casefold()
    for modifier in POST_MODIFIERS.get(lang, ()):
        if re.match(rf"\s+{re.escape(modifier)}\b", following):
            return end + len(re.match(rf"\s+{re.escape(modifier)}", following).group(0))  # type: ignore[union-attr]
    return end


def _korean_unit(text: str, number: NumberMention, unit: str) -> str:
    if unit != "people":
        return unit
    before = text[max(0, number.span_start - 12):number.span_start]
    return "troops" if any(noun in before for noun in _KOREAN_TROOP_NOUNS) else unit


def _currency_before(text: str, number: NumberMention) -> str | None:
    before = text[max(0, number.span_start - 4):number.span_start].casefold().rstrip()
    for sign, unit in CURRENCY_SIGNS.items():
        if before.endswith(sign):
            return unit
    return None


def choose_metric(unit: str, sentence: str, offset: int, watchlists: Sequence[Watchlist]) -> Metric | None:
    """The metric of the matched watchlists that counts this unit and whose terms are nearest the number."""
    best: tuple[int, Metric] | None = None
    for watchlist in watchlists:
        for metric in watchlist.metrics:
            if unit not in metric.units:
                continue
            distance = _term_distance(metric, watchlist, sentence, offset)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, metric)
    return None if best is None else best[1]


def _term_distance(metric: Metric, watchlist: Watchlist, sentence: str, offset: int) -> int | None:
    if metric.requires:
        folded = sentence.casefold()
        positions = [m.start() for term in metric.requires for m in re.finditer(re.escape(term.casefold()), folded)]
    else:
        positions = matcher(watchlist).positions(sentence)
    return min((abs(position - offset) for position in positions), default=None)


def extract_figures(doc: Document, watchlists: Sequence[Watchlist], actors: Sequence[ActorMention],
                    gazetteer: Gazetteer) -> list[Figure]:
    """Every attributed figure in the document's body, earlier estimates linked to their revision."""
    numbers = [n for n in find_numbers(doc.text, doc.lang) if n.kind == CARDINAL]
    figures: list[Figure] = []
    for index, sentence in enumerate(doc.sentences):
        if sentence.boilerplate:
            continue
        inside = [n for n in numbers if sentence.start <= n.start and n.end <= sentence.end]
        found = [f for n in inside if (f := _figure(doc, index, sentence, n, watchlists, actors, gazetteer))]
        figures.extend(link_revisions(found, sentence, doc.lang))
    return _drop_title_repeats(figures, doc)


def _figure(doc: Document, index: int, sentence: Sentence, number: NumberMention,
            watchlists: Sequence[Watchlist], actors: Sequence[ActorMention], gazetteer: Gazetteer) -> Figure | None:
    currency = _currency_before(doc.text, number)
    counted = Counted(currency, doc.text[number.span_start:number.span_end], number.end) if currency \
        else find_counted(doc.text, number, doc.lang)
    if counted is None:
        return None
    credit = credit_at(doc, actors, gazetteer, index, number.start)
    metric = choose_metric(counted.unit, sentence.text, number.start - sentence.start, watchlists)
    return Figure(value=number.value, value_max=number.value_max, unit=counted.unit, counted=counted.phrase,
                  approx=number.approx, qualifier=number.qualifier, credited_to=credit.name,
                  credit_carried=credit.carried, metric=metric.id if metric else None,
                  quote=sentence.text, start=number.start, end=number.end)


def link_revisions(figures: list[Figure], sentence: Sentence, lang: str) -> list[Figure]:
    """'10,000 troops, up from 3,000' or 'from 3,000 to 10,000': one figure revises the other."""
    linked = list(figures)
    for position in range(1, len(linked)):
        first, second = linked[position - 1], linked[position]
        if first.unit != second.unit or first.is_previous or first.previous_value is not None:
            continue
        between = _local(sentence, first.end, second.start)
        before = _local(sentence, first.start - 30, first.start)
        if _has_cue(between, _revision_cues(lang)):
            linked[position - 1], linked[position] = _revised(first, second)
        elif _from_to(before, between, lang):
            linked[position], linked[position - 1] = _revised(second, first)
    return linked


def _local(sentence: Sentence, start: int, end: int) -> str:
    return sentence.text[max(0, start - sentence.start):max(0, end - sentence.start)].casefold()


def _revision_cues(lang: str) -> tuple[str, ...]:
    return REVISION_CUES.get(lang, ()) + (REVISION_CUES["en"] if lang != "en" else ())


def _has_cue(text: str, cues: Sequence[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", text) for cue in cues)


def _from_to(before: str, between: str, lang: str) -> bool:
    starts, links = FROM_TO_CUES.get(lang, FROM_TO_CUES["en"])
    if lang == "ko":
        return _has_cue(before, starts) or any(link in between for link in links)
    return _has_cue(before, starts) and _has_cue(between, links) and len(between) < 40


def _revised(new: Figure, old: Figure) -> tuple[Figure, Figure]:
    return (replace(new, previous_value=old.value),
            replace(old, is_previous=True, credited_to=old.credited_to or new.credited_to))


def _drop_title_repeats(figures: list[Figure], doc: Document) -> list[Figure]:
    """A headline figure repeated in the body is one figure: keep the body's, which has the context."""
    if not doc.sentences or doc.title is None:
        return figures
    title_end = doc.sentences[0].end if doc.sentences[0].text == doc.title else -1
    body_keys = {(f.value, f.value_max, f.unit) for f in figures if f.start > title_end}
    return [f for f in figures if f.start > title_end or (f.value, f.value_max, f.unit) not in body_keys]


def figures_by_metric(figures: Sequence[Figure]) -> Mapping[str | None, list[Figure]]:
    grouped: dict[str | None, list[Figure]] = {}
    for figure in figures:
        grouped.setdefault(figure.metric, []).append(figure)
    return grouped

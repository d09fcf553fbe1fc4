"""Attribution: who a figure is credited to.

A figure's sentence is read as a row of units (monitor.extract.attribution_read). The figure
takes, in this order:

1. an attribution of its own sentence: the nearest before it, else the nearest after it (outlets
   last); a relay cue's speaker ("a lawmaker citing the NIS") is the origin and beats the speaker
   who relays it, which becomes `via`; a speaker known to relay an origin in the sentences around
   ("Lee, after a briefing by the NIS ... according to Lee") stands for that origin, via itself;
   in a sentence with no reporting cue but a commitment word, the organisation named first before
   the figure owns it ("NATO's 5% target", "les membres de l'Alliance ... 5 % du PIB");
2. none, when a reporting cue of the sentence introduces a source that is no actor ("Die russische
   Seite nennt", "Laut ukrainischem Militär"): such a figure takes no earlier speaker's credit;
3. inside a quotation that goes on past the sentence (begun before it or in it), the speaker named
   where it closes ("... 594 военных", - сказал главнокомандующий");
4. the source of the next sentence when that one refers back ("Об этом рассказал X",
   "Такі цифри містить звіт X"): its attribution, else the first actor it names;
5. the last attribution of the sentences before (an outlet or an unnamed source there credits
   nobody; an owner's commitment is not carried);
6. for a figure before any attribution (a headline, a lede), the first one of the sentences after;
   not once an attribution came before.

3-6 are carried (carried=True). Only LOOKBACK_SENTENCES sentences before (the items of a list
count as one) and LOOKAHEAD_SENTENCES after count, each within a bounded window, so a credit costs
the same however long the document is. A country is a fallback: a pronoun stands for one only
where no other actor fits. A DocumentAttribution is a document as attribution reads it: build one
per document with read_attribution() and pass it to every credit_at() of that document, so that
each window is read once; without one, credit_at() reads what it needs afresh (same credit, more
work).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from monitor.extract.actor_scan import ScanBook, SentenceScan
from monitor.extract.actor_units import SOURCE, Names, build_units
from monitor.extract.actors import Gazetteer
from monitor.extract.attribution_memory import Memory, learn_relays
from monitor.extract.attribution_read import OWN, RELAY_PHRASES, Read, Said, may_mark, read_units
from monitor.extract.model import ActorMention, Document, Sentence

LOOKBACK_SENTENCES = 12
LOOKBACK_LIMIT = 4 * LOOKBACK_SENTENCES
LOOKAHEAD_SENTENCES = 4
WINDOW_CHARS = 1_500
_QUOTE_OPENERS, _QUOTE_CLOSERS = frozenset("“„«"), frozenset("”»")
_LIST_ITEM = re.compile(r"\s*[-–—•▪*·]\s")

Key = tuple[int, int, int]  # (sentence index, window start, window end)


@dataclass(frozen=True, slots=True)
class Credit:
    name: str | None
    carried: bool
    cue: str | None
    via: str | None = None  # who relays the origin's figure ("a lawmaker citing the NIS": the lawmaker)


NO_CREDIT = Credit(None, False, None)


def read_attribution(doc: Document, actors: Sequence[ActorMention], gazetteer: Gazetteer,
                     scans: ScanBook | None = None) -> DocumentAttribution:
    """The document as attribution reads it, for all the figures in it."""
    book = ScanBook(doc.text, gazetteer.index, doc.lang) if scans is None else scans
    return DocumentAttribution(doc, Names(actors, gazetteer, doc.lang), gazetteer, book)


def credit_at(doc: Document, actors: Sequence[ActorMention], gazetteer: Gazetteer, sentence_index: int,
              offset: int, attribution: DocumentAttribution | None = None) -> Credit:
    """Who a figure at `offset` (inside doc.sentences[sentence_index]) is credited to. `attribution`:
    the document's read_attribution(doc, actors, gazetteer), shared by its figures."""
    if not 0 <= sentence_index < len(doc.sentences) or doc.sentences[sentence_index].boilerplate:
        return NO_CREDIT
    reading = attribution if attribution is not None else read_attribution(doc, actors, gazetteer)
    return reading.credit(sentence_index, offset)


def choose(saids: Sequence[Said], offset: int, carried: bool = False) -> Credit | None:
    """The nearest attribution before the figure, else the nearest after it; outlets last; a relay's
    origin before the speaker relaying it. An organisation owning a commitment credits only the
    figures after it in its own sentence, never a `carried` one."""
    saids = [said for said in saids if said.cue != OWN or (not carried and said.position < offset)]
    pool = [said for said in saids if said.source != SOURCE] or list(saids)
    if not pool:
        return None
    before = [said for said in pool if said.position < offset]
    chosen = before[-1] if before else pool[0]
    origin = next((said for said in pool if said.relay and said.name is not None), None)
    if origin is not None:
        via = origin.via or next((said.name for said in pool if said.name not in (None, origin.name)), None)
        return Credit(origin.name, False, origin.cue, via)
    return Credit(chosen.name, False, chosen.cue)


class DocumentAttribution:
    """A document as attribution reads it. Each window is scanned and turned into a Read once;
    what a reader remembers before a sentence (for pronouns) is replayed from those reads over the
    LOOKBACK_SENTENCES before it. Built per document and passed along, never kept elsewhere."""

    def __init__(self, doc: Document, names: Names, gazetteer: Gazetteer, scans: ScanBook) -> None:
        self.doc = doc
        self.names = names
        self.gazetteer = gazetteer
        self.scans = scans
        self._reads: dict[Key, Read | None] = {}
        self._memories: dict[tuple[int, int], Memory] = {}
        self._resolved: dict[Key, tuple[Said, ...]] = {}
        self._quoted: dict[int, bool] = {}
        self._tails: dict[int, Key] = {}
        self._relays_after: dict[int, dict[str, tuple[str, str]]] = {}
        folded = doc.text.casefold()  # a sentence's relay phrase has its words in the folded text
        self._relaying = [index for index, sentence in enumerate(doc.sentences) if _relays_in(sentence.text)] \
            if _RELAY_WORDS is None or any(word in folded for word in _RELAY_WORDS) else []  # in order
        self._relaying_set = frozenset(self._relaying)

    def credit(self, number: int, offset: int) -> Credit:
        sentence = self.doc.sentences[number]
        offset = min(max(offset, sentence.start), sentence.end)
        key = self._key(number, offset - WINDOW_CHARS, offset + WINDOW_CHARS)
        own = choose(self.saids(key), offset)
        if own is not None:
            return own
        read = self._read(key)
        if read is not None and read.unsourced:
            return NO_CREDIT  # "Die russische Seite nennt ...": a source of its own, not an earlier one
        for carried in (self._quote_closing(number), self._referred(number), self._before(number),
                        self._ahead(number)):
            if carried is not None:
                return carried if carried.name is not None else NO_CREDIT
        return NO_CREDIT

    def saids(self, key: Key, full: bool = False) -> tuple[Said, ...]:
        """The attributions of a window, its pronouns resolved after the sentences before it."""
        read = self._read(key, full)
        if read is None:
            return ()
        if read.fixed and (not self._relaying_near(key[0]) or not any(said.name is not None for said in read.saids)):
            return read.saids  # no pronoun, and no speaker who relays or may relay another's figures
        saids = self._resolved.get(key)
        if saids is None:
            first = self._lookback(key[0])
            saids = self._resolved[key] = self._memory(first, key[0]).copy().take(read)
        return saids

    # --- carried credits -----------------------------------------------------------------------

    def _quote_closing(self, number: int) -> Credit | None:
        """Inside a quotation that closes in a later sentence of the paragraph (begun before the
        sentence or in it): who is said to speak there."""
        paragraph = self.doc.sentences[number].paragraph
        if not self._inside_quote(number) and not (
                number + 1 < len(self.doc.sentences) and self.doc.sentences[number + 1].paragraph == paragraph
                and self._inside_quote(number + 1)):
            return None
        for index in self._following(number):
            if self.doc.sentences[index].paragraph != paragraph:
                return None
            saids = self.saids(self._head_key(index))
            if saids:
                return _carried(choose(saids, self.doc.sentences[index].end, True))
            if not self._inside_quote(index + 1):
                return None
        return None

    def _referred(self, number: int) -> Credit | None:
        """The next sentence opens with a back-reference ("Об этом ... рассказал X"): its source."""
        following = self._following(number)
        if not following:
            return None
        index = following[0]
        key = self._head_key(index)
        read = self._read(key, full=True)
        if read is None or not read.refers_back:
            return None
        saids = self.saids(key, full=True)
        named = [said for said in saids if said.name is not None]
        return _carried(choose(named or saids, self.doc.sentences[index].end, True))

    def _before(self, number: int) -> Credit | None:
        """The last attribution of the sentences before."""
        for index in range(number - 1, self._lookback(number) - 1, -1):
            if self.doc.sentences[index].boilerplate:
                continue
            credit = choose(self.saids(self._tail_key(index)), self.doc.sentences[index].end, True)
            if credit is not None:
                return _carried(credit)
        return None

    def _ahead(self, number: int) -> Credit | None:
        """A figure before any attribution (a headline, a lede): the first attribution after it.
        After an attribution, a figure left without one is not credited ahead."""
        if self._attributed_before(number):
            return None
        for index in self._following(number):
            saids = [said for said in self.saids(self._head_key(index)) if said.name is not None]
            if saids:
                return _carried(choose(saids, self.doc.sentences[index].start, True))
        return None

    # --- reading ---------------------------------------------------------------------------------

    def _lookback(self, number: int) -> int:
        """The first sentence of the LOOKBACK_SENTENCES before `number`; the items of a list ("- танки:
        9113;") count as one sentence, up to LOOKBACK_LIMIT sentences in all."""
        sentences, counted, index = self.doc.sentences, 0, number
        while index > 0 and counted < LOOKBACK_SENTENCES and number - index < LOOKBACK_LIMIT:
            index -= 1
            if not (_LIST_ITEM.match(sentences[index].text) and index > 0
                    and _LIST_ITEM.match(sentences[index - 1].text)):
                counted += 1
        return index

    def _relays(self, number: int) -> dict[str, tuple[str, str]]:
        """Who relays whose figures in the LOOKBACK_SENTENCES after sentence `number` ("..., ujar
        Lee, mengutip NIS"): a relaying speaker stands for the origin before the relay too."""
        known = self._relays_after.get(number)
        if known is not None:
            return dict(known)
        relays: dict[str, tuple[str, str]] = {}
        for index in range(number + 1, min(len(self.doc.sentences), number + 1 + LOOKBACK_SENTENCES)):
            if index not in self._relaying_set:
                continue  # no relay cue in its text ("citing", "mengutip"): it relays no one
            read = None if self.doc.sentences[index].boilerplate else self._read(self._tail_key(index))
            if read is not None:
                learn_relays(read.saids, relays)
        self._relays_after[number] = dict(relays)
        return relays

    def _relaying_near(self, number: int) -> bool:
        """Is a sentence with a relay cue among the LOOKBACK_LIMIT before `number` or the
        LOOKBACK_SENTENCES after it? If not, what a reader remembers relays no one there: a fixed
        read's saids stand as they are."""
        at = bisect_left(self._relaying, number - LOOKBACK_LIMIT)
        return at < len(self._relaying) and self._relaying[at] <= number + LOOKBACK_SENTENCES

    def _attributed_before(self, number: int) -> bool:
        """Has any of the LOOKBACK_LIMIT sentences before `number` an attribution?"""
        return any(not self.doc.sentences[index].boilerplate and self.saids(self._tail_key(index))
                   for index in range(max(0, number - LOOKBACK_LIMIT), number))

    def _following(self, number: int) -> list[int]:
        sentences = self.doc.sentences
        indices = range(number + 1, min(len(sentences), number + 1 + LOOKAHEAD_SENTENCES))
        return [index for index in indices if not sentences[index].boilerplate]

    def _inside_quote(self, number: int) -> bool:
        """Does sentence `number` start inside a quotation opened earlier in its paragraph?"""
        if number >= len(self.doc.sentences):
            return False
        if number not in self._quoted:
            sentence = self.doc.sentences[number]
            first = number
            while first > 0 and self.doc.sentences[first - 1].paragraph == sentence.paragraph:
                first -= 1
            before = self.doc.text[self.doc.sentences[first].start:sentence.start][-4 * WINDOW_CHARS:]
            depth = sum(c in _QUOTE_OPENERS for c in before) - sum(c in _QUOTE_CLOSERS for c in before)
            self._quoted[number] = depth > 0 or before.count('"') % 2 == 1
        return self._quoted[number]

    def _memory(self, first: int, number: int) -> Memory:
        """What a reader remembers after the sentences [first, number)."""
        memory = self._memories.get((first, number))
        if memory is None:
            memory = Memory(self.names.places, relays=self._relays(number))
            for index in range(first, number):
                if not self.doc.sentences[index].boilerplate:
                    read = self._read(self._tail_key(index), full=True)
                    if read is not None:
                        memory.take(read)
            self._memories[first, number] = memory
        return memory

    def _key(self, number: int, low: int, high: int) -> Key:
        return (number, *_window(self.doc.text, self.doc.sentences[number], low, high))

    def _tail_key(self, number: int) -> Key:
        key = self._tails.get(number)
        if key is None:
            sentence = self.doc.sentences[number]
            key = self._tails[number] = self._key(number, sentence.end - WINDOW_CHARS, sentence.end)
        return key

    def _head_key(self, number: int) -> Key:
        sentence = self.doc.sentences[number]
        return self._key(number, sentence.start, sentence.start + WINDOW_CHARS)

    def _read(self, key: Key, full: bool = False) -> Read | None:
        """The window's read; None for a window without a reporting cue unless `full` (a window
        read for the actors it mentions)."""
        if key in self._reads:
            read = self._reads[key]
            if read is not None or not full:
                return read
        scan = self._scan(key)
        if not scan.cues and not full and not may_mark(self.doc.text[key[1]:key[2]], scan.tokens):
            self._reads[key] = None
            return None
        opens = key[1] == self.doc.sentences[key[0]].start
        units = build_units(self.doc.text, scan, self.names)
        read = read_units(self.doc.text, key[0], units, scan.tokens, opens, self.names.places)
        self._reads[key] = read
        return read

    def _scan(self, key: Key) -> SentenceScan:
        return self.scans.scan(key[1], key[2])


def _relays_in(text: str) -> bool:
    """Does the text hold a relay cue ("citing", "mengutip"), case-folded, spaces single?"""
    return _RELAY_SEARCH is not None and _RELAY_SEARCH.search(" ".join(text.casefold().split())) is not None


# One alternation of the relay phrases: a search finds one wherever any of them is a substring.
_RELAY_SEARCH = re.compile("|".join(map(re.escape, sorted(RELAY_PHRASES)))) if RELAY_PHRASES else None


def _relay_words() -> tuple[str, ...] | None:
    """A word of each relay phrase (its longest): one is in the case-folded text of any sentence _relays_in
    finds (None when a phrase has no word, which would be found anywhere)."""
    words = {max(phrase.split(), key=len) if phrase.split() else "" for phrase in RELAY_PHRASES}
    if "" in words:
        return None
    return tuple(sorted(word for word in words if not any(other != word and other in word for other in words)))


_RELAY_WORDS = _relay_words()


def _carried(credit: Credit | None) -> Credit | None:
    return None if credit is None else Credit(credit.name, True, credit.cue, credit.via)


def _window(text: str, sentence: Sentence, low: int, high: int) -> tuple[int, int]:
    """[low, high) within the sentence, cut at spaces so that no word is split."""
    start, end = max(sentence.start, low), min(sentence.end, high)
    if start > sentence.start:
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else end
    if end < sentence.end:
        space = text.rfind(" ", start, end)
        end = space if space != -1 else start
    return start, max(start, end)


__all__ = ["NO_CREDIT", "Credit", "DocumentAttribution", "Said", "credit_at", "read_attribution"]

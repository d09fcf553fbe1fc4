"""Preparing an article's text: newlines, title, paragraphs, sentences, boilerplate, date.

Pure functions: no I/O, no clock. All offsets are into Document.text, which is the input
with "\\r\\n" (and a lone "\\r") turned into "\\n".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from monitor.extract.boilerplate import STRIP_CHARS as _STRIP
from monitor.extract.boilerplate import credit_prefix_end, is_boilerplate, mark_furniture, pick_title
from monitor.extract.dates import MONTHS, find_publication_date
from monitor.extract.langdetect import SUPPORTED_LANGS, detect_language
from monitor.extract.model import Document, Sentence
from monitor.extract.packs import pack_flags, word_lists

__all__ = [
    "SUPPORTED_LANGS",
    "detect_language",
    "find_publication_date",
    "is_boilerplate",
    "pick_title",
    "prepare_document",
]


def _words(text: str) -> list[str]:
    return text.split()


_LINE = re.compile(r"[^\n\u2028\u2029]+")
_CLOSERS = "\"'”’»」』)]）"
_OPENERS = "\"'“‘«„(「『[（"
# A sentence end: dots (two or more), an ellipsis run, or a run of the other marks (a single "." among them),
# then closing quotes or brackets. Written to open with a character class, which lets re skip to the next
# mark instead of trying every position: the same matches as
# (?:\.{2,}|…+|[.!?。！？‼⁇⁈⁉]+)(?:[\"'”’」』)\]）]|[ \u00a0\u202f]?»)*
_TERM = re.compile(r"[.…!?。！？‼⁇⁈⁉](?:(?<=\.)\.+|(?<=…)…*|[.!?。！？‼⁇⁈⁉]*)(?:[\"'”’」』)\]）]|[ \u00a0\u202f]?»)*")
_OPENER_RUN = re.compile(r"[(\[“\"'‘«„「『（]")
_FOLLOWING = re.compile(r"\s+[\"'“‘«„(「『\[（]*(\S{0,40})")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")

_NUMBER_ABBREV = frozenset(_words("No Nos no nos Nr nr Fig fig p pp vol Art Abs Bd Tel №"))  # before a number
_EVERYWHERE = frozenset(word for words in word_lists("text", "abbreviations_everywhere").values() for word in words)
_ABBREVIATIONS = {lang: _EVERYWHERE | frozenset(words) for lang, words in word_lists("text", "abbreviations").items()}
_ABBREVIATIONS_ANY = _EVERYWHERE.union(*_ABBREVIATIONS.values())


# --- dates (read in monitor/extract/dates.py; month names also tell abbreviations) -----------------

_MONTHS = MONTHS
_DAY_PERIOD = pack_flags("text", "day_period_before_month")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) so that it neither starts nor ends with whitespace."""
    segment = text[start:end]
    left = segment.lstrip(_STRIP)
    if not left:
        return start, start
    start += len(segment) - len(left)
    return start, start + len(left.rstrip(_STRIP))


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Stripped spans of the non-blank lines of `text`, in order."""
    for match in _LINE.finditer(text):
        start, end = _strip_span(text, match.start(), match.end())
        if start < end:
            yield start, end


def _norm_ws(text: str) -> str:
    return " ".join(text.split())


# --- sentences ---------------------------------------------------------------------------------


def _abbreviations(lang: str) -> frozenset[str]:
    return _ABBREVIATIONS.get(lang, _ABBREVIATIONS_ANY)


def _word_before(line: str, dot: int) -> str:
    """The token right before position `dot`, without opening brackets or quotes."""
    chunk = line[max(0, dot - 40):dot]
    if not chunk or chunk[-1].isspace():
        return ""
    return _OPENER_RUN.split(chunk.split()[-1])[-1]


def _is_capital_letter(word: str) -> bool:
    return len(word) == 1 and word.isalpha() and word.isupper()


def _is_initial(line: str, word_start: int) -> bool:
    """A capital letter + period is an initial when a name or a sentence start precedes it
    ("Kim J. Un", "J. Smith said"), not after a lower-case word ("di X. Lalu ...")."""
    before = line[max(0, word_start - 40):word_start].split()
    if not before:
        return True
    previous = before[-1]
    if previous[-1] in ".!?:;" + _OPENERS + "–—-" or previous[-1] in _CLOSERS:
        return True
    letter = next((ch for ch in previous if ch.isalpha()), "")
    return not letter or letter.isupper()


def _is_abbreviation(line: str, dot: int, lang: str, following: str) -> bool:
    """Does the period at `dot` end an abbreviation, initial or German ordinal rather than a sentence?"""
    word = _word_before(line, dot)
    if not word:
        return False
    if _is_capital_letter(word) and (_is_capital_letter(following) or _is_initial(line, dot - 1)):
        return True  # "Kim J. Un", "M. Macron", "В. Путин", "and J. R. R. Tolkien"
    if word in _NUMBER_ABBREV:
        return following[:1].isdigit()  # "No. 5", "Nr. 12"
    if word in _abbreviations(lang) or _DOTTED.fullmatch(word):
        return True
    return lang in _DAY_PERIOD and word.isdigit() and len(word) <= 2 and following.lower() in _MONTHS


def _tight_korean(line: str, start: int, core: str, nxt: str) -> bool:
    """Korean may start the next sentence right after 다. / 요. / ? / ! without a space."""
    if core[-1] not in ".?!" or start == 0 or not _HANGUL.match(line[start - 1]):
        return False
    return nxt.isalpha() or nxt in _OPENERS


def _is_boundary(line: str, match: re.Match[str], lang: str) -> bool:
    """Does the terminal punctuation `match` (not at the end of `line`) end a sentence?"""
    core = match.group().rstrip(_CLOSERS + " \u00a0\u202f")
    end = match.end()
    if "。" in core or "！" in core or "？" in core:
        return True
    if not line[end].isspace():
        return _tight_korean(line, match.start(), core, line[end])
    if "…" in core or core.startswith(".."):
        return False  # ellipses do not end sentences here
    following = _FOLLOWING.match(line, end)
    token = following.group(1) if following else ""
    if token[:1].islower():
        return False  # a lower-case tail ("...?” tanya dia.") stays in the sentence
    if core == ".":
        return not _is_abbreviation(line, match.start(), lang, token.rstrip(".,;:"))
    return True


def split_sentences(line: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans (stripped, relative to `line`) of one paragraph line; none longer than
    MAX_SENTENCE_CHARS (see bounded_spans)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _TERM.finditer(line):
        if match.end() < len(line) and _is_boundary(line, match, lang):
            spans.append(_strip_span(line, start, match.end()))
            start = match.end()
    spans.append(_strip_span(line, start, len(line)))
    return bounded_spans(line, [(a, b) for a, b in spans if a < b])


MAX_SENTENCE_CHARS = 1_000  # longer runs with no sentence end are split: every stage's work per sentence is bounded
_SOFT_BREAK = re.compile(r"[,;:](?=\s)|\s[–—-](?=\s)")  # ", " "; " ": " " – ": where a clause may end


def bounded_spans(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, each longer than MAX_SENTENCE_CHARS split into pieces of at most that length (stripped):
    after the last clause break (",;:" or a dash between spaces) in the second half of the piece, else at its
    last space, else at the bound. Real sentences are far shorter; this bounds hostile or unpunctuated text."""
    if len(line) <= MAX_SENTENCE_CHARS or all(b - a <= MAX_SENTENCE_CHARS for a, b in spans):
        return spans  # nothing to split (a line that fits holds no longer span)
    bounded: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = _piece_end(line, start, start + MAX_SENTENCE_CHARS)
            piece = _strip_span(line, start, cut)
            if piece[0] < piece[1]:
                bounded.append(piece)
            start = cut
        piece = _strip_span(line, start, end)
        if piece[0] < piece[1]:
            bounded.append(piece)
    return bounded


def _piece_end(line: str, start: int, limit: int) -> int:
    """Where a piece of line[start:limit] ends: after its last clause break or space in the second half."""
    half = start + (limit - start) // 2
    breaks = [m.end() for m in _SOFT_BREAK.finditer(line, half, limit)]
    if breaks:
        return breaks[-1]
    space = max(line.rfind(" ", half, limit), line.rfind("\u00a0", half, limit), line.rfind("\t", half, limit))
    return space + 1 if space > start else limit


# --- document ----------------------------------------------------------------------------------


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _title_line(lines: list[str], title: str | None) -> int | None:
    """Index of the title's line, if the text has it."""
    if not title:
        return None
    wanted = _norm_ws(title)
    return next((i for i, line in enumerate(lines) if len(line) >= len(wanted) and _norm_ws(line) == wanted), None)


_DETECT_CHARS = 2_500  # enough text to tell the languages apart; the model's cost grows with the sample


def _document_language(text: str, lines: list[str], furniture: list[bool], hint: str | None) -> str:
    """The hint when supported, else the language detected on the non-furniture lines."""
    body = "\n".join(islice((line for line, bp in zip(lines, furniture, strict=True) if not bp), 200))
    return detect_language((body or text)[:_DETECT_CHARS], hint)


def _line_sentences(
    text: str, span: tuple[int, int], paragraph: int, boilerplate: bool, lang: str
) -> list[Sentence]:
    """The Sentence objects of one line: the whole line when it is furniture (cut when overlong), else its
    sentences."""
    start, end = span
    line = text[start:end]
    if boilerplate:
        return [Sentence(start + a, start + b, line[a:b], paragraph, True)
                for a, b in bounded_spans(line, [(0, len(line))])]
    credit = credit_prefix_end(line)  # "Foto: ANTARA/Budi. <article text>": only the credit is furniture
    head = [Sentence(start, start + credit, line[:credit], paragraph, True)] if credit else []
    return head + [
        Sentence(start + credit + a, start + credit + b, line[credit + a:credit + b], paragraph, False)
        for a, b in split_sentences(line[credit:], lang)
    ]


def prepare_document(text: str, lang: str | None = None, title: str | None = None) -> Document:
    """Normalise newlines, pick the title, split paragraphs (one per non-blank line) and sentences,
    and mark boilerplate lines. lang None/"auto" -> detected from the non-boilerplate lines.

    Paragraph numbers: the title's line is paragraph 0 (with any furniture above it), the lines
    after it count 1, 2, ...; without a title line the first line is 0.
    """
    norm = _normalise_newlines(text)
    spans = list(_line_spans(norm))
    lines = [norm[a:b] for a, b in spans]
    furniture = mark_furniture(lines)
    doc_lang = _document_language(norm, lines, furniture, lang)
    given = title.strip(_STRIP) if title else ""
    chosen = given or pick_title(lines)
    title_index = _title_line(lines, chosen)
    sentences: list[Sentence] = []
    for index, span in enumerate(spans):
        if index == title_index:  # the title's line is one sentence (split only when overlong)
            sentences.extend(Sentence(span[0] + a, span[0] + b, lines[index][a:b], 0, False)
                             for a, b in bounded_spans(lines[index], [(0, len(lines[index]))]))
            continue
        paragraph = index if title_index is None else max(0, index - title_index)
        # A repeat of the title (the page's headline shown twice) is still a mention of what it says.
        sentences.extend(_line_sentences(norm, span, paragraph, furniture[index], doc_lang))
    return Document(text=norm, lang=doc_lang, title=chosen, sentences=tuple(sentences))

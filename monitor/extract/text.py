"""Preparing an article's text: newlines, title, paragraphs, sentences, boilerplate, date.

Pure functions: no I/O, no clock. All offsets are into Document.text, which is the input
with "\\r\\n" (and a lone "\\r") turned into "\\n".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice

from monitor.extract.boilerplate import STRIP_CHARS as _STRIP
from monitor.extract.boilerplate import credit_prefix_end, is_boilerplate, mark_furniture, pick_title
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
_TERM = re.compile(r"(?:\.{2,}|…+|[.!?。！？‼⁇⁈⁉]+)(?:[\"'”’」』)\]）]|[ \u00a0\u202f]?»)*")
_OPENER_RUN = re.compile(r"[(\[“\"'‘«„「『（]")
_FOLLOWING = re.compile(r"\s+[\"'“‘«„(「『\[（]*(\S{0,40})")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")

_NUMBER_ABBREV = frozenset(_words("No Nos no nos Nr nr Fig fig p pp vol Art Abs Bd Tel №"))  # before a number
_EVERYWHERE = frozenset(word for words in word_lists("text", "abbreviations_everywhere").values() for word in words)
_ABBREVIATIONS = {lang: _EVERYWHERE | frozenset(words) for lang, words in word_lists("text", "abbreviations").items()}
_ABBREVIATIONS_ANY = _EVERYWHERE.union(*_ABBREVIATIONS.values())


# --- dates -------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {
    name.lower(): index + 1
    for months in word_lists("text", "months").values()
    for index, forms in enumerate(months)
    for name in forms.split()
}
_MONTH_FIRST = pack_flags("text", "numeric_dates_month_first")
_DAY_PERIOD = pack_flags("text", "day_period_before_month")


def _labels(field: str) -> str:
    words = sorted({w for found in word_lists("text", field).values() for w in found}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in words) or "(?!)"


_DATE = re.compile(
    r"(?<!\d)(?P<iy>\d{4})(?:[-/]|\.\s?)(?P<im>\d{1,2})(?:[-/]|\.\s?)(?P<id>\d{1,2})(?!\d)"
    r"|(?<!\d)(?P<na>\d{1,2})[/.](?P<nb>\d{1,2})[/.](?P<ny>\d{4})(?!\d)"
    r"|(?<!\d)(?P<ky>\d{4})\s*년\s*(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일"
    r"|(?<![\d.,])(?P<dd>\d{1,2})\.?\s+(?P<dm>[^\W\d_]{3,12})\.?,?\s+(?P<dy>\d{4})(?!\d)"
    r"|(?<!\w)(?P<mm>[^\W\d_]{3,12})\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<my>\d{4})(?!\d)"
)
_ZONES = {"z": 0, "utc": 0, "gmt": 0, "wib": 7, "wita": 8, "wit": 9, "kst": 9, "jst": 9, "msk": 3, "cet": 1,
          "cest": 2, "eet": 2, "eest": 3, "bst": 1, "est": -5, "edt": -4, "pst": -8, "pdt": -7}
_TIME = re.compile(
    r"\s*(?:[,|\-–—]\s*)?(?:(?:" + _labels("time_words") + r")\s+)?T?"
    r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2}))?(?!\d)"
    r"(?:\s*(?P<ap>[ap]\.?m\.?)(?![^\W\d_]))?"
    r"(?:\s*(?P<z>wita|wib|wit|kst|jst|msk|cest|cet|eest|eet|bst|est|edt|pst|pdt|utc|gmt|z)(?![^\W\d_]))?"
    r"(?:\s*(?P<off>[+-])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?(?!\d))?",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(rf"^(?:{_labels('published_labels')})(?!\w)", re.IGNORECASE)
_UPDATED = re.compile(rf"^(?:{_labels('updated_labels')})(?!\w)", re.IGNORECASE)
# Other furniture (related headlines, captions) is read for a date only when this short,
# as a page's bare date line is ("Selasa, 22/10/2024 15:06 WIB").
_DATE_LINE_WORDS = 8
_SCAN_CHARS = 5_000


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
    """Sentence spans (stripped, relative to `line`) of one paragraph line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _TERM.finditer(line):
        if match.end() < len(line) and _is_boundary(line, match, lang):
            spans.append(_strip_span(line, start, match.end()))
            start = match.end()
    spans.append(_strip_span(line, start, len(line)))
    return [(a, b) for a, b in spans if a < b]


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
    """The Sentence objects of one line: the whole line when it is furniture, else its sentences."""
    start, end = span
    if boilerplate:
        return [Sentence(start, end, text[start:end], paragraph, True)]
    line = text[start:end]
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
        if index == title_index:
            sentences.append(Sentence(span[0], span[1], lines[index], 0, False))
            continue
        paragraph = index if title_index is None else max(0, index - title_index)
        # A repeat of the title (the page's headline shown twice) is still a mention of what it says.
        sentences.extend(_line_sentences(norm, span, paragraph, furniture[index], doc_lang))
    return Document(text=norm, lang=doc_lang, title=chosen, sentences=tuple(sentences))


# --- publication date --------------------------------------------------------------------------


def _numeric_day_month(first: int, second: int, lang: str) -> tuple[int, int]:
    """(day, month) of "a/b/yyyy": day first unless impossible; English prefers month first."""
    if first > 12:
        return first, second
    if second > 12 or lang in _MONTH_FIRST:
        return second, first
    return first, second


def _date_parts(match: re.Match[str], lang: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a _DATE match, None when the month word is not a month."""
    g = match.groupdict()
    if g["iy"]:
        return int(g["iy"]), int(g["im"]), int(g["id"])
    if g["ny"]:
        day, month = _numeric_day_month(int(g["na"]), int(g["nb"]), lang)
        return int(g["ny"]), month, day
    if g["ky"]:
        return int(g["ky"]), int(g["km"]), int(g["kd"])
    named = _MONTHS.get((g["dm"] or g["mm"]).lower())
    if named is None:
        return None
    if g["dd"]:
        return int(g["dy"]), named, int(g["dd"])
    return int(g["my"]), named, int(g["md"])


def _time_after(text: str, pos: int) -> tuple[int, int, int, timedelta]:
    """Hour, minute, second and UTC offset written right after a date (00:00 UTC when none)."""
    found = _TIME.match(text, pos)
    if found is None:
        return 0, 0, 0, timedelta(0)
    hour, minute, second = int(found["h"]), int(found["mi"]), int(found["s"] or 0)
    ampm = (found["ap"] or "").lower()[:1]
    if ampm and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return 0, 0, 0, timedelta(0)
    offset = timedelta(hours=_ZONES.get((found["z"] or "").lower(), 0))
    if found["off"]:
        sign = -1 if found["off"] == "-" else 1
        offset = sign * timedelta(hours=int(found["oh"]), minutes=int(found["om"] or 0))
    return hour, minute, second, offset


def _full_dates(line: str, lang: str) -> Iterator[datetime]:
    """Every valid full date (with a year) in `line`, as aware UTC datetimes."""
    text = line[:_SCAN_CHARS]
    for match in _DATE.finditer(text):
        parts = _date_parts(match, lang)
        if parts is None or not 1900 <= parts[0] <= 2100:
            continue
        hour, minute, second, offset = _time_after(text, match.end())
        try:
            local = datetime(parts[0], parts[1], parts[2], hour, minute, second, tzinfo=UTC)
        except ValueError:
            continue
        yield local - offset


def _first_date(line: str, lang: str) -> datetime | None:
    return next(_full_dates(line, lang), None)


def find_publication_date(text: str, lang: str) -> datetime | None:
    """The article's own date: an explicit "Write:"/"Published"/"Diterbitkan" line first, else the
    latest full date the article's own lines give (news reports what has happened, so the latest
    date it names is the closest bound on when it was written). None when there is none."""
    norm = _normalise_newlines(text)
    lines = [norm[a:b] for a, b in islice(_line_spans(norm), 200)]
    for line in lines:
        if _PUBLISHED.match(line):
            found = _first_date(line, lang)
            if found is not None:
                return found
    dates = [found for line in lines
             if not is_boilerplate(line, lang) or _UPDATED.match(line) or len(line.split()) <= _DATE_LINE_WORDS
             for found in _full_dates(line, lang)]
    return max(dates, default=None)

"""Recognising page furniture (related-headline links, menus, cookie notices, photo credits,
bylines, source and metadata lines, share/subscribe/advert lines) and the headline among it.

The words of every language pack (monitor/lang/<code>/boilerplate.toml, fields described at the top of
the English one) apply whatever the article's language, because sites mix them (an Indonesian page with
an English "Go Top" menu); what is language-independent (e-mail addresses, ©, datelines, headline shape)
stays here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from monitor.extract.packs import PackTable, pack_languages, part_table

_F = re.IGNORECASE
# Every character str.isspace() accepts, plus zero-width characters and the BOM.
STRIP_CHARS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff"
)


_PART = "boilerplate"
_FIELDS = ("glued", "related", "labels", "menu", "photo", "photo_by", "source", "credits", "byline", "meta",
           "reporter", "reporter_line_max_chars", "sentence_endings", "copyright", "copyright_keys", "social",
           "social_keys", "social_verbs", "cookie", "cookie_keys", "cookie_context")


@dataclass(frozen=True, slots=True)
class _Pack:
    """One language's furniture words (monitor/lang/<code>/boilerplate.toml)."""

    table: PackTable
    glued: bool

    def words(self, field: str) -> tuple[str, ...]:
        return self.table.strings(field)

    def alternatives(self, field: str) -> list[str]:
        """The field's phrases as regex alternatives: a space is any run of spaces (any or none when glued),
        "*" any word ending."""
        space = r"\s*" if self.glued else r"\s+"
        return [space.join(re.escape(part) for part in phrase.split()).replace(r"\*", r"\w*")
                for phrase in self.words(field)]


def _load() -> tuple[_Pack, ...]:
    packs = []
    for lang in pack_languages():
        table = part_table(lang, _PART)
        table.only(_FIELDS)
        packs.append(_Pack(table, table.flag("glued")))
    return tuple(packs)


_PACKS = _load()


def _group(field: str) -> str:
    """Every pack's phrases of `field` as one non-capturing group (one that never matches when none has any)."""
    alternatives = [alt for pack in _PACKS for alt in pack.alternatives(field)]
    return f"(?:{'|'.join(alternatives)})" if alternatives else "(?!)"


def _words_anywhere(field: str) -> re.Pattern[str]:
    """Every pack's words of `field` anywhere in a line: whole words, except a glued language's."""
    bounded = [alt for pack in _PACKS if not pack.glued for alt in pack.alternatives(field)]
    glued = [alt for pack in _PACKS if pack.glued for alt in pack.alternatives(field)]
    parts = ([rf"(?<!\w)(?:{'|'.join(bounded)})(?!\w)"] if bounded else []) + glued
    return re.compile("|".join(parts) or "(?!)", _F)


def _keys(field: str) -> tuple[str, ...]:
    return tuple(key for pack in _PACKS for key in pack.words(field))


# Related-headline / navigation labels that may be followed by a headline, with or without a colon.
_RELATED = re.compile(rf"^{_group('related')}(?!\w)", _F)
# Single-word labels: boilerplate only alone or followed by a colon/dash/pipe.
_LABEL = re.compile(rf"^{_group('labels')}\s*(?:$|[:：|>»\-–—])", _F)
_MENU = re.compile(rf"^{_group('menu')}(?!\w)", _F)
_NAVIGATION = re.compile("|".join(f"(?:{p.pattern})" for p in (_RELATED, _LABEL, _MENU)), _F)
_COOKIE = _words_anywhere("cookie")
_COOKIE_CONTEXT = _words_anywhere("cookie_context")
_PHOTO = re.compile(rf"^[(\[]?\s*{_group('photo')}\s*(?:[:：=|/]|-\s|{_group('photo_by')}\s)", _F)
_SOURCE = re.compile(rf"^{_group('source')}\s*[:：|=]", _F)
_CREDITS = re.compile(rf"^{_group('credits')}(?!\w)", _F)
_BYLINE = re.compile(rf"^{_group('byline')}\s+\S", _F)
_META = re.compile(rf"^{_group('meta')}(?!\w)\s*[:：]?[^\n]{{0,30}}?\d", _F)
# A reporter word before "=" or at the end ("김일창 기자 ="), with that language's line bound and sentence ends.
_REPORTERS = tuple(
    (pack.words("reporter"), re.compile(rf"{'|'.join(pack.alternatives('reporter'))}\s*(?:=|$)"),
     int(pack.table.number("reporter_line_max_chars")), pack.words("sentence_endings"))
    for pack in _PACKS if pack.words("reporter"))
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PAREN_CREDIT = re.compile(r"^[(\[][^()\[\]]{1,80}[)\]]$")
_COPYRIGHT = re.compile(rf"©|\(c\)\s*\d{{4}}|(?<!\w){_group('copyright')}(?!\w)", _F)
_SOCIAL = re.compile(rf"(?<!\w){_group('social')}(?!\w)", _F)
_SOCIAL_VERB = _words_anywhere("social_verbs")
# Cheap substring gates for the unanchored searches below (checked on the lower-cased line).
_COPYRIGHT_KEYS = ("©", "(c)", *_keys("copyright_keys"))
_SOCIAL_KEYS = _keys("social_keys")
_COOKIE_KEYS = _keys("cookie_keys")
_SENTENCE_PUNCT = re.compile(r"[.!?…。！？:;,\"“”«»]")


def _is_short_label(line: str) -> bool:
    """A line of one or two words without sentence punctuation: a menu item or section label."""
    return len(line) <= 40 and len(line.split()) <= 2 and not _SENTENCE_PUNCT.search(line)


def _is_byline(line: str) -> bool:
    """"By John Smith", "Von Anna Müller, Berlin", "Oleh: Tiara": short, no sentence end."""
    if not _BYLINE.match(line):
        return False
    words = line.split()
    return len(words) <= 7 and not line.rstrip().endswith((".", "!", "?")) and words[1][:1].isupper()


# The gates' keys: copyright, social, cookie (_gates_in keeps those of one document).
_Gates = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_ALL_GATES: _Gates = (_COPYRIGHT_KEYS, _SOCIAL_KEYS, _COOKIE_KEYS)


def _gates_in(lowered: str) -> _Gates:
    """The gates' keys that are in `lowered`, a document's lines joined and lower-cased: a line's lower case is
    in it, so no other key can be in one of its lines. A key with "σ" or "ς" is always kept (the lower case
    of "Σ" depends on the letters beside it)."""
    def kept(keys: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(key for key in keys if key in lowered or "σ" in key or "ς" in key)
    return kept(_COPYRIGHT_KEYS), kept(_SOCIAL_KEYS), kept(_COOKIE_KEYS)


def _is_social_or_legal(line: str, low: str, gates: _Gates = _ALL_GATES) -> bool:
    """Share/subscribe prompts and copyright lines (keyword gates keep the regexes off most lines)."""
    if len(line) > 300:
        return False
    if any(key in low for key in gates[0]) and _COPYRIGHT.search(line):
        return True
    if not any(key in low for key in gates[1]):
        return False
    return bool(_SOCIAL.search(line) and _SOCIAL_VERB.search(line))


def _is_cookie_notice(line: str, low: str, gates: _Gates = _ALL_GATES) -> bool:
    if len(line) > 600 or not any(key in low for key in gates[2]):
        return False
    return bool(_COOKIE.search(line) and _COOKIE_CONTEXT.search(line))


def _is_credit_or_source(line: str) -> bool:
    """Photo credits, source/byline/metadata lines, outlet credits in parentheses."""
    if _PHOTO.match(line) or _SOURCE.match(line) or _CREDITS.match(line):
        return True
    if _PAREN_CREDIT.match(line) or _is_byline(line):
        return True
    if len(line) <= 160 and _META.match(line):
        return True
    for words, byline, max_chars, sentence_ends in _REPORTERS:  # "김일창 기자 =", "김일창 기자 kim@yna.co.kr"
        short = len(line) <= max_chars and any(word in line for word in words) and not line.endswith(sentence_ends)
        if short and (byline.search(line) or ("@" in line and _EMAIL.search(line))):
            return True
    return "@" in line and len(line) <= 120 and len(line.split()) <= 6 and bool(_EMAIL.search(line))


# --- a credit leading a paragraph of article text --------------------------------------------------
# A page's only paragraph often starts with the photo credit or byline glued to the text:
# "Foto: ANTARA/Budi Santoso. Korea Utara ...", "Photo: Reuters Russia fired ...", "사진=연합뉴스 북한이 ...",
# "(서울=뉴스1) 김일창 기자 = 북한군 ...". Only the credit is furniture.

# "(서울=뉴스1) 김일창 박재하 기자 =": an optional (place=agency) dateline, up to four name words, 기자 =.
_KO_CREDIT = re.compile(r"^(?:[(\[][^()\[\]=]{1,30}=[^()\[\]]{1,30}[)\]]\s*)?(?:[^\s=]{1,12}\s+){0,4}"
                        rf"{_group('reporter')}\s*=")
_TOKEN = re.compile(r"\S+")
_DASHES = frozenset("-–—|")
_CREDIT_SCAN = 4  # tokens after the label within which an explicit end of the credit is looked for
_CREDIT_NAME_TOKENS = 6  # longest credit read without an explicit end ("AFP PHOTO / POOL")
_TEXT_MIN_WORDS = 5  # what follows the credit is article text when at least this long
_TEXT_MIN_CHARS = 30


def _credit_like(token: str) -> bool:
    """An agency/photographer token: "ANTARA/Budi", "AFP", "EPA-EFE", "/", "연합뉴스=..."."""
    letters = sum(ch.isalpha() for ch in token)
    return "/" in token or "=" in token or (letters >= 2 and token.isupper())


def _credit_end(line: str, start: int) -> int:
    """End of the credit whose label ends at `start`: after the first token (within the first
    few) that ends it explicitly (a period after a word, a closing bracket, a dash or pipe),
    else after the first token and the agency-like tokens that follow it."""
    tokens = list(_TOKEN.finditer(line, start))
    if not tokens or not tokens[0].group().lstrip("([«\"'“")[:1].isalpha():
        return len(line)  # "Photo: 3,000 troops arrive": a caption or headline, not a credit
    for token in tokens[:_CREDIT_SCAN]:
        word = token.group()
        if word in _DASHES or word.endswith((")", "]", "）")):
            return token.end()
        if word.endswith(".") and sum(ch.isalpha() for ch in word.rsplit("/", 1)[-1]) >= 2:
            return token.end()
    end = tokens[0].end()
    for token in tokens[1:_CREDIT_NAME_TOKENS]:
        if not _credit_like(token.group()):
            break
        end = token.end()
    return end


def _reads_as_text(rest: str) -> bool:
    rest = rest.strip(STRIP_CHARS)
    if len(rest) < _TEXT_MIN_CHARS or len(rest.split()) < _TEXT_MIN_WORDS:
        return False
    return any(ch.isalpha() for ch in rest) and not is_boilerplate(rest, "und")


def credit_prefix_end(line: str) -> int:
    """Length of a photo credit, source label or Korean byline that starts `line` when the rest
    of the line is article text ("Foto: ANTARA/Budi Santoso. Korea Utara mengirim ..."); 0 when
    the line does not start with one, or is nothing but the credit (then the whole line is furniture)."""
    label = (_KO_CREDIT.match(line) if "=" in line else None) or _PHOTO.match(line) or _SOURCE.match(line)
    if label is None:
        return 0
    end = label.end() if label.re is _KO_CREDIT else _credit_end(line, label.end())
    return end if end < len(line) and _reads_as_text(line[end:]) else 0


def is_boilerplate(line: str, lang: str) -> bool:
    """True when a whole line is page furniture rather than article text.

    A line that starts with a credit followed by article text is not (credit_prefix_end tells
    how much of it is furniture). `lang` is accepted for symmetry with the other extractors;
    the patterns of every supported language are applied because sites mix languages in their
    templates.
    """
    return _is_furniture(line, _ALL_GATES)


def _is_furniture(line: str, gates: _Gates) -> bool:
    """is_boilerplate, with the gates' keys that may be in the line (all, or those of its document)."""
    stripped = line.strip(STRIP_CHARS)
    if not stripped:
        return False
    if _NAVIGATION.match(stripped):
        return True
    if _is_short_label(stripped):
        return True
    if credit_prefix_end(stripped):
        return False
    if _is_credit_or_source(stripped):
        return True
    if not (gates[0] or gates[1] or gates[2]):
        return False  # no key of any gate in the document (the common case)
    low = stripped.lower()
    return _is_social_or_legal(stripped, low, gates) or _is_cookie_notice(stripped, low, gates)


_DATELINE = re.compile(
    r"^(?i:(?:[\w\-]+\.)+(?:com|co\.id|co\.kr|id|net|org|tv|news|ru|ua|de|fr|kr))(?!\w)"
    r"|^[A-ZÀ-ÞА-ЯЁІЇЄҐ][A-ZÀ-ÞА-ЯЁІЇЄҐ'’.\- ]{1,40}(?:\s*\([^()]{1,40}\))?\s*(?:,|\s[-–—]\s)"
    r"|^[\w .'’\-]{2,40}\([^()]{2,40}\)\s*[-–—]"
    r"|^[(\[][^()\[\]]{1,30}=[^()\[\]]{1,30}[)\]]"
)
_TITLE_SCAN = 15
_HEADLINE_CLOSERS = "\"'”’»」』)]） "


def _clean(line: str) -> str:
    return line.strip(STRIP_CHARS)


def _looks_like_headline(line: str) -> bool:
    """3-25 words, no terminal period, capitalised, not a dateline lead."""
    words = line.split()
    if not 3 <= len(words) <= 25 or len(line) > 250:
        return False
    tail = line.rstrip(_HEADLINE_CLOSERS)
    if not tail or tail[-1] in ".,;:…" or not any(ch.isalpha() for ch in line):
        return False
    first_letter = next(ch for ch in line if ch.isalpha())
    return not first_letter.islower() and not _DATELINE.match(line)


def _has_figure(line: str) -> bool:
    """A number written next to a word ("3,000 troops", "1만명", "10.000 tentara"), not a bare date."""
    return _FIGURE.search(line) is not None


_FIGURE = re.compile(r"\d[\d.,\u00a0\u202f ]*\s?[^\W\d_]")
_BODY_WORDS = 8  # a line of article prose: at least this many words or characters
_BODY_CHARS = 80


def _is_prose(line: str) -> bool:
    return len(line.split()) >= _BODY_WORDS or len(line) >= _BODY_CHARS


def mark_furniture(lines: Sequence[str]) -> list[bool]:
    """is_boilerplate for each line of one document, with two document-level guards:

    - a headline-shaped first line carrying a figure is article text, even behind a label
      ("Video: Korut Kirim 10.000 Tentara ke Rusia"), unless it is a date/meta, navigation,
      share or legal line;
    - the only body text is never dropped: when no line of article prose is left, the longest
      furniture line that reads as prose (not a related-headline or menu link) is kept as text.
    """
    cleaned = [_clean(line) for line in lines]
    gates = _gates_in("\n".join(cleaned).lower())  # the keys the document has
    flags = [_is_furniture(line, gates) for line in cleaned]
    first = next((i for i, line in enumerate(cleaned) if line), None)
    if first is not None and flags[first] and _is_headline_with_figure(cleaned[first]):
        flags[first] = False
    has_body = any(not flag and _is_prose(line) and not _looks_like_headline(line)
                   for flag, line in zip(flags, cleaned, strict=True))
    if not has_body:
        rescuable = [i for i, (flag, line) in enumerate(zip(flags, cleaned, strict=True))
                     if flag and _is_prose(line) and not _NAVIGATION.match(line)]
        if rescuable:
            flags[max(rescuable, key=lambda i: len(cleaned[i]))] = False
    return flags


def _is_headline_with_figure(line: str) -> bool:
    if not _looks_like_headline(line) or not _has_figure(line):
        return False
    if _NAVIGATION.match(line) and not _LABEL.match(line):
        return False  # "Baca juga: ..." is a link to another article
    low = line.lower()
    return not (_META.match(line) or _is_social_or_legal(line, low) or _is_cookie_notice(line, low))


def pick_title(lines: list[str]) -> str | None:
    """The first line that reads as a headline (skipping menus, source lines and other furniture).

    Returns None when article text starts before any headline-shaped line.
    """
    cleaned = (stripped for stripped in (_clean(line) for line in lines) if stripped)
    candidates = list(islice(cleaned, _TITLE_SCAN + 1))
    for index, line in enumerate(candidates[:_TITLE_SCAN]):
        if is_boilerplate(line, "und"):
            continue
        if credit_prefix_end(line) or not _looks_like_headline(line):
            return None
        rest = candidates[index + 1:]
        return line if any(not is_boilerplate(other, "und") for other in rest) else None
    return None

"""A feed body made safe for feedparser, in one linear pass. Pure: bytes in, bytes out.

feedparser crashes on some inputs (character references past U+10FFFF or to surrogates, a NUL
in the XML declaration) and takes minutes and gigabytes on a deeply nested document. Before it
sees a body, `prepare_body`:

- decodes it once: byte-order mark, else a readable `encoding=` of the XML declaration, else the
  charset of the HTTP Content-Type, else UTF-8; undecodable bytes become U+FFFD, and the result is
  re-encoded as UTF-8 with a declaration that says so;
- replaces character references that name no XML character by U+FFFD, and drops NUL and other
  characters XML forbids;
- refuses a document nested deeper than MAX_DEPTH elements (CDATA and comments are skipped);
- cuts a document with more than `max_entries` items/entries before the next one and closes the
  open elements, so feedparser reads a well-formed prefix.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

MAX_DEPTH = 64
ENTRY_TAGS = frozenset({"item", "entry"})

# WHATWG: documents that say Latin-1 or ASCII are decoded as windows-1252.
CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "iso8859-1": "cp1252",
                   "us-ascii": "cp1252", "ascii": "cp1252", "l1": "cp1252"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]{0,200}?\?>")
_DECLARED = re.compile(rb"""encoding\s*=\s*["']([^"']{0,60})["']""")
_TEXT_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}?\?>")
_CHARREF = re.compile(r"&#([xX][0-9a-fA-F]+|[0-9]+);?")
# Characters XML 1.0 does not allow (besides surrogates, which decoding never yields).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)[^<>]*?(/?)>")


@dataclass(frozen=True, slots=True)
class PreparedBody:
    body: bytes  # UTF-8, declared as such
    encoding: str  # the codec the original was read with
    warning: str | None  # entries were cut


class TooDeep(ValueError):
    """The document nests elements deeper than MAX_DEPTH."""


def codec_name(name: str | None) -> str | None:
    """Python's codec for a charset label, or None when the label names none."""
    if not name:
        return None
    label = name.strip().lower()
    if not label.isascii() or not label.isprintable():
        return None
    try:
        codec = codecs.lookup(CHARSET_ALIASES.get(label, label)).name
        # Python also registers codecs that are no charsets ("undefined", "rot13", "zlib", "idna", "unicode-escape"):
        # a feed's codec reads ASCII markup as itself and takes any byte with errors="replace".
        if b"<?xml \\\\".decode(codec) != "<?xml \\\\":
            return None
        bytes(range(256)).decode(codec, errors="replace")
    except (LookupError, UnicodeError):
        return None
    return codec


def body_encoding(body: bytes, header_charset: str | None) -> str:
    """BOM, else the XML declaration's encoding (if Python knows it), else the header's charset, else UTF-8."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding
    declaration = _DECLARATION.match(body[:512])
    declared = _DECLARED.search(declaration.group(0)) if declaration else None
    if declared is not None:
        name = codec_name(declared.group(1).decode("ascii", errors="replace"))
        if name is not None and not name.startswith(("utf-16", "utf-32")):
            return name
    header = codec_name(header_charset)
    return header if header is not None and not header.startswith(("utf-16", "utf-32")) else "utf-8"


def _charref(match: re.Match[str]) -> str:
    digits = match.group(1)
    if len(digits) > 12:
        return "\ufffd"
    code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD \
        or 0x10000 <= code <= 0x10FFFF
    return match.group(0) if allowed else "\ufffd"


def _skip_to(text: str, start: int, marker: str) -> int:
    """The index after `marker` at or after start, or the end of the text."""
    found = text.find(marker, start)
    return len(text) if found < 0 else found + len(marker)


def bound_elements(text: str, max_entries: int) -> tuple[str, bool]:
    """(text, cut): TooDeep past MAX_DEPTH; cut before entry number max_entries + 1, open elements closed."""
    stack: list[str] = []
    entries = 0
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0:
            return text, False
        if text.startswith("<![CDATA[", start):
            position = _skip_to(text, start + 9, "]]>")
            continue
        if text.startswith("<!--", start):
            position = _skip_to(text, start + 4, "-->")
            continue
        match = _TAG.match(text, start)
        if match is None:
            position = start + 1
            continue
        position = match.end()
        closing, name, empty = match.group(1), match.group(2), match.group(3)
        local = name.rsplit(":", 1)[-1].lower()
        if closing:
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
            continue
        if local in ENTRY_TAGS and not empty:
            entries += 1
            if entries > max_entries:
                return text[:start] + "".join(f"</{open_name}>" for open_name in reversed(stack)), True
        if not empty:
            stack.append(name)
            if len(stack) > MAX_DEPTH:
                raise TooDeep(f"elements nested more than {MAX_DEPTH} deep")


def prepare_body(body: bytes, header_charset: str | None, max_entries: int) -> PreparedBody:
    """The body as clean UTF-8 for feedparser (see the module's docstring); TooDeep when nested too deep."""
    encoding = body_encoding(body, header_charset)
    text = body.decode(encoding, errors="replace")
    text = _TEXT_DECLARATION.sub("", text, count=1).lstrip("\ufeff")
    text = _NOT_XML.sub("", _CHARREF.sub(_charref, text))
    text, cut = bound_elements(text, max_entries)
    warning = f"more than {max_entries} entries; the first {max_entries} were read" if cut else None
    return PreparedBody(('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8", errors="replace"),
                        encoding, warning)

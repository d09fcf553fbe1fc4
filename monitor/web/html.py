"""HTML building blocks for the dashboard. Pure: values in, markup out.

Everything that is not already `Markup` is escaped on the way in, so a page is safe by
construction: article titles, texts, quotes, names and URLs come from strangers' feeds.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

NAV = (("/", "Watchlists"), ("/articles", "Articles"), ("/actors", "Actors"), ("/alerts", "Alerts"),
       ("/feeds", "Feeds"))


class Markup(str):
    """Text that is already safe HTML (built here from escaped parts). Adding anything else to it
    escapes that first, so plain text never joins markup unescaped."""

    __slots__ = ()

    def __add__(self, other: object) -> Markup:
        return Markup(str.__add__(self, esc(other)))

    def __radd__(self, other: object) -> Markup:
        return Markup(str.__add__(esc(other), self))


def esc(value: Any) -> Markup:
    """Safe HTML for any value: Markup as it is, None as empty, the rest as escaped text."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    if isinstance(value, datetime):
        return Markup(html.escape(when(value)))
    if isinstance(value, float):
        return Markup(html.escape(number(value)))
    return Markup(html.escape(str(value), quote=True))


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    return Markup(esc(sep).join(esc(part) for part in parts))


def tag(name: str, content: Any = "", **attrs: Any) -> Markup:
    """<name attr="...">content</name>; attribute values escaped, `class_` for class."""
    rendered = "".join(f' {key.rstrip("_").replace("_", "-")}="{esc(val)}"'
                       for key, val in attrs.items() if val is not None)
    return Markup(f"<{name}{rendered}>{esc(content)}</{name}>")


def link(href: str, content: Any) -> Markup:
    """A link to a page of this dashboard (a path) or to an http(s) page; other schemes
    (javascript:, data:) are shown as text, never linked."""
    if href.startswith("/") and not href.startswith("//"):
        return tag("a", content, href=href)
    scheme = urlsplit(href).scheme.lower() if "://" in href else ""
    if scheme in ("http", "https"):
        return tag("a", content, href=href, rel="noopener noreferrer nofollow")
    return esc(content)


def path(*parts: str) -> str:
    """A dashboard path with each part percent-encoded: path('articles', id)."""
    return "/" + "/".join(quote(part, safe="") for part in parts)


def when(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, empty: str = "Nothing yet.",
          class_: str | None = None) -> Markup:
    body = [tag("tr", join(tag("td", cell) for cell in row)) for row in rows]
    if not body:
        return tag("p", empty, class_="empty")
    head = tag("thead", tag("tr", join(tag("th", h) for h in headers)))
    return tag("table", head + tag("tbody", join(body)), class_=class_)


@dataclass(frozen=True, slots=True)
class Span:
    """A part of a text to mark: [start, end) and the note shown on hover."""

    start: int
    end: int
    note: str


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """The text escaped, with each span wrapped in <mark title="note">.

    Offsets come from the log: spans outside the text, empty or overlapping an earlier one are
    skipped, so a bad offset can never cut into markup.
    """
    out: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position or span.end <= span.start or span.end > len(text):
            continue
        out.append(esc(text[position:span.start]))
        out.append(tag("mark", text[span.start:span.end], title=span.note))
        position = span.end
    out.append(esc(text[position:]))
    return Markup("".join(out))


def page(title: str, body: Markup, *, current: str = "") -> Markup:
    """A whole page: one stylesheet from this server, no script."""
    nav = join(tag("a", label, href=href, class_="here" if href == current else None) for href, label in NAV)
    return Markup(
        Markup("<!doctype html>\n")
        + tag("html",
              tag("head", Markup('<meta charset="utf-8">'
                                 '<meta name="viewport" content="width=device-width, initial-scale=1">')
                  + tag("title", f"{title} · monitor")
                  + Markup('<link rel="stylesheet" href="/static/style.css"><link rel="icon" href="data:,">'))
              + tag("body", tag("header", tag("span", "monitor", class_="brand") + tag("nav", nav))
                    + tag("main", tag("h1", title) + body)),
              lang="en"))

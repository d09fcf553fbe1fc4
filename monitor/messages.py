"""Alert messages: the alerts of one delivery rendered as text, Markdown or HTML. Pure.

A message is a short title, then for each article its alerts (old -> new, the source with the
outlet and date, the evidence sentence, the estimates), then the article's title and link.
Everything that comes from an article (names, quotes, titles, URLs) is escaped for the format;
the title is plain text with markup characters removed, so it is safe whether a service shows it
as a subject line or blends it into a Markdown or HTML body.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monitor.rules import NEW_ACTOR, estimates_line

TITLE_MAX = 200

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#])")
_MARKDOWN_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_TITLE_DROP = str.maketrans({"<": "", ">": "", "&": "+", "*": " ", "_": " ", "`": "'", "[": "(", "]": ")",
                             "\\": " ", "|": " ", "~": " ", "#": " "})
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str
    format: str  # text, markdown or html


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a message before rendering; text is plain (unescaped)."""

    text: str
    kind: str = "line"  # line, heading or link
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One fact to tell: an alert, with every watchlist it was raised in."""

    alert: Mapping[str, Any]
    watchlists: tuple[str, ...]


def escape(text: str, fmt: str) -> str:
    """Text shown literally: HTML-escaped, or Markdown with inline specials backslash-escaped and
    <, >, & as entities (mid-line, as we place article text, nothing else starts markup)."""
    if fmt == "html":
        return html.escape(text, quote=True)
    if fmt == "markdown":
        return _MARKDOWN_SPECIAL.sub(r"\\\1", text).translate(_MARKDOWN_ENTITIES)
    return text


def clean_title(text: str) -> str:
    """A one-line title with no markup characters (our own ' -> ' kept), at most TITLE_MAX long."""
    parts = [" ".join(part.translate(_TITLE_DROP).split()) for part in text.split(" -> ")]
    title = " -> ".join(parts)
    return title if len(title) <= TITLE_MAX else title[:TITLE_MAX - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link that can go into an href, else None."""
    return url if url and _SAFE_URL.fullmatch(url) else None


def items(alerts: Sequence[Mapping[str, Any]]) -> list[Item]:
    """One item per fact: a new actor raised in three watchlists is one item naming the three."""
    found: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for alert in alerts:
        if alert["rule"] == NEW_ACTOR:
            key = (NEW_ACTOR, f"{alert.get('article_id')}:{alert['subject']}")
        else:
            key = ("", alert["alert_id"])
        found.setdefault(key, []).append(alert)
    return [Item(same[0], tuple(sorted({w for a in same for w in alert_watchlists(a)}))) for same in found.values()]


def alert_watchlists(alert: Mapping[str, Any]) -> tuple[str, ...]:
    """The watchlists an alert was raised in: a new actor's alert names every one it is new in."""
    return tuple(alert.get("watchlists") or (alert["watchlist"],))


def render(alerts: Sequence[Mapping[str, Any]], fmt: str = "text") -> Message:
    """One message for the alerts of one delivery (usually one article for one target)."""
    facts = items(alerts)
    watchlists = clean_title(", ".join(sorted({w for a in alerts for w in alert_watchlists(a)})))
    more = f" (+{len(facts) - 1} more)" if len(facts) > 1 else ""
    title = f"[{watchlists}] " + clean_title(f"{facts[0].alert['title']}{more}")
    return Message(title, render_body(facts, fmt), fmt)


def render_digest(alerts: Sequence[Mapping[str, Any]], fmt: str, period: str) -> Message:
    """A digest: every alert of a period, by article, under one title."""
    facts = items(alerts)
    title = clean_title(f"monitor digest, {period}: {len(facts)} alert{'s' if len(facts) != 1 else ''}")
    return Message(title, render_body(facts, fmt), fmt)


def probe_message(target: str, fmt: str, now: datetime) -> Message:
    lines = [Line("Test message from monitor", "heading"),
             Line(f"Target {target!r}, format {fmt}, sent {now:%Y-%m-%d %H:%M} UTC."),
             Line("If you can read this, alerts will reach you here.")]
    return Message(clean_title(f"monitor: test message for {target}"), _render_blocks([lines], fmt), fmt)


def render_body(facts: Sequence[Item], fmt: str) -> str:
    sections: dict[str, list[Item]] = {}
    for item in facts:
        sections.setdefault(str(item.alert.get("article_id") or item.alert["alert_id"]), []).append(item)
    blocks: list[list[Line]] = []
    for section in sections.values():
        blocks += [item_lines(item) for item in section]
        blocks.append(article_lines(section[0].alert))
    return _render_blocks(blocks, fmt)


def item_lines(item: Item) -> list[Line]:
    alert = item.alert
    lines = [Line(str(alert["title"]), "heading")]
    seen = f"{alert.get('outlet') or 'unknown outlet'}, {_date(alert)}"
    if alert["rule"] == NEW_ACTOR:
        lines.append(Line(f"{alert['name']} ({alert['kind']}), written as: {', '.join(alert['variants'])}"))
        lines.append(Line(f"Seen in: {seen}; new in: {', '.join(item.watchlists)}"))
        if earlier := alert.get("earlier_mention"):
            lines.append(Line(f"Mentioned before: {earlier.get('outlet') or 'unknown outlet'}, "
                              f"{str(earlier.get('published_at') or '')[:10] or 'undated'}: {earlier.get('url')}"))
        return lines
    outlets = int(alert.get("corroborating_outlets") or 1)
    told = alert.get("corroboration") or f"reported by {outlets} outlet{'s' if outlets != 1 else ''}"
    lines.append(Line(f"Source: {alert.get('credited_to') or 'unattributed'} ({seen}); {told}"))
    lines.append(Line(f"Evidence: \u201c{alert.get('quote') or ''}\u201d"))
    if alert.get("estimates"):
        lines.append(Line(estimates_line(alert)))
    return lines


def article_lines(alert: Mapping[str, Any]) -> list[Line]:
    label = alert.get("article_title") or f"{alert.get('outlet') or 'article'}, {_date(alert)}"
    url = str(alert.get("url") or "")
    return [Line(f"Article: {label}"), Line(url, "link", safe_url(url))]


def _render_blocks(blocks: Sequence[Sequence[Line]], fmt: str) -> str:
    rendered = ["\n".join(_render_line(line, fmt) for line in block) for block in blocks]
    if fmt == "html":
        return "\n".join("<p>" + block.replace("\n", "<br>\n") + "</p>" for block in rendered)
    return "\n\n".join(rendered)


def _render_line(line: Line, fmt: str) -> str:
    text = escape(" ".join(line.text.split()), fmt)  # one line: article text never starts a line
    if line.kind == "heading":
        return {"html": f"<b>{text}</b>", "markdown": f"**{text}**"}.get(fmt, text)
    if line.kind == "link" and line.url is not None:
        if fmt == "html":
            return f'<a href="{html.escape(line.url, quote=True)}">{text}</a>'
        if fmt == "markdown":
            return f"[{text}]({line.url.replace('(', '%28').replace(')', '%29')})"
    return text


def console_lines(alerts: Sequence[Mapping[str, Any]]) -> str:
    message = render(alerts, "text")
    return f"{message.title}\n{message.body}"


def _date(alert: Mapping[str, Any]) -> str:
    return str(alert.get("published_at") or "")[:10] or "undated"

"""Alert messages: grouping and rendering as text, Markdown or HTML. Pure."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<])")


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str
    format: str  # text, markdown or html


def escape(text: str, fmt: str) -> str:
    if fmt == "html":
        return html.escape(text, quote=True)
    if fmt == "markdown":
        return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text


def unique_alerts(alerts: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One line per fact: a new actor in three watchlists is one line in one message."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for alert in alerts:
        key = (alert["rule"], alert["subject"]) if alert["rule"] == "new-actor" else ("", alert["alert_id"])
        if key not in seen:
            seen.add(key)
            kept.append(alert)
    return kept


def render(alerts: Sequence[Mapping[str, Any]], fmt: str = "text") -> Message:
    """One message for the alerts of one article: a short title, then each alert's lines."""
    kept = unique_alerts(alerts)
    first = kept[0]
    watchlists = sorted({a["watchlist"] for a in alerts})
    if len(kept) == 1:
        title = f"[{', '.join(watchlists)}] {first['title']}"
    else:
        title = f"[{', '.join(watchlists)}] {len(kept)} alerts: {_article_label(first)}"
    blocks = [_block(alert, fmt) for alert in kept]
    separator = "<br/><br/>" if fmt == "html" else "\n\n"
    return Message(title=escape(title, fmt) if fmt == "html" else title, body=separator.join(blocks), format=fmt)


def _block(alert: Mapping[str, Any], fmt: str) -> str:
    lines = [escape(line, fmt) for line in alert["body"].split("\n")]
    heading = escape(alert["title"], fmt)
    if fmt == "html":
        return f"<b>{heading}</b><br/>" + "<br/>".join(lines)
    if fmt == "markdown":
        return f"**{heading}**\n" + "\n".join(lines)
    return heading + "\n" + "\n".join(lines)


def console_lines(alerts: Sequence[Mapping[str, Any]]) -> str:
    message = render(alerts, "text")
    return f"{message.title}\n{message.body}"


def _article_label(alert: Mapping[str, Any]) -> str:
    if alert.get("article_title"):
        return str(alert["article_title"])
    return f"{alert.get('outlet') or 'article'}, {(alert.get('published_at') or '')[:10]}".rstrip(", ")

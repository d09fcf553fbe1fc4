"""Timeline PNGs for alert messages: a target with `attach_timeline = true` gets, with each figure alert,
the PNG of that metric's timeline as the log holds it when the message is sent.

Shell side (it reads the log through the outbox's session); drawing is `monitor.report_png`, imported
only when a PNG is drawn, so commands that send no attachment never load matplotlib.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.errors import StoreError
from monitor.store import Session
from monitor.store.report_data import read_timelines

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    content: bytes
    mimetype: str = "image/png"


def timeline_attachments(session: Session, alerts: Sequence[Mapping[str, Any]]) -> tuple[Attachment, ...]:
    """One PNG per metric of the figure alerts among `alerts` (alerts of no metric attach nothing).

    A timeline that cannot be read or drawn is logged and left out: the message still goes.
    """
    metrics = {alert["metric"]: alert.get("metric_label") or alert["metric"]
               for alert in alerts if alert.get("metric")}
    found: list[Attachment] = []
    for metric, label in metrics.items():
        try:
            from monitor.report_png import png_name, timeline_png

            for timeline in read_timelines(session, metric=metric, labels={metric: label}):
                found.append(Attachment(png_name(timeline), timeline_png(timeline)))
        except (StoreError, ValueError, RuntimeError, OSError) as exc:  # the store raises StoreError for duckdb's
            log.warning("timeline of metric %r not attached: %s: %s", metric, type(exc).__name__, exc)
    return tuple(found)

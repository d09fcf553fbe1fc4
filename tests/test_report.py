"""`monitor report` and `monitor alerts --format atom` end to end: the real CLI replays the seeds into a temp
DuckDB file, then writes the report and the feed; the tests read what a person would open."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import feedparser
import pytest

from monitor.report_png import PNG_SIGNATURE
from monitor.timeline import format_value

from .conftest import ROOT, SEEDS

EVIL_TEXT = """North Korea sends more troops <script>alert("x")</script>

Published: 2024-10-30

North Korea has sent 15,000 troops to Russia <script>alert("t")</script> & <img src=x onerror=alert(1)>, the \
Pentagon said on Wednesday.
"""
EVIL_MANIFEST = """["900_evil.txt"]
outlet = "<b>Evil</b> & Co"
lang = "en"
title = "<script>alert('title')</script> & title"
url = "https://evil.test/a?x=1&y=<2>"
"""


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(project / "config.toml"),
                           "--db", str(project / "log.duckdb")],
                          capture_output=True, text=True, cwd=project, check=False, timeout=300)


def make(root: Path, *, evil: bool = False) -> Path:
    shutil.copytree(ROOT / "watchlists", root / "watchlists")
    shutil.copy(ROOT / "config.toml", root / "config.toml")
    shutil.copytree(SEEDS, root / "seeds")
    folders = ["seeds"]
    if evil:
        (root / "evil").mkdir()
        (root / "evil" / "900_evil.txt").write_text(EVIL_TEXT, encoding="utf-8")
        (root / "evil" / "manifest.toml").write_text(EVIL_MANIFEST, encoding="utf-8")
        folders.append("evil")
    replayed = run(root, "replay", *folders)
    assert replayed.returncode == 0, replayed.stderr
    return root


def figures(project: Path) -> list[tuple[str, str, float]]:
    with duckdb.connect(str(project / "log.duckdb"), read_only=True) as con:
        return con.execute("SELECT metric, credited_to, value FROM figures WHERE metric IS NOT NULL").fetchall()


def alert_ids(project: Path) -> set[str]:
    with duckdb.connect(str(project / "log.duckdb"), read_only=True) as con:
        return {alert_id for (alert_id,) in con.execute("SELECT alert_id FROM alerts").fetchall()}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make(tmp_path_factory.mktemp("seeded"))
    written = run(project, "report", "--out", "report")
    assert written.returncode == 0, written.stderr
    assert f"index.html: 1 metric timeline ({len(figures(project))} figures), " in written.stderr
    assert f", {len(alert_ids(project))} alerts; 1 PNG beside it" in written.stderr
    return project


def points(html: str, metric: str) -> set[tuple[str, str]]:
    section = html.split(f'data-metric="{metric}"', 1)[1].split("</section>", 1)[0]
    return set(re.findall(r'<g class="point" data-source="([^"]*)" data-value="([^"]*)"', section))


def test_the_report_shows_each_seed_metric_figures_by_source(seeded: Path) -> None:
    html = (seeded / "report" / "index.html").read_text(encoding="utf-8")
    found = figures(seeded)
    assert len(found) >= 8 and {metric for metric, _, _ in found} == {"nk-troops-in-russia"}
    for metric in {m for m, _, _ in found}:
        expected = {(source, f"{value:g}") for m, source, value in found if m == metric}
        assert points(html, metric) == expected  # every figure drawn in its source's series, nothing else
        table = html.split(f'data-metric="{metric}"', 1)[1].split("</table>", 1)[0]
        for m, source, value in found:
            if m == metric:
                assert re.search(rf"<td>{re.escape(source)}</td><td>[^<]*</td><td class=\"num\">[^<]*"
                                 rf"{re.escape(format_value(value))}", table), (source, value)
    assert "<h3>North Korean troops sent to Russia</h3>" in html  # the watchlist's label
    for source in ("National Intelligence Service", "Volodymyr Zelensky", "South Korea", "Pentagon"):
        assert f'<g class="series" data-source="{source}">' in html
    assert "<title>Pentagon: about 10,000 troops\ninibalikpapan.com, 2024-10-29 00:00 UTC" in html  # hover
    png = seeded / "report" / "timeline-north-korea--nk-troops-in-russia.png"
    assert png.read_bytes().startswith(PNG_SIGNATURE) and 'href="timeline-north-korea--nk-troops' in html


def test_the_report_lists_new_actors_alerts_and_articles_per_outlet_per_day(seeded: Path) -> None:
    html = (seeded / "report" / "index.html").read_text(encoding="utf-8")
    actors = html.split('id="actors"', 1)[1].split("</section>", 1)[0]
    order = [actors.index(name) for name in ("Georgy Zinoviev", "Robert Wood", "Hong Jang-won", "Choe Son Hui")]
    assert order == sorted(order)  # in order of appearance
    assert "Kim Jong Un" not in actors  # a known actor is not new
    alerts = html.split('id="alerts"', 1)[1].split("</section>", 1)[0]
    assert alerts.count("<tr>") == 1 + len(alert_ids(seeded)) and "Pentagon 3,000 -&gt; 10,000" in alerts
    volume = html.split('id="articles"', 1)[1].split("</section>", 1)[0]
    assert "<th>Kontan</th>" in volume and "<td>2024-10-22</td>" in volume
    assert re.search(r"<td>2024-10-22</td>(<td class=\"num\">\d*</td>)+<td class=\"num\">2</td></tr>", volume)


def test_the_report_is_self_contained(seeded: Path) -> None:
    html = (seeded / "report" / "index.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "iframe", "object", "embed", "img", "base", "form", "audio", "video"}
    for tag, attrs in page.tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), (tag, key)
            if key in ("src", "href", "xlink:href", "srcset", "action", "poster", "data"):
                assert tag == "a" and not re.match(r"\s*(javascript|data):", value or "", re.I), (tag, key, value)
    assert not re.search(r"@import|url\(|@font-face", "".join(page.styles))
    assert not re.search(r"<(script|link)\b[^>]*https?://", html, re.I)
    csp = [a["content"] for tag, a in page.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1 and "default-src 'none'" in (csp[0] or "") and "script-src" not in (csp[0] or "")


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make(tmp_path_factory.mktemp("evil"), evil=True)


def test_injected_markup_is_escaped(evil: Path) -> None:
    written = run(evil, "report", "--out", "report")
    assert written.returncode == 0, written.stderr
    html = (evil / "report" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|img|b)\b", html, re.I)
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; title" in html
    assert 'href="https://evil.test/a?x=1&amp;y=&lt;2&gt;" rel="noopener noreferrer"' in html
    assert ("Pentagon", "15000") in points(html, "nk-troops-in-russia")


def test_watchlist_and_since_narrow_the_report(seeded: Path) -> None:
    assert run(seeded, "report", "--out", "late", "--since", "2024-10-27").returncode == 0
    late = (seeded / "late" / "index.html").read_text(encoding="utf-8")
    assert points(late, "nk-troops-in-russia") == {("Pentagon", "10000"), ("Pentagon", "3000")}
    assert "Georgy Zinoviev" not in late and "Choe Son Hui" in late
    assert run(seeded, "report", "--out", "kursk", "--watchlist", "kursk").returncode == 0
    kursk = (seeded / "kursk" / "index.html").read_text(encoding="utf-8")
    assert "No figures of any metric yet." in kursk and "Hong Jang-won" in kursk
    assert not list((seeded / "kursk").glob("*.png"))
    wrong = run(seeded, "report", "--out", "x", "--watchlist", "nope")
    assert wrong.returncode == 2 and "no watchlist 'nope'" in wrong.stderr


def test_alerts_as_atom_from_the_cli(seeded: Path) -> None:
    first = run(seeded, "alerts", "--format", "atom", "--limit", "100")
    second = run(seeded, "alerts", "list", "--format", "atom", "--limit", "100")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout  # the same alerts give the same document: ids stable across runs
    parsed = feedparser.parse(first.stdout.encode())
    ids = {f"urn:monitor:alert:{i}" for i in alert_ids(seeded)}
    assert parsed.bozo == 0 and len(parsed.entries) == len(ids) >= 8
    assert {e.id for e in parsed.entries} == ids
    kursk = feedparser.parse(run(seeded, "alerts", "--format", "atom", "--watchlist", "kursk").stdout.encode())
    assert kursk.feed.id == "urn:monitor:alerts:kursk"
    assert [e.title for e in kursk.entries] == ["First mention: Hong Jang-won, First Deputy Director"]


def test_injected_markup_in_the_atom_feed_stays_text(evil: Path) -> None:
    document = run(evil, "alerts", "--format", "atom", "--limit", "100").stdout
    assert not re.search(r"<(script|img|b)\b", document, re.I)
    parsed = feedparser.parse(document.encode())
    assert parsed.bozo == 0
    (entry,) = [e for e in parsed.entries if "15,000" in e.title]
    assert entry.link == "https://evil.test/a?x=1&y=<2>"
    assert "<script" not in entry.content[0].value and "&lt;script&gt;" in entry.content[0].value


def test_a_disputed_figure_is_marked(tmp_path: Path) -> None:
    """Corpus 302 (Russian) reports 3,000 and 10,000 troops and that Moscow and Pyongyang did not confirm them."""
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    (tmp_path / "arts").mkdir()
    shutil.copy(ROOT / "tests" / "corpus" / "302.txt", tmp_path / "arts" / "302.txt")
    (tmp_path / "arts" / "manifest.toml").write_text('["302.txt"]\npublished_at = 2024-11-05T08:00:00Z\n',
                                                     encoding="utf-8")
    assert run(tmp_path, "replay", "arts").returncode == 0
    assert run(tmp_path, "report", "--out", "r").returncode == 0
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    disputed = re.findall(r'<g class="point" data-source="[^"]*" data-value="([^"]*)" data-modality="current" '
                          r'data-disputed="true"', html)
    assert set(disputed) == {"3000", "10000"}
    assert "DISPUTED by Russia and North Korea" in html and 'title="disputed by Russia and North Korea"' in html


def chromium(page: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    """Debian's headless chromium opens the page with no network (every request goes to a closed port)."""
    return subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-extensions", "--disable-background-networking", "--proxy-server=127.0.0.1:9",
                           f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--dump-dom",
                           page.as_uri()], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (.ci/run installs it)")
def test_the_report_opens_in_a_browser_without_console_messages(seeded: Path, tmp_path: Path) -> None:
    page = seeded / "report" / "index.html"
    opened = chromium(page, tmp_path / "profile")
    assert opened.returncode == 0, opened.stderr[-2000:]
    assert ":CONSOLE" not in opened.stderr, opened.stderr  # no CSP violation, no failed load, no error
    assert 'data-value="12000"' in opened.stdout and "<h3>North Korean troops sent to Russia</h3>" in opened.stdout
    injected = tmp_path / "injected.html"  # the check can fail: the same page with a script and a style added
    injected.write_text(page.read_text(encoding="utf-8").replace(
        "<body>", '<body><style>h1 { color: red }</style><script>console.log("ran")</script>', 1), encoding="utf-8")
    blocked = chromium(injected, tmp_path / "profile2").stderr
    assert "Executing inline script violates" in blocked and "Applying inline style violates" in blocked
    assert '"ran"' not in blocked

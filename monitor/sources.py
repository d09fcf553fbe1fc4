"""Article files for replay and `monitor extract`: .txt, .html and .htm, with an optional manifest.toml."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from monitor.config import Limits
from monitor.errors import ConfigError, InputError
from monitor.pages import extract_page
from monitor.tomlfile import Fields, load_toml

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
MANIFEST = "manifest.toml"
DEFAULT_MAX_ARTICLE_CHARS = Limits().max_article_chars


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """One article version entering the pipeline, from a file or a feed."""

    url: str
    text: str
    title: str | None
    outlet: str | None
    lang: str | None
    published_at: datetime | None
    source: str  # "file" or "feed"
    feed_url: str | None = None
    from_summary: bool = False  # the page could not be had; text is the feed's summary
    guid: str | None = None  # the feed entry's id
    entry_hash: str | None = None  # the feed entry's content hash (title + summary)


@dataclass(frozen=True, slots=True)
class FileMeta:
    outlet: str | None = None
    lang: str | None = None
    published_at: datetime | None = None
    url: str | None = None
    title: str | None = None


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded to their article files (sorted); missing paths are errors."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(str(path), "no such file or folder")
    return files


def load_manifest(folder: Path) -> dict[str, FileMeta]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    fields = Fields(path, load_toml(path))
    return {name: _file_meta(fields.sub(name)) for name in fields.table}


def _file_meta(fields: Fields) -> FileMeta:
    fields.reject_unknown({"outlet", "lang", "published_at", "url", "title"})
    published = fields.get("published_at", datetime, None, what="a TOML date-time such as 2024-10-26T00:00:00Z")
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return FileMeta(outlet=fields.get("outlet", str, None), lang=fields.get("lang", str, None),
                    published_at=published, url=fields.get("url", str, None), title=fields.get("title", str, None))


# A sentence end (terminal punctuation, closing quotes/brackets) followed by whitespace, or a line break.
_SENTENCE_END = re.compile(r"[.!?…。！？‼][\"'”’»」』)\]）]*(?=\s)|\n")


def cut_text(text: str, max_chars: int) -> str:
    """`text` when it has at most `max_chars` characters, else its longest prefix of at most
    `max_chars` that ends at a sentence end or line break (if one lies in the second half of
    that span), else at whitespace, else exactly `max_chars` characters. Pure."""
    if len(text) <= max_chars:
        return text
    window = text[:max_chars + 1]  # a boundary right at the limit still counts
    ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() <= max_chars]
    if ends and ends[-1] >= max_chars // 2:
        cut = ends[-1]
    else:
        spaces = [i for i in range(min(max_chars, len(window) - 1), 0, -1) if window[i].isspace()]
        cut = spaces[0] if spaces else max_chars
    return text[:cut].rstrip()


def limit_article(article: ArticleInput, max_chars: int, where: str) -> ArticleInput:
    """The article with its text cut to `limits.max_article_chars` (logged, naming `where`: the
    file or URL); unchanged when it fits."""
    if len(article.text) <= max_chars:
        return article
    text = cut_text(article.text, max_chars)
    log.warning("%s: article text has %d characters, more than limits.max_article_chars (%d); "
                "kept the first %d (raise the limit in config.toml to keep more)",
                where, len(article.text), max_chars, len(text))
    return replace(article, text=text)


def read_article_file(path: Path, meta: FileMeta, max_bytes: int,
                      max_chars: int = DEFAULT_MAX_ARTICLE_CHARS) -> ArticleInput:
    """Decode and check one file; empty, binary, oversized or non-UTF-8 files raise InputError.
    Text longer than `max_chars` is cut to it (limits.max_article_chars)."""
    return limit_article(_read_article_file(path, meta, max_bytes), max_chars, str(path))


def _read_article_file(path: Path, meta: FileMeta, max_bytes: int) -> ArticleInput:
    raw = _read_bytes(path, max_bytes)
    if not raw.strip():
        raise InputError(str(path), "empty file; skipped")
    if b"\x00" in raw[:8192]:
        raise InputError(str(path), "binary file (NUL bytes), not article text; skipped")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 (byte {exc.start}); convert it, e.g. iconv -t UTF-8; skipped") from None
    url = meta.url or f"file:{path.name}"
    if path.suffix.lower() in (".html", ".htm"):
        return _from_html(path, text, url, meta)
    return ArticleInput(url=url, text=text, title=meta.title, outlet=meta.outlet, lang=meta.lang,
                        published_at=meta.published_at, source="file")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise InputError(str(path), f"larger than limits.max_seed_bytes ({max_bytes} bytes); skipped")
    return raw


def _from_html(path: Path, html: str, url: str, meta: FileMeta) -> ArticleInput:
    page = extract_page(html, None if url.startswith("file:") else url)
    if page is None:
        raise InputError(str(path), "no article text found in this page; skipped")
    return ArticleInput(url=url, text=page.text, title=meta.title or page.title, outlet=meta.outlet or page.outlet,
                        lang=meta.lang or page.lang, published_at=meta.published_at or page.published_at,
                        source="file")


def load_articles(paths: Sequence[Path], max_bytes: int, max_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
                  ) -> tuple[list[tuple[Path, ArticleInput]], list[InputError]]:
    """Every readable article under paths, with the errors of the others (which are skipped);
    texts longer than `max_chars` are cut to it."""
    articles: list[tuple[Path, ArticleInput]] = []
    errors: list[InputError] = []
    manifests: dict[Path, dict[str, FileMeta]] = {}
    for path in collect_files(paths):
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = _manifest_or_empty(folder, errors)
        try:
            meta = manifests[folder].get(path.name, FileMeta())
            articles.append((path, read_article_file(path, meta, max_bytes, max_chars)))
        except InputError as exc:
            errors.append(exc)
    return articles, errors


def _manifest_or_empty(folder: Path, errors: list[InputError]) -> dict[str, FileMeta]:
    try:
        return load_manifest(folder)
    except ConfigError as exc:
        errors.append(InputError(exc.path, f"{exc}; metadata of this folder ignored"))
        return {}

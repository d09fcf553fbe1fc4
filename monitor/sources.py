"""Article files for replay and `monitor extract`: .txt, .html and .htm, with an optional manifest.toml."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from monitor.config import Limits
from monitor.errors import ConfigError, InputError
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


@dataclass(frozen=True, slots=True)
class Manifest:
    """A folder's manifest.toml: metadata by file name, and reports of entries that name no article file."""

    files: Mapping[str, FileMeta]
    unknown: tuple[str, ...] = ()


def load_manifest(folder: Path) -> dict[str, FileMeta]:
    """The metadata of `folder`'s manifest.toml by file name (empty without one); errors: read_manifest."""
    return dict(read_manifest(folder).files)


def read_manifest(folder: Path) -> Manifest:
    """`folder/manifest.toml`, validated: a table per file (`["101.txt"]`) with the keys of MANIFEST_KEYS.
    A wrong entry is a ConfigError naming the file, the entry, the key and its line; an entry naming no
    article file of the folder is kept and reported in `unknown`."""
    path = folder / MANIFEST
    if not path.exists():
        return Manifest({})
    table = load_toml(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    files: dict[str, FileMeta] = {}
    unknown: list[str] = []
    for name, value in table.items():
        entry = _Entry(path, value if isinstance(value, dict) else {}, name, lines)
        if not isinstance(value, dict):
            raise entry.error("", f"expected a table of one file's metadata, got {type(value).__name__}; "
                                  f'write it as ["{name}"] followed by its keys')
        files[name] = _file_meta(entry)
        problem = _unknown_file(folder, name)
        if problem:
            where = f"{path}:{entry.line('')}" if entry.line("") else str(path)
            unknown.append(f'{where}: ["{name}"]: {problem}; entry ignored (fix the name or remove the entry)')
    return Manifest(MappingProxyType(files), tuple(unknown))


def _unknown_file(folder: Path, name: str) -> str | None:
    if Path(name).name != name or Path(name).suffix.lower() not in ARTICLE_SUFFIXES:
        return f"not the name of an article file ({', '.join(ARTICLE_SUFFIXES)}) in this folder"
    return None if (folder / name).is_file() else f"no such file in {folder}"


class _Entry(Fields):
    """One file's table of a manifest: errors name the entry (`["101.txt"].outlet`) and the key's line."""

    def __init__(self, path: Path, table: dict[str, Any], name: str, lines: list[str]):
        super().__init__(path, table, f'["{name}"].')
        self.name = name
        self.lines = lines

    def line(self, key: str) -> int | None:
        """The line of `key` in this entry's table (of its header when key is ""), 1-based."""
        quoted = re.escape(self.name)
        names = rf"""(?:"{quoted}"|'{quoted}'|{quoted})"""
        header = re.compile(rf"^\s*(?:\[\s*{names}\s*\]|{names}\s*=)")
        start = next((i for i, text in enumerate(self.lines) if header.match(text)), None)
        if start is None:
            return None
        if not key:
            return start + 1
        assignment = re.compile(rf"^\s*(\"?){re.escape(key)}\1\s*=")
        for number in range(start + 1, len(self.lines)):
            if self.lines[number].lstrip().startswith("["):
                break
            if assignment.match(self.lines[number]):
                return number + 1
        return start + 1

    def error(self, key: str, message: str) -> ConfigError:
        dotted = f"{self.prefix}{key}" if key else f'["{self.name}"]'
        return ConfigError(str(self.path), message, key=dotted, line=self.line(key))


MANIFEST_KEYS = ("published_at", "outlet", "lang", "url", "title")


def _file_meta(fields: _Entry) -> FileMeta:
    fields.reject_unknown(set(MANIFEST_KEYS))
    return FileMeta(outlet=_text(fields, "outlet"), lang=_lang(fields), published_at=_published(fields),
                    url=_text(fields, "url"), title=_text(fields, "title"))


def _published(fields: _Entry) -> datetime | None:
    value = fields.get("published_at", date, None,
                       what="a TOML date-time such as 2024-10-26T08:00:00Z or a date such as 2024-10-26, unquoted")
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _text(fields: _Entry, key: str) -> str | None:
    value: str | None = fields.get(key, str, None)
    if value is not None and not value.strip():
        raise fields.error(key, "empty string; give a value or remove the key")
    return value


def _lang(fields: _Entry) -> str | None:
    from monitor.extract.packs import pack_languages

    lang = _text(fields, "lang")
    packs = pack_languages()
    if lang is not None and lang not in packs:
        raise fields.error("lang", f"no language pack for {lang!r} (packs: {', '.join(packs)}); "
                                   "give one of them, or remove lang to have the language detected")
    return lang


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
    from monitor.pages import extract_page  # here: the spool and the poller use this module without trafilatura

    page = extract_page(html, None if url.startswith("file:") else url)
    if page is None:
        raise InputError(str(path), "no article text found in this page; skipped")
    return ArticleInput(url=url, text=page.text, title=meta.title or page.title, outlet=meta.outlet or page.outlet,
                        lang=meta.lang or page.lang, published_at=meta.published_at or page.published_at,
                        source="file")


@dataclass(frozen=True, slots=True)
class Loaded:
    """The article files of a replay: the readable ones, the skipped ones, the manifest entries that
    name no file, and which files have their date from a manifest."""

    articles: list[tuple[Path, ArticleInput]]
    skipped: list[InputError]
    unknown: tuple[str, ...]
    manifest_dated: frozenset[Path]


def load_folder_articles(paths: Sequence[Path], max_bytes: int,
                         max_chars: int = DEFAULT_MAX_ARTICLE_CHARS) -> Loaded:
    """Every readable article under paths with its folder's manifest.toml metadata (a wrong manifest is a
    ConfigError: nothing is read); the errors of the other files (which are skipped); texts longer than
    `max_chars` are cut to it."""
    articles: list[tuple[Path, ArticleInput]] = []
    errors: list[InputError] = []
    manifests: dict[Path, Manifest] = {}
    for path in collect_files(paths):
        if path.parent not in manifests:
            manifests[path.parent] = read_manifest(path.parent)
        try:
            meta = manifests[path.parent].files.get(path.name, FileMeta())
            articles.append((path, read_article_file(path, meta, max_bytes, max_chars)))
        except InputError as exc:
            errors.append(exc)
    dated = frozenset(path for path, _ in articles
                      if manifests[path.parent].files.get(path.name, FileMeta()).published_at is not None)
    unknown = tuple(note for manifest in manifests.values() for note in manifest.unknown)
    return Loaded(articles, errors, unknown, dated)


def load_articles(paths: Sequence[Path], max_bytes: int, max_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
                  ) -> tuple[list[tuple[Path, ArticleInput]], list[InputError]]:
    """Every readable article under paths, with the errors of the others (which are skipped)."""
    loaded = load_folder_articles(paths, max_bytes, max_chars)
    return loaded.articles, loaded.skipped

"""Offline language detection restricted to the languages the monitor supports.

Scripts decide first (Hangul -> ko, Cyrillic -> ru/uk by their distinctive letters);
everything else goes to py3langid's bundled model, restricted to SUPPORTED_LANGS.
"""

from __future__ import annotations

import re
import threading
from typing import Any

SUPPORTED_LANGS = ("en", "id", "ru", "uk", "ko", "de", "fr")
DEFAULT_LANG = "en"

_SAMPLE_CHARS = 20_000
_HINT_ALIASES = {"in": "id", "ind": "id", "eng": "en", "rus": "ru", "ukr": "uk", "kor": "ko", "deu": "de",
                 "ger": "de", "fra": "fr", "fre": "fr", "ua": "uk", "kr": "ko"}

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")

_identifier: Any = None
_lock = threading.Lock()


def _get_identifier() -> Any:
    """Build the py3langid identifier once (the model ships inside the wheel)."""
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            loader = getattr(LanguageIdentifier, "from_pickled_model", None)
            if loader is None:
                loader = LanguageIdentifier.from_model_file
            ident = loader(MODEL_FILE, norm_probs=True)
            ident.set_languages(list(SUPPORTED_LANGS))
            _identifier = ident
        return _identifier


def _normalise_hint(hint: str | None) -> str | None:
    """A supported code from a hint like "en", "EN", "en-US", "in"; None for "auto"/unknown."""
    if not hint:
        return None
    code = hint.strip().lower().replace("_", "-").split("-")[0]
    code = _HINT_ALIASES.get(code, code)
    return code if code in SUPPORTED_LANGS else None


def _best_of(sample: str, allowed: tuple[str, ...]) -> str:
    """The best-ranked language of `allowed` according to py3langid."""
    ranking: list[tuple[str, float]] = _get_identifier().rank(sample)
    for lang, _score in ranking:
        if lang in allowed:
            return lang
    return allowed[0]


def _cyrillic_lang(sample: str) -> str:
    """Russian or Ukrainian: distinctive letters first, the model when both or neither occur."""
    uk = len(_UK_ONLY.findall(sample))
    ru = len(_RU_ONLY.findall(sample))
    if uk and not ru:
        return "uk"
    if ru and not uk:
        return "ru"
    if uk > 3 * ru:
        return "uk"
    if ru > 3 * uk:
        return "ru"
    return _best_of(sample, ("ru", "uk"))


def detect_language(text: str, hint: str | None = None) -> str:
    """Offline detection restricted to SUPPORTED_LANGS; a supported hint wins ("auto"/None = detect)."""
    hinted = _normalise_hint(hint)
    if hinted is not None:
        return hinted
    sample = text[:_SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return DEFAULT_LANG
    hangul = len(_HANGUL.findall(sample))
    if hangul * 4 >= letters:
        return "ko"
    cyrillic = len(_CYRILLIC.findall(sample))
    if cyrillic * 2 >= letters:
        return _cyrillic_lang(sample)
    return _best_of(sample, ("en", "id", "de", "fr"))

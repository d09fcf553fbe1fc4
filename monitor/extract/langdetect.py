"""Offline language detection over every language py3langid knows; the packs decide what is supported.

Scripts decide first where they can (Hangul -> ko, Cyrillic -> ru/uk by their distinctive letters);
everything else goes to py3langid's bundled model, unrestricted, so a Spanish or Polish article is
called Spanish or Polish and not forced into the nearest supported language (on a few words, where the
model guesses, the best-ranked supported language is taken). A code the model gives
for one of a pack's languages (`detected_as` in `monitor/lang/<code>/pack.toml`: Malay for short
Indonesian text) is mapped to that pack. `is_supported` tells whether a language has a pack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from monitor.extract.packs import pack_languages, read_part

SUPPORTED_LANGS: tuple[str, ...] = pack_languages()
DEFAULT_LANG = "en"

_SAMPLE_CHARS = 20_000
_SURE_LETTERS = 60  # fewer letters than this: a language with no pack is not believed
_HINT_ALIASES = {"in": "id", "ind": "id", "eng": "en", "rus": "ru", "ukr": "uk", "kor": "ko", "deu": "de",
                 "ger": "de", "fra": "fr", "fre": "fr", "ua": "uk", "kr": "ko", "spa": "es"}
_CODE = re.compile(r"[a-z]{2,3}")

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")  # runs: their lengths count the letters
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_NOT_LETTERS = re.compile(r"[\W\d_]+")  # what is left once they are taken out: the letters
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def _detected_as() -> Mapping[str, str]:
    mapping: dict[str, str] = {}
    for lang in SUPPORTED_LANGS:
        for code in read_part(lang, "pack").get("detected_as", []):
            mapping[str(code)] = lang
    return MappingProxyType(mapping)


DETECTED_AS = _detected_as()


def is_supported(lang: str) -> bool:
    """Whether the language has a pack (the extractor reads only such text)."""
    return lang in SUPPORTED_LANGS


@cache
def _identifier() -> Any:
    """py3langid's identifier over all its languages (the model ships inside the wheel; built on first use)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    loader = getattr(LanguageIdentifier, "from_pickled_model", None) or LanguageIdentifier.from_model_file
    return loader(MODEL_FILE, norm_probs=True)


def normalise_hint(hint: str | None) -> str | None:
    """A language code from a hint like "en", "EN", "en-US", "in"; None for "auto", empty or garbage."""
    if not hint:
        return None
    code = hint.strip().lower().replace("_", "-").split("-")[0]
    code = _HINT_ALIASES.get(code, code)
    return code if code != "auto" and _CODE.fullmatch(code) else None


def _ranked(sample: str) -> list[str]:
    """Languages by py3langid's ranking, detector codes mapped to their packs."""
    ranking: list[tuple[str, float]] = _identifier().rank(sample)
    return [DETECTED_AS.get(code, code) for code, _score in ranking]


def _cyrillic_lang(sample: str) -> str | None:
    """Russian or Ukrainian by their distinctive letters, where one set clearly dominates; else None: the
    model chooses (it may be another Cyrillic language: Bulgarian, Serbian ...)."""
    uk = len(_UK_ONLY.findall(sample))
    ru = len(_RU_ONLY.findall(sample))
    if uk > 3 * ru:
        return "uk"
    if ru > 3 * uk:
        return "ru"
    return None


def detect_language(text: str, hint: str | None = None) -> str:
    """The language of `text`: a supported hint wins; otherwise detected. May be a language with no pack."""
    hinted = normalise_hint(hint)
    if hinted is not None and is_supported(hinted):
        return hinted
    sample = text[:_SAMPLE_CHARS]
    letters = len(_NOT_LETTERS.sub("", sample))
    if letters == 0:
        return hinted or DEFAULT_LANG
    if sum(map(len, _HANGUL.findall(sample))) * 4 >= letters:
        return "ko"
    if sum(map(len, _CYRILLIC.findall(sample))) * 2 >= letters:
        by_letters = _cyrillic_lang(sample)  # decided by the letters: the model is not asked
        if by_letters is not None:
            return by_letters
    if letters >= _SURE_LETTERS:  # the model's top choice (its ranking's first): no need to rank them all
        code: str = _identifier().classify(sample)[0]
        return DETECTED_AS.get(code, code)
    # On a few words the model's top choice is close to a guess: only then are the packs preferred.
    ranked = _ranked(sample)
    return next((c for c in ranked if is_supported(c)), ranked[0])

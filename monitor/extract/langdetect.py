"""Offline language detection over every language py3langid knows; the packs decide what is supported.

Scripts decide first where they can (Hangul -> ko, Cyrillic -> ru/uk by their distinctive letters);
everything else goes to py3langid's bundled model, unrestricted, so a Spanish or Polish article is
called Spanish or Polish and not forced into the nearest supported language (on a few words, where the
model guesses, the best-ranked supported language is taken). A code the model gives
for one of a pack's languages (`detected_as` in `monitor/lang/<code>/pack.toml`: Malay for short
Indonesian text) is mapped to that pack. `is_supported` tells whether a language has a pack.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from types import MappingProxyType
from typing import Any

from monitor.extract.packs import pack_languages, read_part

SUPPORTED_LANGS: tuple[str, ...] = pack_languages()
DEFAULT_LANG = "en"

_SAMPLE_CHARS = 20_000
_WALK_BYTES = 6  # the bundled model's longest state (a longer one only makes the walk byte by byte)
_SURE_LETTERS = 60  # fewer letters than this: a language with no pack is not believed
_HINT_ALIASES = {"in": "id", "ind": "id", "eng": "en", "rus": "ru", "ukr": "uk", "kor": "ko", "deu": "de",
                 "ger": "de", "fra": "fr", "fre": "fr", "ua": "uk", "kr": "ko", "spa": "es"}
_CODE = re.compile(r"[a-z]{2,3}")

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")  # runs: their lengths count the letters
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_NOT_LETTERS = re.compile(r"[\W\d_]+")  # what is left once they are taken out: the letters
# The Latin-1 characters _NOT_LETTERS leaves (re's word characters that are no decimal digit or "_"), as
# bytes: in Latin-1 text the letters are counted by deleting them (bytes.translate), not by a regex.
_LETTERS_L1 = bytes(code for code in range(256) if _NOT_LETTERS.fullmatch(chr(code)) is None)
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


@dataclass(frozen=True)
class _Model:
    """py3langid's identifier and its byte automaton as arrays (for the vectorised walk in `_visits`)."""

    identifier: Any
    nextmove: Any  # numpy views/copies of the identifier's tables, or None when it has none
    rowbase: Any
    output: Any
    weights: Any = None  # the float16 feature weights' bits (a view), or None when they are not float16
    halves: Any = None  # every float16 bit pattern as float32 (exact): a row's weights without numpy's cast


@cache
def _model() -> _Model:
    """py3langid's identifier over all its languages (the model ships inside the wheel; built on first use)."""
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    loader = getattr(LanguageIdentifier, "from_pickled_model", None) or LanguageIdentifier.from_model_file
    identifier = loader(MODEL_FILE, norm_probs=True)
    tables = [getattr(identifier, name, None) for name in ("tk_nextmove", "_rowbase", "tk_output")]
    if any(table is None for table in tables) or not all(
            hasattr(identifier, name) for name in ("_encode", "_sparse_score", "_alias_pairs", "nb_ptc")):
        return _Model(identifier, None, None, None)  # another layout: py3langid's own walk is used
    nextmove = np.asarray(tables[0])
    weights = halves = None
    if identifier.nb_ptc.dtype == np.float16:
        weights = identifier.nb_ptc.view(np.uint16)
        halves = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16).astype(np.float32)
    return _Model(identifier, nextmove, np.asarray(tables[1], dtype=np.intp), np.asarray(tables[2], dtype=np.intp),
                  weights, halves)


def _visits(model: _Model, data: bytes) -> dict[int, int] | None:
    """py3langid's feature counts of `data` (its `visit_counts`: the same features, counts and order).

    The automaton's state after a byte is that of the longest suffix of the text it knows, at most
    _WALK_BYTES long for the bundled model: every position is walked from the start state over its last
    _WALK_BYTES bytes at once (numpy), and the states are then checked to follow each other by the
    automaton's moves (so they are exactly those of the byte-by-byte walk); if not, the bytes are
    walked one by one."""
    import numpy as np

    codes = np.frombuffer(data, dtype=np.uint8).astype(np.intp)
    count = len(codes)
    if count == 0:
        return None
    nextmove, rowbase = model.nextmove, model.rowbase
    states = np.zeros(count, dtype=np.intp)
    for back in range(min(_WALK_BYTES, count) - 1, -1, -1):
        states[back:] = nextmove[rowbase[states[back:]] + codes[:count - back]]
    previous = np.concatenate((np.zeros(1, dtype=np.intp), states[:-1]))
    if not np.array_equal(nextmove[rowbase[previous] + codes], states):
        from py3langid.langid import visit_counts

        counted = visit_counts(model.identifier.tk_nextmove, model.identifier._rowbase,
                               model.identifier.tk_output, data)
        return None if counted is None else dict(counted)
    features = model.output[states]
    features = features[features >= 0]
    if not len(features):
        return None
    found, first, counts = np.unique(features, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")  # in the order features first occur, as a Counter keeps them
    return dict(zip(found[order].tolist(), counts[order].tolist(), strict=True))


def _scores(sample: str) -> tuple[list[str], Any]:
    """(classes, scores) as py3langid's identifier scores the sample (its `_decide`)."""
    import numpy as np

    model = _model()
    identifier = model.identifier
    data = identifier._encode(sample)
    visits = _visits(model, data)
    if visits and model.weights is not None:  # identifier._sparse_score, its float16 rows cast by a table
        features = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
        counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
        scores = np.log1p(counts) @ np.take(model.halves, model.weights[features]) + identifier.nb_pc
    elif visits:
        scores = identifier._sparse_score(visits, identifier.nb_ptc)
    else:
        scores = np.full(len(identifier.nb_classes), 0.0, dtype=np.float32)  # norm_probs: uniform, abstain
    scores *= 1.0 / math.sqrt(len(data) or 1)
    np.exp(scores - scores.max(), out=scores)
    scores /= scores.sum()
    for first, dupe in identifier._alias_pairs:
        scores[first] += scores[dupe]
        scores[dupe] = 0.0
    return identifier.nb_classes, scores


def _classify(sample: str) -> str:
    """py3langid's top language for the sample (its `classify`, min_confidence unset)."""
    model = _model()
    if model.nextmove is None:
        return str(model.identifier.classify(sample)[0])
    classes, scores = _scores(sample)
    return str(classes[int(scores.argmax())])


def _rank(sample: str) -> list[tuple[str, float]]:
    """Every language by py3langid's score, best first, one entry per label (its `rank`)."""
    model = _model()
    if model.nextmove is None:
        return list(model.identifier.rank(sample))
    classes, scores = _scores(sample)
    merged: dict[str, float] = {}
    for lang, score in zip(classes, scores.tolist(), strict=True):
        merged.setdefault(lang, score)  # the first column holds the merged score
    return sorted(merged.items(), key=itemgetter(1), reverse=True)


def normalise_hint(hint: str | None) -> str | None:
    """A language code from a hint like "en", "EN", "en-US", "in"; None for "auto", empty or garbage."""
    if not hint:
        return None
    code = hint.strip().lower().replace("_", "-").split("-")[0]
    code = _HINT_ALIASES.get(code, code)
    return code if code != "auto" and _CODE.fullmatch(code) else None


def _ranked(sample: str) -> list[str]:
    """Languages by py3langid's ranking, detector codes mapped to their packs."""
    ranking = _rank(sample)
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


def _latin1(sample: str) -> bytes | None:
    """The sample in Latin-1 (one byte a character), or None when it has another character."""
    try:
        return sample.encode("latin-1")
    except UnicodeEncodeError:
        return None


def detect_language(text: str, hint: str | None = None) -> str:
    """The language of `text`: a supported hint wins; otherwise detected. May be a language with no pack."""
    hinted = normalise_hint(hint)
    if hinted is not None and is_supported(hinted):
        return hinted
    sample = text[:_SAMPLE_CHARS]
    latin = _latin1(sample)
    if latin is None:
        letters = len(_NOT_LETTERS.sub("", sample))
    else:
        letters = len(latin) - len(latin.translate(None, _LETTERS_L1))
    if letters == 0:
        return hinted or DEFAULT_LANG
    if latin is None and sum(map(len, _HANGUL.findall(sample))) * 4 >= letters:  # no Hangul in Latin-1
        return "ko"
    if latin is None and sum(map(len, _CYRILLIC.findall(sample))) * 2 >= letters:
        by_letters = _cyrillic_lang(sample)  # decided by the letters: the model is not asked
        if by_letters is not None:
            return by_letters
    if letters >= _SURE_LETTERS:  # the model's top choice (its ranking's first): no need to rank them all
        code = _classify(sample)
        return DETECTED_AS.get(code, code)
    # On a few words the model's top choice is close to a guess: only then are the packs preferred.
    ranked = _ranked(sample)
    return next((c for c in ranked if is_supported(c)), ranked[0])

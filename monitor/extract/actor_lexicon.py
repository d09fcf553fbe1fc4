"""Title cues, country words, news outlets and credit labels for the actor finder, read once at import
from the `actors` part of every language pack (monitor/lang/<code>/actors.toml).

Phrases are matched token by token, case- and diacritic-insensitively (acronyms exactly), with
Russian/Ukrainian case endings and Korean particles allowed, so one form per phrase is enough.
The module-level tables keep the shapes their readers (actor_index.py, rules_actors.py) expect.
"""

from __future__ import annotations

from monitor.extract import packs

# The order the tables had when they were code: it fixes which spelling of a phrase several languages
# share is indexed first. Packs added since follow in pack order.
_FIRST = ("id", "en", "ru", "uk", "ko", "de", "fr")
_LANGS = tuple(lang for lang in _FIRST if lang in packs.pack_languages()) + tuple(
    lang for lang in packs.pack_languages() if lang not in _FIRST)
_TABLES = {lang: packs.part_table(lang, "actors") for lang in _LANGS}


def _all(field: str) -> tuple[str, ...]:
    """Every pack's list `field`, in order."""
    return tuple(word for lang in _LANGS for word in _TABLES[lang].strings(field))


# Title cue -> role in English, per language (`[titles]`). A person's name follows the cue (in Korean
# it precedes it), optionally after country words.
TITLE_CUES: dict[str, dict[str, str]] = {}
for _lang, _table in _TABLES.items():
    _titles = _table.table("titles")
    TITLE_CUES[_lang] = {cue: _titles.string(cue) for cue in _titles.fields()}

# Country words (names and adjectives, every language; `[countries]`) -> the country in English,
# countries in the English pack's order.
_words: dict[str, list[str]] = {country: [] for country in _TABLES["en"].table("countries").fields()}
for _table in _TABLES.values():
    _countries = _table.table("countries")
    for _country in _countries.fields():
        _words.setdefault(_country, []).extend(_countries.strings(_country))
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {country: tuple(found) for country, found in _words.items()}

# News outlets, wire and photo agencies (`outlets`, "|"-separated here): never actors. Lower-case and
# upper-case spellings are added automatically.
OUTLETS = "|".join(dict.fromkeys(_all("outlets")))

# The gazetteer's news agencies: actors only when not cited as the source of a report.
NEWS_AGENCY_ACTORS = tuple(dict.fromkeys(_all("news_agency_actors")))

# Credit labels: what follows ("Editor: X", "Foto: Reuters/Y") names staff or sources, not actors.
CREDIT_LABELS = " ".join(_all("credit_labels"))

# Words before a name that make it a person, per language: "kepada Georgy Zinoviev", "with Robert Wood".
PERSON_PREPOSITIONS: dict[str, str] = {
    lang: " ".join(table.strings("person_prepositions")) for lang, table in _TABLES.items()}

# Connectives allowed between a title and its country: "Duta Besar Rusia untuk Korea Selatan".
TITLE_CONNECTIVES = " ".join(_all("title_connectives"))

"""The actor finder's language packs (monitor/lang/<code>/actors.toml) load and are per language."""

from __future__ import annotations

from monitor.extract import actor_index as lex
from monitor.extract import packs
from monitor.extract.actor_text import word_key


def test_every_language_pack_has_actor_knowledge() -> None:
    for lang in packs.pack_languages():
        assert "function_words" in packs.read_part(lang, "actors"), lang


def test_function_words_are_per_language() -> None:
    assert word_key("Il") in lex.not_name_keys("fr")
    assert word_key("Un") in lex.not_name_keys("fr")
    assert word_key("Un") not in lex.not_name_keys("en")
    assert word_key("The") in lex.not_name_keys("en")
    assert word_key("Une") in lex.not_name_keys("xx")  # no pack: every language's words

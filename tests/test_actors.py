"""Tests for monitor.extract.actors: the gazetteer, finding actors, variants, non-actors, the seed
articles as a reader sees them, and robustness on arbitrary and adversarial text."""

from __future__ import annotations

import itertools
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract.actor_eval import (
    ActorCase,
    ExpectedActor,
    Score,
    actor_keys,
    parse_actor_case,
    parse_jsonl,
    run_actor_case,
    score_actors,
)
from monitor.extract.actor_names import lone_word_keys, name_key, surname_key
from monitor.extract.actor_scan import KNOWN, scan_sentence
from monitor.extract.actors import GazetteerEntry, build_gazetteer, find_actors, resolve_actor
from monitor.extract.attribution import credit_at
from monitor.extract.model import ActorMention, Document, Sentence
from monitor.extract.text import prepare_document
from monitor.watchlist import KnownActor, RuleSettings, Watchlist, load_watchlists

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GAZETTEER = build_gazetteer(load_watchlists(ROOT / "watchlists"))
ACTOR_CASES = [parse_actor_case(r) for r in parse_jsonl((FIXTURES / "actors.jsonl").read_text(encoding="utf-8"))]
NIS = "National Intelligence Service"


def prepare(text: str, lang: str) -> Document:
    return prepare_document(text, lang=lang)


def seed_doc(prefix: str) -> Document:
    (path,) = (ROOT / "seeds").glob(f"{prefix}_*.txt")
    return prepare_document(path.read_text(encoding="utf-8"))


def actors_of(doc: Document) -> dict[str, ActorMention]:
    return {actor.name: actor for actor in find_actors(doc, GAZETTEER)}


def actors_in(text: str, lang: str) -> dict[str, ActorMention]:
    return actors_of(prepare(text, lang))


def known_in(text: str, lang: str) -> set[str]:
    """The gazetteer entries the scan matches (countries too, which are credited but not actors)."""
    doc = prepare(text, lang)
    return {GAZETTEER.index.names[hit.entry] for sentence in doc.sentences
            for hit in scan_sentence(doc.text, sentence.start, sentence.end, GAZETTEER.index, lang).hits
            if hit.kind == KNOWN}


# --- labelled fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", ACTOR_CASES, ids=[f"{c.lang}-{i}" for i, c in enumerate(ACTOR_CASES)])
def test_labelled_case(case: ActorCase) -> None:
    found = run_actor_case(case, GAZETTEER, prepare)
    assert actor_keys(found) == actor_keys(case.actors)
    by_name = {actor.name: actor for actor in found}
    for expected in case.actors:
        actor = by_name[expected.name]
        assert set(expected.variants) <= set(actor.variants), actor
        if expected.role:
            assert actor.role is not None and expected.role in actor.role, actor


def test_fixtures_cover_every_language() -> None:
    assert {case.lang for case in ACTOR_CASES} == {"en", "id", "ru", "uk", "ko", "de", "fr"}


def test_score_counts_hits_misses_and_false_alarms() -> None:
    case = ActorCase("en", "", (ExpectedActor("Pentagon", "org", True), ExpectedActor("Robert Wood", "person", False)))
    found = [ActorMention("Pentagon", "org", ("Pentagon",), None, True, ("nato",), ((0, 8),)),
             ActorMention("Reuters", "org", ("Reuters",), None, False, (), ((10, 17),))]
    score = score_actors(case, found)
    assert score == Score(1, 1, 1)
    assert (score.precision, score.recall) == (0.5, 0.5)
    assert Score().precision == 1.0 and (score + score).true_positives == 2


# --- the gazetteer -------------------------------------------------------------------------------


def _watchlist(watchlist_id: str, *actors: tuple[str, str, tuple[str, ...]]) -> Watchlist:
    known = tuple(KnownActor(name, kind, None, (name, *aliases), watchlist_id) for name, kind, aliases in actors)
    return Watchlist(watchlist_id, watchlist_id, ("x",), (), known, (), RuleSettings(), f"{watchlist_id}.toml")


def test_same_name_in_several_watchlists_is_one_entry() -> None:
    gazetteer = build_gazetteer([_watchlist("b", ("Mark Rutte", "person", ("Rutte",))),
                                 _watchlist("a", ("Mark Rutte", "person", ("Марк Рютте",)), ("NATO", "org", ()))])
    assert [entry.name for entry in gazetteer.entries] == ["Mark Rutte", "NATO"]
    rutte = gazetteer.entries[0]
    assert rutte.watchlists == ("a", "b")
    assert set(rutte.aliases) == {"Mark Rutte", "Rutte", "Марк Рютте"}


def test_real_watchlists_merge_into_one_entry_per_name() -> None:
    names = [entry.name for entry in GAZETTEER.entries]
    assert len(names) == len(set(names))
    assert "National Intelligence Service" in names and "Volodymyr Zelensky" in names


def test_actors_seen_before_are_matched_by_full_name_only_and_stay_unknown() -> None:
    learned = GazetteerEntry("Robert Wood", "person", "US deputy ambassador", ("Robert Wood", "Wood"), ())
    gazetteer = build_gazetteer(load_watchlists(ROOT / "watchlists"), extra=[learned])
    found = {a.name: a for a in find_actors(prepare("Robert Wood berbicara di PBB. Wood tersenyum.", "id"), gazetteer)}
    assert found["Robert Wood"].known is False and found["Robert Wood"].watchlists == ()
    assert found["Robert Wood"].variants == ("Robert Wood", "Wood")
    lone = find_actors(prepare("Hutan itu penuh kayu. Wood adalah kata Inggris.", "id"), gazetteer)
    assert "Robert Wood" not in {a.name for a in lone}


def test_extra_entry_with_a_listed_name_is_ignored() -> None:
    gazetteer = build_gazetteer(load_watchlists(ROOT / "watchlists"),
                                extra=[GazetteerEntry("Mark Rutte", "person", None, ("Rutte",), ())])
    assert [entry.name for entry in gazetteer.entries].count("Mark Rutte") == 1


# --- names and variants --------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [
    ("Choe Sun Hui", "Choe Son Hui"), ("Choe Son Hui", "Choe Son-hee"), ("Kim Jong Un", "Kim Jong-un"),
    ("Kim Jong-Un", "Kim Jong Un"), ("Kim Jong Un", "Kim Jung Eun"), ("Yoon Suk Yeol", "Yoon Seok-youl"),
    ("Yoon Suk Yeol", "Yun Suk-yeol"), ("Volodymyr Zelensky", "Volodymyr Zelenskiy"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelensky"), ("Jean-Noël Barrot", "Jean-Noel Barrot"),
    ("Георгий Зиновьев", "Георгия Зиновьева"), ("Hong Jang-won", "Hong Jangwon"),
])
def test_spelling_variants_share_a_key(first: str, second: str) -> None:
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(("first", "second"), [
    ("Kim Jong Un", "Kim Hong Kyun"), ("Choe Son Hui", "Choe Ryong Hae"), ("Robert Wood", "Robert Moore"),
    ("Mark Rutte", "Mark Carney"),
])
def test_different_people_keep_different_keys(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


def test_a_lone_surname_matches_first_word_of_korean_names_and_last_word_of_others() -> None:
    assert surname_key("Choe Son Hui") in lone_word_keys("Choe")
    assert surname_key("Yoon Suk Yeol") in lone_word_keys("Yun")
    assert surname_key("Robert Wood") in lone_word_keys("Wood")
    assert surname_key("Mark Rutte") in lone_word_keys("Rutte")
    assert surname_key("Robert Wood") not in lone_word_keys("Robert")
    assert surname_key("Rutte") is None


def test_unknown_variants_resolve_to_one_actor_named_by_frequency_then_alphabet() -> None:
    text = ("Wakil Menteri Choe Sun Hui tiba. Menlu Choe Son Hui berbicara. Choe Son Hui tersenyum. "
            "Choe kemudian pergi.")
    found = actors_in(text, "id")
    assert set(found) == {"Choe Son Hui"}
    assert found["Choe Son Hui"].variants == ("Choe", "Choe Son Hui", "Choe Sun Hui")
    tie = actors_in("Menlu Choe Sun Hui tiba. Menteri Choe Son Hui berbicara.", "id")
    assert set(tie) == {"Choe Son Hui"}


def test_a_lone_surname_joins_the_nearest_full_name_before_it() -> None:
    text = ("Wakil Menteri Kim Hong Kyun bertemu Kim Jong Un. Kim mengatakan pertemuan itu baik. "
            "Presiden Kim Yong Chol tiba. Kim tersenyum.")
    found = actors_in(text, "id")
    kim_jong_un = found["Kim Jong Un"]
    assert "Kim" in kim_jong_un.variants  # the first "Kim" follows "Kim Jong Un"
    assert "Kim" in found["Kim Yong Chol"].variants
    assert found["Kim Hong Kyun"].variants == ("Kim Hong Kyun",)


def test_a_lone_surname_without_a_full_name_needs_a_title() -> None:
    assert "Zinoviev" in actors_in("Duta Besar Zinoviev tiba di Seoul.", "id")
    assert "Zinoviev" not in actors_in("Zinoviev tiba di Seoul.", "id")


def test_a_cued_lone_surname_resolves_through_the_gazetteer() -> None:
    found = actors_in("Menurut Yoon, situasi itu serius.", "id")
    assert set(found) == {"Yoon Suk Yeol"}
    assert found["Yoon Suk Yeol"].variants == ("Yoon",)


@pytest.mark.parametrize(("lang", "text", "name"), [
    ("ko", "김정은은 미사일 발사를 참관했다.", "Kim Jong Un"),
    ("ko", "김정은 위원장이 시찰했다.", "Kim Jong Un"),
    ("ru", "Путина встретили в Пхеньяне.", "Vladimir Putin"),
    ("uk", "Зеленським підписано указ.", "Volodymyr Zelensky"),
    ("de", "Nordkoreas Truppen kämpfen.", "North Korea"),
    ("fr", "Kim Jong-Un a rencontré des officiers.", "Kim Jong Un"),
])
def test_aliases_match_inflected_and_particle_forms(lang: str, text: str, name: str) -> None:
    assert name in known_in(text, lang)


def test_the_longest_alias_wins() -> None:
    found = actors_in("Badan Intelijen Nasional Korea Selatan mengatakan hal itu.", "id")
    assert set(found) == {NIS}
    assert found[NIS].variants == ("Badan Intelijen Nasional Korea Selatan",)


def test_titles_are_stripped_from_variants_and_give_roles() -> None:
    found = actors_in("Presiden Yoon menelepon. Sekjen Rutte menjawab.", "id")
    assert found["Yoon Suk Yeol"].variants == ("Yoon",)
    assert found["Mark Rutte"].variants == ("Rutte",)
    assert found["Yoon Suk Yeol"].role == "President of South Korea"  # the gazetteer's, fuller than "President"


def test_acronyms_match_exactly() -> None:
    assert "United States" not in known_in("Let us see what they do as we go.", "en")
    assert "United States" in known_in("The US said nothing.", "en")


# --- not actors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text"), [
    ("id", "Mengutip KCNA, tentara itu berlatih."),
    ("id", "Tentara itu berlatih, kata KCNA."),
    ("id", "KCNA melaporkan bahwa latihan itu berhasil."),
    ("id", "Tentara Korea Utara berlatih (AFP melalui KCNA)."),
    ("en", "The drills went well, according to KCNA."),
    ("en", "KCNA said the drills went well."),
])
def test_kcna_cited_as_a_source_is_not_an_actor(lang: str, text: str) -> None:
    assert "Korean Central News Agency" not in actors_in(text, lang)


@pytest.mark.parametrize(("lang", "text"), [
    ("id", "KCNA menerbitkan foto latihan itu."),
    ("en", "KCNA published photos of the drills."),
])
def test_kcna_doing_something_else_is_an_actor(lang: str, text: str) -> None:
    found = actors_in(text, lang)
    assert found["Korean Central News Agency"].known


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Reuters, AFP, AP, Bloomberg and CNN reported it, as did NK News and the Kyiv Independent."),
    ("id", "Seperti dilansir SCMP dan Kontan, kata Tribunnews mengutip DPA International."),
    ("ru", "Об этом сообщили ТАСС, РИА Новости и Интерфакс."),
    ("uk", "Про це повідомила Українська правда."),
    ("en", "Sumber: Reuters | Editor: Barratut Taqiyyah Rafie"),
    ("id", "(Tribunnews.com, Tiara Shelawi)"),
    ("en", "The soldiers marched. (Photo: Kim Hong-Ji/Reuters)"),
])
def test_outlets_credits_and_staff_are_not_actors(lang: str, text: str) -> None:
    assert actors_in(text, lang) == {}


def test_nothing_is_found_in_boilerplate_sentences() -> None:
    text = "Baca Juga: Putin Bertemu Kim Jong Un\nPresiden Yoon tiba."
    doc = Document(text, "id", None, (Sentence(0, 36, text[:36], 0, True), Sentence(37, 56, text[37:], 1, False)))
    assert set(actors_of(doc)) == {"Yoon Suk Yeol"}


def test_headline_capitals_do_not_make_unknown_people() -> None:
    text = "Menlu Korea Utara Kunjungi Rusia, Perang Meluas?\nIsi berita."
    assert actors_in(text, "id") == {}  # the countries are matched (and credited) but are not actors
    assert known_in(text, "id") == {"North Korea", "Russia"}


# --- the seed articles ---------------------------------------------------------------------------


def test_seed_001() -> None:
    found = actors_of(seed_doc("001"))
    assert {"Mark Rutte", "Yoon Suk Yeol", NIS, "Kim Hong Kyun", "Georgy Zinoviev"} <= set(found)
    assert {"Yoon Suk Yeol", "Yoon"} <= set(found["Yoon Suk Yeol"].variants)
    assert {"Badan Intelijen Nasional Korea Selatan", "NIS"} <= set(found[NIS].variants)
    assert found["Kim Hong Kyun"].role == "First Vice Foreign Minister" and not found["Kim Hong Kyun"].known
    assert not found["Georgy Zinoviev"].known
    assert not {"Reuters", "DPA International", "Yonhap", "Barratut Taqiyyah Rafie", "Putin"} & set(found)
    assert "Vladimir Putin" not in found  # only named in a "Baca Juga:" line


def test_seed_003() -> None:
    found = actors_of(seed_doc("003"))
    yoon = found["Yoon Suk Yeol"]
    assert set(yoon.variants) == {"Yoon Suk Yeol", "Yoon"}
    assert len(yoon.spans) >= 6  # "Presiden Yoon Suk Yeol", "Presiden Yoon" (x4), "Yoon" (x3) in the body
    assert set(found["Mark Rutte"].variants) == {"Mark Rutte", "Rutte"}
    assert not any(actor.name.upper().startswith("YONHAP") for actor in found.values())


def test_seed_004() -> None:
    found = actors_of(seed_doc("004"))
    wood = found["Robert Wood"]
    assert not wood.known and set(wood.variants) == {"Robert Wood", "Wood"}
    assert found["Kim Jong Un"].variants == ("Kim Jong-un",)
    assert not {"SCMP", "AFP", "Korean Central News Agency", "Tribunnews", "Tiara Shelawi"} & set(found)


def test_seed_000() -> None:
    found = actors_of(seed_doc("000"))
    assert found["Hong Jang-won"].role == "First Deputy Director" and not found["Hong Jang-won"].known
    assert "Yonhap" not in found
    unknown = {name for name, actor in found.items() if not actor.known}
    assert unknown == {"Hong Jang-won"}


def test_seed_002() -> None:
    found = actors_of(seed_doc("002"))
    choe = found["Choe Son Hui"]
    assert not choe.known and {"Choe Sun Hui", "Choe Son Hui", "Choe"} <= set(choe.variants)
    assert choe.role == "Foreign Minister of North Korea"
    assert "Zelenskiy" in found["Volodymyr Zelensky"].variants
    assert {"Vladimir Putin", "Kim Jong Un", "Yoon Suk Yeol", "Pentagon", "Kremlin"} <= set(found)
    assert {name for name, actor in found.items() if not actor.known} == {"Choe Son Hui"}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_mentions_are_ordered_and_point_at_their_variants(prefix: str) -> None:
    doc = seed_doc(prefix)
    found = find_actors(doc, GAZETTEER)
    assert found == find_actors(doc, GAZETTEER)
    firsts = [actor.spans[0][0] for actor in found]
    assert firsts == sorted(firsts)
    for actor in found:
        assert list(actor.spans) == sorted(set(actor.spans))
        assert {doc.text[a:b] for a, b in actor.spans} == set(actor.variants)


# --- resolve_actor -------------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "phrase", "expected"), [
    ("001", "Badan Intelijen Nasional Korea Selatan", NIS), ("001", "NIS", NIS),
    ("001", "otoritas intelijen Korea Selatan", NIS), ("001", "Badan intelijen Korea Selatan", NIS),
    ("001", "국정원", NIS), ("001", "Presiden Yoon", "Yoon Suk Yeol"), ("001", "Yoon", "Yoon Suk Yeol"),
    ("001", "Presiden Korea Selatan Yoon", "Yoon Suk Yeol"), ("001", "Kim Hong Kyun", "Kim Hong Kyun"),
    ("002", "Zelenskiy", "Volodymyr Zelensky"), ("002", "Choe", "Choe Son Hui"),
    ("002", "Menteri Luar Negeri Choe Sun Hui", "Choe Son Hui"), ("004", "Wood", "Robert Wood"),
    ("004", "Kim Jong-Un", "Kim Jong Un"), ("003", "Rutte", "Mark Rutte"), ("001", "Yonhap", None),
    ("001", "Reuters", None), ("001", "", None), ("001", "pejabat", None),
])
def test_resolve_actor(prefix: str, phrase: str, expected: str | None) -> None:
    actors = find_actors(seed_doc(prefix), GAZETTEER)
    assert resolve_actor(phrase, actors, GAZETTEER) == expected


# --- robustness ----------------------------------------------------------------------------------

_ALPHABET = st.sampled_from([
    *"aAkKzZ .,;:()[]“”\"'-\n\tЗзКк김정은북한은국정원에 따르면", "Kim Jong Un", "Presiden ", "Menteri Luar Negeri ",
    "kata ", "NIS ", "Yonhap", "(AFP melalui KCNA)", "Robert Wood ", "Зеленского ", "Baca Juga: ", "Editor: ",
    "1.500 ", "said ", "“", "”", "\u00a0"])


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(_ALPHABET, max_size=60), lang=st.sampled_from(["id", "en", "ru", "uk", "ko", "de", "fr"]),
       where=st.floats(0, 1))
def test_any_text_is_handled(pieces: list[str], lang: str, where: float) -> None:
    doc = prepare_document("".join(pieces), lang=lang)
    found = find_actors(doc, GAZETTEER)
    for actor in found:
        assert actor.kind in ("person", "org") and actor.spans and actor.variants
        assert all(0 <= a < b <= len(doc.text) for a, b in actor.spans)
    for index, sentence in enumerate(doc.sentences):
        offset = sentence.start + int(where * (sentence.end - sentence.start))
        credit = credit_at(doc, found, GAZETTEER, index, offset)
        assert credit.name is None or credit.name in {a.name for a in found} | {e.name for e in GAZETTEER.entries}


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300), cuts=st.lists(st.integers(0, 300), max_size=8), flags=st.lists(st.booleans()))
def test_any_document_shape_is_handled(text: str, cuts: list[int], flags: list[bool]) -> None:
    bounds = sorted({0, len(text), *(min(cut, len(text)) for cut in cuts)})
    sentences = tuple(Sentence(a, b, text[a:b], i // 2, flags[i] if i < len(flags) else False)
                      for i, (a, b) in enumerate(itertools.pairwise(bounds)))
    doc = Document(text, "und", None, sentences)
    found = find_actors(doc, GAZETTEER)
    for index in range(-1, len(sentences) + 1):
        credit_at(doc, found, GAZETTEER, index, len(text) // 2)


def _adversarial_megabyte() -> str:
    pieces = ["(" * 300 + "[" * 300 + "Kim " + "]" * 300 + ")" * 300,
              " ".join(chr(65 + i % 26) for i in range(3000)),
              " ".join(["Aaa Bbb Ccc Ddd Eee"] * 400),
              "Зеленский 김정은은 Putin Ким Чен Ын (AFP) Korea Utara Ab Cd. ",
              "Presiden Menteri Luar Negeri Sekretaris Jenderal " * 50,
              "kepada Robert Wood, kata Wood, menurut NIS 1.500 tentara. ",
              "“" * 200 + "kata " * 200 + "”" * 200, "\n", "https://a.b.c.d.e.com/x " * 40]
    text, position = [], 0
    while position < 1_000_000:
        piece = pieces[position % len(pieces)]
        text.append(piece)
        position += len(piece)
    return "".join(text)[:1_000_000]


def test_a_megabyte_of_adversarial_text_is_fast() -> None:
    doc = prepare_document(_adversarial_megabyte(), lang="id")
    started = time.process_time()
    found = find_actors(doc, GAZETTEER)
    for index in range(0, len(doc.sentences), max(1, len(doc.sentences) // 20)):
        sentence = doc.sentences[index]
        credit_at(doc, found, GAZETTEER, index, (sentence.start + sentence.end) // 2)
    assert time.process_time() - started < 2.0


def test_regexes_are_compiled_once() -> None:
    folder = ROOT / "monitor" / "extract"
    paths = [*folder.glob("actor*.py"), *folder.glob("cues_*.py"), folder / "attribution.py"]
    source = "\n".join(path.read_text(encoding="utf-8") for path in paths)
    assert not re.search(r"re\.(?:search|match|sub|split|findall|finditer|fullmatch)\(r?[\"']", source)

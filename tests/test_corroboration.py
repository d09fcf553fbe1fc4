"""Corroboration by source, pure: syndicated copies found by their shingles and counted once, an
update of one article a version, one outlet one source; and how the figure rules use it."""

from __future__ import annotations

import random

import pytest

from monitor.corroboration import (
    Carrier,
    Corroboration,
    Fingerprint,
    corroborate,
    fingerprint,
    is_copy,
    resemblance,
    sources,
)

WIRE = ("SEOUL (Wire) - North Korea has sent about 1,500 special forces troops to Russia's Far East for training "
        "and acclimatisation, South Korea's National Intelligence Service said on Friday. The agency said the "
        "soldiers were moved on Russian navy ships from Chongjin, Hamhung and Musudan between October 8 and 13, "
        "and that Pyongyang had decided to send a total of about 12,000 troops, including special units. "
        "Russia and North Korea signed a mutual defence treaty in June. Moscow has denied the reports, calling "
        "them fake. Ukraine's president said earlier this week that 10,000 North Korean soldiers were being "
        "prepared to join the war.")
OTHER = ("Ukraine's military intelligence chief said 11,000 North Korean soldiers were training in eastern Russia "
         "and that the first units would reach the Kursk region within days. He spoke to a television channel in "
         "Kyiv on Sunday and gave no source for the figure. South Korea's National Intelligence Service said on "
         "Friday that about 1,500 special forces troops had been sent. NATO said it could not yet confirm it.")


def chrome(text: str, site: str) -> str:
    return f"{site} | Home | World | Politics\n{text}\nRead more on {site}: Markets close higher\n(c) {site} 2024"


@pytest.mark.parametrize(("a", "b", "copy"), [
    (WIRE, WIRE, True),
    (WIRE, chrome(WIRE, "Daily Planet"), True),  # another site's page chrome
    (WIRE, WIRE.upper().replace(",", " ,"), True),  # case and punctuation
    (WIRE, WIRE.rsplit(". ", 2)[0], True),  # the last paragraph cut
    (WIRE, "Headline of our own. " + WIRE, True),
    (WIRE, OTHER, False),  # one event, another report quoting the same agency
    (WIRE, "", False),
    ("North Korea sent troops.", "North Korea sent troops.", True),  # short texts: identical only
    ("North Korea sent troops.", "North Korea sent more troops.", False),
])
def test_is_copy(a: str, b: str, copy: bool) -> None:
    assert is_copy(fingerprint(a), fingerprint(b)) is copy
    assert is_copy(fingerprint(b), fingerprint(a)) is copy


def test_is_copy_agrees_with_resemblance_where_the_bound_settles_it() -> None:
    """is_copy rejects most pairs on a bound before sorting the union; the decision must stay that of
    resemblance itself, here on texts that share every amount of their sentences."""
    rng = random.Random(7)
    sentences = [f"{rng.choice(['Seoul', 'Kyiv', 'Moscow'])} said {n} troops moved on day {n % 31} of the month "
                 f"near place number {n * 7}." for n in range(400)]
    texts = [" ".join(rng.sample(sentences, rng.randint(3, 60))) for _ in range(120)]
    prints = [fingerprint(t) for t in texts]
    decisions = {is_copy(a, b) for a in prints for b in prints}
    assert decisions == {True, False}
    for a in prints:
        for b in prints:
            assert is_copy(a, b) is (resemblance(a, b) >= 0.5)


def test_fingerprint_is_small_stable_and_round_trips() -> None:
    print_ = fingerprint(WIRE)
    assert print_ == fingerprint(WIRE) and 0 < len(print_.hashes) <= 128 and print_.size >= len(print_.hashes)
    assert Fingerprint.from_json(print_.to_json()) == print_
    assert Fingerprint.from_json(None) is None and Fingerprint.from_json({"hashes": [1]}) is None
    assert resemblance(print_, print_) == 1.0


def carrier(article: str, outlet: str | None, text: str | None = None, guid: str | None = None) -> Carrier:
    return Carrier(article, outlet, guid, None if text is None else fingerprint(text))


CASES = [
    ("one wire story on three sites", [carrier("a1", "Wire Daily", WIRE),
                                      carrier("a2", "Planet", chrome(WIRE, "Planet")),
                                      carrier("a3", "Courier", chrome(WIRE, "Courier"))], (1, 3)),
    ("two independent reports", [carrier("a1", "Wire Daily", WIRE), carrier("a2", "Kyiv Post", OTHER)], (2, 2)),
    ("a wire story and its copy, and an independent report", [
        carrier("a1", "Wire Daily", WIRE), carrier("a2", "Planet", chrome(WIRE, "Planet")),
        carrier("a3", "Kyiv Post", OTHER)], (2, 3)),
    ("the same story in two feeds of one site", [carrier("a1", "Planet", WIRE), carrier("a2", "planet ", OTHER)],
     (1, 1)),
    ("an update of one article is a version", [carrier("a1", "Planet", WIRE), carrier("a1", "Planet", OTHER)],
     (1, 1)),
    ("the same GUID on two sites", [carrier("a1", "Planet", WIRE, "urn:wire:1"),
                                    carrier("a2", "Courier", OTHER, "urn:wire:1")], (1, 2)),
    ("no outlet, no fingerprint: each article its own", [carrier("a1", None), carrier("a2", None)], (2, 2)),
]


@pytest.mark.parametrize(("carriers", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_corroborate(carriers: list[Carrier], expected: tuple[int, int]) -> None:
    found = corroborate(carriers)
    assert (found.sources, found.outlets) == expected


GROUPING = [
    ("joined through a chain: copy, then same outlet", [
        carrier("a1", "Wire Daily", WIRE), carrier("a2", "Kyiv Post", OTHER),
        carrier("a3", "Planet", chrome(WIRE, "Planet")), carrier("a4", "planet")],
     [["a1", "a3", "a4"], ["a2"]]),
    ("a late carrier joins two earlier groups", [
        carrier("a1", "Planet", WIRE, "urn:1"), carrier("a2", "Courier", OTHER, "urn:2"),
        carrier("a3", "Herald", OTHER, "urn:1")], [["a1", "a2", "a3"]]),
    ("groups in order of their first carrier", [
        carrier("a1", None), carrier("a2", "Courier"), carrier("a3", None), carrier("a4", "courier")],
     [["a1"], ["a2", "a4"], ["a3"]]),
]


@pytest.mark.parametrize(("carriers", "expected"), [c[1:] for c in GROUPING], ids=[c[0] for c in GROUPING])
def test_sources_are_the_connected_groups(carriers: list[Carrier], expected: list[list[str]]) -> None:
    assert [[c.article_id for c in group] for group in sources(carriers)] == expected


@pytest.mark.parametrize(("sources", "outlets", "wording"), [
    (1, 1, "reported by 1 outlet"), (3, 3, "reported by 3 outlets"), (1, 3, "reported by 1 source via 3 outlets"),
    (2, 5, "reported by 2 sources via 5 outlets"),
])
def test_wording(sources: int, outlets: int, wording: str) -> None:
    assert Corroboration(sources, outlets).wording == wording

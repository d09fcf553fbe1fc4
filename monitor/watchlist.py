"""Watchlists: topic aliases, known actors and figure metrics, loaded from TOML and validated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from monitor.errors import ConfigError
from monitor.extract.packs import pack_languages
from monitor.extract.units import KNOWN_UNITS
from monitor.quantities import ANY_SIDE, QUANTITIES, accepts, infer_quantity
from monitor.tomlfile import Fields, key_line, load_toml

LANGS = pack_languages()  # an alias may be listed under any language that has a pack
ACTOR_KINDS = ("person", "org", "country")  # a country is credited, never reported as an actor
UNITS = KNOWN_UNITS  # what the language packs' counted nouns give, currencies, percent, count, km2
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True, slots=True)
class KnownActor:
    name: str
    kind: str
    role: str | None
    aliases: tuple[str, ...]
    watchlist: str
    references: tuple[str, ...] = ()  # descriptions ("South Korean intelligence"): credited, not names


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    label: str
    units: tuple[str, ...]
    requires: tuple[str, ...]  # any of these terms must be in the sentence; empty: the watchlist aliases
    tolerance: float
    watchlist: str
    # The metric's own counted nouns, per language ("hostages"): they count its first unit, which may then
    # be a unit no language pack knows.
    nouns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    quantity: str = "count"  # what is counted (monitor.quantities): troops, killed, casualties, area ...
    side: str = ANY_SIDE  # whose people or things: a watchlist id, or "any"
    place: str | None = None  # a watchlist id the article must match (a place: "kursk")


@dataclass(frozen=True, slots=True)
class RuleSettings:
    figure_tolerance: float = 0.05
    new_figure: bool = True
    revised_figure: bool = True
    confirmed_figure: bool = True  # alert when another source gives a value one source gave before
    projected_figure: bool = True  # alert on a projection or plan as what it is ("expected by December")
    incident_figure: bool = False  # alert on the count of one incident (one strike, one night's attack)
    unattributed_figure: bool = False  # alert on a figure no source is credited with (off: held until one is)
    new_actor: bool = True
    known_actors_fire: bool = False
    # what an actor needs before it alerts: "role-or-second-mention", "role", "second-mention" or "any"
    new_actor_requires: str = "role-or-second-mention"
    disputes: bool = True  # alert when an article reports a denial or dispute (claim-disputed)


@dataclass(frozen=True, slots=True)
class Watchlist:
    id: str
    name: str
    aliases: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    actors: tuple[KnownActor, ...]
    metrics: tuple[Metric, ...]
    rules: RuleSettings
    path: str
    alias_langs: tuple[str, ...] = ()  # the language each alias is listed under (parallel to aliases)
    # Sides this watchlist's people outrank: a figure counted as theirs (or no one's) in a sentence that
    # names this watchlist is this watchlist's ("4,000 North Korean casualties in Russia's war on Ukraine").
    outranks: tuple[str, ...] = ()
    # hash of the fields above, made once: a watchlist is a key of the matchers' and metric tables' caches,
    # and hashing its actors, metrics and patterns on every lookup cost more than the lookup
    _hash: int = field(init=False, repr=False, compare=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hash", hash((self.id, self.name, self.aliases, self.patterns, self.actors,
                                                self.metrics, self.rules, self.path, self.alias_langs,
                                                self.outranks)))

    def __hash__(self) -> int:
        return self._hash


def load_watchlists(folder: Path) -> tuple[Watchlist, ...]:
    """Every *.toml in folder, sorted by file name; ids must be unique."""
    if not folder.is_dir():
        raise ConfigError(str(folder), "watchlists folder not found; set [watchlists] folder in config.toml")
    lists = tuple(load_watchlist(path) for path in sorted(folder.glob("*.toml")))
    if not lists:
        raise ConfigError(str(folder), "no watchlist (*.toml) in this folder")
    _check_unique(lists)
    _check_sides(lists)
    return lists


def _check_sides(lists: tuple[Watchlist, ...]) -> None:
    """A metric's side and place, and what a watchlist outranks, are watchlists that exist: else no
    figure could ever be matched to the metric."""
    ids = {watchlist.id for watchlist in lists}
    for watchlist in lists:
        for other in watchlist.outranks:
            if other not in ids:
                raise ConfigError(watchlist.path, f"{other!r} is no watchlist id; expected some of "
                                  f"{', '.join(sorted(ids))}", key="outranks",
                                  line=key_line(Path(watchlist.path), "outranks"))
        for index, metric in enumerate(watchlist.metrics):
            for key, value in (("side", metric.side), ("place", metric.place)):
                if value is not None and value != ANY_SIDE and value not in ids:
                    known = ", ".join(sorted(ids | ({ANY_SIDE} if key == "side" else set())))
                    raise ConfigError(watchlist.path, f"{value!r} is no watchlist id; expected one of {known}",
                                      key=f"metrics[{index}].{key}",
                                      line=_metric_key_line(Path(watchlist.path), index, key))


def _metric_key_line(path: Path, index: int, key: str) -> int | None:
    """The line of `key` in the index-th [[metrics]] table of a watchlist file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    tables = [n for n, line in enumerate(lines) if re.match(r"^\s*\[\[\s*metrics\s*\]\]", line)]
    if index >= len(tables):
        return None
    following = [n for n, line in enumerate(lines) if re.match(r"^\s*\[", line) and n > tables[index]]
    end = following[0] if following else len(lines)
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    return next((n + 1 for n in range(tables[index], end) if pattern.match(lines[n])), tables[index] + 1)


def _check_unique(lists: tuple[Watchlist, ...]) -> None:
    seen_ids: dict[str, str] = {}
    seen_metrics: dict[str, str] = {}
    for watchlist in lists:
        if watchlist.id in seen_ids:
            raise ConfigError(watchlist.path, f"id {watchlist.id!r} is also used by {seen_ids[watchlist.id]}", key="id")
        seen_ids[watchlist.id] = watchlist.path
        for metric in watchlist.metrics:
            if metric.id in seen_metrics:
                raise ConfigError(watchlist.path, f"metric id {metric.id!r} is also defined in "
                                  f"{seen_metrics[metric.id]}; a metric belongs to one watchlist",
                                  key="metrics.id")
            seen_metrics[metric.id] = watchlist.path


def load_watchlist(path: Path) -> Watchlist:
    fields = Fields(path, load_toml(path))
    fields.reject_unknown({"id", "name", "description", "aliases", "outranks", "rules", "actors", "metrics"})
    watchlist_id = _identifier(fields, "id")
    alias_table = fields.sub("aliases")
    alias_table.reject_unknown({*LANGS, "patterns"})
    # In the file's order: an alias listed under two languages takes the endings of the later (monitor/matching.py).
    listed = [(alias, lang) for lang in alias_table.table if lang in LANGS for alias in alias_table.strings(lang, [])]
    aliases = tuple(alias for alias, _lang in listed)
    if not aliases:
        raise fields.error("aliases", "give at least one alias, e.g. aliases.en = [\"North Korea\"]")
    patterns = tuple(alias_table.regex("patterns", p) for p in alias_table.strings("patterns", []))
    rules = _rules(fields.sub("rules"))
    return Watchlist(
        id=watchlist_id,
        name=fields.get("name", str),
        aliases=aliases,
        patterns=patterns,
        actors=tuple(_actor(fields, index, watchlist_id) for index in range(_count(fields, "actors"))),
        metrics=tuple(_metric(fields, index, watchlist_id, rules) for index in range(_count(fields, "metrics"))),
        rules=rules,
        path=str(path),
        alias_langs=tuple(lang for _alias, lang in listed),
        outranks=fields.strings("outranks", []),
    )


def _identifier(fields: Fields, key: str) -> str:
    value: str = fields.get(key, str)
    if not _ID.match(value):
        raise fields.error(key, f"{value!r} is not an id: use lower-case letters, digits and '-'")
    return value


def _count(fields: Fields, key: str) -> int:
    items = fields.get(key, list, [], what="an array of tables ([[" + key + "]])")
    if not all(isinstance(item, dict) for item in items):
        raise fields.error(key, f"expected an array of tables ([[{key}]])")
    return len(items)


def _item(fields: Fields, key: str, index: int) -> Fields:
    return Fields(fields.path, fields.table[key][index], f"{key}[{index}].")


def _rules(fields: Fields) -> RuleSettings:
    fields.reject_unknown({"figure_tolerance", "new_figure", "revised_figure", "confirmed_figure", "projected_figure",
                           "incident_figure", "unattributed_figure", "new_actor", "known_actors_fire",
                           "new_actor_requires", "disputes"})
    tolerance = float(fields.get("figure_tolerance", (int, float), 0.05))
    if not 0 <= tolerance < 1:
        raise fields.error("figure_tolerance", "expected a fraction between 0 and 1, e.g. 0.05")
    return RuleSettings(
        figure_tolerance=tolerance,
        new_figure=fields.get("new_figure", bool, True),
        revised_figure=fields.get("revised_figure", bool, True),
        confirmed_figure=fields.get("confirmed_figure", bool, True),
        projected_figure=fields.get("projected_figure", bool, True),
        incident_figure=fields.get("incident_figure", bool, False),
        unattributed_figure=fields.get("unattributed_figure", bool, False),
        new_actor=fields.get("new_actor", bool, True),
        known_actors_fire=fields.get("known_actors_fire", bool, False),
        new_actor_requires=_new_actor_requires(fields),
        disputes=fields.get("disputes", bool, True),
    )


NEW_ACTOR_REQUIRES = ("role-or-second-mention", "role", "second-mention", "any")


def _new_actor_requires(fields: Fields) -> str:
    value: str = fields.get("new_actor_requires", str, NEW_ACTOR_REQUIRES[0])
    if value not in NEW_ACTOR_REQUIRES:
        raise fields.error("new_actor_requires", f"{value!r}: expected one of {', '.join(NEW_ACTOR_REQUIRES)}")
    return value


def _actor(fields: Fields, index: int, watchlist_id: str) -> KnownActor:
    item = _item(fields, "actors", index)
    item.reject_unknown({"name", "kind", "role", "aliases", "references"})
    kind = item.get("kind", str, "person")
    if kind not in ACTOR_KINDS:
        raise item.error("kind", f"{kind!r} is not an actor kind; expected one of {', '.join(ACTOR_KINDS)}")
    name: str = item.get("name", str)
    return KnownActor(name=name, kind=kind, role=item.get("role", str, None),
                      aliases=(name, *item.strings("aliases", [])), watchlist=watchlist_id,
                      references=item.strings("references", []))


def _metric(fields: Fields, index: int, watchlist_id: str, rules: RuleSettings) -> Metric:
    item = _item(fields, "metrics", index)
    item.reject_unknown({"id", "label", "quantity", "side", "place", "units", "requires", "tolerance", "nouns"})
    nouns = _metric_nouns(item)
    quantity, units = _quantity_and_units(item, bool(nouns))
    tolerance = float(item.get("tolerance", (int, float), rules.figure_tolerance))
    if not 0 <= tolerance < 1:
        raise item.error("tolerance", "expected a fraction between 0 and 1, e.g. 0.05")
    side: str = item.get("side", str, ANY_SIDE)
    place: str | None = item.get("place", str, None)
    for key, value in (("side", side), ("place", place)):
        if value is not None and value != ANY_SIDE and not _ID.match(value):
            raise item.error(key, f"{value!r} is not a watchlist id (or \"any\")")
    return Metric(id=_identifier(item, "id"), label=item.get("label", str), units=units,
                  requires=item.strings("requires", []), tolerance=tolerance, watchlist=watchlist_id,
                  nouns=nouns, quantity=quantity, side=side, place=place)


def _quantity_and_units(item: Fields, has_nouns: bool) -> tuple[str, tuple[str, ...]]:
    """The metric's quantity and the figure units it accepts: `units` if given (each one the quantity
    accepts), else the quantity's. Without a quantity, the quantity is the one the units say."""
    given = item.strings("units", () if "quantity" in item.table else ...)
    quantity: str = item.get("quantity", str, None) or infer_quantity(given)
    if quantity not in QUANTITIES:
        raise item.error("quantity", f"{quantity!r} is not a quantity; expected one of {', '.join(QUANTITIES)}")
    units = given or QUANTITIES[quantity]
    if not units:
        raise item.error("units", f"a {quantity!r} metric names the units it counts, e.g. units = [\"troops\"]")
    key = "units" if given else "quantity"
    for position, unit in enumerate(units):
        own = position == 0 and has_nouns
        if unit not in UNITS and not own:
            raise item.error(key, f"{unit!r} is not a known unit; expected some of {', '.join(UNITS)}, "
                             "or give the metric nouns that count it ([metrics.nouns] en = [...])")
        if not own and not accepts(quantity, unit):
            raise item.error(key, f"a {quantity!r} metric does not count {unit!r}; it counts "
                             f"{', '.join(QUANTITIES[quantity])}")
    return quantity, units


def _metric_nouns(item: Fields) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """[metrics.nouns]: a list of counted nouns per language code ("*" ends a stem)."""
    table = item.sub("nouns")
    for lang in table.table:
        if not re.fullmatch(r"[a-z]{2,3}", lang):
            raise table.error(lang, "expected a language code such as en, id, ru")
    return tuple((lang, table.strings(lang)) for lang in sorted(table.table))

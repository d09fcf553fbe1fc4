"""What a metric counts: its quantity, and the figure units each quantity accepts. Data, no logic.

A watchlist metric declares `quantity = "killed"` and `side = "north-korea"` (whose people or things
are counted, a watchlist id, or "any"); a figure goes to the metric whose quantity accepts the
figure's unit and whose side is the figure's side (monitor.extract.figures.choose_metric). The units
are what the language packs' counted nouns give (monitor.extract.units.KNOWN_UNITS); a metric may
narrow them with `units = [...]`, or bring a unit of its own with [metrics.nouns].

| quantity     | counts                                   | figure units accepted (the first is its own)       |
|--------------|------------------------------------------|----------------------------------------------------|
| troops       | troops sent, deployed or present         | troops, people                                     |
| killed       | people killed                            | killed                                             |
| wounded      | people wounded                           | wounded                                            |
| casualties   | people killed or wounded                 | casualties, killed, wounded                        |
| captured     | people taken prisoner                    | captured, hostages                                 |
| missing      | people missing                           | missing (no pack counts it yet: bring nouns)       |
| exchanged    | prisoners returned in an exchange        | captured, troops, people                           |
| evacuated    | people evacuated                         | evacuated, people                                  |
| launched     | drones, missiles, shells fired           | drones, missiles, shells, aircraft                 |
| shot_down    | drones, missiles, aircraft shot down     | drones, missiles, aircraft                         |
| equipment    | equipment lost or destroyed              | tanks, vehicles, artillery, aircraft, vessels, ... |
| supplied     | arms and munitions delivered             | shells, missiles, artillery, containers, ...       |
| area         | territory held or taken                  | km2, mi2                                           |
| settlements  | settlements held or taken                | settlements                                        |
| money        | money pledged, spent or lost             | usd, eur, rub, krw                                 |
| share        | a share (percent of GDP, of needs)       | percent                                            |
| hostages     | hostages held                            | hostages                                           |
| count        | anything else                            | any unit                                           |
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

ANY_SIDE = "any"  # a metric that counts anyone's people or things

_EQUIPMENT = ("tanks", "vehicles", "artillery", "aircraft", "vessels", "drones", "missiles")
QUANTITIES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "troops": ("troops", "people"),
    "killed": ("killed",),
    "wounded": ("wounded",),
    "casualties": ("casualties", "killed", "wounded"),
    "captured": ("captured", "hostages"),
    "missing": ("missing",),
    "exchanged": ("captured", "troops", "people"),
    "evacuated": ("evacuated", "people"),
    "launched": ("drones", "missiles", "shells", "aircraft"),
    "shot_down": ("drones", "missiles", "aircraft"),
    "equipment": _EQUIPMENT,
    "supplied": ("shells", "missiles", "artillery", "containers", "tanks", "vehicles", "drones"),
    "area": ("km2", "mi2"),
    "settlements": ("settlements",),
    "money": ("usd", "eur", "rub", "krw"),
    "share": ("percent",),
    "hostages": ("hostages",),
    "count": (),  # any unit: the metric's units say which
})


# Counts of a side's people, and the broader counts each one refines (broadest last). One number of
# one side's people read two ways is one figure: "6 North Korean soldiers" in one sentence and "6
# killed" in the next count the killed, never troops sent; a number read as killed in one sentence
# and wounded in another is their common broader count, killed or wounded (monitor/rules_readings.py).
REFINES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "troops": (),
    "casualties": ("troops",),
    "killed": ("casualties", "troops"),
    "wounded": ("casualties", "troops"),
    "missing": ("casualties", "troops"),
    "captured": ("troops",),
    "exchanged": ("troops",),
})


def accepts(quantity: str, unit: str) -> bool:
    """Whether a figure of `unit` can measure `quantity`."""
    return quantity == "count" or unit in QUANTITIES.get(quantity, ())


def infer_quantity(units: tuple[str, ...]) -> str:
    """The quantity of a metric that names units and no quantity: the first whose units hold them all."""
    return next((name for name, accepted in QUANTITIES.items() if accepted and set(units) <= set(accepted)),
                "count")

"""Does an orders file fit the scenario? Units, targets and times checked before a sweep.

The orders-file loader (:mod:`cpx.journal.orders_file`) checks an order's shape; here its
ids are checked against the scenario the sweep plays, so a file written for another
scenario, or with a misspelt unit, stops the sweep before a thousand runs reject it.
"""

from __future__ import annotations

from typing import Any, Iterable

from cpx.errors import CpxError


def scenario_ids(scenario: Any) -> tuple[set[str], set[str]]:
    """(unit ids, every id an order may target) of ``scenario``."""
    units = {unit.id for agency in scenario.agencies for unit in agency.units}
    region, network = scenario.region, scenario.network
    groups: Iterable[Iterable[Any]] = (
        region.jurisdictions, region.locations, network.members, network.venues,
        network.routes, network.victim_profiles, network.clients, scenario.informants,
        scenario.agencies, scenario.injects,
    )
    targets = {item.id for group in groups for item in group} | units
    return units, targets


def check_orders_fit(planned: Iterable[Any], scenario: Any, source: str, until: int) -> None:
    """Raise a one-line :class:`CpxError` at the first order that cannot fit ``scenario``.

    Person ids met during play (``p12``) cannot be known before the run, so a target that
    looks like one is let through; the engine rejects it in the run if it is wrong.
    """
    from cpx.scenario.explain import suggest

    units, targets = scenario_ids(scenario)
    scenario_id = scenario.meta.id

    def fail(line: int, message: str) -> CpxError:
        return CpxError(f"{source}:{line}: {message}", "Orders file does not fit the scenario")

    for item in planned:
        order = item.order
        unit = order.get("unit")
        if unit is not None and unit not in units:
            hint = suggest(unit, sorted(units))
            raise fail(item.line, f"{unit!r} is not a unit of scenario {scenario_id!r}"
                       + (f"; did you mean {hint!r}?" if hint else ""))
        target = order.get("target")
        if target is not None and target not in targets and not _met_person(target):
            hint = suggest(target, sorted(targets))
            raise fail(item.line, f"{target!r} names nothing in scenario {scenario_id!r}"
                       + (f"; did you mean {hint!r}?" if hint else ""))
        if item.t >= until:
            raise fail(item.line, f"{item.at} is at or after the end of the runs; the order would never be given")


def _met_person(target: str) -> bool:
    """Whether ``target`` looks like the id the engine gives a person met in play."""
    return target[:1] == "p" and target[1:].isdigit()

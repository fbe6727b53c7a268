"""Checks of meaning for objectives, their measures, and the MSEL's expected actions.

Each problem is returned at the path of the field at fault, so the loader gives its
line: an event kind that does not exist (with the nearest kind), a filter that names
nothing in this scenario (a role no member holds, minors when no profile has any),
thresholds out of order or outside 0–1 for a share, an outcome on a target of the wrong
kind, an expected action whose verb does not fit its target (a financial investigation
of a venue), and an inject given both a time and a trigger.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

from cpx.scenario.explain import suggest
from cpx.scenario.models import Exploitation, MemberRole, Scenario
from cpx.scenario.objectives import EVENT_KINDS, EventFilter
from cpx.scenario.problems import PathPart

Found = tuple[tuple[PathPart, ...], str]

_NEEDS_VICTIMS = {
    "victims_identified_correctly", "victims_identified_wrongly", "victims_referred",
    "referral_time_hours", "minors_referred", "victims_harmed",
}
_SHARE_MEASURES = {"share", "deadline", "any_of", "all_of", "outcome", "harm"}

OUTCOME_TARGETS = {
    "assets_frozen": ("member",), "arrested": ("member",),
    "warrant_granted": ("member", "venue"), "route_cut": ("route",), "raided": ("venue",),
    "misconduct_reported": ("client group",), "border_alert": ("border crossing",),
}
"""The kinds of entity each outcome can be achieved on."""

VERB_TARGETS = {
    "surveil": ("member", "venue"), "task_informant": ("informant",),
    "request_warrant": ("member", "venue"), "raid": ("venue",), "arrest": ("member",),
    "financial_investigation": ("member",), "border_alert": ("border crossing",),
    "cross_border_request": ("member",), "report_misconduct": ("client group",),
    "inspect": ("venue",), "integrity_check": ("member",),
    "public_statement": ("venue", "client group", "member"),
}
"""The kinds of scenario entity each order verb can be aimed at (interviews,
identification and referral concern people met in play, who have no id in the file)."""

_VERB_WORDS = {
    "surveil": "surveillance", "task_informant": "tasking", "request_warrant": "warrant request",
    "raid": "raid", "arrest": "arrest", "financial_investigation": "financial investigation",
    "border_alert": "border alert", "cross_border_request": "cross-border request",
    "report_misconduct": "misconduct report", "inspect": "inspection",
    "integrity_check": "integrity check", "public_statement": "public statement",
}


def kinds_by_id(scenario: Scenario) -> dict[str, str]:
    """What each id of the scenario names: 'member', 'venue', 'border crossing' …"""
    kinds: dict[str, str] = {}
    net = scenario.network
    for location in scenario.region.locations:
        kinds[location.id] = "border crossing" if location.kind == "border_crossing" else "location"
    for kind, items in (("member", net.members), ("venue", net.venues), ("route", net.routes),
                        ("client group", net.clients), ("informant", scenario.informants),
                        ("agency", scenario.agencies), ("inject", scenario.injects),
                        ("victim profile", net.victim_profiles),
                        ("objective", scenario.objectives)):
        for item in items:
            kinds.setdefault(item.id, kind)
    for agency in scenario.agencies:
        for unit in agency.units:
            kinds.setdefault(unit.id, "unit")
    return kinds


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _one_of(kinds: tuple[str, ...]) -> str:
    return " or ".join(_a(k) for k in kinds)


def _name_check(path: tuple[PathPart, ...], value: str, known: dict[str, str],
                wanted: tuple[str, ...] | None = None) -> Iterator[Found]:
    kind = known.get(value)
    if kind is None:
        options = [i for i, k in known.items() if wanted is None or k in wanted]
        guess = suggest(value, options)
        hint = f"; did you mean '{guess}'?" if guess else ""
        yield path, f"nothing in the scenario has the id '{value}', so this names nothing{hint}"
    elif wanted is not None and kind not in wanted:
        yield path, f"'{value}' is {_a(kind)}, not {_one_of(wanted)}"


def _filter(path: tuple[PathPart, ...], flt: EventFilter, scenario: Scenario,
            known: dict[str, str]) -> Iterator[Found]:
    if flt.event not in EVENT_KINDS:
        guess = suggest(flt.event, sorted(EVENT_KINDS))
        hint = f"; did you mean '{guess}'?" if guess else " (see docs/events.md)"
        yield path + ("event",), f"'{flt.event}' is not an event kind{hint}"
    for n, subject in enumerate(flt.subjects):
        yield from _name_check(path + ("subjects", n), subject, known)
    roles = set(get_args(MemberRole))
    held = {role for member in scenario.network.members for role in member.roles}
    for n, role in enumerate(flt.roles):
        if role not in roles:
            guess = suggest(role, sorted(roles))
            yield path + ("roles", n), f"'{role}' is not a role" + (f"; did you mean '{guess}'?" if guess else "")
        elif role not in held:
            yield path + ("roles", n), f"no member of the network is a {role}, so this names nothing"
    profiles = scenario.network.victim_profiles
    if flt.minor and not any(p.minor_share > 0 for p in profiles):
        yield path + ("minor",), "no victim profile has a minor_share above 0, so there are no minors to count"
    forms = set(get_args(Exploitation))
    for n, form in enumerate(flt.exploitation):
        if form not in forms:
            guess = suggest(form, sorted(forms))
            yield path + ("exploitation", n), f"'{form}' is not a form of exploitation" + (f"; did you mean '{guess}'?" if guess else "")
        elif not any(p.exploitation == form for p in profiles):
            yield path + ("exploitation", n), f"no victim profile is of {form} exploitation, so this names nothing"
    for n, agency in enumerate(flt.agency):
        yield from _name_check(path + ("agency", n), agency, known, ("agency",))
    for n, unit in enumerate(flt.unit):
        yield from _name_check(path + ("unit", n), unit, known, ("unit",))
    for n, place in enumerate(flt.place):
        yield from _name_check(path + ("place", n), place, known, ("venue", "location", "border crossing"))
    cells = list(scenario.meta.player_cells) + ["excon"]
    for n, cell in enumerate(flt.cell):
        if cell not in cells:
            guess = suggest(cell, cells)
            yield path + ("cell", n), f"'{cell}' is not a player cell or 'excon'" + (f"; did you mean '{guess}'?" if guess else "")


def _rule(path: tuple[PathPart, ...], rule: Any, share: bool) -> Iterator[Found]:
    ordered = rule.P >= rule.S >= rule.M if rule.better == "higher" else rule.P <= rule.S <= rule.M
    if not ordered:
        word = "P ≥ S ≥ M" if rule.better == "higher" else "P ≤ S ≤ M"
        yield path, f"with better: {rule.better} the thresholds must run {word} (P {rule.P:g}, S {rule.S:g}, M {rule.M:g})"
    if share and not all(0 <= v <= 1 for v in (rule.P, rule.S, rule.M)):
        yield path, "this measure is a share from 0 to 1: write thresholds such as 0.9, not 90"


def _legacy(path: tuple[PathPart, ...], metric: str, objective_id: str,
            scenario: Scenario) -> Iterator[Found]:
    network = scenario.network
    if metric == "expected_actions_taken" and not any(
        inject.objective == objective_id and inject.expected_action for inject in scenario.injects
    ):
        yield path, f"no inject with an expected action tests '{objective_id}', so it measures nothing"
    elif metric in _NEEDS_VICTIMS and not network.victim_profiles:
        yield path, "the network has no victim_profiles, so there are no victims to count"
    elif metric == "minors_referred" and not any(p.minor_share > 0 for p in network.victim_profiles):
        yield path, "no victim profile has a minor_share above 0, so there are no minors to count"
    elif metric == "misconduct_reported_hours" and not any(
        c.kind == "international_personnel" for c in network.clients
    ):
        yield path, "no client group is international_personnel, so there is no misconduct to report"
    elif metric == "informants_exposed" and not scenario.informants:
        yield path, "the scenario has no informants to expose"
    elif metric == "leaks" and not network.corrupt_officials:
        yield path, "the network has no corrupt_officials, so nothing can leak"


_FILTER_FIELDS = (("of", "of"), ("got", "got"), ("from_", "from"), ("to", "to"),
                  ("event", "event"), ("occasion", "occasion"), ("victims", "victims"))


def objectives(scenario: Scenario) -> Iterator[Found]:
    """Problems of meaning in the objectives and their critical tasks."""
    known = kinds_by_id(scenario)
    for n, objective in enumerate(scenario.objectives):
        if objective.legacy:
            here: tuple[PathPart, ...] = ("objectives", n)
            yield from _legacy(here + ("metric",), objective.metric, objective.id, scenario)
            yield from _rule(here + ("rating",), objective.rating, False)
            continue
        ids: set[str] = set()
        for k, task in enumerate(objective.critical_tasks):
            here = ("objectives", n, "tasks", k)
            if task.id in ids:
                yield here + ("id",), f"two tasks of '{objective.id}' have the id '{task.id}'"
            ids.add(task.id)
            for attr, key in _FILTER_FIELDS:
                found = getattr(task, attr, None)
                if isinstance(found, list):
                    for i, flt in enumerate(found):
                        yield from _filter(here + (key, i), flt, scenario, known)
                elif isinstance(found, EventFilter):
                    yield from _filter(here + (key,), found, scenario, known)
            if task.measure == "metric":
                yield from _legacy(here + ("metric",), task.metric, objective.id, scenario)
            elif task.measure in ("any_of", "all_of"):
                for s, subject in enumerate(task.subjects):
                    yield from _name_check(here + ("subjects", s), subject, known)
            elif task.measure == "outcome":
                wanted = OUTCOME_TARGETS[task.outcome]
                for s, target in enumerate(task.targets):
                    yield from _name_check(here + ("targets", s), target, known, wanted)
            elif task.measure == "harm" and not scenario.network.victim_profiles:
                yield here + ("harm",), "the network has no victim_profiles, so there are no victims to count"
            share = task.measure in _SHARE_MEASURES or (
                task.measure == "metric" and task.metric in ("minors_referred", "network_disruption",
                                                             "case_strength", "expected_actions_taken"))
            yield from _rule(here + ("rating",), task.rating, share)


def injects(scenario: Scenario) -> Iterator[Found]:
    """Inject timing given twice, and expected actions whose verb does not fit the target."""
    known = kinds_by_id(scenario)
    for n, inject in enumerate(scenario.injects):
        here: tuple[PathPart, ...] = ("injects", n)
        if inject.at is not None and inject.when is not None:
            yield here + ("when",), (f"inject '{inject.id}' has both 'at' and 'when': a timed inject "
                                     "fires at its time, a conditional one on its trigger; keep one")
        if inject.at is not None and inject.contingency_for is not None:
            yield here + ("contingency_for",), (f"inject '{inject.id}' has both 'at' and "
                                                "'contingency_for': a contingency fires when the "
                                                "action it covers is missed, not at a time; remove 'at'")
        want = inject.expected_action
        if want is None or not want.target or want.order not in VERB_TARGETS:
            continue
        kind = known.get(want.target)
        fits = VERB_TARGETS[want.order]
        if kind is not None and kind not in fits:
            yield here + ("expected_action", "target"), (
                f"{_a(_VERB_WORDS[want.order])} is aimed at {_one_of(fits)}; "
                f"'{want.target}' is {_a(kind)}")

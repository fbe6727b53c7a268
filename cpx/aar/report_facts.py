"""Observations for the after-action report, read from what actually happened.

An evaluator does not write "leaks — measured 10, short of the target"; they write
"7 of 10 leaks came through Pavel Rusk (Velinor Regional Directorate); 1 of 7 raids
leaked". :class:`ExerciseFacts` gathers, in one pass over the journal's events, what
such sentences need (orders, leaks, the network's reactions, who was met, identified
and referred, sources burned) and :func:`observations` turns them into strengths and
areas for improvement for one objective. Pure functions: the same log, the same words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any, Callable, Iterable

from cpx.scenario.models import Scenario

VERB_NOUN = {
    "raid": ("raid", "raids"), "surveil": ("surveillance", "surveillance orders"),
    "arrest": ("arrest", "arrests"), "border_alert": ("border alert", "border alerts"),
    "financial_investigation": ("financial enquiry", "financial enquiries"),
    "request_warrant": ("warrant request", "warrant requests"),
}
"""How an order verb reads in a sentence (singular, plural)."""


def _names(scenario: Scenario) -> dict[str, str]:
    """Display names of everything an event may mention, by id."""
    names: dict[str, str] = {}
    for group in (scenario.region.locations, scenario.network.venues, scenario.network.members,
                  scenario.network.routes, scenario.agencies):
        names.update({item.id: item.name for item in group})
    names.update({i.id: i.codename for i in scenario.informants})
    for agency in scenario.agencies:
        names.update({u.id: u.callsign for u in agency.units})
    return names


@dataclass
class ExerciseFacts:
    """What happened in the exercise, indexed for the evaluator's sentences."""

    scenario: Scenario
    clock: Callable[[int], str]
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    leaks: list[dict[str, Any]] = field(default_factory=list)
    reactions: list[dict[str, Any]] = field(default_factory=list)
    met: dict[str, dict[str, Any]] = field(default_factory=dict)
    truth: dict[str, dict[str, Any]] = field(default_factory=dict)
    identified: dict[str, dict[str, Any]] = field(default_factory=dict)
    referred: dict[str, dict[str, Any]] = field(default_factory=dict)
    burned: list[dict[str, Any]] = field(default_factory=list)
    raids: list[dict[str, Any]] = field(default_factory=list)
    leak_hints: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, events: Iterable[dict[str, Any]], scenario: Scenario,
             clock: Callable[[int], str]) -> "ExerciseFacts":
        """Gather the facts from the journal's event records (in journal order)."""
        facts = cls(scenario, clock, names=_names(scenario))
        for event in events:
            kind, p = event.get("kind"), event.get("payload") or {}
            if kind == "order.accepted":
                order = p.get("order") or {}
                facts.orders[str(p.get("order_id"))] = {**order, "t": event["t"]}
            elif kind == "leak":
                facts.leaks.append(event)
            elif kind == "network.reaction":
                facts.reactions.append(event)
            elif kind == "person.met":
                facts.met.setdefault(str(p.get("person_id")), event)
            elif kind == "truth.person":
                facts.truth.setdefault(str(p.get("person_id")), p)
            elif kind == "victim.identified":
                facts.identified[str(p.get("person_id"))] = event
            elif kind == "victim.referred":
                facts.referred.setdefault(str(p.get("person_id")), event)
            elif kind == "informant.burned":
                facts.burned.append(event)
            elif kind == "raid.result":
                facts.raids.append(event)
            elif kind == "order.rejected":
                facts.refused.append(event)
            elif (kind == "inject" and event.get("visibility") != "excon" and facts.leaks
                  and "leak" in f"{p.get('inject_id', '')} {p.get('text', '')}".lower()):
                facts.leak_hints.append(event)
        return facts

    def name(self, ident: Any) -> str:
        """The display name of an id (the id itself when the scenario does not name it)."""
        return self.names.get(str(ident), str(ident))

    def leak_verb(self, leak: dict[str, Any]) -> str:
        """What kind of order leaked: the leak's own verb, else its order's."""
        p = leak.get("payload") or {}
        order = self.orders.get(str(p.get("order_id"))) or {}
        return str(p.get("verb") or order.get("verb") or "operation")

    def victims_met(self) -> list[str]:
        """People the units met who were victims by the ground truth."""
        return [p for p in self.met if self.truth.get(p, {}).get("is_victim")]


def _noun(verb: str | None, count: int) -> str:
    verb = str(verb or "operation")
    one, many = VERB_NOUN.get(verb, (verb.replace("_", " "), verb.replace("_", " ") + " orders"))
    return one if count == 1 else many


def _list(items: list[str], limit: int = 4) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def leak_observations(facts: ExerciseFacts) -> list[str]:
    """Where the plans leaked, which operations, what the network did, what the cell knew."""
    if not facts.leaks:
        return []
    areas = []
    channels = Counter((e["payload"].get("official"), e["payload"].get("agency"))
                       for e in facts.leaks)
    total = len(facts.leaks)
    for (official, agency), count in channels.most_common():
        share = ("The leak" if total == 1 else f"All {total} leaks" if count == total
                 else f"{count} of {total} leaks")
        areas.append(f"{share} came through {facts.name(official)} ({facts.name(agency)}).")
    leaked_by_verb = Counter(facts.leak_verb(e) for e in facts.leaks)
    given_by_verb = Counter(o.get("verb") for o in facts.orders.values())
    parts = [f"{leaked} of {max(given_by_verb.get(verb, 0), leaked)} {_noun(verb, 2)}"
             for verb, leaked in leaked_by_verb.most_common()]
    areas.append("Leaked: " + ", ".join(parts) + ".")
    for event in facts.leaks:
        if facts.leak_verb(event) == "raid":
            areas.append(f"The raid on {facts.name(event['payload'].get('target'))} leaked at "
                         f"{facts.clock(event['t'])} (#{event['seq']}).")
    moved = [r for r in facts.reactions if r["payload"].get("trigger") == "leak"]
    for reaction in moved[:3]:
        p = reaction["payload"]
        what = p.get("action", "").replace("_", " ")
        details = p.get("details") or {}
        people = details.get("moved") or []
        tail = f" ({len(people)} people moved)" if people else ""
        areas.append(f"After a leak the network reacted at {facts.clock(reaction['t'])}: "
                     f"{what} at {facts.name(p.get('subject'))}{tail}.")
    if facts.leak_hints:
        hint = facts.leak_hints[0]
        areas.append(f"The trainee cell was never shown a leak; its first hint was inject "
                     f"{hint['payload'].get('inject_id')} at {facts.clock(hint['t'])}.")
    else:
        areas.append("The trainee cell was never shown any of these leaks.")
    return areas


def identification_observations(facts: ExerciseFacts) -> tuple[list[str], list[str]]:
    """Who the units met, who was a victim, who went through the checklist."""
    met, victims = list(facts.met), facts.victims_met()
    if not met:
        return [], ["No possible victim was met: no raid or visit reached the people held."]
    held = sum(1 for t in facts.truth.values() if t.get("is_victim"))
    if not victims:
        where = sorted({facts.name(facts.met[p]["payload"].get("where")) for p in met})
        return [], [f"{len(met)} people met (at {_list(where)}), none of them a victim by the "
                    f"ground truth: the operations never reached the {held} victims held."]
    checked = [p for p in met if p in facts.identified]
    unchecked = [p for p in victims if p not in facts.identified]
    strengths = []
    right = [p for p in checked if facts.identified[p]["payload"].get("decision")
             and facts.truth.get(p, {}).get("is_victim")]
    if right:
        strengths.append(f"{len(right)} of {len(victims)} victims met were identified correctly.")
    areas = []
    if unchecked:
        where = sorted({facts.name(facts.met[p]["payload"].get("where")) for p in unchecked})
        areas.append(f"{len(unchecked)} of {len(victims)} victims met (at {_list(where)}) were "
                     "never assessed against the checklist.")
    if held > len(victims):
        areas.append(f"{held - len(victims)} of the {held} victims held were never reached by "
                     "a raid or visit.")
    return strengths, areas


def referral_observations(facts: ExerciseFacts) -> tuple[list[str], list[str]]:
    """How long referral took from first contact, and who was never referred."""
    hours = {p: (e["t"] - facts.met[p]["t"]) / 60 for p, e in facts.referred.items()
             if p in facts.met}
    strengths, areas = [], []
    if hours:
        typical = median(hours.values())
        slowest = max(hours, key=hours.get)
        (strengths if typical <= 6 else areas).append(
            f"Referral took {typical:.1f} h median from first contact "
            f"(slowest: {facts.name(slowest)}, {hours[slowest]:.1f} h).")
    identified = [p for p, e in facts.identified.items() if e["payload"].get("decision")]
    waiting = [p for p in identified if p not in facts.referred]
    if waiting:
        areas.append(f"{len(waiting)} identified victims were never referred: {_list([facts.name(p) for p in waiting])}.")
    if not facts.referred and not identified and not facts.victims_met():
        areas.append("No victim was referred: no one was identified as a victim, so "
                      "referral never started.")
    if not identified and facts.victims_met():
        areas.append(f"{len(facts.victims_met())} victims were met but none identified, so no "
                     "referral to victim support could start.")
    return strengths, areas


def informant_observations(facts: ExerciseFacts) -> list[str]:
    """Which sources were exposed, when, and what became of them."""
    return [f"Source {facts.name(e['payload'].get('informant'))} was exposed at "
            f"{facts.clock(e['t'])} (#{e['seq']}) and is now "
            f"{str(e['payload'].get('fate', 'lost')).replace('_', ' ')}." for e in facts.burned]


def lawful_observations(facts: ExerciseFacts) -> tuple[list[str], list[str]]:
    """The operations carried out lawfully, and the unlawful orders the system refused."""
    counts = Counter(o.get("verb") for o in facts.orders.values())
    done = [f"{counts[v]} {_noun(v, counts[v])}" for v in ("raid", "arrest") if counts.get(v)]
    strengths = [f"No unlawful act in {' and '.join(done)}."] if done else []
    areas = []
    for event in facts.refused:
        p = event.get("payload") or {}
        order = p.get("order") if isinstance(p.get("order"), dict) else {}
        reason = str(p.get("reason") or "")
        if "warrant" in reason.lower() or "unlawful" in reason.lower():
            verb = str(order.get("verb") or p.get("verb") or "order")
            areas.append(f"At {facts.clock(event['t'])} a {verb} on "
                         f"{facts.name(order.get('target'))} was ordered and refused: "
                         f"{reason.split('.')[0]}.")
    return strengths, areas


def observations(metric: str, facts: ExerciseFacts) -> tuple[list[str], list[str]]:
    """Event-based strengths and areas for one objective's metric (may be empty)."""
    if metric == "leaks":
        return [], leak_observations(facts)
    if metric in ("victims_identified_correctly",):
        return identification_observations(facts)
    if metric in ("victims_referred", "referral_time_hours"):
        return referral_observations(facts)
    if metric == "informants_exposed":
        return [], informant_observations(facts)
    if metric == "unlawful_acts":
        return lawful_observations(facts)
    if metric == "victims_harmed":
        people = defaultdict(int)
        for p in facts.met:
            people[bool(facts.truth.get(p, {}).get("is_victim"))] += 1
        return ([f"No victim among the {people[True]} met was harmed or re-trafficked."]
                if people[True] else []), []
    return [], []

"""The measures an exercise is rated on, computed from its journal's events.

Every function here is pure: the same events (and scenario) give the same values. Each
measure comes with the sequence numbers of the events that justify it, so the score
card can point the instructor at the moments behind a rating.

Definitions (what each :data:`cpx.scenario.models.Metric` means):

* **victims_identified_correctly** — true victims the cell identified *with a sufficient
  Palermo checklist*: ACT + MEANS + PURPOSE for an adult, ACT + PURPOSE for a minor
  (means are not needed for a child).
* **victims_identified_wrongly** — identifications of people who were not trafficked,
  identifications of true victims on an insufficient checklist (an adult without MEANS),
  and true victims the cell decided were not victims.
* **victims_referred** — distinct true victims referred to support.
* **referral_time_hours** — median hours from first meeting a victim to referring them.
* **minors_referred** — share of the minor victims met that were referred (``minors
  first`` — whether minors were referred no later than adults — is in the details).
* **victims_harmed** — victims harmed or re-trafficked during the exercise.
* **network_disruption** — the centrality weights (:mod:`cpx.aar.centrality`) of the
  members under arrest at ENDEX; arresting everyone gives 1.
* **case_strength** — the **mean** case strength over the prosecution cases: every
  network member arrested or with evidence against them (evidence about a venue is not a
  case against a person). A suspect's strength is the sum of the
  weights of the evidence against them, capped at 1 (intelligence is not evidence). An
  arrest without evidence is a case of strength 0 and pulls the mean down; the strongest
  case is in the details as ``max``. Evidence excluded (unlawfully obtained, a witness
  who declined) or a statement still awaiting the witness's consent does not count; it
  is listed in the details as ``not_counted`` with the reason.
* **unlawful_acts** — raids without warrant, victims treated as offenders, detention past
  the limit, arrests without jurisdiction.
* **informants_exposed** — informants burned.
* **leaks** — orders leaked to the network.
* **expected_actions_taken** — of the injects whose expected action came due, the share
  taken in time; a late action counts half.
* **misconduct_reported_hours** — hours from the first sighting of international
  personnel among the clients to the report through the proper channel.

A measure the exercise gave no occasion for (no minor met, no expected action due) has
the value ``None`` and is *not observed*; one the cell had occasion for but never did
(victims met, none referred) is ``None`` and *due*: rated U.
"""

from __future__ import annotations

import statistics
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Any, Iterable

from cpx.aar.centrality import member_weights
from cpx.journal.events import Event
from cpx.scenario.models import Scenario
from cpx.scenario.objectives import EVENT_KINDS

KINDS_USED = frozenset(
    {
        "truth.person", "person.met", "victim.identified", "identification.scored",
        "victim.referred", "victim.harmed", "victim.retrafficked", "member.arrested",
        "arrest.made", "suspect.released", "evidence.added", "unlawful.act",
        "informant.burned", "informant.exposure", "leak", "inject.expected_taken",
        "inject.expected_missed", "misconduct.reported", "raid.result",
        "evidence.status", "victim.custody",
    }
)
"""The event kinds the metrics read; a reader may skip every other kind."""

BULK_KINDS = frozenset({"network.activity", "unit.status", "network.snapshot"})
"""Kinds that come every hour or every move and that no measure needs by default."""


MEASURABLE_KINDS = EVENT_KINDS - BULK_KINDS
"""Every catalogued event kind but the bulk ones."""


def scan_kinds(named: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """The event kinds scoring reads: every kind a task may count, plus any other kind a
    scenario's task filters name."""
    return set(MEASURABLE_KINDS) | set(KINDS_USED) | set(named)


@dataclass(frozen=True)
class MetricValue:
    """One measure of the exercise, with the events behind it."""

    name: str
    """The metric, as named in the scenario (a ``Metric``)."""
    value: float | None
    """The measured value; None when it could not be measured."""
    evidence: tuple[int, ...] = ()
    """Sequence numbers of the events that justify the value, in order."""
    details: dict[str, Any] = field(default_factory=dict)
    """The parts of the value (counts, per-suspect strengths …), plain JSON."""
    due: bool = True
    """False when the exercise never gave the cell occasion to do this (not observed)."""


def palermo_sufficient(elements: dict[str, Any], minor: bool) -> bool:
    """Whether a ticked checklist establishes trafficking: adult A+M+P, minor A+P."""
    act, purpose = bool(elements.get("act")), bool(elements.get("purpose"))
    return act and purpose and (minor or bool(elements.get("means")))


def events_of(records: Iterable[Any], ordered: bool = False) -> list[dict[str, Any]]:
    """Event records as dicts, in sequence order (orders and headers dropped).

    ``ordered`` says the records are in sequence order already, as an exercise's own
    events always are (``Exercise.emit`` numbers each event by its place in the list), so
    they need no sorting: a sweep scores a thousand runs' events straight from memory.
    """
    records = records if isinstance(records, list) else list(records)
    if set(map(type, records)) <= _EVENT_ONLY:  # a run's events in memory (a sweep)
        # each as the dict of its journal line (Event.to_dict, written out): all are events
        events = [{"type": "event", "t": r.t, "seq": r.seq, "kind": r.kind,
                   "visibility": r.visibility, "payload": r.payload} for r in records]
    else:
        events = [
            record if isinstance(record, dict) else {"type": "event", **record.to_dict()}
            for record in records
        ]  # an Event dataclass becomes the dict of its journal line
        events = [e for e in events if e.get("type", "event") == "event" and "kind" in e]
    if not ordered:
        events.sort(key=_SEQ_T)  # already in order when read from a journal: one linear pass
    return events


_SEQ_T = itemgetter("seq", "t")
_NO_PAYLOAD: dict[str, Any] = {}
"""The payload of an event without one (read only, never changed)."""
_EVENT_ONLY = frozenset({Event})


_WORLD_KINDS = frozenset({
    "truth.person", "identification.scored", "person.met", "victim.identified", "victim.referred",
    "victim.harmed", "victim.retrafficked", "member.arrested", "arrest.made", "suspect.released",
    "evidence.added", "evidence.status",
})
"""The kinds :class:`_World` reads one by one (in order: an arrest, then a release)."""

_PEOPLE = frozenset({"truth.person", "identification.scored"})  # who is a victim, a minor
_ARRESTS = frozenset({"member.arrested", "arrest.made", "suspect.released"})
METRIC_KINDS: dict[str, frozenset[str]] = {
    "victims_identified_correctly": _PEOPLE | {"victim.identified"},
    "victims_identified_wrongly": _PEOPLE | {"victim.identified"},
    "victims_referred": _PEOPLE | {"person.met", "victim.referred"},
    "referral_time_hours": _PEOPLE | {"person.met", "victim.referred"},
    "minors_referred": _PEOPLE | {"person.met", "victim.referred"},
    "victims_harmed": frozenset({"victim.harmed", "victim.retrafficked"}),
    "network_disruption": _ARRESTS,
    "case_strength": _ARRESTS | {"evidence.added", "evidence.status"},
    "unlawful_acts": frozenset({"unlawful.act", "raid.result", "person.met", "arrest.made",
                                "victim.identified"}),
    "informants_exposed": frozenset({"informant.burned"}),
    "leaks": frozenset({"leak"}),
    "expected_actions_taken": frozenset({"inject.expected_taken", "inject.expected_missed"}),
    "misconduct_reported_hours": frozenset({"misconduct.reported"}),
}
"""The event kinds each metric reads (all within :data:`KINDS_USED`): computing only some
metrics (:func:`metrics_of_events` with ``names``), a reader may skip the others' kinds."""


class _World:
    """What the events say happened to people, members, informants and injects."""

    def __init__(self, events: list[dict[str, Any]], by_kind: dict[str, list[dict]] | None = None,
                 kinds: frozenset[str] = _WORLD_KINDS) -> None:
        # keyed by the payload's id (None when an event names none)
        self.truth: dict[Any, dict] = {}
        self.met: dict[Any, dict] = {}
        self.decided: dict[Any, dict] = {}
        self.referred: dict[Any, dict] = {}
        self.harmed: list[dict] = []
        self.arrested: dict[Any, dict] = {}
        self.released: list[dict] = []
        self.evidence: list[dict] = []
        self.standing: dict[Any, tuple[Any, Any]] = {}
        """evidence id -> (status, reason) of items that do not simply count (evidence_rules)."""
        self.by_kind: dict[str, list[dict]] = by_kind if by_kind is not None else {}
        index = by_kind is None
        if not index and kinds is not _WORLD_KINDS:
            events = [e for e in events if e["kind"] in kinds]  # the few kinds asked for, in order
        for event in events:
            kind = event["kind"]
            if index:
                self.by_kind.setdefault(kind, []).append(event)
            if kind not in kinds:
                continue  # the rest only counted by kind
            p: dict[str, Any] = event.get("payload") or _NO_PAYLOAD  # typed: compiled, direct reads
            person = p.get("person_id")
            if kind == "truth.person":
                self.truth.setdefault(person, {**p, "_seq": event["seq"]})
            elif kind == "identification.scored" and person not in self.truth:
                self.truth[person] = {
                    "is_victim": p.get("truth_is_victim"), "minor": p.get("minor"),
                    "_seq": event["seq"],
                }
            elif kind == "person.met":
                self.met.setdefault(person, event)
            elif kind == "victim.identified":
                self.decided[person] = event  # the last decision stands
            elif kind == "victim.referred":
                self.referred.setdefault(person, event)
            elif kind in ("victim.harmed", "victim.retrafficked"):
                self.harmed.append(event)
            elif kind in ("member.arrested", "arrest.made"):
                member = p.get("member")
                self.arrested[member] = event
            elif kind == "suspect.released":
                if self.arrested.pop(p.get("member"), None) is not None:
                    self.released.append(event)
            elif kind == "evidence.added":
                self.evidence.append(event)
                if p.get("status"):
                    self.standing[p.get("evidence_id")] = (p["status"], p.get("reason", ""))
            elif kind == "evidence.status":
                self.standing[p.get("evidence_id")] = (p.get("status"), p.get("reason", ""))

    def is_victim(self, person: str) -> bool | None:
        truth = self.truth.get(person)
        return None if truth is None else bool(truth.get("is_victim"))

    def is_minor(self, person: str) -> bool:
        return bool((self.truth.get(person) or {}).get("minor"))

    def seqs(self, *kinds: str) -> tuple[int, ...]:
        return tuple(sorted(e["seq"] for k in kinds for e in self.by_kind.get(k, [])))


def _identifications(w: _World) -> tuple[MetricValue, MetricValue]:
    right, wrong = [], []
    reasons: dict[str, str] = {}
    for person, event in sorted(w.decided.items(), key=lambda kv: kv[1]["seq"]):
        p = event["payload"]
        victim, minor = w.is_victim(person), w.is_minor(person)
        decision = bool(p.get("decision"))
        if victim is None:
            continue  # no ground truth recorded for this person: cannot be judged
        if decision and victim and palermo_sufficient(p.get("elements") or {}, minor):
            right.append(event["seq"])
        elif decision and victim:
            wrong.append(event["seq"])
            reasons[person] = "identified without MEANS (needed for an adult)"
        elif decision:
            wrong.append(event["seq"])
            reasons[person] = "identified but was not trafficked"
        elif victim:
            wrong.append(event["seq"])
            reasons[person] = "a victim the cell decided was not one"
    return (
        MetricValue("victims_identified_correctly", float(len(right)), tuple(right),
                    {"identified": len(right)}),
        # No decision at all is not a clean record of decisions: not observed.
        MetricValue("victims_identified_wrongly", float(len(wrong)) if right or wrong else None,
                    tuple(wrong), {"wrong": len(wrong), "reasons": reasons},
                    due=bool(right or wrong)),
    )


def _referrals(w: _World) -> tuple[MetricValue, MetricValue, MetricValue]:
    victims_met = [p for p in w.met if w.is_victim(p) is not False]
    referred = [p for p in w.referred if w.is_victim(p) is not False]
    ref_seqs = tuple(sorted(w.referred[p]["seq"] for p in referred))
    hours = {
        p: (w.referred[p]["t"] - w.met[p]["t"]) / 60.0 for p in referred if p in w.met
    }
    median = statistics.median(hours.values()) if hours else None
    minors = [p for p in victims_met if w.is_minor(p)]
    minors_referred = [p for p in minors if p in w.referred]
    adult_hours = [h for p, h in hours.items() if not w.is_minor(p)]
    minor_hours = [h for p, h in hours.items() if w.is_minor(p)]
    minors_first = (
        not adult_hours or not minor_hours
        or statistics.median(minor_hours) <= statistics.median(adult_hours)
    )
    minor_evidence = tuple(sorted(
        (w.referred[p] if p in w.referred else w.met[p])["seq"] for p in minors
    ))
    return (
        MetricValue("victims_referred", float(len(referred)), ref_seqs,
                    {"referred": len(referred), "victims_met": len(victims_met)}),
        MetricValue(
            "referral_time_hours", None if median is None else round(median, 2), ref_seqs,
            {"per_victim": {p: round(h, 2) for p, h in sorted(hours.items())}},
            due=bool(victims_met),
        ),
        MetricValue(
            "minors_referred",
            round(len(minors_referred) / len(minors), 4) if minors else None,
            minor_evidence,
            {"minors_met": len(minors), "minors_referred": len(minors_referred),
             "minors_first": minors_first},
            due=bool(minors),
        ),
    )


def _cases(w: _World, members: set[str]) -> MetricValue:
    strength: dict[str, float] = {}
    seqs: list[int] = []
    excluded: list[dict[str, Any]] = []
    for event in w.evidence:
        p = event["payload"]
        suspect = p.get("suspect")
        status, reason = w.standing.get(p.get("evidence_id"), ("counted", ""))
        if status != "counted":
            # Excluded (unlawfully obtained, a witness who declined) or still awaiting a
            # witness's consent at ENDEX: on file, but no court would weigh it.
            excluded.append({"evidence_id": p.get("evidence_id"), "suspect": suspect,
                             "status": status, "reason": reason})
            if suspect in members:
                strength.setdefault(suspect, 0.0)
            continue
        if suspect not in members:
            continue  # evidence about a venue or an unknown person is not a case against anyone
        strength[suspect] = min(1.0, strength.get(suspect, 0.0) + float(p.get("weight") or 0))
        seqs.append(event["seq"])
    for member, event in w.arrested.items():
        strength.setdefault(member, 0.0)
        seqs.append(event["seq"])
    mean = sum(strength.values()) / len(strength) if strength else 0.0
    return MetricValue(
        "case_strength", round(mean, 4), tuple(sorted(seqs)),
        {"per_suspect": {s: round(v, 4) for s, v in sorted(strength.items())},
         "max": round(max(strength.values(), default=0.0), 4), "cases": len(strength),
         **({"not_counted": excluded} if excluded else {})},
    )


def _expected_actions(w: _World) -> MetricValue:
    taken = w.by_kind.get("inject.expected_taken", [])
    missed = w.by_kind.get("inject.expected_missed", [])
    late = [e for e in taken if e["payload"].get("late")]
    on_time = len(taken) - len(late)
    due = len(taken) + len(missed)
    value = round((on_time + 0.5 * len(late)) / due, 4) if due else None
    return MetricValue(
        "expected_actions_taken", value, w.seqs("inject.expected_taken", "inject.expected_missed"),
        {"taken": on_time, "late": len(late), "missed": len(missed),
         "missed_injects": [e["payload"].get("inject_id") for e in missed]},
        due=bool(due),
    )


def _misconduct(w: _World, scenario: Scenario) -> MetricValue:
    reports = w.by_kind.get("misconduct.reported", [])
    international = any(
        c.kind in ("international_personnel", "contractor") for c in scenario.network.clients
    )
    if not reports:
        return MetricValue("misconduct_reported_hours", None, (), {"reported": False},
                           due=international)
    first = reports[0]
    minutes = first["payload"].get("minutes_since_first_seen") or 0
    return MetricValue("misconduct_reported_hours", round(minutes / 60.0, 2), (first["seq"],),
                       {"reported": True, "clients": first["payload"].get("clients")})


# What gives the cell occasion to act lawfully or not: coercive or victim-facing action.
_LAWFUL_CONDUCT_OCCASIONS = ("raid.result", "person.met", "arrest.made", "victim.identified")


def _unlawful_acts(w: "_World", unlawful: list[dict[str, Any]],
                   by_kind: dict[str, int]) -> MetricValue:
    """Unlawful acts; not observed when the cell never raided, arrested or met anyone."""
    if not unlawful and not any(w.by_kind.get(k) for k in _LAWFUL_CONDUCT_OCCASIONS):
        return MetricValue("unlawful_acts", None, (), {"by_kind": {}}, due=False)
    return MetricValue("unlawful_acts", float(len(unlawful)), w.seqs("unlawful.act"),
                       {"by_kind": by_kind})


def compute_metrics(records: Iterable[Any], scenario: Scenario) -> dict[str, MetricValue]:
    """Every metric of the exercise, keyed by metric name (a pure function)."""
    return metrics_of_events(events_of(records), scenario)


def metrics_of_events(events: list[dict[str, Any]], scenario: Scenario,
                      by_kind: dict[str, list[dict]] | None = None,
                      names: Iterable[str] | None = None) -> dict[str, MetricValue]:
    """:func:`compute_metrics` of events already as :func:`events_of` gives them, and
    ``by_kind`` the same events grouped by kind (in order) when the caller has it.

    ``names`` limits the work to the metrics named (and those computed with them): a
    sweep's rows need only the metrics the scenario's tasks rate (the flagship rates one
    of fourteen). Each metric is the same whether computed alone or with all the others.
    """
    wanted = None if names is None else set(names)
    if wanted is None:
        w = _World(events, by_kind)
    else:  # only what the metrics asked for reads
        if by_kind is None:
            from cpx.aar.measures import group_by_kind

            by_kind = group_by_kind(events)
        read = frozenset().union(*(METRIC_KINDS.get(name, KINDS_USED) for name in wanted))
        w = _World(events, by_kind, read & _WORLD_KINDS)
    found: list[MetricValue] = []
    for group, compute in _METRICS:
        if wanted is None or not wanted.isdisjoint(group):
            found += compute(w, scenario)
    return {metric.name: metric for metric in found}


_MEMBERS: dict[int, tuple[Scenario, set[str]]] = {}


def _members_of(scenario: Scenario) -> set[str]:
    """The ids of the network's members, once per scenario object (scenarios are frozen)."""
    known = _MEMBERS.get(id(scenario))
    if known is None or known[0] is not scenario:
        if len(_MEMBERS) > 64:
            _MEMBERS.clear()
        known = _MEMBERS[id(scenario)] = (scenario, {m.id for m in scenario.network.members})
    return known[1]


def _harmed(w: _World, scenario: Scenario) -> list[MetricValue]:
    return [MetricValue("victims_harmed", float(len(w.harmed)), w.seqs("victim.harmed", "victim.retrafficked"),
                        {"harmed": len(w.by_kind.get("victim.harmed", [])),
                         "retrafficked": len(w.by_kind.get("victim.retrafficked", []))})]


def _disruption(w: _World, scenario: Scenario) -> list[MetricValue]:
    weights = member_weights(scenario)
    disruption = sum(weights.get(m, 0.0) for m in w.arrested)
    return [MetricValue("network_disruption", round(disruption, 4),
                        tuple(sorted(e["seq"] for e in w.arrested.values())),
                        {"arrested": {m: round(weights.get(m, 0.0), 4) for m in sorted(w.arrested)},
                         "released": [e["payload"].get("member") for e in w.released]})]


def _unlawful(w: _World, scenario: Scenario) -> list[MetricValue]:
    unlawful = w.by_kind.get("unlawful.act", [])
    by_kind: dict[str, int] = {}
    for event in unlawful:
        kind = event["payload"].get("kind", "unknown")
        by_kind[kind] = by_kind.get(kind, 0) + 1
    return [_unlawful_acts(w, unlawful, by_kind)]


def _exposed(w: _World, scenario: Scenario) -> list[MetricValue]:
    burned = sorted({e["payload"].get("informant") for e in w.by_kind.get("informant.burned", [])})
    return [MetricValue("informants_exposed", float(len(burned)), w.seqs("informant.burned"),
                        {"burned": burned})]


def _leaks(w: _World, scenario: Scenario) -> list[MetricValue]:
    return [MetricValue("leaks", float(len(w.by_kind.get("leak", []))), w.seqs("leak"),
                        {"targets": [e["payload"].get("target") for e in w.by_kind.get("leak", [])]})]


_METRICS: tuple[tuple[frozenset[str], Any], ...] = (
    (frozenset({"victims_identified_correctly", "victims_identified_wrongly"}),
     lambda w, scenario: _identifications(w)),
    (frozenset({"victims_referred", "referral_time_hours", "minors_referred"}),
     lambda w, scenario: _referrals(w)),
    (frozenset({"victims_harmed"}), _harmed),
    (frozenset({"network_disruption"}), _disruption),
    (frozenset({"case_strength"}), lambda w, scenario: [_cases(w, _members_of(scenario))]),
    (frozenset({"unlawful_acts"}), _unlawful),
    (frozenset({"informants_exposed"}), _exposed),
    (frozenset({"leaks"}), _leaks),
    (frozenset({"expected_actions_taken"}), lambda w, scenario: [_expected_actions(w)]),
    (frozenset({"misconduct_reported_hours"}), lambda w, scenario: [_misconduct(w, scenario)]),
)
"""Each metric (or metrics computed together) and its computation, in the card's order."""

"""What the report and the replay show over time: key events and chart series.

Pure functions of the journal's event records. Series are step functions given as
``(t, value)`` points in time order; charts draw them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from cpx.walk_ins import spell_walk_ins

KEY_KINDS = {
    "order.accepted": "order",
    "order.rejected": "order refused",
    "inject": "inject",
    "warrant.granted": "warrant",
    "warrant.refused": "warrant refused",
    "raid.result": "raid",
    "leak": "LEAK",
    "arrest.made": "arrest",
    "victim.identified": "identification",
    "victim.referred": "referral",
    "victim.harmed": "victim harmed",
    "victim.retrafficked": "victim re-trafficked",
    "unlawful.act": "UNLAWFUL",
    "informant.burned": "informant burned",
    "inject.expected_missed": "MISSED expected action",
    "inject.expected_taken": "expected action taken",
    "misconduct.reported": "misconduct reported",
    "network.reaction": "network reacts",
    "exercise.endex": "ENDEX",
}
"""Kinds that belong on the report's timeline, with their label."""

SERIES_KINDS = frozenset(
    {"victim.identified", "victim.referred", "network.snapshot", "unit.status", "exercise.endex"}
)
"""Kinds the charts read."""

BUSY = frozenset({"en_route", "on_task"})
"""Unit statuses that count as busy for utilisation."""


@dataclass(frozen=True)
class KeyEvent:
    """One line of the report's timeline."""

    t: int
    seq: int
    label: str
    summary: str
    visibility: str


def describe(kind: str, payload: dict[str, Any], walk_ins: Mapping[str, str] | None = None) -> str:
    """A short, plain description of an event for timelines and lists; a person an
    inject brought in is named as the cell met them (``walk_ins``:
    :func:`cpx.walk_ins.walk_in_names` of the journal)."""
    return spell_walk_ins(_describe(kind, payload), walk_ins or {})


def _describe(kind: str, payload: dict[str, Any]) -> str:
    p = payload
    order = p.get("order") if isinstance(p.get("order"), dict) else {}
    if kind == "order" or kind.startswith("order."):
        verb = order.get("verb") or p.get("verb", "")
        who = order.get("unit") or p.get("unit") or ""
        target = order.get("target") or ""
        text = f"{verb} {target}".strip() + (f" by {who}" if who else "")
        result = p.get("result") if isinstance(p.get("result"), dict) else {}
        if kind == "order.rejected" or result.get("accepted") is False:
            text += f" — refused: {p.get('reason') or result.get('reason', '')}"
        return text
    if kind == "network.reaction":
        return f"{p.get('action')} at {p.get('subject')}"
    if kind == "leak":
        return (f"{p.get('verb') or 'operation'} plan against {p.get('target')} leaked by "
                f"{p.get('official')} ({p.get('agency')})")
    if kind == "victim.identified":
        verdict = "identified as a victim" if p.get("decision") else "not identified"
        ticked = "+".join(k.upper() for k in ("act", "means", "purpose")
                          if (p.get("elements") or {}).get(k))
        return f"{p.get('person_id')} {verdict}" + (f" ({ticked})" if ticked else "")
    if kind == "victim.referred":
        return f"{p.get('person_id')} referred to {p.get('agency')}"
    if kind == "unlawful.act":
        return f"{str(p.get('kind', '')).replace('_', ' ')}: {p.get('subject')}"
    if kind.startswith("inject.expected"):
        late = " (late)" if p.get("late") else ""
        return f"inject {p.get('inject_id')}{late}"
    for key in ("text", "outcome", "reason", "details", "cause", "target", "clients"):
        if p.get(key):
            return str(p[key])
    subject = p.get("member") or p.get("person_id") or p.get("informant") or p.get("unit")
    return str(subject or "")


def key_events(events: Iterable[dict[str, Any]],
               walk_ins: Mapping[str, str] | None = None) -> list[KeyEvent]:
    """The events the report's timeline lists, in order (``walk_ins`` as for :func:`describe`)."""
    return [
        KeyEvent(e["t"], e["seq"], KEY_KINDS[e["kind"]],
                 describe(e["kind"], e.get("payload") or {}, walk_ins), e["visibility"])
        for e in events if e["kind"] in KEY_KINDS
    ]


@dataclass
class Series:
    """The chart series of one exercise."""

    identified: list[tuple[int, int]]
    """Cumulative victims identified (decision yes) over time."""
    referred: list[tuple[int, int]]
    """Cumulative victims referred over time."""
    network: dict[str, list[tuple[int, float]]]
    """From network.snapshot: active members, victims held, venues active, revenue."""
    utilisation: dict[str, float]
    """Per unit (callsign): share of the exercise it spent en route or on task."""
    end: int
    """The last sim time covered."""


def series(events: Iterable[dict[str, Any]], end: int | None = None) -> Series:
    """The chart series from the events (a pure function)."""
    identified: list[tuple[int, int]] = [(0, 0)]
    referred: list[tuple[int, int]] = [(0, 0)]
    seen_identified: set[str] = set()
    seen_referred: set[str] = set()
    network: dict[str, list[tuple[int, float]]] = {}
    busy_since: dict[str, int] = {}
    busy_total: dict[str, int] = {}
    last = 0
    for e in events:
        kind, p, t = e["kind"], e.get("payload") or {}, e["t"]
        last = max(last, t)
        if kind == "victim.identified" and p.get("decision") and p.get("person_id") not in seen_identified:
            seen_identified.add(p.get("person_id"))
            identified.append((t, len(seen_identified)))
        elif kind == "victim.referred" and p.get("person_id") not in seen_referred:
            seen_referred.add(p.get("person_id"))
            referred.append((t, len(seen_referred)))
        elif kind == "network.snapshot":
            for key in ("active_members", "victims_held", "venues_active", "revenue_total"):
                if key in p:
                    network.setdefault(key, []).append((t, float(p[key])))
        elif kind == "unit.status":
            unit = str(p.get("callsign") or p.get("unit"))
            busy_total.setdefault(unit, 0)
            if p.get("status") in BUSY:
                busy_since.setdefault(unit, t)
            elif unit in busy_since:
                busy_total[unit] += t - busy_since.pop(unit)
    end = max(last, end or 0)
    for unit, since in busy_since.items():
        busy_total[unit] += end - since
    utilisation = {u: (busy_total[u] / end if end else 0.0) for u in sorted(busy_total)}
    return Series(identified, referred, network, utilisation, end)

"""A run's summary in numbers, computed from its events (live or read from a journal).

``cpx run`` prints it at the end of a headless run and ``cpx replay LOG`` prints it for
a journal; both read the same events, so the two agree. The counts are EXCON's view
(ground truth included): a summary is for the director and the instructor, not the
trainee.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any

from cpx.journal.events import Event


_KIND = attrgetter("kind")
_T = attrgetter("t")
_TALLIED = frozenset({
    "person.met", "victim.identified", "identification.scored", "victim.referred", "arrest.made",
    "informant.exposure", "informant.burned", "leak", "network.reaction",
})
"""The kinds :func:`summarize` reads beyond counting them."""


def summarize(events: Iterable[Event], orders: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """Counts of what happened: events by kind, victims, arrests, exposure, leaks, reactions.

    ``orders`` are the journal's order records as ``{"order": …, "result": …}`` dicts (or
    the engine's results), for the accepted/rejected tally.
    """
    by_kind: Counter[str] = Counter()
    met: set[str] = set()
    identified: set[str] = set()
    wrongly_identified: set[str] = set()
    referred: set[str] = set()
    arrested: list[str] = []
    exposure: dict[str, float] = {}
    burned: dict[str, str] = {}
    leaks: list[dict[str, Any]] = []
    reactions: Counter[str] = Counter()
    adaptations: list[dict[str, Any]] = []
    events = events if isinstance(events, list) else list(events)
    by_kind.update(map(_KIND, events))  # counted in C: a run has a thousand events or more
    last_t = max(0, max(map(_T, events), default=0))
    for event in events:
        kind = event.kind
        if kind not in _TALLIED:
            continue
        payload = event.payload
        if kind == "person.met":
            met.add(str(payload.get("person_id")))
        elif kind == "victim.identified" and payload.get("decision"):
            identified.add(str(payload.get("person_id")))
        elif kind == "identification.scored" and payload.get("decision") and not payload.get("correct"):
            wrongly_identified.add(str(payload.get("person_id")))
        elif kind == "victim.referred":
            referred.add(str(payload.get("person_id")))
        elif kind == "arrest.made":
            arrested.append(str(payload.get("member")))
        elif kind == "informant.exposure":
            exposure[str(payload.get("informant"))] = float(payload.get("exposure", 0.0))
        elif kind == "informant.burned":
            burned[str(payload.get("informant"))] = str(payload.get("fate"))
        elif kind == "leak":
            leaks.append({k: payload.get(k) for k in ("official", "agency", "order_id", "target")})
        elif kind == "network.reaction":
            reactions[str(payload.get("action"))] += 1
            adaptations.append(
                {
                    "t": event.t,
                    "action": payload.get("action"),
                    "subject": payload.get("subject"),
                    "trigger": payload.get("trigger"),
                }
            )
    accepted, rejected = count_orders(orders)
    return {
        "sim_minutes": last_t,
        "events": sum(by_kind.values()),
        "events_by_kind": dict(sorted(by_kind.items())),
        "orders": {"accepted": accepted, "rejected": rejected},
        "victims": {
            "met": len(met),
            "identified": len(identified),
            "identified_wrongly": len(wrongly_identified),
            "referred": len(referred),
        },
        "arrests": len(arrested),
        "arrested": arrested,
        "informant_exposure": dict(sorted(exposure.items())),
        "informants_burned": dict(sorted(burned.items())),
        "leaks": len(leaks),
        "leaked": leaks,
        "network_reactions": dict(sorted(reactions.items())),
        "network_adaptations": adaptations,
    }


_NO_RESULT: dict[str, Any] = {}
"""The result of an order record without one (read only, never changed)."""


def count_orders(orders: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """How many of the journal's order records were accepted, and how many rejected."""
    accepted = rejected = 0
    empty = _NO_RESULT
    for record in orders:
        if record.get("result", empty).get("accepted"):
            accepted += 1
        else:
            rejected += 1
    return accepted, rejected


def format_summary(
    summary: dict[str, Any], heading: str, clock: Callable[[int], str] | None = None, adaptations: int = 12
) -> str:
    """The summary as the few lines ``cpx run`` prints.

    ``clock`` writes a sim time as ``Dn HH:MM`` (default: minutes); the first
    ``adaptations`` reactions of the network are listed with their time and cause.
    """
    clock = clock or (lambda t: f"{t} min")
    victims = summary["victims"]
    orders = summary["orders"]
    lines = [
        heading,
        f"  events       {summary['events']} ({len(summary['events_by_kind'])} kinds)",
        f"  orders       {orders['accepted']} accepted, {orders['rejected']} rejected",
        f"  victims      {victims['met']} met, {victims['identified']} identified "
        f"({victims['identified_wrongly']} wrongly), {victims['referred']} referred",
        f"  arrests      {summary['arrests']}" + (f" ({', '.join(summary['arrested'])})" if summary["arrested"] else ""),
        f"  leaks        {summary['leaks']}",
        "  reactions    " + (_pairs(summary["network_reactions"]) or "none"),
        "  exposure     "
        + (_pairs({k: f"{v:.2f}" for k, v in summary["informant_exposure"].items()}) or "none"),
    ]
    if summary["informants_burned"]:
        lines.append("  burned       " + _pairs(summary["informants_burned"]))
    shown = summary.get("network_adaptations", [])[:adaptations]
    if shown:
        lines.append("  the network adapted")
        for item in shown:
            cause = f" (after {str(item['trigger']).replace('_', ' ')})" if item.get("trigger") else ""
            lines.append(f"    {clock(item['t'])}  {item['action']} {item['subject']}{cause}")
        more = len(summary["network_adaptations"]) - len(shown)
        if more > 0:
            lines.append(f"    … and {more} more")
    lines.append("  by kind")
    width = max((len(k) for k in summary["events_by_kind"]), default=0)
    for kind, count in summary["events_by_kind"].items():
        lines.append(f"    {kind:<{width}}  {count:>6}")
    return "\n".join(lines)


def _pairs(mapping: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in mapping.items())

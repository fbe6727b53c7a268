"""A run's outcome figures: victims met, identified, referred and harmed; arrests; leaks; burns.

Counted from the run's events with :func:`cpx.journal.summary.summarize` (what ``cpx run``
prints), plus the harm to victims, which is ground truth the summary does not count.
These are EXCON figures: a sweep is for the director, never shown to a trainee.
"""

from __future__ import annotations

from typing import Any, Iterable

from cpx.journal.summary import summarize

FIGURES = (
    "victims_met", "victims_identified", "victims_referred", "victims_harmed",
    "members_arrested", "leaks", "informants_burned",
)
"""The outcome figures of every run, in the order the results file and the report show them."""

HARM_KINDS = ("victim.harmed", "victim.retrafficked")
"""Event kinds that record harm done to a victim during the exercise."""
_HARM = frozenset(HARM_KINDS)


def outcome_figures(events: Iterable[Any], orders: Iterable[dict[str, Any]] = ()) -> dict[str, int]:
    """The figures of :data:`FIGURES` (and events, orders, sim minutes) for one run."""
    events = list(events)
    summary = summarize(events, orders)
    harmed = {str((e.payload or {}).get("person_id")) for e in events if e.kind in _HARM}
    victims = summary["victims"]
    return {
        "victims_met": victims["met"],
        "victims_identified": victims["identified"],
        "victims_referred": victims["referred"],
        "victims_harmed": len(harmed),
        "members_arrested": len(set(summary["arrested"])),
        "leaks": summary["leaks"],
        "informants_burned": len(summary["informants_burned"]),
        "events": summary["events"],
        "orders_accepted": summary["orders"]["accepted"],
        "orders_rejected": summary["orders"]["rejected"],
        "sim_minutes": summary["sim_minutes"],
    }

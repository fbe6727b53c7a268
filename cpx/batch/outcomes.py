"""A run's outcome figures: victims met, identified, referred and harmed; arrests; leaks; burns.

Counted from the run's events as :func:`cpx.journal.summary.summarize` counts them (what
``cpx run`` prints), plus the harm to victims, which is ground truth the summary does not count.
These are EXCON figures: a sweep is for the director, never shown to a trainee.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Iterable

from cpx.journal.events import NATIVE, Event
from cpx.journal.summary import count_orders, summarize

FIGURES = (
    "victims_met", "victims_identified", "victims_referred", "victims_harmed",
    "members_arrested", "leaks", "informants_burned",
)
"""The outcome figures of every run, in the order the results file and the report show them."""

HARM_KINDS = ("victim.harmed", "victim.retrafficked")
"""Event kinds that record harm done to a victim during the exercise."""
_HARM = frozenset(HARM_KINDS)


def outcome_figures(events: Iterable[Any], orders: Iterable[dict[str, Any]] = ()) -> dict[str, int]:
    """The figures of :data:`FIGURES` (and events, orders, sim minutes) for one run.

    The counts :func:`cpx.journal.summary.summarize` makes of the same events (see
    :func:`summary_figures`), read in one pass over the few kinds they count: a sweep
    needs seven numbers, not the summary's tallies of every kind and its lists.
    """
    events = events if isinstance(events, list) else list(events)
    met: set[str] = set()
    identified: set[str] = set()
    referred: set[str] = set()
    harmed: set[str] = set()
    arrested: set[str] = set()
    burned: set[str] = set()
    leaks = 0
    counted = _COUNTED
    chosen: list[Any]
    picked = counted_events(events) if NATIVE else None
    if picked is not None:  # compiled: one pass reading the events' fields directly
        chosen, last = picked
    else:
        chosen = [e for e in events if e.kind in counted]  # a few dozen of a thousand
        last = max(map(_T, events), default=0)
    for event in chosen:
        kind = event.kind
        payload = event.payload
        if kind == "person.met":
            met.add(str(payload.get("person_id")))
        elif kind == "victim.identified":
            if payload.get("decision"):
                identified.add(str(payload.get("person_id")))
        elif kind == "victim.referred":
            referred.add(str(payload.get("person_id")))
        elif kind == "arrest.made":
            arrested.add(str(payload.get("member")))
        elif kind == "leak":
            leaks += 1
        elif kind == "informant.burned":
            burned.add(str(payload.get("informant")))
        else:  # harm done to a victim
            harmed.add(str((payload or {}).get("person_id")))
    accepted, rejected = count_orders(orders)
    return {
        "victims_met": len(met),
        "victims_identified": len(identified),
        "victims_referred": len(referred),
        "victims_harmed": len(harmed),
        "members_arrested": len(arrested),
        "leaks": leaks,
        "informants_burned": len(burned),
        "events": len(events),
        "orders_accepted": accepted,
        "orders_rejected": rejected,
        "sim_minutes": max(0, last),
    }


_COUNTED = frozenset({"person.met", "victim.identified", "victim.referred", "arrest.made", "leak",
                      "informant.burned", *HARM_KINDS})
"""The kinds :func:`outcome_figures` counts."""
_T = attrgetter("t")


def counted_events(events: list[Any]) -> tuple[list[Event], int] | None:
    """The events of the kinds :func:`outcome_figures` counts, in order, and the latest
    time of all the events (0 when none), in one pass; None when a record is not an
    :class:`~cpx.journal.events.Event`.

    Used compiled (:data:`~cpx.journal.events.NATIVE`), where an event's kind and time are
    read as the struct's fields; interpreted, a filter and ``max`` over ``attrgetter`` are
    cheaper (``tests/batch/test_scoring_gather.py`` compares the two).
    """
    chosen: list[Event] = []
    last = 0
    seen = False
    counted = _COUNTED
    for record in events:
        if not isinstance(record, Event):
            return None
        t = record.t
        if not seen or t > last:
            last = t
            seen = True
        if record.kind in counted:
            chosen.append(record)
    return chosen, last


def summary_figures(events: Iterable[Any], orders: Iterable[dict[str, Any]] = ()) -> dict[str, int]:
    """:func:`outcome_figures` the plain way, from the run's summary (what ``cpx run``
    prints) and the harm it does not count: the reference the fast count is tested against."""
    events = list(events)
    orders = list(orders)
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

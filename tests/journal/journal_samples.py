"""Shared test data for the journal tests: a minimal real scenario and hand-made events."""

from __future__ import annotations

from cpx.journal.events import EXCON, Event

MINIMAL = {
    "meta": {
        "id": "tiny",
        "title": "Tiny",
        "version": "1",
        "situation": "A quiet town.",
        "mission": "Find out what happens at the bar.",
        "startex": "2004-03-08T08:00",
        "duration": "1d",
    },
    "region": {
        "jurisdictions": [{"id": "north", "name": "Northland"}],
        "locations": [{"id": "town", "name": "Town", "kind": "town", "jurisdiction": "north", "at": [1, 1]}],
    },
    "network": {
        "name": "Ring",
        "members": [{"id": "boss", "name": "Mr Boss", "roles": ["boss"], "home": "town"}],
    },
    "agencies": [{"id": "police", "name": "Police", "kind": "police", "player_cell": "trainee"}],
}


def make_events(count: int, start: int = 0) -> list[Event]:
    """``count`` events, alternating audience, with non-ASCII text and nested payloads."""
    return [
        Event(
            t=10 * i,
            seq=start + i,
            kind="report.informant" if i % 2 else "network.activity",
            visibility="trainee" if i % 2 else EXCON,
            payload={"text": f"Bericht Nr. {i} – Ženа", "n": i, "nested": {"b": [1, 2.5], "a": None}},
        )
        for i in range(count)
    ]

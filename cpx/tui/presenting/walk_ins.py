"""What the trainee calls a person an inject brought into play: 'walk-in 1', not the id
the scenario's author gave them.

People the engine generates have handles like ``p12``: neutral, and what the trainee
types in orders. A person an inject brings in may carry an author's id instead
(``walk_in_worker``), which is a word of the scenario file, not of the radio log, and
could say more than the cell knows. The cell met them when they came forward: they are
named for that, numbered in the order they came.
"""

from __future__ import annotations

import re
from typing import Any

GENERATED_PERSON = re.compile(r"p\d+")
"""The engine's own handles for people (p1, p2…): shown as they are."""

WALK_IN = "walk-in"


def learn_walk_in(names: dict[str, str], payload: dict[str, Any]) -> None:
    """Name the person of a payload in ``names`` ('walk-in 2') unless the engine
    generated their id or they are named already: only the people injects bring in
    have other ids (:class:`~cpx.scenario.models.InjectPerson`), and they come forward."""
    person = str(payload.get("person_id") or "")
    if not person or GENERATED_PERSON.fullmatch(person) or person in names:
        return
    earlier = sum(1 for label in names.values() if label.startswith(f"{WALK_IN} "))
    names[person] = f"{WALK_IN} {earlier + 1}"

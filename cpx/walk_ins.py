"""What the cell calls a person an inject brought into play: 'walk-in 1', not the id
the scenario's author gave them.

People the engine generates have handles like ``p12``: neutral, and what the trainee
types in orders. A person an inject brings in may carry an author's id instead
(``walk_in_worker``), which is a word of the scenario file, not of the radio log, and
could say more than the cell knows. The cell met them when they came forward: they are
named for that, numbered in the order they came.

One rule names them wherever they are read: the command post as the exercise runs
(:class:`~cpx.tui.presenting.feed.FeedPresenter`), and after play the debrief, the
replay, the score card and the after-action report, which read the same events from
the journal (:func:`walk_in_names`). Plain functions of the events, no Textual or Rich.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

GENERATED_PERSON = re.compile(r"p\d+")
"""The engine's own handles for people (p1, p2…): shown as they are."""

WALK_IN = "walk-in"

MET_KINDS = frozenset({"person.met", "person.came_forward"})
"""The events in which a cell meets a person (met where they are; came forward): a
walk-in is named in the first of them the cell sees. A reader of only some kinds of a
journal reads these too, to name them."""

_WORD = re.compile(r"[A-Za-z0-9_]+")
"""A whole word of a text, as ids are written (an id is ``[a-z][a-z0-9_]*``)."""


def learn_walk_in(names: dict[str, str], kind: str, payload: Mapping[str, Any]) -> None:
    """Name in ``names`` ('walk-in 2') the person the cell meets in an event of ``kind``
    (:data:`MET_KINDS`) unless the engine generated their id or they are named already:
    of the people the cell meets, only those injects bring in have other ids
    (:class:`~cpx.scenario.models.InjectPerson`). Other events name people too (a
    suspect interviewed, a member in the briefing): they are not met there, and keep the
    names the cell knows them by."""
    if kind not in MET_KINDS:
        return
    person = str(payload.get("person_id") or "")
    if not person or GENERATED_PERSON.fullmatch(person) or person in names:
        return
    earlier = sum(1 for label in names.values() if is_walk_in(label))
    names[person] = f"{WALK_IN} {earlier + 1}"


def is_walk_in(label: str) -> bool:
    """Whether ``label`` is a name :func:`learn_walk_in` gave."""
    return label.startswith(f"{WALK_IN} ")


def walk_in_names(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Every walk-in of an exercise by id, named as the cell that met them named them
    (journal event records in order). Each cell numbers its own; when two cells both
    have a 'walk-in 1', the after-action texts say whose ('walk-in 1 (border_police)').

    Only people who came forward are named (the journal holds what the feed could not
    know when it named them at ``person.met``: the ``person.came_forward`` just after),
    so a journal whose met people carry ids of another kind names none of them."""
    records = [r for r in records if r.get("visibility") not in (None, "", "excon")
               and r.get("type", "event") == "event"]
    came = {str((r.get("payload") or {}).get("person_id")) for r in records
            if r.get("kind") == "person.came_forward"}
    by_cell: dict[str, dict[str, str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for record in records:
        cell = record["visibility"]
        if str((record.get("payload") or {}).get("person_id")) not in came:
            continue
        names = by_cell.setdefault(str(cell), {})
        known = len(names)
        payload = record.get("payload") or {}
        learn_walk_in(names, str(record.get("kind")), payload)
        if len(names) > known:  # the first cell to meet them is the one they came to
            person = str(payload["person_id"])
            first.setdefault(person, (str(cell), names[person]))
    labels = [label for _cell, label in first.values()]
    return {person: label if labels.count(label) == 1 else f"{label} ({cell})"
            for person, (cell, label) in first.items()}


def spell_walk_ins(text: str, names: Mapping[str, str]) -> str:
    """``text`` with every walk-in id of ``names`` written as their name (whole words
    only: texts the engine wrote, such as 'walk_in_worker agreed to give evidence')."""
    if not names or not text:
        return text
    return _WORD.sub(lambda m: names.get(m.group(0), m.group(0)), text)

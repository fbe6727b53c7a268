"""Score cards per player cell: each cell rated on its own objectives.

In a scenario with a ``cells:`` section an objective belongs to one cell (its ``cell``,
or the cell that lists it) or to the whole exercise (neither). ``cpx score LOG --cell X``
shows X's objectives and the whole exercise's; without ``--cell`` the card shows every
cell's objectives under its name, then the whole exercise's.
"""

from __future__ import annotations

from dataclasses import replace

from cpx.aar.scorecard import ScoreCard
from cpx.errors import CpxError

WHOLE_EXERCISE = "the whole exercise"


def for_cell(card: ScoreCard, cell: str) -> ScoreCard:
    """The card of one cell: its objectives and the whole exercise's (an unknown cell is
    refused with the cells there are)."""
    known = [c for c, _name in card.cells]
    if cell not in known:
        listed = ", ".join(known) if known else "none: this scenario has one cell"
        raise CpxError(f"no player cell {cell!r} in {card.scenario_id} (the cells: {listed})",
                       "Unknown cell")
    kept = tuple(o for o in card.objectives if o.cell in (cell, None))
    return replace(card, objectives=kept, cells=tuple(c for c in card.cells if c[0] == cell))


def grouped(card: ScoreCard) -> list[tuple[str, list]]:
    """(heading, objective scores) per cell in the scenario's order, then the whole
    exercise's; a card without cells is one group with no heading."""
    if not card.cells:
        return [("", list(card.objectives))]
    groups = []
    for cell, name in card.cells:
        mine = [o for o in card.objectives if o.cell == cell]
        if mine:
            groups.append((f"Cell {cell} — {name}", mine))
    shared = [o for o in card.objectives if o.cell is None]
    if shared:
        groups.append((f"Objectives of {WHOLE_EXERCISE} (every cell)", shared))
    return groups

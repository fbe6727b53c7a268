"""Player cells: who commands what, what each cell is told, and who plays an empty one.

A scenario may name its player cells in a ``cells:`` section; each cell commands some
agencies (all their units) and/or single units, reads its own briefing, is rated on its
own objectives, and — when nobody sits at it — is played by the engine's policy named
here (a response cell, as in a real exercise)::

    cells:
      - id: trainee
        name: Host police commander
        agencies: [vps_velinor, satu]
        policy: baseline
      - id: border_police
        name: Border police duty officer
        agencies: [border_police]
        mission: "..."
        objectives: [border_control]

A scenario without ``cells:`` keeps the older form: ``meta.player_cells`` and each
agency's ``player_cell`` (one cell, ``trainee``, unless it says otherwise). With
``cells:``, those are derived from it (:func:`derive`), so everything that reads them
sees the cells; the cross-reference checks (:func:`check`) say where the section is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from cpx.scenario.types import Id, IdList

if TYPE_CHECKING:
    from cpx.scenario.models import Scenario

CellPolicy = Literal["passive", "baseline"]
"""Who plays a cell nobody sits at: ``passive`` gives no orders, ``baseline`` is a sound
commander deciding hourly from the cell's own picture (``cpx.engine.policies``)."""


class Cell(BaseModel):
    """A player cell: a seat in the exercise with its own units, picture and briefing."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True,
                              allow_inf_nan=False)

    id: Id
    """Referred to by injects (``to``), objectives (``cell``) and on the command line
    (``cpx play SCENARIO --cell ID``)."""
    name: str = ""
    """The cell as players read it, e.g. 'Border police duty officer' (default: its id)."""
    agencies: IdList = []
    """Agencies whose units this cell commands."""
    units: IdList = []
    """Single units this cell commands, besides its agencies' (e.g. one liaison team)."""
    situation: str = ""
    """The situation text of this cell's briefing (default: meta.situation)."""
    mission: str = ""
    """The mission text of this cell's briefing (default: meta.mission)."""
    objectives: IdList = []
    """Objectives this cell is rated on (an objective may instead name its ``cell``)."""
    policy: CellPolicy = "passive"
    """Who plays this cell when nobody sits at it (``cpx run``, ``cpx play --cell`` for
    the others, a served exercise's empty seats)."""

    @property
    def title(self) -> str:
        """The cell's name, or its id when it has none."""
        return self.name or self.id


def derive(scenario: "Scenario") -> None:
    """Fill ``meta.player_cells``, each agency's ``player_cell`` and each inject's
    default ``to`` from the ``cells:`` section (nothing when there is none).

    Only what the file leaves out is filled in: a value the file gives that disagrees
    is left for :func:`check` to report where it is written. Runs once, while the
    scenario is validated (the models are frozen afterwards).
    """
    if not scenario.cells:
        return
    ids = [cell.id for cell in scenario.cells]
    if "player_cells" not in scenario.meta.model_fields_set:
        object.__setattr__(scenario.meta, "player_cells", ids)
    owner = {}
    for cell in scenario.cells:
        for agency in cell.agencies:
            owner.setdefault(agency, cell.id)
    for agency in scenario.agencies:
        if agency.player_cell is None and agency.id in owner:
            object.__setattr__(agency, "player_cell", owner[agency.id])
    for inject in scenario.injects:
        if "to" not in inject.model_fields_set:
            object.__setattr__(inject, "to", ids[0])


def unit_cells(scenario: "Scenario") -> dict[str, str | None]:
    """unit id -> the player cell that commands it (None: played by the simulation)."""
    cells: dict[str, str | None] = {}
    for agency in scenario.agencies:
        for unit in agency.units:
            cells[unit.id] = agency.player_cell
    for cell in scenario.cells:
        for unit in cell.units:
            if unit in cells:
                cells[unit] = cell.id
    return cells


def cell_of_objective(scenario: "Scenario", objective_id: str) -> str | None:
    """The cell an objective rates (its ``cell``, or the cell listing it), else None
    (an objective of the whole exercise: every cell's)."""
    for objective in scenario.objectives:
        if objective.id == objective_id and getattr(objective, "cell", None):
            return objective.cell
    for cell in scenario.cells:
        if objective_id in cell.objectives:
            return cell.id
    return None


def cell_named(scenario: "Scenario", cell_id: str) -> Cell | None:
    """The ``cells:`` entry of ``cell_id`` (None in a scenario without the section)."""
    return next((cell for cell in scenario.cells if cell.id == cell_id), None)


def policy_of(scenario: "Scenario", cell_id: str) -> str:
    """The policy that plays ``cell_id`` when nobody sits at it (``passive`` by default)."""
    cell = cell_named(scenario, cell_id)
    return cell.policy if cell is not None else "passive"


def check(scenario: "Scenario") -> Iterator[tuple[tuple, str]]:
    """Problems of the ``cells:`` section, each at the path of the field at fault."""
    from cpx.scenario.explain import suggest

    if not scenario.cells:
        for n, objective in enumerate(scenario.objectives):
            cell = getattr(objective, "cell", None)
            if cell and cell not in scenario.meta.player_cells:
                yield ("objectives", n, "cell"), _unknown("player cell", cell, scenario.meta.player_cells, suggest)
        return
    ids = [cell.id for cell in scenario.cells]
    if "player_cells" in scenario.meta.model_fields_set and list(scenario.meta.player_cells) != ids:
        yield (("meta", "player_cells"),
               f"meta.player_cells ({', '.join(scenario.meta.player_cells)}) disagrees with the "
               f"cells section ({', '.join(ids)}); leave meta.player_cells out")
    agencies = {agency.id: agency for agency in scenario.agencies}
    units = {unit.id for agency in scenario.agencies for unit in agency.units}
    objectives = [objective.id for objective in scenario.objectives]
    seen_cell: set[str] = set()
    agency_cell: dict[str, str] = {}
    unit_cell: dict[str, str] = {}
    for n, cell in enumerate(scenario.cells):
        here = ("cells", n)
        if cell.id == "excon":
            yield here + ("id",), "'excon' is exercise control, not a player cell; choose another id"
        if cell.id in seen_cell:
            yield here + ("id",), f"the cell '{cell.id}' is defined twice"
        seen_cell.add(cell.id)
        if not cell.agencies and not cell.units:
            yield here, f"the cell '{cell.id}' commands nothing: give it agencies or units"
        for a, agency in enumerate(cell.agencies):
            problem = _claim("agency", agency, list(agencies), agency_cell, cell.id, suggest)
            declared = agencies[agency].player_cell if problem is None else None
            if problem is None and declared is not None and declared != cell.id:
                problem = f"the agency '{agency}' names player_cell '{declared}', not '{cell.id}'"
            if problem:
                yield here + ("agencies", a), problem
        for u, unit in enumerate(cell.units):
            problem = _claim("unit", unit, sorted(units), unit_cell, cell.id, suggest,
                             why="; a unit is in one cell")
            if problem:
                yield here + ("units", u), problem
        for o, objective in enumerate(cell.objectives):
            if objective not in objectives:
                yield here + ("objectives", o), _unknown("objective", objective, objectives, suggest)
    for n, objective in enumerate(scenario.objectives):
        cell = getattr(objective, "cell", None)
        if cell and cell not in ids:
            yield ("objectives", n, "cell"), _unknown("cell", cell, ids, suggest)
        listed = [c.id for c in scenario.cells if objective.id in c.objectives]
        if cell and listed and listed != [cell] or len(listed) > 1:
            yield (("objectives", n, "cell"),
                   f"the objective '{objective.id}' is given to more than one cell "
                   f"({', '.join(sorted(set(listed + ([cell] if cell else []))))})")


def _claim(noun: str, item: str, known: list[str], owners: dict[str, str], cell: str,
           suggest, why: str = "") -> str | None:
    """Give ``item`` (an agency or unit) to ``cell`` in ``owners``; the problem, if it is
    not in the scenario or a cell commands it already (``why`` ends that message)."""
    if item not in known:
        return _unknown(noun, item, known, suggest)
    if item in owners:
        return f"the {noun} '{item}' is already commanded by the cell '{owners[item]}'{why}"
    owners[item] = cell
    return None


def _unknown(noun: str, value: str, known: list[str], suggest) -> str:
    guess = suggest(value, known)
    hint = f"; did you mean '{guess}'?" if guess else ""
    return f"there is no {noun} '{value}' in the scenario{hint}"

"""The parts of a scenario a seat may read: what its briefing and map are drawn from.

A remote command post needs the briefing (``meta``), the map (``region``), the agencies
and their units (its own and its partners', as the offline briefing lists them) and the
codenames of the informants its own units handle. Never the network, the injects, the
objectives' measures nor an informant's hidden parameters (accuracy, access, exposure):
:func:`public_scenario` picks the allowed parts field by field, so a field added to the
scenario later stays on the server until someone decides a seat may see it.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

INFORMANT_FIELDS = ("id", "codename", "handler", "reliability")
"""What a cell knows of a source its own unit handles."""


def public_scenario(scenario: Any, cell: str) -> dict[str, Any]:
    """The scenario as ``cell`` may see it, as plain JSON data."""
    own_units = {u.id for a in scenario.agencies if a.player_cell == cell for u in a.units}
    data: dict[str, Any] = {
        "meta": scenario.meta.model_dump(mode="json"),
        "region": scenario.region.model_dump(mode="json"),
        "agencies": [_agency(a) for a in scenario.agencies],
        "informants": [{k: getattr(inf, k) for k in INFORMANT_FIELDS}
                       for inf in scenario.informants if inf.handler in own_units],
    }
    cells = getattr(scenario, "cells", None)
    if cells:  # several player cells: each sees its own cell's entry only
        data["cells"] = [c.model_dump(mode="json") for c in cells
                         if getattr(c, "id", None) == cell]
    return data


HIDDEN_AGENCY_FIELDS = frozenset({"warrant_threshold"})
"""The director's calibration of an agency, not something its cell is told."""
HIDDEN_UNIT_FIELDS = frozenset({"skill"})
"""How well a unit does its work is found out in play, not read off a sheet."""


def _agency(agency: Any) -> dict[str, Any]:
    data = {k: v for k, v in agency.model_dump(mode="json").items()
            if k not in HIDDEN_AGENCY_FIELDS}
    data["units"] = [{k: v for k, v in unit.items() if k not in HIDDEN_UNIT_FIELDS}
                     for unit in data.get("units", [])]
    return data


def scenario_from_public(data: dict[str, Any]) -> Any:
    """The object the play screens read (``meta``, ``region``, ``agencies``, ``informants``)
    rebuilt from :func:`public_scenario`'s data, checked by the scenario's own models."""
    from cpx.scenario import models

    informants = [SimpleNamespace(**{k: item[k] for k in INFORMANT_FIELDS})
                  for item in data.get("informants", [])]
    public = SimpleNamespace(
        meta=models.Meta.model_validate(data["meta"]),
        region=models.Region.model_validate(data["region"]),
        agencies=[models.Agency.model_validate(a) for a in data["agencies"]],
        informants=informants,
    )
    # a one-cell scenario has no cells: section; the command post still reads the list
    public.cells = [SimpleNamespace(**c) for c in data.get("cells") or ()]
    return public

"""Scenario sections for accountability: the force's military police, internal affairs
and the press office (DOMAIN.md §7: international personnel; §6: corrupt protectors).

Each section has defaults a scenario can leave alone; the flagship sets its own. The
engine side is :mod:`cpx.engine.force_mp`, :mod:`cpx.engine.integrity` and
:mod:`cpx.engine.media`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cpx.scenario.types import Duration, Probability


class _Section(BaseModel):
    """Strict keys, field docstrings as descriptions, no NaN (as every scenario model)."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True,
                              populate_by_name=True, allow_inf_nan=False)


class MilitaryPolice(_Section):
    """How the international force's military police handle a report of misconduct by its
    personnel (NATO 2004 policy; DOMAIN.md §7). The force investigates and hands the case
    to the troop-contributing nation, which alone can prosecute; it puts venues off limits
    and shares the list with the host police; not every soldier complies."""

    investigation: Duration = Field(default="1d", validate_default=True)
    """How long the military police investigate, from receiving the report to handing the
    evidence to the troop-contributing nation."""
    tcn_decision: Duration = Field(default="2d", validate_default=True)
    """How long the troop-contributing nation takes to decide after the handover."""
    tcn_prosecutes: Probability = 0.5
    """The chance the troop-contributing nation repatriates and prosecutes; otherwise it
    repatriates the personnel concerned under disciplinary measures only."""
    victim_found: Probability = 0.7
    """The chance the investigation finds a victim of the personnel still held at one of
    their venues, and hands her or him to the host police to be protected and referred."""
    noncompliance: Probability = 0.1
    """The share of the group's personnel who ignore the off-limits order and go back to
    the venues until caught (drawn once, when the venues are put off limits)."""
    patrol_catch: Probability = 0.25
    """The chance a visit to an off-limits venue is caught by a military police patrol;
    whoever is caught is confined and no longer visits."""


class InternalAffairs(_Section):
    """How an integrity check on an official (``integrity_check``) runs: a covert inquiry
    is slower and rarely noticed; an open one is quick and often tips the official off."""

    covert_duration: Duration = Field(default="1d", validate_default=True)
    """How long a covert inquiry (integrity test, records, discreet watching) takes."""
    overt_duration: Duration = Field(default="4h", validate_default=True)
    """How long an open inquiry (the official is questioned) takes."""
    covert_tip_off: Probability = 0.1
    """The chance a covert inquiry reaches the network through colleagues."""
    overt_tip_off: Probability = 0.6
    """The chance an open inquiry reaches the network."""


class PublicInformation(_Section):
    """What the network and the victims make of a police statement to the media
    (``public_statement``)."""

    victim_response: Probability = 0.4
    """The chance that, after a victim-centred statement, a victim still held somewhere
    contacts victim support for help."""
    victim_response_delay: Duration = Field(default="12h", validate_default=True)
    """How long after the statement that contact comes."""
    detail_alert: Probability = 0.5
    """How much a statement that reveals operational detail raises the alert of the venues
    it concerns, as a share of a leak's raise (the network reads the papers)."""

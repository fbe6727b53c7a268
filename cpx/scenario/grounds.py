"""The scenario's rule for entry without a warrant on reported danger (DOMAIN.md §4).

A first-hand call about a person in imminent danger is always grounds; an informant's
report is grounds only when its grading is one a reasonable commander could rely on:
a source reliable enough with information credible enough, or (if the rule allows it)
corroboration by another source or by the cell's own observation.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from cpx.scenario.types import SourceGrade

Credibility = Annotated[int, Field(ge=1, le=6)]
"""Admiralty information credibility: 1 confirmed … 5 improbable, 6 cannot be judged."""


class UrgentEntryGrounds(BaseModel):
    """When an informant report of danger at a place is grounds to enter without a warrant."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True,
                              populate_by_name=True, allow_inf_nan=False)

    min_reliability: SourceGrade = "B"
    """The worst source grade (A–F) whose report may suffice on its own."""
    max_credibility: Credibility = 2
    """The worst credibility (1–6) such a report may have to suffice on its own."""
    or_corroborated: bool = True
    """Whether a report corroborated by another source or by the cell's own observation
    of the place suffices whatever its grades."""

    def sufficient(self, grade: str, credibility: int, corroborated: bool) -> bool:
        """Whether a report so graded is grounds under this rule."""
        if corroborated and self.or_corroborated:
            return True
        return grade <= self.min_reliability and credibility <= self.max_credibility

    def describe(self) -> str:
        """The rule in words, for the order desk's answers."""
        grades = "A" if self.min_reliability == "A" else f"A–{self.min_reliability}"
        cred = "1" if self.max_credibility == 1 else f"1–{self.max_credibility}"
        rule = f"a source graded {grades} with credibility {cred}"
        return rule + (", or corroboration by another source or your own observation"
                       if self.or_corroborated else "")

"""The scenario's rules for the victim's pathway after referral (DOMAIN.md §2).

Referral through the National Referral Mechanism grants the recovery and reflection
period (``legal.reflection_period``); during it the person recovers and decides, free of
pressure, whether to give evidence. These rules say how long that decision takes, how
willing a person is to begin with, how long residence permits and assisted returns take,
and how likely a returned victim is to be trafficked again. No authoritative figures
exist for them (DOMAIN.md §9): they are the director's calibration.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from cpx.scenario.types import Duration, Probability
from cpx.scenario.timefmt import format_duration


class VictimPathwayRules(BaseModel):
    """How a referred victim's pathway unfolds: the decision to give evidence, residence,
    return and its risk."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True,
                              populate_by_name=True, allow_inf_nan=False)

    decision_after: Duration = Field(default="2d", validate_default=True)
    """About how long after the reflection period begins a victim decides whether to give
    evidence: each decides between half and one and a half times this, and never after
    the period ends. Until then their statements do not count toward a case."""
    cooperation: Probability = 0.5
    """The chance that a victim who was referred, given time and treated well agrees to give
    evidence, before what happened to them (detention, intimidation, a residence permit,
    the trust built in interviews) raises or lowers it."""
    residence_processing: Duration = Field(default="1d", validate_default=True)
    """How long the immigration authority takes to issue a temporary residence permit."""
    return_arrangement: Duration = Field(default="1d", validate_default=True)
    """How long an assisted voluntary return takes to arrange."""
    compensation_processing: Duration = Field(default="1d", validate_default=True)
    """How long the court takes to decide a claim for compensation."""
    retrafficking_after_return: Probability = 0.4
    """The chance a victim returned during the reflection period, from custody or without a
    risk assessment is trafficked again."""
    retrafficking_after_safe_return: Probability = 0.05
    """The chance a victim returned after the reflection period with a risk assessment is
    trafficked again."""


def check(legal: object) -> Iterator[tuple[tuple[str, ...], str]]:
    """Problems of meaning across the pathway's fields and the reflection period."""
    rules: VictimPathwayRules = getattr(legal, "pathway")
    period = int(getattr(legal, "reflection_period"))
    if rules.decision_after > period:
        yield (("legal", "pathway", "decision_after"),
               f"victims decide within the reflection period ({format_duration(period)}); "
               f"decision_after ({format_duration(rules.decision_after)}) is longer")
    if rules.retrafficking_after_safe_return > rules.retrafficking_after_return:
        yield (("legal", "pathway", "retrafficking_after_safe_return"),
               "a safe return (after the reflection period, with a risk assessment) cannot "
               "carry more risk than an unsafe one (retrafficking_after_return)")

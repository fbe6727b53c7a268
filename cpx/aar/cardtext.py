"""The score card as plain text, for ``cpx score`` and the hot wash."""

from __future__ import annotations

from cpx.aar.ratings import MEANING
from cpx.aar.scorecard import ObjectiveScore, ScoreCard


SHARES = ("minors_referred", "expected_actions_taken", "network_disruption", "case_strength")
"""Metrics measured as a share (0–1), shown as a percentage."""


def format_amount(metric: str, value: float) -> str:
    """A value of ``metric`` with its unit: hours, a percentage or a count."""
    if metric.endswith("_hours"):
        return f"{value:g} h"
    if metric in SHARES:
        return f"{value * 100:.0f} %"
    return f"{value:g}"


def format_value(score: ObjectiveScore) -> str:
    """The measured value with its unit, or 'not measured'."""
    value = score.measure.value
    if value is None:
        return "not measured"
    return format_amount(score.objective.metric, value)


def format_rule(score: ObjectiveScore) -> str:
    """The rule in words and in the measure's unit, e.g. 'P ≥ 30 % · S ≥ 18 % · M ≥ 8 %'."""
    rule, metric = score.objective.rating, score.objective.metric
    sign = "≥" if rule.better == "higher" else "≤"
    return " · ".join(f"{grade} {sign} {format_amount(metric, getattr(rule, grade))}"
                      for grade in ("P", "S", "M"))


def format_card(card: ScoreCard) -> str:
    """A readable score card: one block per objective."""
    lines = [f"Score card — {card.scenario_id} v{card.scenario_version}, seed {card.seed}"]
    if card.warning:
        lines.append(f"WARNING: {card.warning}")
    lines.append("")
    for score in card.objectives:
        lines.append(f"[{score.rating:>3}] {score.objective.id}: {score.objective.title}")
        lines.append(
            f"      {score.objective.metric} = {format_value(score)}  ({format_rule(score)})"
            f" — {MEANING[score.rating]}"
        )
        if score.evidence:
            shown = ", ".join(str(s) for s in score.evidence[:12])
            more = f" … (+{len(score.evidence) - 12})" if len(score.evidence) > 12 else ""
            lines.append(f"      events: {shown}{more}")
    if not card.objectives:
        lines.append("The scenario has no objectives to rate.")
    return "\n".join(lines)

"""The score card as plain text, for ``cpx score`` and the hot wash."""

from __future__ import annotations

from cpx.aar.ratings import MEANING
from cpx.aar.scorecard import ObjectiveScore, ScoreCard


def format_value(score: ObjectiveScore) -> str:
    """The measured value with its unit, or 'not measured'."""
    value = score.measure.value
    if value is None:
        return "not measured"
    metric = score.objective.metric
    if metric.endswith("_hours"):
        return f"{value:g} h"
    if metric in ("minors_referred", "expected_actions_taken", "network_disruption",
                  "case_strength"):
        return f"{value * 100:.0f} %"
    return f"{value:g}"


def format_rule(score: ObjectiveScore) -> str:
    """The rule in words, e.g. 'P ≥ 3 · S ≥ 2 · M ≥ 1'."""
    rule = score.objective.rating
    sign = "≥" if rule.better == "higher" else "≤"
    return f"P {sign} {rule.P:g} · S {sign} {rule.S:g} · M {sign} {rule.M:g}"


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

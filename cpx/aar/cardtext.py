"""The score card as plain text, for ``cpx score`` and the hot wash."""

from __future__ import annotations

from cpx.aar.ratings import MEANING
from cpx.aar.measures import TaskScore
from cpx.aar.observations import describe, for_task
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


def format_task_amount(task: TaskScore, value: float) -> str:
    """A value of a task's measure with its unit."""
    if task.task.measure == "metric":
        return format_amount(task.task.metric, value)
    if task.unit == "share":
        return f"{value * 100:.0f} %"
    if task.unit == "hours":
        return f"{value:g} h"
    return f"{value:g}"


def format_task_value(task: TaskScore) -> str:
    """The task's measured value with its unit, or why it was not measured."""
    if task.value is None:
        return "not observed" if task.rating == "N/O" else "not measured"
    return format_task_amount(task, task.value)


def format_task_rule(task: TaskScore) -> str:
    """The task's thresholds, e.g. 'P ≥ 90 % · S ≥ 70 % · M ≥ 50 %'."""
    rule = task.task.rating
    sign = "≥" if rule.better == "higher" else "≤"
    return " · ".join(f"{grade} {sign} {format_task_amount(task, getattr(rule, grade))}"
                      for grade in ("P", "S", "M"))


def not_counted_lines(details: dict) -> list[str]:
    """The evidence on file that did not count toward a case, one line per reason:
    excluded (unlawfully obtained, a witness who declined) or awaiting consent."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for item in details.get("not_counted", ()) if isinstance(details, dict) else ():
        key = (str(item.get("status", "excluded")), str(item.get("reason", "")))
        grouped.setdefault(key, []).append(str(item.get("evidence_id")))
    return [f"{status}: {', '.join(ids)} — {reason}" for (status, reason), ids in grouped.items()]


def format_value(score: ObjectiveScore) -> str:
    """The deciding task's measured value with its unit."""
    return format_task_value(score.decisive)


def format_rule(score: ObjectiveScore) -> str:
    """The deciding task's rule in words and in the measure's unit."""
    return format_task_rule(score.decisive)


def format_card(card: ScoreCard) -> str:
    """A readable score card: one block per objective, a line per critical task."""
    lines = [f"Score card — {card.scenario_id} v{card.scenario_version}, seed {card.seed}"]
    if card.warning:
        lines.append(f"WARNING: {card.warning}")
    lines.append("")
    from cpx.aar.cell_scores import grouped

    for heading, scores in grouped(card):
        if heading:
            if lines[-1]:
                lines.append("")
            lines += [f"== {heading}", ""]
        _objective_lines(lines, scores, card)
    if not card.objectives:
        lines.append("The scenario has no objectives to rate.")
    return "\n".join(lines)


def _objective_lines(lines: list[str], scores: list[ObjectiveScore], card: ScoreCard) -> None:
    for score in scores:
        lines.append(f"[{score.rating:>3}] {score.objective.id}: {score.objective.title}"
                     f" — {MEANING[score.rating]}")
        for task in score.tasks:
            mark = "*" if task is score.decisive and len(score.tasks) > 1 else " "
            name = task.task.metric if task.task.measure == "metric" else task.task.measure
            lines.append(f"    {mark}{task.rating:>3} {task.id} {task.task.task}")
            lines.append(f"          {name} = {format_task_value(task)}  ({format_task_rule(task)})")
            for seen in for_task(card.observations, score.objective.id, task.id):
                # an evaluator's view beside the computed rating, never instead of it
                lines.append(f"          observed {describe(seen, card.clocks.get(seen.t, ''))}")
            lines.extend(f"          {line}" for line in not_counted_lines(task.details))
        if score.evidence:
            shown = ", ".join(str(s) for s in score.evidence[:12])
            more = f" … (+{len(score.evidence) - 12})" if len(score.evidence) > 12 else ""
            lines.append(f"      events: {shown}{more}")

"""Strengths, areas for improvement and the improvement plan, derived from the score.

The wording is the evaluator's: short, factual sentences built from the measured values
and the events behind them. The improvement plan gets a row for every objective not
performed without challenges; dates count from ENDEX (start a week later, complete
within 30 / 60 / 90 days for U / M / S), so the same log gives the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cpx.aar.cardtext import format_value
from cpx.aar.centrality import member_weights
from cpx.aar.scorecard import ObjectiveScore, ScoreCard
from cpx.scenario.models import Agency, Scenario

CORRECTIVE = {
    "victims_identified_correctly": "Train the Palermo checklist (act, means, purpose; no means for a minor) and the ILO indicators; interview with an interpreter and an NGO present.",
    "victims_identified_wrongly": "Review the identification decisions against the checklist; require a second reviewer for every negative decision.",
    "victims_referred": "Agree a referral protocol with victim support: warn the shelter before every raid and refer at first contact.",
    "referral_time_hours": "Put victim-support staff on standby before operations so referral follows within hours of first contact.",
    "minors_referred": "Make minors the first referral at every scene; designate a child-protection focal point.",
    "victims_harmed": "Assess risk at every contact; act at once when a person is in danger, whatever the covert plan.",
    "network_disruption": "Target the organisers and brokers of the network (high centrality), not only the visible venue staff.",
    "case_strength": "Build evidence (surveillance, documents, financial records, intercepts) before arrest; intelligence is not evidence.",
    "unlawful_acts": "Refresh legal training on warrants, non-punishment of victims and detention limits; add a legal check to the order process.",
    "informants_exposed": "Sanitise intelligence before acting on it; never act visibly on what only one source could know.",
    "leaks": "Restrict operational planning to units that need to know; use a unit without a local footprint for sensitive raids.",
    "expected_actions_taken": "Rehearse the standard responses to typical reports and requests; assign a duty officer to track open taskings.",
    "misconduct_reported_hours": "Report misconduct of international personnel through the force's military police at once; preserve evidence, protect the victims.",
}
"""The corrective action proposed for each metric."""

OWNER = {
    "victims_identified_correctly": (("police", "special_police"), "Head of victim protection"),
    "victims_identified_wrongly": (("police", "special_police"), "Head of victim protection"),
    "victims_referred": (("ngo", "police"), "Referral coordinator"),
    "referral_time_hours": (("ngo", "police"), "Referral coordinator"),
    "minors_referred": (("ngo", "police"), "Child-protection focal point"),
    "victims_harmed": (("police", "special_police"), "Operations commander"),
    "network_disruption": (("special_police", "police"), "Senior investigating officer"),
    "case_strength": (("prosecutor", "special_police", "police"), "Case prosecutor"),
    "unlawful_acts": (("police", "special_police"), "Legal adviser"),
    "informants_exposed": (("police", "special_police"), "Source-handling manager"),
    "leaks": (("police",), "Professional standards officer"),
    "expected_actions_taken": (("police", "special_police"), "Duty officer"),
    "misconduct_reported_hours": (("military_police", "police"), "Liaison officer to the force"),
}
"""For each metric: the agency kinds responsible (first found wins) and the point of contact."""

DAYS_TO_COMPLETE = {"U": 30, "M": 60, "S": 90}


@dataclass(frozen=True)
class PlanRow:
    """One row of the improvement plan (HSEEP AAR/IP)."""

    objective: str
    issue: str
    corrective_action: str
    organisation: str
    point_of_contact: str
    start: date
    completion: date


def _owner(scenario: Scenario, metric: str) -> str:
    kinds, _ = OWNER[metric]
    players = [a for a in scenario.agencies if a.player_cell]
    for kind in kinds:
        found: list[Agency] = [a for a in scenario.agencies if a.kind == kind]
        found.sort(key=lambda a: a.player_cell is None)  # player agencies first
        if found:
            return found[0].name
    return players[0].name if players else scenario.agencies[0].name


def strengths_and_areas(score: ObjectiveScore, scenario: Scenario) -> tuple[list[str], list[str]]:
    """What went well and what did not, for one objective."""
    m, d = score.measure, score.measure.details
    metric, value = score.objective.metric, format_value(score)
    strengths: list[str] = []
    areas: list[str] = []
    title = score.objective.title.rstrip(".")
    rule = score.objective.rating
    target = f"{'≥' if rule.better == 'higher' else '≤'} {rule.P:g}"
    if score.rating == "P":
        strengths.append(f"{title} — measured {value}, within the target ({target}).")
    elif score.rating == "N/O":
        areas.append("Not observed: the exercise gave no occasion for this task.")
    elif m.value is None:
        areas.append(f"{title} — not achieved during the exercise (target {target}).")
    else:
        areas.append(f"{title} — measured {value}, short of the target ({target}).")
    if metric == "victims_identified_wrongly":
        for person, reason in sorted(d.get("reasons", {}).items()):
            areas.append(f"{person}: {reason}.")
    elif metric == "minors_referred" and d.get("minors_met"):
        (strengths if d.get("minors_first") else areas).append(
            "Minors were referred " + ("first." if d.get("minors_first") else "after adults.")
        )
    elif metric == "network_disruption":
        weights = member_weights(scenario)
        arrested = d.get("arrested", {})
        if arrested:
            strengths.append("Arrested: " + ", ".join(sorted(arrested)) + ".")
        at_large = sorted((w, m_id) for m_id, w in weights.items() if m_id not in arrested)
        if at_large:
            areas.append(f"The most central member still at large: {at_large[-1][1]}.")
    elif metric == "unlawful_acts":
        for kind, count in sorted(d.get("by_kind", {}).items()):
            areas.append(f"{count} × {kind.replace('_', ' ')}.")
    elif metric == "leaks":
        for target in d.get("targets", []):
            areas.append(f"The operation against {target} leaked to the network.")
    elif metric == "expected_actions_taken":
        for inject in d.get("missed_injects", []):
            areas.append(f"Expected action of inject {inject} was missed.")
        if d.get("late"):
            areas.append(f"{d['late']} expected action(s) taken late.")
    elif metric == "case_strength":
        weak = [s for s, v in d.get("per_suspect", {}).items() if v < score.objective.rating.M]
        if weak:
            areas.append("Weak cases: " + ", ".join(weak) + ".")
    return strengths, areas


def improvement_plan(card: ScoreCard, scenario: Scenario) -> list[PlanRow]:
    """One row per objective rated S, M or U, in the scenario's order."""
    endex = (scenario.meta.startex + timedelta(minutes=scenario.meta.duration)).date()
    rows = []
    for score in card.objectives:
        if score.rating not in DAYS_TO_COMPLETE:
            continue
        metric = score.objective.metric
        _, areas = strengths_and_areas(score, scenario)
        start = endex + timedelta(days=7)
        rows.append(PlanRow(
            objective=score.objective.id,
            issue=areas[0] if areas else score.objective.title,
            corrective_action=CORRECTIVE[metric],
            organisation=_owner(scenario, metric),
            point_of_contact=OWNER[metric][1],
            start=start,
            completion=start + timedelta(days=DAYS_TO_COMPLETE[score.rating]),
        ))
    return rows

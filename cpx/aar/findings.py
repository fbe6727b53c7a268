"""Strengths, areas for improvement and the improvement plan, derived from the score.

The wording is the evaluator's: short, factual sentences built from the measured values
and the events behind them. The improvement plan gets a row for every objective not
performed without challenges; dates count from ENDEX (start a week later, complete
within 30 / 60 / 90 days for U / M / S), so the same log gives the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cpx.aar.cardtext import format_task_amount, format_task_value, not_counted_lines
from cpx.aar.centrality import member_weights
from cpx.aar.report_facts import ExerciseFacts, observations
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
    title: str = ""
    """The objective's title (``objective`` is its id)."""
    start_days: int = 7
    """Days after ENDEX the action starts (dates are relative to the exercise)."""
    completion_days: int = 37
    """Days after ENDEX the action is due."""

    @property
    def when(self) -> tuple[str, str]:
        """Start and completion as 'ENDEX + 7 d (2004-03-20)'."""
        return (f"ENDEX + {self.start_days} d ({self.start.isoformat()})",
                f"ENDEX + {self.completion_days} d ({self.completion.isoformat()})")


def _owner(scenario: Scenario, metric: str) -> str:
    kinds, _ = OWNER[metric]
    players = [a for a in scenario.agencies if a.player_cell]
    for kind in kinds:
        found: list[Agency] = [a for a in scenario.agencies if a.kind == kind]
        found.sort(key=lambda a: a.player_cell is None)  # player agencies first
        if found:
            return found[0].name
    return players[0].name if players else scenario.agencies[0].name


_KIND_TOPIC = (
    ("unlawful.act", "unlawful_acts"), ("informant.burned", "informants_exposed"),
    ("leak", "leaks"), ("misconduct.reported", "misconduct_reported_hours"),
    ("identification.scored", "victims_identified_correctly"),
    ("victim.identified", "victims_identified_correctly"),
    ("victim.referred", "referral_time_hours"), ("member.arrested", "network_disruption"),
    ("arrest.made", "network_disruption"), ("evidence.added", "case_strength"),
    ("warrant.granted", "case_strength"), ("raid.result", "victims_harmed"),
    ("person.met", "victims_referred"),
)
_OUTCOME_TOPIC = {"assets_frozen": "case_strength", "warrant_granted": "case_strength",
                  "arrested": "network_disruption", "route_cut": "network_disruption",
                  "raided": "victims_harmed", "misconduct_reported": "misconduct_reported_hours",
                  "border_alert": "victims_harmed"}


def topic(task) -> str:
    """The topic of a critical task, for its corrective action and its owner."""
    if task.measure == "metric":
        return task.metric
    if task.measure == "harm":
        return "unlawful_acts" if task.harm == "in_custody" else "victims_harmed"
    if task.measure == "outcome":
        return _OUTCOME_TOPIC[task.outcome]
    kinds = [getattr(task, name).event for name in ("got", "to", "event", "of", "from_")
             if getattr(task, name, None) is not None]
    for kind in kinds:
        for known, found in _KIND_TOPIC:
            if kind == known:
                if found == "referral_time_hours" and any(
                        getattr(getattr(task, n, None), "minor", None) for n in ("of", "from_")):
                    return "minors_referred"
                return found
    return "expected_actions_taken"


def strengths_and_areas(score: ObjectiveScore, scenario: Scenario,
                        facts: ExerciseFacts | None = None) -> tuple[list[str], list[str]]:
    """What went well and what did not, for one objective, from the task that decided it.

    Strengths are listed only for a rating of P or S, areas for improvement only for a
    rating below P, so the findings never contradict the rating.
    """
    decisive = score.decisive
    if decisive.task.measure == "metric":
        strengths, areas = _metric_findings(score, scenario, facts)
    else:
        strengths, areas = list(decisive.good), list(decisive.bad)
    value = format_task_value(decisive)
    rule = decisive.task.rating
    target = f"{'≥' if rule.better == 'higher' else '≤'} {format_task_amount(decisive, rule.P)}"
    if score.rating not in ("P", "S"):
        strengths = []
    if score.rating == "P":
        areas = []
        if not strengths:
            strengths.append(f"Measured {value}, within the target ({target}).")
    elif score.rating == "N/O":
        if not any(a.startswith("Not observed") for a in areas):
            areas.insert(0, "Not observed: the exercise gave no occasion for this task.")
    elif decisive.value is None:
        areas.insert(0, f"Not achieved during the exercise (target {target}).")
    elif not areas:
        areas.append(f"Measured {value}, short of the target ({target}).")
    if len(score.tasks) > 1 and score.rating != "N/O":
        areas = [f"{decisive.task.task} — {a}" if i == 0 else a for i, a in enumerate(areas)] \
            if score.rating != "P" else areas
    return strengths, areas


def _metric_findings(score: ObjectiveScore, scenario: Scenario,
                     facts: ExerciseFacts | None) -> tuple[list[str], list[str]]:
    """Findings of a task measured by one of the older metrics."""
    task = score.decisive
    d = task.details
    metric = task.task.metric
    names = {member.id: member.name for member in scenario.network.members}
    strengths: list[str] = []
    areas: list[str] = []
    if facts is not None:
        found_strengths, found_areas = observations(metric, facts)
        strengths += found_strengths
        areas += found_areas
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
            strengths.append("Arrested: " + ", ".join(names.get(a, a) for a in sorted(arrested))
                             + ".")
        at_large = sorted((w, m_id) for m_id, w in weights.items() if m_id not in arrested)
        if at_large:
            central = [names.get(m_id, m_id) for _, m_id in at_large[::-1][:3]]
            areas.append(f"The most central members are still at large: {', '.join(central)}.")
    elif metric == "unlawful_acts":
        for kind, count in sorted(d.get("by_kind", {}).items()):
            areas.append(f"{count} × {kind.replace('_', ' ')}.")
    elif metric == "leaks" and facts is None:
        for target in dict.fromkeys(d.get("targets", [])):  # each target once, in order
            areas.append(f"The operation against {target} leaked to the network.")
    elif metric == "expected_actions_taken":
        for inject in d.get("missed_injects", []):
            areas.append(f"Expected action of inject {inject} was missed.")
        if d.get("late"):
            areas.append(f"{d['late']} expected action(s) taken late.")
    elif metric == "case_strength":
        weak = [s for s, v in d.get("per_suspect", {}).items() if v < task.task.rating.M]
        if weak:
            areas.append("Weak cases (below the threshold for M): "
                         + ", ".join(f"{names.get(x, x)} {d['per_suspect'][x] * 100:.0f} %"
                                     for x in weak) + ".")
        for line in not_counted_lines(d):
            areas.append(f"Evidence that did not count, {line}.")
    return strengths, areas


def _leak_channel(facts: ExerciseFacts | None, scenario: Scenario) -> str | None:
    """The scenario agency most leaks went through (None without leaks)."""
    if facts is None or not facts.leaks:
        return None
    agencies = {a.id: a.name for a in scenario.agencies}
    counts: dict[str, int] = {}
    for leak in facts.leaks:
        agency = str(leak["payload"].get("agency"))
        counts[agency] = counts.get(agency, 0) + 1
    top = max(counts, key=lambda a: (counts[a], a))
    return agencies.get(top)


def improvement_plan(card: ScoreCard, scenario: Scenario,
                     facts: ExerciseFacts | None = None) -> list[PlanRow]:
    """One row per objective rated S, M or U, in the scenario's order.

    The issue is the first observation behind the rating; leaks go to the agency most
    of them came through; the point of contact is a role with a name to fill in.
    """
    endex = (scenario.meta.startex + timedelta(minutes=scenario.meta.duration)).date()
    rows = []
    for score in card.objectives:
        if score.rating not in DAYS_TO_COMPLETE:
            continue
        metric = topic(score.decisive.task)
        _, areas = strengths_and_areas(score, scenario, facts)
        organisation = _owner(scenario, metric)
        action = CORRECTIVE[metric]
        if metric == "leaks" and (channel := _leak_channel(facts, scenario)):
            organisation = channel
            action += f" Open a professional-standards review of who in {channel} saw the plans."
        days = DAYS_TO_COMPLETE[score.rating]
        rows.append(PlanRow(
            objective=score.objective.id,
            issue=" ".join(areas[:2]) if areas else score.objective.title,
            corrective_action=action,
            organisation=organisation,
            point_of_contact=f"[name], {OWNER[metric][1]}",
            start=endex + timedelta(days=7),
            completion=endex + timedelta(days=7 + days),
            title=score.objective.title,
            start_days=7,
            completion_days=7 + days,
        ))
    return rows

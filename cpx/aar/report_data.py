"""The content of the after-action report (HSEEP AAR/IP), independent of its format.

:func:`build_report` reads the journal once, scores it, and gathers what the Markdown
and HTML writers lay out: the exercise overview, each objective with its rating,
strengths and areas for improvement, the improvement plan, the timeline of key events,
the chart series and the instructor's notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from cpx.aar.findings import PlanRow, improvement_plan, strengths_and_areas
from cpx.aar.fast_pass import fast_scan
from cpx.aar.metrics import scan_kinds
from cpx.aar.notes import Note, load_notes
from cpx.aar.report_facts import ExerciseFacts
from cpx.aar.scenario_ref import load_scenario_for
from cpx.aar.scorecard import ObjectiveScore, ScoreCard, score_records, with_observations
from cpx.aar.timeline import KEY_KINDS, SERIES_KINDS, KeyEvent, Series, key_events, series
from cpx.scenario.models import Scenario
from cpx.scenario.timefmt import format_duration, minutes_to_clock
from cpx.walk_ins import MET_KINDS, spell_walk_ins, walk_in_names

TIMELINE_LIMIT = 400
"""At most this many key events are listed (the earliest); the rest are counted."""


@dataclass
class ObjectiveSection:
    """One objective of the report."""

    score: ObjectiveScore
    strengths: list[str]
    areas: list[str]
    notes: list[Note] = field(default_factory=list)


@dataclass
class AfterActionReport:
    """Everything the report says, ready to be laid out."""

    scenario: Scenario
    header: dict[str, Any]
    card: ScoreCard
    overview: list[tuple[str, str]]
    objectives: list[ObjectiveSection]
    plan: list[PlanRow]
    timeline: list[KeyEvent]
    timeline_omitted: int
    series: Series
    notes: list[Note]
    warning: str | None
    log_name: str
    key_findings: list[tuple[ObjectiveScore, str]] = field(default_factory=list)
    """For each objective rated U or M, the first observation behind it (the hot wash list)."""

    def clock(self, t: int) -> str:
        """``Dn HH:MM`` of a sim time."""
        start = self.scenario.meta.startex
        return minutes_to_clock(t, start.hour * 60 + start.minute)


def _participants(scenario: Scenario) -> tuple[str, str]:
    players, simcell = [], []
    for agency in scenario.agencies:
        if agency.player_cell:
            units = ", ".join(u.callsign for u in agency.units)
            players.append(f"{agency.name} ({units})" if units else agency.name)
        else:
            simcell.append(agency.name)
    return "; ".join(players) or "—", "; ".join(simcell) or "—"


def build_report(log: str | Path, scenario_path: str | Path | None = None,
                 cell: str | None = None) -> AfterActionReport:
    """Read, score and summarise the journal at ``log`` (``cell``: only that player
    cell's objectives and the whole exercise's)."""
    log = Path(log)
    scan = fast_scan(log, scan_kinds() | set(KEY_KINDS) | SERIES_KINDS | MET_KINDS | {"order"})
    scenario, _ = load_scenario_for(scan.header, log, scenario_path)
    card: ScoreCard = score_records(scan.header, scan.records, scenario, warning=scan.warning,
                                    end=scan.end_t)
    card = with_observations(card, log, scan.header, scenario_path, scan.valid_lines,
                             scan.problem is None)
    if cell is not None:
        from cpx.aar.cell_scores import for_cell

        card = for_cell(card, cell)
    events = [r for r in scan.records if r.get("type") == "event"]
    orders = [r for r in scan.records if r.get("type") == "order"]
    notes = sorted(load_notes(log).values(), key=lambda n: n.seq)
    meta = scenario.meta
    endex = meta.startex + timedelta(minutes=meta.duration)
    # Where play stopped: the ENDEX event, else the end line's time, else the last event
    # (the score card and the debrief read the same: never a time short of ENDEX).
    endex_events = [e["t"] for e in events if e.get("kind") == "exercise.endex"]
    played = (endex_events[0] if endex_events else scan.end_t if scan.end_t is not None
              else max((e["t"] for e in events), default=0))
    players, simcell = _participants(scenario)
    overview = [
        ("Exercise", f"{meta.title} (scenario {meta.id}, version {meta.version})"),
        ("Dates", f"{meta.startex:%Y-%m-%d %H:%M} (STARTEX) to {endex:%Y-%m-%d %H:%M} (ENDEX)"),
        ("Duration", f"{format_duration(meta.duration)} planned; play reached "
                     f"{minutes_to_clock(played, meta.startex.hour * 60 + meta.startex.minute)}"),
        ("Seed", str(scan.header.get("seed"))),
        ("Participants", players),
        ("Simulated by SimCell", simcell),
        *([("Player cells", "; ".join(f"{c.title} ({c.id})" for c in scenario.cells))]
          if scenario.cells else []),
        ("Mission", meta.mission),
        ("Journal", f"{log.name}: {scan.valid_lines} intact lines, {len(orders)} orders"
                    + ("" if scan.complete else " (incomplete)")),
    ]
    notes_by_seq = {n.seq: n for n in notes}
    start_minute = meta.startex.hour * 60 + meta.startex.minute
    # People an inject brought in, named as the cell met them ('walk-in 1'), never by
    # the id the scenario's author gave them: in every sentence the report writes.
    walk_ins = walk_in_names(events)
    facts = ExerciseFacts.read(events, scenario, lambda t: minutes_to_clock(t, start_minute))
    facts.names.update(walk_ins)

    def spelt(texts: list[str]) -> list[str]:
        return [spell_walk_ins(text, walk_ins) for text in texts]

    sections = []
    for score in card.objectives:
        strengths, areas = strengths_and_areas(score, scenario, facts)
        linked = [notes_by_seq[s] for s in score.evidence if s in notes_by_seq]
        sections.append(ObjectiveSection(score, spelt(strengths), spelt(areas), linked))
    plan = [replace(row, issue=spell_walk_ins(row.issue, walk_ins),
                    corrective_action=spell_walk_ins(row.corrective_action, walk_ins))
            for row in improvement_plan(card, scenario, facts)]
    timeline = key_events(events, walk_ins)
    findings = [(section.score, section.areas[0]) for section in sections
                if section.score.rating in ("U", "M") and section.areas]
    return AfterActionReport(
        scenario=scenario,
        header=scan.header,
        card=card,
        overview=overview,
        objectives=sections,
        plan=plan,
        timeline=timeline[:TIMELINE_LIMIT],
        timeline_omitted=max(0, len(timeline) - TIMELINE_LIMIT),
        series=series(events, end=scan.end_t),
        notes=notes,
        warning=scan.warning,
        log_name=log.name,
        key_findings=findings,
    )

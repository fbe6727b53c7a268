"""Checks of objectives' measures and of the MSEL's timing and expected actions,
each on a small edit of the starter, found at the field with a way to fix it."""

from __future__ import annotations

import pytest

from cpx.engine.events import CATALOGUE
from cpx.scenario import check_text
from cpx.scenario.objectives import EVENT_KINDS

REACH = "        got: {event: person.met}\n"
REACH_RULE = "        rating: {better: higher, P: 0.5, S: 0.3, M: 0.1}\n"
DEADLINE_TO = "        to: {event: victim.referred}\n"
OUTCOME = """      - task: The boss's assets are frozen
        measure: outcome
        outcome: assets_frozen
        targets: [bar_mirela]
"""


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (REACH, "        got: {event: person.mte}\n", "objectives[0].tasks[0].got.event",
         "'person.mte' is not an event kind; did you mean 'person.met'?"),
        (DEADLINE_TO, "        to: {event: victim.referred, roles: [money_laundrer]}\n",
         "objectives[1].tasks[0].to.roles[0]",
         "'money_laundrer' is not a role; did you mean 'money_launderer'?"),
        (DEADLINE_TO, "        to: {event: victim.referred, roles: [lookout]}\n",
         "objectives[1].tasks[0].to.roles[0]",
         "no member of the network is a lookout, so this names nothing"),
        (DEADLINE_TO, "        to: {event: victim.referred, exploitation: [begging]}\n",
         "objectives[1].tasks[0].to.exploitation[0]",
         "no victim profile is of begging exploitation, so this names nothing"),
        (DEADLINE_TO, "        to: {event: victim.referred, subjects: [bar_mirella]}\n",
         "objectives[1].tasks[0].to.subjects[0]",
         "nothing in the scenario has the id 'bar_mirella', so this names nothing; "
         "did you mean 'bar_mirela'?"),
        (REACH_RULE, "        rating: {better: higher, P: 0.3, S: 0.5, M: 0.1}\n",
         "objectives[0].tasks[0].rating",
         "with better: higher the thresholds must run P ≥ S ≥ M (P 0.3, S 0.5, M 0.1)"),
        (REACH_RULE, "        rating: {better: higher, P: 50, S: 30, M: 10}\n",
         "objectives[0].tasks[0].rating",
         "this measure is a share from 0 to 1: write thresholds such as 0.9, not 90"),
        ("  - id: referrals\n", OUTCOME.replace("      - task", "  - id: money\n    title: Money\n    tasks:\n      - task") + "  - id: referrals\n",
         "objectives[1].tasks[0].targets[0]", "'bar_mirela' is a venue, not a member"),
        ("      order: surveil\n      target: bar_mirela\n",
         "      order: financial_investigation\n      target: bar_mirela\n",
         "injects[0].expected_action.target",
         "a financial investigation is aimed at a member; 'bar_mirela' is a venue"),
        ("      order: surveil\n      target: bar_mirela\n",
         "      order: border_alert\n      target: kresno\n",
         "injects[0].expected_action.target",
         "a border alert is aimed at a border crossing; 'kresno' is a location"),
        ("    at: D1 09:00\n", "    at: D1 09:00\n    when: {event: raid}\n", "injects[0].when",
         "inject 'ngo_call' has both 'at' and 'when': a timed inject fires at its time, a "
         "conditional one on its trigger; keep one"),
        ("    contingency_for: ngo_call\n", "    contingency_for: ngo_call\n    at: D1 10:00\n",
         "injects[1].contingency_for",
         "inject 'ngo_reminder' has both 'at' and 'contingency_for': a contingency fires when "
         "the action it covers is missed, not at a time; remove 'at'"),
    ],
)
def test_measure_problem_is_found_at_its_field(starter_text, old, new, path, message):
    assert old in starter_text
    result = check_text(starter_text.replace(old, new, 1), "s.yaml")
    assert [(p.path, p.message) for p in result.problems] == [(path, message)]
    assert result.problems[0].line > 1


def test_the_older_one_metric_form_still_loads(starter_text):
    start = starter_text.index("  - id: referrals\n")
    old = starter_text[:start] + (
        "  - id: referrals\n    title: Victims are referred\n"
        "    metric: victims_referred\n    rating: {better: higher, P: 3, S: 2, M: 1}\n")
    result = check_text(old, "s.yaml")
    assert result.ok, [str(p) for p in result.problems]
    objective = result.scenario.objectives[1]
    assert objective.legacy and [t.measure for t in objective.critical_tasks] == ["metric"]


def test_an_objective_without_tasks_says_how_to_write_them(starter_text):
    start = starter_text.index("  - id: referrals\n")
    text = starter_text[:start] + "  - id: referrals\n    title: Victims are referred\n"
    result = check_text(text, "s.yaml")
    assert not result.ok
    assert any("an objective needs 'tasks'" in p.message and "docs/scenario-format.md" in p.message
               for p in result.problems)


def test_filters_know_every_event_kind_of_the_engine():
    assert EVENT_KINDS == frozenset(CATALOGUE)

"""Evaluators' observations beside the computed ratings, in the score card and the report;
journals with EXCON lines read by the after-action index as EXCON-only rows."""

from __future__ import annotations

import json

import pytest

from cpx.aar.journal_index import JournalIndex
from cpx.aar.report_data import build_report
from cpx.aar.report_md import render_markdown
from cpx.aar.scorecard import score_journal
from cpx.session import ExerciseSession
from cpx.session.control import excon_action, observe


@pytest.fixture(scope="module")
def journal(tmp_path_factory):
    log = tmp_path_factory.mktemp("obs") / "obs.jsonl"
    session = ExerciseSession.open("tutorial", 8, log)
    ex = session.exercise
    excon_action(ex, {"do": "hold", "inject": "t03_task_informant"}, "excon")
    session.advance_to(75)
    assert observe(ex, {"objective": "obj_identification", "task": "reach", "rating": "P",
                        "note": "met the women within the hour"}, "evaluator-2")["accepted"]
    session.advance_to(600)
    session.close()
    return log


def test_observations_sit_beside_the_computed_rating_and_never_change_it(journal, tmp_path):
    card = score_journal(journal)
    reach = next(t for o in card.objectives for t in o.tasks if t.id == "reach")
    assert reach.rating != "P"          # nothing was done: the measure says so, not the evaluator
    document = card.to_dict()
    task = next(t for o in document["objectives"] for t in o["tasks"] if t["id"] == "reach")
    assert task["rating"] == reach.rating
    assert task["observations"] == [{"t": 75, "clock": "D1 09:15", "author": "evaluator-2",
                                     "objective": "obj_identification", "task": "reach",
                                     "rating": "P", "note": "met the women within the hour"}]
    text = render_markdown(build_report(journal))
    assert "- *reach*: P by evaluator-2 at D1 09:15: met the women within the hour" in text


def test_the_after_action_index_reads_excon_lines_as_excon_only_rows(journal):
    index = JournalIndex(journal)
    assert index.problem is None
    kinds = {index.kind_name(row) for row in range(len(index))}
    assert {"excon", "observation"} <= kinds
    for row in index.select(visibility="trainee"):
        assert index.record(int(row))["visibility"] == "trainee"
    rows = [index.record(r) for r in range(len(index)) if index.kind_name(r) == "observation"]
    assert rows[0]["payload"]["author"] == "evaluator-2" and rows[0]["visibility"] == "excon"
    json.dumps(rows)

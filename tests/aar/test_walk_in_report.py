"""The after-action texts name a person an inject brought in as the cell met them
('walk-in 1'), never by the id the scenario's author gave them (the flagship's
walk_in_worker): a real headless run of the flagship to ENDEX, then the real
``cpx report`` (Markdown and HTML) and ``cpx score``."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from cpx.cli import main
from cpx.walk_ins import GENERATED_PERSON, MET_KINDS, learn_walk_in, spell_walk_ins, walk_in_names

ROOT = Path(__file__).resolve().parents[2]
RAW = "walk_in_worker"


def cpx(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(argv))
    assert code in (0, None), out.getvalue()
    return out.getvalue()


@pytest.fixture(scope="module")
def flagship_run(tmp_path_factory) -> Path:
    """The flagship played to ENDEX by the baseline commander, who interviews,
    identifies and refers the worker who walks in on D3."""
    journal = tmp_path_factory.mktemp("walk_in") / "run.jsonl"
    cpx("run", str(ROOT / "scenarios" / "glass_lantern.yaml"), "--policy", "baseline",
        "--seed", "1", "--journal", str(journal))
    records = [json.loads(line) for line in journal.read_text().splitlines()]
    assert records[-1]["type"] == "end"
    about = {r.get("kind") for r in records if RAW in json.dumps(r)}
    # the run gives the report something to say about them
    assert {"person.came_forward", "victim.identified", "victim.referred"} <= about
    return journal


def test_the_report_names_the_walk_in_as_the_cell_met_them(flagship_run, tmp_path):
    markdown = cpx("report", str(flagship_run))
    html_path = tmp_path / "aar.html"
    cpx("report", str(flagship_run), "--format", "html", "-o", str(html_path))
    html = html_path.read_text()
    for text in (markdown, html):
        assert RAW not in text
        assert "walk-in 1 identified as a victim" in text
        assert "walk-in 1 referred to safe_harbour" in text
    # Other people keep their names and handles: members are not walk-ins.
    assert "ilan_voss" in markdown or "Ilan Voss" in markdown


def test_the_score_card_never_shows_the_raw_id(flagship_run):
    assert RAW not in cpx("score", str(flagship_run))


def test_only_people_met_with_an_author_s_id_are_walk_ins(flagship_run):
    records = [json.loads(line) for line in flagship_run.read_text().splitlines()]
    named = walk_in_names(r for r in records if r.get("type") == "event")
    met = {str(r["payload"]["person_id"]) for r in records
           if r.get("kind") in MET_KINDS and r.get("visibility") != "excon"
           and not GENERATED_PERSON.fullmatch(str(r["payload"]["person_id"]))}
    assert named == {person: "walk-in 1" for person in met} == {RAW: "walk-in 1"}
    # A member named in the briefing or interviewed as a suspect is not 'met' there.
    members = {str(r["payload"]["person_id"]) for r in records
               if r.get("kind") in ("briefing.member", "interview.result")
               and r.get("visibility") != "excon"} - met
    assert members and not members & set(named)


def test_each_cell_numbers_its_own_walk_ins_and_shared_labels_say_whose():
    def event(kind: str, cell: str, person: str) -> dict:
        return {"type": "event", "kind": kind, "visibility": cell,
                "payload": {"person_id": person}}

    def came(cell: str, person: str) -> list[dict]:  # as an inject brings them in
        return [event("person.met", cell, person), event("person.came_forward", cell, person)]

    records = [*came("border_police", "boy_at_gate"), *came("trainee", "worker"),
               *came("trainee", "p12"), *came("excon", "truth_only"),
               event("person.met", "trainee", "v1"),  # met, never came forward
               *came("trainee", "cook"), event("victim.referred", "trainee", "worker"),
               event("person.met", "trainee", "boy_at_gate")]
    assert walk_in_names(records) == {"boy_at_gate": "walk-in 1 (border_police)",
                                      "worker": "walk-in 1 (trainee)", "cook": "walk-in 2"}
    # The command post names them as they are met, with no look ahead (the engine's
    # own handles are p1, p2…: only a person an inject brings in has another id).
    names: dict[str, str] = {}
    for record in records:
        if record["visibility"] == "trainee":
            learn_walk_in(names, record["kind"], record["payload"])
    assert names == {"worker": "walk-in 1", "v1": "walk-in 2", "cook": "walk-in 3",
                     "boy_at_gate": "walk-in 4"}


def test_spelling_replaces_whole_words_only():
    names = {"worker": "walk-in 1"}
    assert (spell_walk_ins("worker agreed; co_worker and workers did not (worker).", names)
            == "walk-in 1 agreed; co_worker and workers did not (walk-in 1).")
    assert spell_walk_ins("nothing to do", {}) == "nothing to do"


def test_a_replay_opened_progressively_names_the_walk_in_as_the_whole_log_does(flagship_run):
    from cpx.tui.replay.session import ReplaySession

    whole = ReplaySession(flagship_run)
    assert whole.walk_ins == {RAW: "walk-in 1"}
    session = ReplaySession(flagship_run, progressive=True, chunk_size=16 * 1024)
    seen = [dict(session.walk_ins)]
    for state in session.index.growth(chunks_per_step=4):
        session.grown(state)
        seen.append(dict(session.walk_ins))
    assert len(seen) > 3 and seen[0] == {}  # the walk-in comes on D3, chunks later
    assert seen[-1] == whole.walk_ins
    rows = [session.describe(session.index.record(int(r))) for r in range(len(session.index))]
    assert RAW not in "\n".join(rows) and "walk-in 1 referred to safe_harbour" in rows


def test_comparing_branches_names_the_walk_in_as_the_replay_does(flagship_run, tmp_path):
    """``cpx replay A --compare B``: the orders a branch gave after the two parted name
    the walk-in as the command post did; ``--json`` (for tools) keeps the journal's ids."""
    from cpx.session.fork import fork_exercise

    records = [json.loads(line) for line in flagship_run.read_text().splitlines()]
    # the branch parts where the commander first gives an order about the walk-in
    moment = next(r["t"] for r in records
                  if r.get("type") == "order" and r["order"].get("target") == RAW)
    branch = tmp_path / "branch.jsonl"
    exercise = fork_exercise(flagship_run, moment, branch)
    exercise.journal.close(t=exercise.now, state_hash=exercise.state_hash())
    lines = cpx("replay", str(flagship_run), "--compare", str(branch))
    assert "they part at" in lines
    assert any(" walk-in 1" in line for line in lines.splitlines()
               if line.startswith("  D") and "interview" in line)
    assert RAW not in lines
    assert RAW in cpx("replay", str(flagship_run), "--compare", str(branch), "--json")

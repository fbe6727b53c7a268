"""Several cells in one exercise: orders by cell, events to the right cell, messages
between cells, engine-played cells, and journals that re-simulate byte for byte."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine import Exercise, Order
from cpx.engine.events import EXCON, truth_keys_in
from cpx.engine.picture import Picture
from cpx.journal.scenario_source import open_scenario
from cpx.journal.writer import JournalWriter
from cpx.session import ExerciseSession
from cpx.session.resimulate import verify

from cells_world import cells_scenario, write_scenario

CELLS = ("trainee", "support", "prosecution")


def test_a_cell_orders_only_its_own_units():
    ex = Exercise(cells_scenario(), seed=1)
    result = ex.submit(Order("surveil", "tut_surveillance", "bar_nightingale"), cell="support")
    assert not result.accepted and "not one of your units" in result.reason
    rejected = [e for e in ex.events if e.kind == "order.rejected"]
    assert [e.visibility for e in rejected] == ["support"]
    assert ex.submit(Order("surveil", "tut_surveillance", "bar_nightingale"), cell="trainee").accepted
    # units are announced to the cell that commands them, and to no other
    for event in ex.events:
        if event.kind == "unit.status":
            owner = next(u.cell for u in ex.world.units.values() if u.id == event.payload["unit"])
            assert event.visibility == owner


def test_a_message_reaches_both_cells_and_excon_and_is_journaled(tmp_path):
    source = open_scenario(str(write_scenario(tmp_path)))
    path = tmp_path / "m.jsonl"
    writer = JournalWriter(path, source.scenario, 3, source.sha256, str(source.path), durable=False)
    ex = Exercise(source.scenario, seed=3, journal=writer)
    ex.run_until(90)
    sent = ex.message("trainee", "support", "Two women may need shelter tonight.")
    assert sent.accepted
    refused = ex.message("trainee", "nobody", "hello")
    assert not refused.accepted and "support" in refused.reason
    ex.run_until(200)
    writer.close(t=ex.now, state_hash=ex.state_hash())
    copies = [e for e in ex.events if e.kind == "cell.message"]
    assert sorted(e.visibility for e in copies) == ["support", "trainee"]
    assert [e.payload["text"] for e in ex.events_for("prosecution") if e.kind == "cell.message"] == []
    assert len([e for e in ex.events_for(EXCON) if e.kind == "cell.message"]) == 2
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    orders = [line for line in lines if line["type"] == "order"]
    assert [(o["t"], o["order"]["verb"], o["order"]["target"], o["result"]["cell"]) for o in orders] \
        == [(90, "message", "support", "trainee")]
    assert verify(path).ok


def test_an_order_that_calls_on_another_cells_agency_is_told_to_that_cell():
    ex = Exercise(cells_scenario(), seed=2)
    known = sorted(ex.picture("trainee")["places"], key=lambda p: p["id"])
    venue = next(p["id"] for p in known if p["kind"] in ("bar", "nightclub"))
    ex.submit(Order("request_warrant", target=venue), cell="trainee")
    told = [e for e in ex.events if e.kind == "request.received"]
    assert told and {e.visibility for e in told} == {"prosecution"}
    assert told[-1].payload["from"] == "trainee" and told[-1].payload["target"] == venue
    # the prosecutor's decision still answers the cell that asked
    ex.run_until(ex.now + 6 * 60)
    decided = [e for e in ex.events if e.kind in ("warrant.granted", "warrant.refused")]
    assert decided and {e.visibility for e in decided} == {"trainee"}


def _session_journal(tmp_path, name: str, seed: int) -> bytes:
    """A served exercise: the police cell at a seat, the others played by the engine."""
    path = tmp_path / name
    session = ExerciseSession.open(str(write_scenario(tmp_path)), seed, path)
    session.play_cells({"prosecution": "baseline", "support": "passive"})
    for t in range(60, 3 * 24 * 60, 97):  # the seat's clock moves in odd steps
        session.advance_to(t)
        if t % 5 == 0:
            session.send_message("trainee", "prosecution", f"update at {t}")
    session.close()
    return path.read_bytes()


def test_engine_played_cells_are_deterministic_and_replay(tmp_path):
    first = _session_journal(tmp_path, "a.jsonl", 5)
    second = _session_journal(tmp_path, "b.jsonl", 5)
    assert first == second
    records = [json.loads(line) for line in first.decode().splitlines()]
    cells = {r["result"].get("cell") for r in records if r["type"] == "order"}
    assert "prosecution" in cells or "trainee" in cells
    assert verify(tmp_path / "a.jsonl").ok


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31 - 1),
       moves=st.lists(st.tuples(st.sampled_from(CELLS),
                                st.sampled_from(["surveil", "request_warrant", "message",
                                                 "interview", "refer_victim", "task_informant"]),
                                st.integers(min_value=0, max_value=40)),
                      min_size=1, max_size=12))
def test_no_cell_sees_another_cells_events_or_ground_truth(seed, moves):
    """Whatever each cell orders, a cell's events are its own (EXCON's are all), carry no
    ground truth, and its picture is what its own events alone build."""
    scenario = cells_scenario()
    ex = Exercise(scenario, seed=seed)
    ex.play_cells({"trainee": "baseline"})
    units = {u.id: u.cell for u in ex.world.units.values()}
    for cell, verb, pick in moves:
        ex.run_until(ex.now + 60 + pick * 7)
        picture = ex.picture_of(cell)
        targets = sorted(picture.places) + sorted(picture.people) + sorted(picture.victims) \
            + sorted(picture.informants) or ["nothing"]
        target = targets[pick % len(targets)]
        mine = sorted(u for u, c in units.items() if c == cell) or [None]
        if verb == "message":
            ex.message(cell, CELLS[(CELLS.index(cell) + 1 + pick % 2) % 3], f"note {pick}")
        else:
            ex.submit(Order(verb, mine[pick % len(mine)] if verb in ("surveil", "interview")
                            else None, target), cell=cell)
    ex.run_until(ex.now + 12 * 60)
    seen_by = {cell: ex.events_for(cell) for cell in CELLS}
    assert len(ex.events_for(EXCON)) == len(ex.events)
    for cell, events in seen_by.items():
        own = {e.seq for e in events}
        assert all(e.visibility == cell for e in events)
        for event in events:
            assert truth_keys_in(event.payload) == [], (event.kind, event.payload)
        rebuilt = Picture(cell, ex)
        for event in events:
            rebuilt.apply(event)
        picture = ex.picture(cell)
        assert rebuilt.as_dict() == picture
        assert set(picture["messages"]) <= own
        for unit in picture["units"]:
            assert units[unit["id"]] == cell
        for other in CELLS:
            if other != cell:
                assert not own & {e.seq for e in seen_by[other]}


def test_cpx_run_plays_every_cell_by_its_policy_and_score_rates_each_cell(tmp_path, capsys):
    from cpx.cli import main

    scenario = write_scenario(tmp_path)
    log = tmp_path / "run.jsonl"
    assert main(["run", str(scenario), "--seed", "4", "--policy", "scenario",
                 "--journal", str(log)]) == 0
    orders = [json.loads(line) for line in log.read_text().splitlines()
              if json.loads(line)["type"] == "order"]
    assert {o["result"]["cell"] for o in orders} <= {"trainee", "prosecution"}
    assert "trainee" in {o["result"]["cell"] for o in orders}
    assert all(isinstance(o["t"], int) for o in orders)
    assert main(["replay", str(log), "--verify"]) == 0
    capsys.readouterr()
    assert main(["score", str(log)]) == 0
    card = capsys.readouterr().out
    assert "== Cell trainee — Velinor police commander" in card
    assert "Objectives of the whole exercise" in card
    assert card.index("obj_referral") < card.index("obj_lawful_conduct")
    assert main(["score", str(log), "--cell", "support", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [o["id"] for o in document["objectives"]] == ["obj_lawful_conduct"]
    assert main(["score", str(log), "--cell", "nobody"]) != 0
    assert "no player cell 'nobody'" in capsys.readouterr().err


def test_offline_play_at_one_cell_lets_the_engine_play_the_others(tmp_path):
    """cpx play SCENARIO --cell X opens this session: X is the seat, every other cell
    is played by the policy the scenario names for it, and the journal replays."""
    import pytest

    from cpx.errors import CpxError
    from cpx.tui.session import open_session

    scenario = str(write_scenario(tmp_path))
    session = open_session(scenario, 2, tmp_path / "p.jsonl", cell="support")
    assert session.cell == "support"
    assert session.exercise.engine_played == {"trainee": "baseline", "prosecution": "baseline"}
    session.exercise.run_until(6 * 60)
    session.exercise.message("support", "trainee", "Shelter ready for four.")
    session.exercise.run_until(12 * 60)
    session.close()
    lines = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text().splitlines()]
    given = [(r["result"]["cell"], r["order"]["verb"]) for r in lines if r["type"] == "order"]
    assert ("trainee", "task_informant") in given and ("support", "message") in given
    assert verify(tmp_path / "p.jsonl").ok
    with pytest.raises(CpxError, match="the cells are trainee, support, prosecution"):
        open_session(scenario, 2, tmp_path / "q.jsonl", cell="nobody")
    assert not (tmp_path / "q.jsonl").exists()


def test_a_served_flagship_has_one_player_seat_per_cell():
    from cpx.server.seats import make_seats

    session = ExerciseSession.open("glass_lantern", 1, None)
    players = [(s.seat, s.cell) for s in make_seats(session.cells) if s.role == "player"]
    assert players == [("player-trainee", "trainee"), ("player-border_police", "border_police"),
                       ("player-military_police", "military_police")]


def test_an_orders_file_gives_orders_by_cell(tmp_path, capsys):
    from cpx.cli import main

    scenario = write_scenario(tmp_path)
    orders = tmp_path / "orders.yaml"
    orders.write_text(
        '- at: "D1 09:00"\n  cell: prosecution\n  order: {verb: surveil, unit: tut_surveillance, '
        'target: bar_nightingale}\n'
        '- at: "D1 09:30"\n  order: {verb: surveil, unit: tut_surveillance, target: bar_nightingale}\n'
        '- at: "D1 10:00"\n  cell: nobody\n  order: {verb: task_informant, target: inf_robin}\n',
        encoding="utf-8")
    log = tmp_path / "o.jsonl"
    assert main(["run", str(scenario), "--orders", str(orders), "--journal", str(log),
                 "--until", "1d"]) == 1
    err = capsys.readouterr().err
    assert "not one of your units" in err and "'nobody' is not a player cell" in err
    given = [json.loads(line) for line in log.read_text().splitlines()
             if json.loads(line)["type"] == "order"]
    assert [(o["result"]["cell"], o["result"]["accepted"]) for o in given] == \
        [("prosecution", False), ("trainee", True)]

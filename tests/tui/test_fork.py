"""What if (issue 11): a branch off a journal at a moment, played on, replayed, compared.

The parent is a real tutorial exercise played through the same driver the command post
uses; forks are made by the real engine; the UI steps run the real apps under Pilot.
"""

from __future__ import annotations

import json

import pytest

from cpx.cli import main
from cpx.engine.orders import Order
from cpx.journal.chain import canonical_json, line_hash
from cpx.journal.fork import ForkError, body, compare
from cpx.session.resimulate import verify
from cpx.session.fork import fork_exercise
from cpx.tui.driver import ExerciseDriver
from cpx.tui.fork_session import moment, open_fork_session
from cpx.tui.replay.app import ForkRequest, ReplayApp
from cpx.tui.replay.session import ReplaySession
from cpx.tui.screens.briefing import BriefingScreen
from cpx.tui.screens.command_post import CommandPostScreen
from cpx.tui.session import open_session

from .conftest import TUTORIAL, screen_text

PLAN = [
    (60, Order("surveil", "tut_surveillance", "bar_nightingale")),
    (90, Order("task_informant", "tut_investigation", "inf_robin")),
    (300, Order("request_warrant", "tut_investigation", "bar_nightingale")),
]
END = 540
AT = 300  # the warrant request at 300 is the first thing a branch may do otherwise


def play(driver: ExerciseDriver, plan, until: int) -> None:
    """Give each planned order at its minute, as the command post does, then run on."""
    for minute, order in plan:
        driver.run_to(minute)
        driver.submit(order)
        driver.absorb()
    driver.run_to(until)
    driver.absorb()


@pytest.fixture(scope="module")
def parent(tmp_path_factory):
    path = tmp_path_factory.mktemp("parent") / "parent.jsonl"
    session = open_session(TUTORIAL, 3, path)
    play(ExerciseDriver(session), PLAN, END)
    session.close()
    return path


def records(path) -> list[dict]:
    return [body(line) for line in path.read_text().splitlines()]


def play_fork(parent, at, path, plan, until=END):
    """Fork, give ``plan`` from the moment on, close; the fork's journal bytes."""
    exercise = fork_exercise(parent, at, path)
    for minute, order in plan:
        exercise.run_until(minute)
        exercise.submit(order)
    exercise.run_until(until)
    exercise.journal.close(t=exercise.now, state_hash=exercise.state_hash())
    return path.read_bytes()


def test_a_fork_inherits_exactly_the_parents_history_before_the_moment(parent, tmp_path):
    exercise = fork_exercise(parent, AT, tmp_path / "fork.jsonl")
    exercise.journal.close(t=exercise.now)
    assert exercise.now == AT
    lines = parent.read_text().splitlines()
    fork_lines = (tmp_path / "fork.jsonl").read_text().splitlines()
    header = json.loads(fork_lines[0])
    inherited = [r for r in records(parent)[1:] if r["type"] != "end" and r["t"] < AT]
    assert inherited and any(r["type"] == "order" for r in inherited)
    assert [body(line) for line in fork_lines[1:-1]] == inherited
    # the header names the parent: its header and the last inherited line, chained
    assert header["fork"] == {
        "at": AT,
        "parent": {"path": str(parent), "header_sha256": line_hash(lines[0]),
                   "prefix_sha256": line_hash(lines[len(inherited)]),
                   "lines": len(inherited) + 1},
    }
    assert (header["scenario"], header["seed"]) == (json.loads(lines[0])["scenario"], 3)
    # the parent's order at the moment itself is not inherited
    assert not any(r["type"] == "order" and r["t"] >= AT for r in records(tmp_path / "fork.jsonl"))


def test_the_same_fork_with_the_same_orders_is_byte_identical(parent, tmp_path):
    other = [(360, Order("surveil", "tut_surveillance", "bar_nightingale", {"hours": 4}))]
    first = play_fork(parent, AT, tmp_path / "a.jsonl", other)
    second = play_fork(parent, AT, tmp_path / "b.jsonl", other)
    assert first == second
    third = play_fork(parent, AT, tmp_path / "c.jsonl", [])
    assert third != first


def test_verify_re_simulates_a_fork_from_its_own_header_and_orders(parent, tmp_path):
    path = tmp_path / "fork.jsonl"
    play_fork(parent, AT, path, [(400, Order("surveil", "tut_surveillance", "bar_nightingale"))])
    result = verify(path)
    assert result.ok, result.first_difference
    assert main(["replay", str(path), "--verify"]) == 0


def test_compare_finds_where_the_branches_part_and_the_orders_after(parent, tmp_path, capsys):
    path = tmp_path / "fork.jsonl"
    play_fork(parent, AT, path, [(420, Order("surveil", "tut_surveillance", "bar_nightingale"))])
    found = compare(parent, path)
    assert found.parted_at == AT  # the parent's warrant request at the moment
    assert [r.order["verb"] for r in found.orders_after[0]] == ["request_warrant"]
    assert [(r.t, r.order["verb"]) for r in found.orders_after[1]] == [(420, "surveil")]
    assert "is a branch of parent.jsonl" in found.relation
    assert main(["replay", str(parent), "--compare", str(path)]) == 0
    out = capsys.readouterr().out
    assert "fork.jsonl is a branch of parent.jsonl from D1" in out
    assert "they part at D1" in out and "request_warrant" in out
    assert main(["replay", str(parent), "--compare", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parted_at"] == AT and data["orders_after"]["b"][0]["t"] == 420


def test_a_fork_of_a_fork_and_siblings_are_related_by_their_headers(parent, tmp_path):
    one = tmp_path / "one.jsonl"
    two = tmp_path / "two.jsonl"
    play_fork(parent, AT, one, [])
    play_fork(parent, 120, two, [])
    assert "both are branches of parent.jsonl" in compare(one, two).relation
    grand = tmp_path / "grand.jsonl"
    play_fork(one, 400, grand, [])
    assert "grand.jsonl is a branch of one.jsonl" in compare(one, grand).relation


@pytest.mark.parametrize("when", ["D9 10:00", "-5"])
def test_a_moment_outside_the_exercise_is_one_line_exit_1(parent, tmp_path, capsys, when):
    code = main(["play", "--from", str(parent), "--at", when,
                 "--journal", str(tmp_path / "f.jsonl")])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1
    assert "cpx:" in err and ("moment" in err.lower() or "exercise time" in err)
    assert not (tmp_path / "f.jsonl").exists()


def _rewrite(lines: list[str], index: int, change) -> list[str]:
    """Change line ``index`` and re-chain every later line (a forger's edit)."""
    out, prev = [], json.loads(lines[0])["prev"]
    for number, line in enumerate(lines):
        record = json.loads(line)
        if number == index:
            change(record)
        record["prev"] = prev
        if record["type"] == "end":
            from cpx.journal.reader import end_check

            record["check"] = end_check(record)
        text = canonical_json(record)
        out.append(text)
        prev = line_hash(text)
    return out


def test_a_damaged_parent_is_one_line_exit_1(parent, tmp_path, capsys):
    lines = parent.read_text().splitlines()
    lines[5] = lines[5].replace('"t":', '"t": ', 1)  # re-spaced: the chain breaks here
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("\n".join(lines) + "\n")
    code = main(["play", "--from", str(damaged), "--at", "D1 14:00",
                 "--journal", str(tmp_path / "f.jsonl")])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1 and "Damaged parent" in err
    with pytest.raises(ForkError):
        fork_exercise(damaged, AT, tmp_path / "g.jsonl")
    assert not (tmp_path / "g.jsonl").exists()


def test_a_parent_whose_scenario_changed_is_one_line_exit_1(parent, tmp_path, capsys):
    lines = _rewrite(parent.read_text().splitlines(), 0,
                     lambda r: r["scenario"].update(sha256="0" * 64))
    changed = tmp_path / "changed.jsonl"
    changed.write_text("\n".join(lines) + "\n")
    code = main(["play", "--from", str(changed), "--at", "D1 14:00",
                 "--journal", str(tmp_path / "f.jsonl")])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1 and "Scenario changed" in err
    assert not (tmp_path / "f.jsonl").exists()


def test_the_moment_is_read_on_the_parents_clock(parent):
    assert moment(parent, "D1 14:00") - moment(parent, "D1 13:00") == 60
    assert moment(parent, "300") == 300


async def test_F_in_the_replay_forks_and_the_trainee_plays_on(parent, tmp_path):
    session = ReplaySession(parent)
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        while int(session.index.t[session.row]) < AT:
            await pilot.press("down")
        at = int(session.index.t[session.row])
        await pilot.press("F")
        await pilot.pause()
        assert "What if" in screen_text(app) and "Play on from" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    request = app.return_value
    assert isinstance(request, ForkRequest) and request.at == at
    assert request.parent == parent
    # what the replay then runs: the command post on the branch (play --from does the same)
    from cpx.tui.app import PlayApp
    from cpx.tui.clock import ExerciseClock

    fork = tmp_path / "branch.jsonl"
    play = PlayApp(opener=lambda: open_fork_session(request.parent, request.at, fork),
                   tick_seconds=None, clock=ExerciseClock(speed_index=3), start_running=False)
    async with play.run_test(size=(80, 24)) as pilot:
        for _ in range(600):  # the branch is re-simulated on a worker thread
            await pilot.pause(0.05)
            if play.driver is not None and isinstance(play.screen, BriefingScreen):
                break
        await pilot.pause()
        await pilot.pause()
        assert "What if: a new branch of parent.jsonl" in screen_text(play)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(play.screen, CommandPostScreen)
        assert play.driver.now == at
        assert request.when in screen_text(play)  # the clock shows the moment
        play.driver.submit(Order("surveil", "tut_surveillance", "bar_nightingale"))
        await pilot.press("q")
    assert json.loads(fork.read_text().splitlines()[0])["fork"]["at"] == at
    assert any('"verb":"surveil"' in line and json.loads(line)["t"] == at
               for line in fork.read_text().splitlines()[1:])


async def test_the_replay_of_a_fork_names_its_parent_and_moment(parent, tmp_path):
    path = tmp_path / "whatif.jsonl"
    play_fork(parent, AT, path, [])
    app = ReplayApp(ReplaySession(path), score_in_background=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "what if: branch of parent.jsonl from D1" in screen_text(app)


async def test_leaving_a_branch_before_startex_leaves_no_journal(parent, tmp_path):
    from cpx.tui.app import PlayApp

    fork = tmp_path / "left.jsonl"
    play = PlayApp(opener=lambda: open_fork_session(parent, AT, fork), tick_seconds=None)
    async with play.run_test(size=(80, 24)) as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            if play.driver is not None:
                break
        assert fork.exists()
        await pilot.press("ctrl+q")
    assert not fork.exists()


def test_a_branch_cut_short_resumes_like_any_journal(parent, tmp_path):
    path = tmp_path / "cut.jsonl"
    exercise = fork_exercise(parent, AT, path)
    exercise.submit(Order("surveil", "tut_surveillance", "bar_nightingale"))
    exercise.run_until(AT + 90)
    exercise.journal.flush()  # no end line: a crash after the last order
    state = exercise.state_hash()
    resumed = open_session(resume=path)  # from the last journaled moment
    assert AT <= resumed.exercise.now <= AT + 90
    resumed.exercise.run_until(AT + 90)
    assert resumed.exercise.state_hash() == state
    assert json.loads(path.read_text().splitlines()[0])["fork"]["at"] == AT
    resumed.close()
    assert verify(path).ok


def test_from_and_at_go_together_and_take_nothing_else(parent, capsys):
    assert main(["play", "--at", "D1 10:00"]) == 2
    assert main(["play", "--from", str(parent), "--at", "D1 10:00", "--seed", "3"]) == 2
    err = capsys.readouterr().err
    assert "--from LOG and --at MOMENT go together" in err and "--seed" in err


def test_a_fork_at_startex_inherits_only_what_the_exercise_begins_with(parent, tmp_path):
    path = tmp_path / "zero.jsonl"
    exercise = fork_exercise(parent, 0, path)
    exercise.journal.close(t=exercise.now)
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])["fork"]
    begun = lines[1:-1]
    assert begun and all(json.loads(line)["t"] == 0 for line in begun)
    assert [body(x) for x in begun] == records(parent)[1:len(begun) + 1]
    assert header["parent"]["lines"] == len(begun) + 1
    assert header["parent"]["prefix_sha256"] == line_hash(parent.read_text().splitlines()[len(begun)])
    assert verify(path).ok

"""Pilot tests of the replay: navigation, filters, score-card jumps, notes; two snapshots."""

from __future__ import annotations

import pytest

from aar_journals import flagship_journal
from cpx.aar.notes import load_notes
from cpx.tui.replay.app import ReplayApp
from cpx.tui.replay.session import Filter, ReplaySession

SIZE = (140, 44)


@pytest.fixture
def session(tmp_path):
    return ReplaySession(flagship_journal(tmp_path / "flag.jsonl"))


def kind(session):
    return session.record()["kind"]


async def test_step_scrub_and_decision_points(session):
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        assert session.cursor == 0
        await pilot.press("j", "j")
        assert session.cursor == 2
        await pilot.press("k")
        assert session.cursor == 1
        await pilot.press("right")  # one hour on from D1 08:00: the inject at 10:00
        assert session.index.t[session.row] == 120
        await pilot.press("d")  # next decision point: the order at 11:00
        assert kind(session) == "order" and session.index.t[session.row] == 180
        await pilot.press("d")
        assert kind(session) == "order" and session.index.t[session.row] == 360
        await pilot.press("D", "D")
        assert kind(session) == "inject"  # the inject with an expected action
        await pilot.press("L")  # one day on: past everything on D1, onto ENDEX
        assert session.index.t[session.row] == 4320
        await pilot.press("H")
        assert session.index.t[session.row] <= 4320 - 1440
        await pilot.press("G")
        assert kind(session) == "exercise.endex"
        await pilot.press("g")
        assert session.cursor == 0


async def test_filters_by_kind_cell_and_unit(session):
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"kind:leak", "enter")
        assert len(session.rows) == 1 and kind(session) == "leak"
        await pilot.press("c", "v")  # all → trainee only
        assert session.filter.visibility == "trainee"
        assert all(session.index.record(int(r))["visibility"] == "trainee" for r in session.rows)
        await pilot.press("v")  # → EXCON only
        assert all(session.index.record(int(r))["visibility"] == "excon" for r in session.rows)
        await pilot.press("c", "slash", *"unit:tactical", "enter")
        assert session.rows.size and all(
            "tactical" in str(session.index.record(int(r))) for r in session.rows)
        await pilot.press("slash", *"agency:velin_police", "enter")
        assert session.rows.size >= 1  # rows of the agency's units, and the leak from it
        await pilot.press("slash", *"nonsense:1", "enter")
        assert session.filter.agencies == ["velin_police"]  # a bad filter changes nothing


async def test_score_card_rating_jumps_to_its_event(session):
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        objectives = app.query_one("#objectives")
        leaks = [o.id for o in session.card.objectives].index("obj_leaks")
        objectives.highlighted = leaks
        await pilot.press("enter")  # to the evidence list
        await pilot.press("down", "enter")  # the first event behind the rating
        await pilot.pause()
        assert kind(session) == "leak"
        picture = session.picture()
        assert "1 × leak" in picture.unknown_to_cell  # the cell did not know
        assert ("LEAKS", 1) in picture.truth.counts


async def test_instructor_note_is_saved_beside_the_log(session):
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        session.jump_to_seq(5)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"leaked via the mole", "enter")
        await pilot.pause()
    assert load_notes(session.path)[5].text == "leaked via the mole"
    reopened = ReplaySession(session.path)
    assert reopened.notes[5].text == "leaked via the mole"


def test_jump_to_an_event_hidden_by_the_filter_clears_it(session):
    session.set_filter(Filter(kinds=["inject"]))
    assert session.jump_to_seq(5)
    assert session.filter == Filter() and kind(session) == "leak"


def test_truth_picture_before_and_after_the_leak(session):
    session.jump_to_seq(4)  # the warrant order, before the leak
    assert session.picture().unknown_to_cell == []
    session.jump_to_seq(5)
    picture = session.picture()
    assert picture.unknown_to_cell == ["1 × leak"]
    assert ("Orders given", 1) in picture.knew.counts


def _app_at_leak(tmp_path, tab):
    session = ReplaySession(flagship_journal(tmp_path / "flag.jsonl"))
    session.jump_to_seq(5)
    app = ReplayApp(session, score_in_background=False)

    async def prepare(pilot):
        await pilot.pause()
        if tab == "score":
            await pilot.press("s")
        await pilot.pause()

    return app, prepare


def test_snapshot_truth_vs_picture(tmp_path, snap_compare):
    app, prepare = _app_at_leak(tmp_path, "moment")
    assert snap_compare(app, terminal_size=SIZE, run_before=prepare)


def test_snapshot_score_card(tmp_path, snap_compare):
    app, prepare = _app_at_leak(tmp_path, "score")
    assert snap_compare(app, terminal_size=SIZE, run_before=prepare)


async def test_a_damaged_log_replays_its_valid_part_with_a_warning(tmp_path):
    path = flagship_journal(tmp_path / "flag.jsonl")
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(lines[:20]) + b"\n" + lines[20][:30])  # cut inside line 21
    session = ReplaySession(path)
    assert session.warning and "line 21" in session.warning
    assert len(session.rows) == 19  # lines 2–20
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        assert session.cursor == 18
        assert "line 21" in str(app.query_one("#status").render())
    assert session.card.warning and "line 21" in session.card.warning


def test_a_log_of_another_scenario_version_is_refused(tmp_path):
    import shutil

    from aar_journals import WORLD, JournalBuilder
    from cpx.errors import CpxError

    world = tmp_path / "aar_world.yaml"
    shutil.copy(WORLD, world)
    path = JournalBuilder(tmp_path / "run.jsonl", scenario_path=world).close()
    world.write_text(world.read_text().replace("capacity: 6", "capacity: 7"))
    with pytest.raises(CpxError) as error:
        ReplaySession(path)
    assert error.value.title == "Scenario changed" and "differs" in error.value.message


async def test_a_progressive_open_grows_to_the_whole_log(tmp_path):
    """A big log opens after its first chunk; the rest is indexed while the replay runs."""
    path = flagship_journal(tmp_path / "flag.jsonl")
    full = ReplaySession(path)
    session = ReplaySession(path, progressive=True, chunk_size=1024)
    assert session.indexing and 0 < len(session.rows) < len(full.rows)
    app = ReplayApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        for _ in range(400):  # up to 20 s on a loaded machine; usually a few ticks
            if not session.indexing and session.card is not None:
                break
            await pilot.pause(0.05)
        await pilot.pause()
        assert not session.indexing
        assert len(session.rows) == len(full.rows)
        assert session.cursor == 1  # the cursor stayed where the instructor put it
        assert (session.index.t == full.index.t).all()
        assert session.card.to_json() == full.score().to_json()

"""Feedback that reads like a radio log (issue 11): names, plurals, places, natural
order, duty state and ETA, and a rejection that says what to try instead."""

from __future__ import annotations

import re
from functools import cache

from cpx.engine import Exercise
from cpx.engine.orders import Order
from cpx.engine.policies import make_policy, play
from cpx.scenario.loader import load_scenario
from cpx.tui.naming import natural_key
from cpx.tui.presenter import Presenter
from cpx.tui.widgets.tables import Board

from .conftest import FLAGSHIP, make_app


@cache
def baseline_flagship():
    """The flagship played to ENDEX by the baseline investigator (every kind of order)."""
    scenario = load_scenario(FLAGSHIP)
    exercise = Exercise(scenario, seed=1)
    play(exercise, make_policy("baseline", exercise))
    presenter = Presenter(scenario)
    presenter.learn(exercise.picture("trainee"))
    return exercise, presenter


def test_counts_agree_with_their_nouns_in_every_line():
    exercise, presenter = baseline_flagship()
    lines = [presenter.feed_item(e) for e in exercise.events_for("trainee")]
    headlines = [item.headline for item in lines if item is not None]
    assert any("observation" in h for h in headlines)
    for headline in headlines:
        assert not re.search(r"\b1 (observations|men|young people|foreign women|indicators)\b",
                             headline), headline


def test_details_never_show_raw_booleans_and_completions_name_their_order():
    exercise, presenter = baseline_flagship()
    events = exercise.events_for("trainee")
    for event in events:
        if presenter.feed_item(event) is None:
            continue
        detail = presenter.detail(event)
        for _key, value in detail.fields:
            assert value not in ("True", "False"), (event.kind, detail.fields)
    done = [(e.t, presenter.feed_item(e).headline) for e in events
            if e.kind == "order.completed" and e.payload["verb"] == "border_alert"]
    # Two alerts done at the same minute do not read the same: each names its crossing.
    assert len(done) >= 2 and len(set(done)) == len(done), done
    done = [line for _t, line in done]
    assert all("crossing" in line.lower() for line in done), done
    referred = [presenter.feed_item(e).headline for e in events if e.kind == "victim.referred"]
    assert referred and all("Safe Harbour" in r and "shelter in" in r for r in referred)


def test_no_unit_sits_on_a_task_without_an_eta_for_long():
    """A unit busy for hours shows when it will be free (the '35 h on task, ETA —' bug)."""
    exercise, _presenter = baseline_flagship()
    since: dict[str, tuple[int, object]] = {}
    for event in exercise.events_for("trainee"):
        if event.kind != "unit.status":
            continue
        unit, status, eta = event.payload["unit"], event.payload["status"], event.payload["eta"]
        before = since.get(unit)
        if before is not None and before[1] == ("on_task", None):
            assert event.t - before[0] <= 120, (unit, before, event.t)
        since[unit] = (event.t, (status, eta))


def test_natural_order_of_people_met():
    assert sorted(["p10", "p2", "p14", "p1"], key=natural_key) == ["p1", "p2", "p10", "p14"]
    exercise, presenter = baseline_flagship()
    rows = presenter.victim_rows(exercise.picture("trainee"))
    assert len(rows) > 2
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=natural_key)


async def test_rejections_say_what_to_try_and_boards_show_duty_and_eta(tmp_path):
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.command_post
        status = screen.query_one("#order-status")
        await pilot.press("colon", *"border_alert kerev_gate", "enter")
        await pilot.pause()
        text = str(status.render())
        assert "rejected" in text and "Brenna crossing" in text and "Stannar Pass" in text
        await pilot.press("colon", *"report_misconduct mnsf_military_police", "enter")
        await pilot.pause()
        text = " ".join(str(status.render()).split())
        assert "is an agency" in text and "client group" in text
        # HAWK 2 is off duty at 08:00: the board says so and when it is back.
        screen.give(Order("surveil", "vel_surveillance_1", "bar_lotus"))
        app.driver.run_to(120)
        screen.refresh_views()
        await pilot.press("2")
        await pilot.pause()
        rows = {r[0]: r for r in screen.query_one("#unit-board", Board).rows_shown}
        assert rows["HAWK 2"][1:3] == ("off duty", "on 14:00")
        assert rows["HAWK 1"][1] in ("on task", "en route") and rows["HAWK 1"][2] != "—"
        # A running order says what it is waiting on, not a bare "—".
        orders = {r[4]: r for r in screen.query_one("#order-board", Board).rows_shown}
        assert orders["surveil"][2] == "running"
        assert orders["surveil"][3].startswith(("on task, done by D1", "en route, arrives D1"))

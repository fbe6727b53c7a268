"""After play, a person an inject brought in keeps the name the command post gave them
('walk-in 1'): the flagship played by keys to ENDEX, then its debrief, the messages and
boards of the command post to the end, and the replay of its journal never show the id
the scenario's author gave them (walk_in_worker)."""

from __future__ import annotations

import json

from cpx.tui.replay.app import ReplayApp
from cpx.tui.replay.panes import evidence_options
from cpx.tui.replay.session import ReplaySession
from cpx.tui.screens.debrief import DebriefScreen
from cpx.tui.widgets.feed import MessageFeed
from cpx.walk_ins import walk_in_names

from .conftest import FLAGSHIP, make_app, screen_text, widget_text

RAW = "walk_in_worker"
CAME_FORWARD = 2 * 1440 + 9 * 60 + 5  # D3 17:05: the flagship's worker walked in at 17:00
HOUR = 60


async def type_line(pilot, line: str) -> None:
    await pilot.press("colon")
    await pilot.press(*["space" if c == " " else c for c in line])
    await pilot.press("enter")
    await pilot.pause()


def journal_records(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


async def test_the_walk_in_keeps_the_command_post_s_name_to_the_debrief_and_in_the_replay(
        tmp_path):
    journal = tmp_path / "flagship.jsonl"
    app = make_app(FLAGSHIP, seed=1, journal=journal)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        post = app.command_post
        app.driver.run_to(CAME_FORWARD)
        post.refresh_views()
        await pilot.pause()
        # The trainee takes the walk-in through the pathway by the name on screen.
        await type_line(pilot, "interview ATLAS walk-in_1 interpreter=yes ngo=yes separated=yes")
        app.driver.run_to(CAME_FORWARD + 3 * HOUR)
        post.refresh_views()
        await type_line(pilot, "identify_victim walk-in_1 decision=yes act=yes means=yes "
                               "purpose=yes")
        await type_line(pilot, "refer_victim walk-in_1 agency=safe_harbour")
        app.driver.run_to(CAME_FORWARD + 12 * HOUR)  # referred: a permit may be asked for
        post.refresh_views()
        # Refused while they have not agreed to give evidence, then asked on their situation.
        await type_line(pilot, "residence_permit walk-in_1 basis=cooperation")
        shown = [screen_text(app)]
        await type_line(pilot, "residence_permit walk-in_1 basis=situation")
        orders = [r for r in journal_records(journal) if r["type"] == "order"]
        assert [o["order"]["target"] for o in orders[-5:]] == [RAW] * 5  # the id is logged
        assert [o["result"]["accepted"] for o in orders[-5:]] == [True] * 3 + [False, True]

        # Play on to the end of exercise time; the engine's own texts name the walk-in
        # by the id ('walk_in_worker agreed to give evidence') and are said by the name.
        for panel in ("5", "2", "1"):  # victims, units and orders, then the feed
            await pilot.press(panel)
            await pilot.pause()
            shown.append(screen_text(app))
        app.driver.run_to(app.session.exercise.end - HOUR)
        post.refresh_views()
        await pilot.pause()
        feed = post.query_one(MessageFeed).items
        for panel in ("5", "2", "3", "4", "6", "1"):  # every panel, the feed last
            await pilot.press(panel)
            await pilot.pause()
            shown.append(screen_text(app))
        # Every row of every board, scrolled into view or not.
        picture, presenter = app.driver.picture(), app.driver.presenter
        boards = [" | ".join(row) for rows in (
            presenter.victim_rows(picture), presenter.order_rows(picture),
            presenter.unit_rows(picture), presenter.case_rows(picture),
            presenter.people_rows(picture), presenter.place_rows(picture),
            presenter.link_rows(picture), presenter.source_rows(picture)) for row in rows]
        assert any(row.startswith("walk-in 1 | ") for row in boards)  # the victims board
        details = [app.driver.presenter.detail(app.driver.event(item.seq)) for item in feed]
        about_them = [d for d in details
                      if "walk-in 1" in " ".join((d.text, *d.refs, *(v for _, v in d.fields)))]
        assert len(about_them) >= 6  # met, came forward, interviewed, identified, referred…
        command_post = "\n".join([
            *shown, *boards, *(f"{i.sender} {i.headline}" for i in feed),
            *(" ".join((d.title, d.text, *d.refs, *(f"{k} {v}" for k, v in d.fields)))
              for d in details)])
        assert RAW not in command_post
        assert "walk-in 1 agreed to give evidence" in command_post
        # The command post named them by the rule the after-action texts read the journal by.
        named = walk_in_names(r for r in journal_records(journal) if r.get("type") == "event")
        assert app.driver.presenter._walk_ins == named == {RAW: "walk-in 1"}

        app.driver.run_to(app.session.exercise.end)
        post.refresh_views()
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        debrief = widget_text(app.screen.query_one("#debrief-text"))
        assert RAW not in debrief and "Score card" in debrief
        await pilot.press("q")

    # The instructor replays it: every event about the walk-in, on the timeline, in the
    # detail pane (the payload as logged) and in "what you knew / what was true".
    session = ReplaySession(journal)
    replay = ReplayApp(session, score_in_background=False)
    about = [r["seq"] for r in journal_records(journal)
             if r.get("type") == "event" and RAW in json.dumps(r)]
    assert len(about) >= 10
    async with replay.run_test(size=(160, 45)) as pilot:
        seen = []
        for seq in about:
            session.jump_to_seq(seq)
            await pilot.press("down", "up")  # moved by keys: the panes follow the cursor
            await pilot.pause()
            seen.append(screen_text(replay))
        await pilot.press("s")  # the score card, and the events behind each rating
        await pilot.pause()
        seen.append(screen_text(replay))
        for score in session.score().objectives:
            seen += [str(option.prompt) for option in evidence_options(session, score)]
    replayed = "\n".join(seen)
    assert RAW not in replayed
    assert "walk-in 1 identified as a victim" in replayed
    assert "walk-in 1 referred to safe_harbour" in replayed

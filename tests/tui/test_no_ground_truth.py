"""The trainee never sees ground truth: checked over a whole run of the flagship.

A sound scripted investigator (the engine's ``baseline`` policy) plays the flagship
through the command post while the test visits every panel and opens every message.
Everything the UI showed is collected; no name from the network's ground truth that
no trainee event ever mentioned may appear in it.
"""

from __future__ import annotations

import json

from cpx.engine.policies import make_policy

from cpx.tui.widgets.feed import MessageFeed

from .conftest import FLAGSHIP, make_app, screen_text

PANELS = ["1", "2", "3", "4", "5", "6"]


def secrets(scenario, trainee_corpus: str) -> set[str]:
    """Ground-truth names and ids (members, aliases, venues, routes) the cell was never told."""
    network = scenario.network
    names = {m.name for m in network.members} | {m.id for m in network.members}
    names |= {alias for m in network.members for alias in m.aliases}
    names |= {v.name for v in network.venues} | {v.id for v in network.venues}
    names |= {r.name for r in network.routes} | {r.id for r in network.routes}
    return {n for n in names if len(n) > 3 and n not in trainee_corpus}


async def test_nothing_shown_comes_from_ground_truth(tmp_path):
    app = make_app(FLAGSHIP, seed=5, journal=tmp_path / "run.jsonl")
    exercise = app.session.exercise
    policy = make_policy("baseline", exercise)
    shown: list[str] = []
    async with app.run_test(size=(160, 45)) as pilot:
        shown.append(screen_text(app))  # the briefing
        await pilot.press("enter")
        await pilot.pause()
        screen, driver = app.command_post, app.driver
        until = 2 * 24 * 60
        while exercise.now < until:
            for order in policy.decide(exercise):
                driver.submit(order)
            driver.run_to(min(until, max(policy.next_decision(exercise), exercise.now + 1)))
            screen.refresh_views()
            if exercise.now % (24 * 60) == 0:
                for key in PANELS:
                    await pilot.press(key)
                    await pilot.pause()
                    shown.append(screen_text(app))
        presenter = driver.presenter
        picture = driver.picture()
        for item in screen.query_one(MessageFeed).items:  # open every message of the feed
            detail = presenter.detail(driver.event(item.seq))
            shown.append(json.dumps([detail.title, detail.fields, detail.text, detail.refs]))
        for rows in (presenter.unit_rows, presenter.order_rows, presenter.source_rows,
                     presenter.people_rows, presenter.place_rows,
                     presenter.link_rows, presenter.case_rows, presenter.victim_rows):
            shown.append(json.dumps(rows(picture)))
        shown.append(json.dumps(presenter.vocabulary(picture).target_names))
        await pilot.press("E", "y")
        await pilot.pause()
        shown.append(screen_text(app))  # the debrief's own screen (counts, score card)

    seen_by_trainee = [e for e in exercise.events if e.visibility == "trainee"]
    corpus = json.dumps([e.payload for e in seen_by_trainee]) + json.dumps(
        app.session.scenario.meta.model_dump(mode="json"))
    hidden = secrets(app.session.scenario, corpus)
    assert hidden, "the run should leave some of the network unknown, or the test proves nothing"
    everything = "\n".join(shown)
    leaked = sorted(name for name in hidden if name in everything)
    assert not leaked, f"ground truth shown to the trainee: {leaked}"
    # And the UI's driver only ever took in the cell's own events.
    assert all(e.visibility == "trainee" for e in driver._events_by_seq.values())
    assert len(driver._events_by_seq) == len(seen_by_trainee)

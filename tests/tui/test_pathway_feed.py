"""Feed lines of the later mechanics read like a radio log: the person's id first for
people seen (what the trainee types to go back), names not ids, the sender who acts
(victim support, custody, the military police by a short name), no doubled text."""

from __future__ import annotations

from cpx.engine import Order
from cpx.tui.widgets.feed import MessageFeed

from .conftest import FLAGSHIP, make_app


async def test_seen_gone_pathway_and_partner_lines_read_like_a_radio_log(tmp_path):
    app = make_app(FLAGSHIP, seed=1, journal=tmp_path / "p.jsonl")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        driver, screen = app.driver, app.command_post
        assert driver.submit(Order("inspect", None, "bar_lotus", {})).accepted
        driver.run_to(365)
        assert driver.submit(Order("raid", "satu_intervention", "kestrel_street_flats",
                                   {"urgent": True, "support": "safe_harbour"})).accepted
        driver.run_to(driver.now + 6 * 60)
        met = [v["id"] for v in driver.exercise.picture()["victims"]
               if v["where"] == "kestrel_street_flats"]
        assert driver.submit(Order("refer_victim", target=met[1],
                                   params={"agency": "safe_harbour"})).accepted
        driver.run_to(driver.now + 12 * 60)
        seen = [e.payload["person_id"] for e in driver.exercise.events
                if e.kind == "person.seen" and e.visibility == "trainee"]
        for pid in seen[:3]:
            assert driver.submit(Order("interview", "vel_investigation", pid)).accepted
            driver.run_to(driver.now + 5 * 60)
        client = driver.exercise.picture()["clients"][0]["id"]
        assert driver.submit(Order("report_misconduct", target=client)).accepted
        driver.run_to(driver.now + 2 * 1440)
        screen.refresh_views()
        await pilot.pause()
        items = {}
        for item in screen.query_one(MessageFeed).items:
            items.setdefault(item.kind, []).append(item)
        line = items["person.seen"][0]
        assert line.headline.startswith(f"{seen[0]} seen at Bar Lotus, left there: ")
        gone = items["person.gone"][0]
        assert gone.sender == "FOLIO" and "no longer at Bar Lotus" in gone.headline
        assert gone.headline.split()[0] in seen
        done = [i for i in items["order.completed"] if i.headline.startswith("inspect ")]
        assert done and done[0].sender == "inspectorate"  # no unit of the cell's went
        reflection = items["victim.reflection"][0]
        assert reflection.sender == "victim support"
        assert reflection.headline.startswith(f"{met[1]}: recovery and reflection period")
        inspection = items["inspection.result"][0].headline
        assert inspection.count("noticed") == 1, inspection
        assert {i.sender for i in items["reply"]} == {"MNSF MP"}
        assert all(i.sender == "MNSF MP" for i in items.get("cell.message", ()))
        # The arrest names the person (from their papers), never an id.
        for arrest in items.get("arrest.made", ()):
            assert "_" not in arrest.headline


def test_senders_fit_the_narrow_column_by_name_not_by_a_cut():
    from cpx.tui.presenting.feed import _sender_short

    assert _sender_short("Open Door (victim-support NGO)") == "Open Door"
    assert _sender_short("International Police Mission in Vardenia (IPMV)") == "IPMV"
    assert _sender_short("MNSF Military Police duty officer (Camp Ironwood)") == "MNSF MP"
    assert _sender_short("MNSF Military Police Company") == "MNSF MP"
    assert _sender_short("journalist") == "journalist"

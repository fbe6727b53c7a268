"""The victims panel shows each person's pathway: in custody, when the reflection period
ends, whether they agreed to give evidence; the case board shows excluded evidence."""

from __future__ import annotations

from cpx.engine import Order
from cpx.tui.widgets.tables import CASE_COLUMNS, VICTIM_COLUMNS, Board

from .conftest import FLAGSHIP, make_app


async def test_victims_panel_shows_custody_reflection_and_consent(tmp_path):
    app = make_app(FLAGSHIP, seed=1, journal=tmp_path / "v.jsonl")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen, driver = app.command_post, app.driver
        driver.run_to(365)  # D1 14:05: the hotline's call about a child at Kestrel Street
        result = driver.submit(Order("raid", "satu_intervention", "kestrel_street_flats",
                                     {"urgent": True, "support": "safe_harbour"}))
        assert result.accepted, result.reason
        driver.run_to(driver.now + 6 * 60)
        met = [v["id"] for v in driver.exercise.picture()["victims"]
               if v["where"] == "kestrel_street_flats"]
        assert len(met) >= 2
        held, referred = met[0], met[1]
        result = driver.submit(Order("arrest", "vel_intervention", held))
        assert result.accepted, result.reason
        # An entry on no grounds at all: what it seizes is excluded.
        assert driver.submit(Order("raid", "tarsk_patrol", "club_aurora",
                                   {"urgent": True})).accepted
        assert driver.submit(Order("refer_victim", target=referred,
                                   params={"agency": "safe_harbour"})).accepted
        driver.run_to(driver.now + 60)
        screen.refresh_views()
        await pilot.press("5")
        await pilot.pause()
        rows = {r[0]: dict(zip(VICTIM_COLUMNS, r))
                for r in screen.query_one("#victim-board", Board).rows_shown}
        assert rows[held]["Status"] == "in custody"
        assert rows[held]["Consent"] == "—"
        assert rows[referred]["Status"] == "referred"
        assert rows[referred]["Reflection ends"].startswith("D31 ")
        assert rows[referred]["Consent"] == "pending"
        # Days later the referred person has decided; the held one is past the limit.
        driver.run_to(driver.now + 4 * 1440)
        screen.refresh_views()
        await pilot.pause()
        rows = {r[0]: dict(zip(VICTIM_COLUMNS, r))
                for r in screen.query_one("#victim-board", Board).rows_shown}
        assert rows[referred]["Consent"] in ("yes", "no")
        assert rows[held]["Status"] == "in custody (past the limit)"
        seized = [e for e in driver.exercise.events if e.kind == "evidence.status"]
        assert seized  # passports and staff found at Club Aurora (this seed)
        await pilot.press("4")
        await pilot.pause()
        cases = [dict(zip(CASE_COLUMNS, r))
                 for r in screen.query_one("#case-board", Board).rows_shown]
        assert any("excluded" in c["Evidence"] for c in cases), cases

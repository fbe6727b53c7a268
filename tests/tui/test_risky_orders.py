"""Orders of the later mechanics with real consequences ask for confirmation, and say
the doctrinal risk: a return before the reflection period ends, without a risk
assessment or from custody; an overt integrity check; a statement on enforcement;
custody of the people met."""

from __future__ import annotations

from cpx.engine import Order
from cpx.tui.order_line import needs_confirmation
from cpx.tui.screens.confirm import ConfirmScreen

from .conftest import FLAGSHIP, make_app, widget_text


def test_the_new_risky_orders_ask_and_the_harmless_ones_do_not():
    assert "tipped off" in needs_confirmation(
        Order("integrity_check", target="x", params={"approach": "overt"}), set())
    assert needs_confirmation(
        Order("integrity_check", target="x", params={"approach": "covert"}), set()) is None
    assert "fewer come forward" in needs_confirmation(
        Order("public_statement", target="x", params={"line": "enforcement"}), set())
    assert needs_confirmation(
        Order("public_statement", target="x", params={"line": "victim_centred"}), set()) is None
    assert "non-punishment" in needs_confirmation(
        Order("raid", "u", "bar", {"detain": True}), set())
    assert "non-punishment" in needs_confirmation(
        Order("arrest", "u", "p3"), set(), picture={"victims": [{"id": "p3"}]})
    # A return asks even when every condition is met, and says so.
    done = {"now": 100, "victims": [{"id": "p3", "status": "referred", "reflection_ends": 50}]}
    why = needs_confirmation(Order("assisted_return", target="p3",
                                   params={"risk_assessment": True}), set(), picture=done)
    assert "the period has ended" in why


async def test_a_return_from_custody_during_reflection_says_each_risk(tmp_path):
    app = make_app(FLAGSHIP, seed=1, journal=tmp_path / "r.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        driver, screen = app.driver, app.command_post
        driver.run_to(365)  # the hotline's call about a child at Kestrel Street
        assert driver.submit(Order("raid", "satu_intervention", "kestrel_street_flats",
                                   {"urgent": True, "support": "safe_harbour"})).accepted
        driver.run_to(driver.now + 6 * 60)
        met = [v["id"] for v in driver.exercise.picture()["victims"]
               if v["where"] == "kestrel_street_flats"]
        assert driver.submit(Order("refer_victim", target=met[0],
                                   params={"agency": "safe_harbour"})).accepted
        driver.run_to(driver.now + 60)
        screen.refresh_views()
        orders_before = len(driver.picture()["orders"])
        await pilot.press(":")
        await pilot.press(*f"assisted_return {met[0]}")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = widget_text(app.screen.query_one("#confirm-question"))
        assert "reflection period runs until D31" in question, question
        assert "no risk assessment" in question
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert len(driver.picture()["orders"]) == orders_before  # not given

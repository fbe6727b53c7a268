"""Orders as a commander gives them: names not ids, forms that offer what fits, keys
that stay keys (issue 11), driven through the real app with Pilot."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from cpx.errors import CpxError
from cpx.tui.order_line import complete, parse_order
from cpx.tui.screens.order_form import OrderFormScreen
from cpx.tui.widgets.choice import ChoiceSelect
from cpx.tui.widgets.command_line import CommandLine
from cpx.tui.widgets.feed import MessageFeed

from .conftest import FLAGSHIP, make_app


def options(select: Select) -> list[str]:
    return [value for _label, value in select._options if value is not Select.NULL]


async def started(app, pilot):
    await pilot.press("enter")
    await pilot.pause()
    return app.command_post


def vocabulary(screen):
    return screen.query_one(CommandLine).suggester_words.vocabulary


async def test_codenames_callsigns_and_names_are_accepted_with_did_you_mean(tmp_path):
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await started(app, pilot)
        words = vocabulary(screen)
        nightjar = next(t for t, n in words.target_names.items() if n == "NIGHTJAR")
        # The codename the briefing shows, in any case; the order keeps the id.
        order = parse_order("task_informant nightjar", words)
        assert order.target == nightjar != "nightjar"
        # A callsign with its space written any way.
        assert parse_order("surveil hawk_1 velinor", words).unit == "vel_surveillance_1"
        assert parse_order("surveil HAWK1 velinor", words).unit == "vel_surveillance_1"
        # A near miss says what was meant.
        with pytest.raises(CpxError, match="did you mean NIGHTJAR"):
            parse_order("task_informant nightjr", words)
        # Completion offers the codename, and the callsign rather than a bare id.
        assert complete("task_informant nigh", words) == "task_informant NIGHTJAR"
        assert complete("surveil h", words) == "surveil HAWK_1"
        assert complete("surveil ba", words) == "surveil BADGER"

        # Typed on the real command line: accepted, journalled with ids.
        await pilot.press("colon", *"task_informant nightjar", "enter")
        await pilot.pause()
        given = [o for o in app.driver.picture()["orders"] if o["verb"] == "task_informant"]
        assert given and given[0]["target"] == nightjar
        status = str(screen.query_one("#order-status").render())
        assert "accepted" in status and "NIGHTJAR" in status and nightjar not in status


async def test_the_financial_investigation_form_can_be_given(tmp_path):
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(app, pilot)
        await pilot.press("f")
        form = app.screen
        assert isinstance(form, OrderFormScreen)
        form.query_one("#form-verb", Select).value = "financial_investigation"
        await pilot.pause()
        units = form.query_one("#field-unit", ChoiceSelect)
        # Only ATLAS has the financial capability; the others are greyed with why.
        able = [v for v in options(units) if v not in units.reasons]
        assert able == ["satu_investigation"]
        assert "no financial capability" in units.reasons["vel_surveillance_1"]
        units.value = "satu_investigation"
        targets = form.query_one("#field-target", Select)
        kinds = vocabulary(screen).target_kinds
        assert options(targets) and all(kinds[t] == "person" for t in options(targets))
        targets.value = options(targets)[0]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        given = [o for o in app.driver.picture()["orders"]
                 if o["verb"] == "financial_investigation"]
        assert given and given[0]["unit"] == "satu_investigation"


async def test_forms_offer_what_fits_and_name_the_command_line_keys(tmp_path):
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await started(app, pilot)
        kinds = vocabulary(screen).target_kinds
        await pilot.press("f")
        form = app.screen
        form.query_one("#form-verb", Select).value = "task_informant"
        await pilot.pause()
        informants = options(form.query_one("#field-target", Select))
        assert informants and all(kinds[i] == "informant" for i in informants)
        # The label names the key the command line takes (read from the widget: under
        # load the screen may not have been redrawn yet).
        # (generated from the verb's definition: the key's name, issue 11)
        assert "Subject (subject=)" in str(form.query_one("#label-subject").render())
        form.query_one("#form-verb", Select).value = "border_alert"
        await pilot.pause()
        crossings = options(form.query_one("#field-target", Select))
        assert crossings and all(kinds[c] == "crossing" for c in crossings)
        form.query_one("#form-verb", Select).value = "identify_victim"
        await pilot.pause()
        decision = form.query_one("#field-decision")
        assert decision.value is False and "is a victim" in str(decision.label)
        form.query_one("#form-verb", Select).value = "inspect"
        await pilot.pause()
        # An inspection without a unit goes to the partner inspectorate: blank is allowed.
        assert form.query_one("#field-unit", ChoiceSelect).value is Select.NULL
        assert form.query_one("#field-unit", ChoiceSelect).prompt == "none: ask the partner agency"
        # HAWK 2's shift starts at 14:00: greyed with the reason at 08:00.
        form.query_one("#form-verb", Select).value = "surveil"
        await pilot.pause()
        units = form.query_one("#field-unit", ChoiceSelect)
        assert units.reasons["vel_surveillance_2"] == "its shift starts 14:00"


async def test_after_an_order_the_keys_are_keys_again_and_the_line_is_recallable(tmp_path):
    app = make_app(journal=tmp_path / "t.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(app, pilot)
        command = screen.query_one(CommandLine)
        clock = app.driver.clock
        await pilot.press("colon", *"surveil tut_surveillance p2", "enter")
        await pilot.pause()
        assert "rejected" in str(screen.query_one("#order-status").render())
        assert isinstance(screen.focused, MessageFeed) and command.value == ""
        paused = clock.paused
        await pilot.press("space")
        assert clock.paused != paused and command.value == ""
        speed = clock.speed
        await pilot.press("minus", "plus")
        assert clock.speed == speed
        # ':' opens an empty line; ↑ brings the rejected order back to correct it.
        await pilot.press("colon")
        assert screen.focused is command and command.value == ""
        await pilot.press("up")
        assert command.value == "surveil tut_surveillance p2"
        await pilot.press("down")
        assert command.value == ""
        # Text left on the line is not added to by the next ':'.
        await pilot.press(*"raid", "escape", "colon")
        assert command.value == ""
        await pilot.press("up")
        assert command.value == "raid"
        await pilot.press("escape")
        # A malformed line too gives the keys back.
        await pilot.press("colon", *"surveil a b c", "enter")
        await pilot.pause()
        assert isinstance(screen.focused, MessageFeed)


async def test_the_clock_waits_while_a_form_or_confirmation_is_open(tmp_path):
    app = make_app(journal=tmp_path / "t.jsonl", running=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(app, pilot)
        assert not app.driver.clock.paused
        before = app.driver.now
        await pilot.press("f")
        screen.tick(5)
        assert app.driver.now == before
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("E")  # the ENDEX confirmation
        screen.tick(5)
        assert app.driver.now == before
        await pilot.press("escape")
        await pilot.pause()
        screen.tick(5)
        assert app.driver.now > before


def test_the_grey_hint_only_ever_extends_what_was_typed():
    from cpx.tui.viewdata import Vocabulary
    from cpx.tui.widgets.command_line import ghost

    words = Vocabulary(units=("hel_surveillance_1",), targets=("bar_lotus",),
                       target_names={"bar_lotus": "Bar Lotus"},
                       unit_names={"hel_surveillance_1": "HAWK 1"})
    for typed in ("surveil h", "surveil haw", "surveil HAWK_1 lot", "surveil HAWK_1 bar_l"):
        shown = ghost(typed, complete(typed, words))
        assert shown is None or shown.startswith(typed), (typed, shown)
    assert ghost("surveil h", complete("surveil h", words)) == "surveil hawk_1"
    assert ghost("surveil HAWK_1 lot", complete("surveil HAWK_1 lot", words)) is None
    assert complete("surveil HAWK_1 lot", words) == "surveil HAWK_1 Bar_Lotus"


async def test_keys_typed_in_a_burst_after_colon_all_reach_the_line(tmp_path):
    """A fast typist's ':task_informant robin' arrives before the focus has moved."""
    from textual import events
    from textual.keys import _character_to_key

    app = make_app(journal=tmp_path / "t.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await started(app, pilot)
        for character in ":task_informant robin o:k":
            app.post_message(events.Key(_character_to_key(character), character))
        await pilot.pause()
        await pilot.pause()
        assert screen.query_one(CommandLine).value == "task_informant robin o:k"

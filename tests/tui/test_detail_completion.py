"""Tab completes a verb's ``key=`` details from its typed definition; forms take their
hints and ranges from the same definition."""

from __future__ import annotations

from cpx.scenario.orders import DEFINITIONS
from cpx.tui.order_forms import FORMS, field_from_spec
from cpx.tui.order_line import complete, parse_order
from cpx.tui.screens.order_form import OrderFormScreen
from cpx.tui.viewdata import Vocabulary
from cpx.tui.widgets.command_line import CommandLine

from .conftest import FLAGSHIP, make_app

WORDS = Vocabulary(units=("hawk1", "badger"),
                   targets=("bar_lotus", "hotel_panorama", "nightjar", "safe_harbour"),
                   target_kinds={"bar_lotus": "place", "hotel_panorama": "place",
                                 "nightjar": "informant", "safe_harbour": "agency"})


def test_after_the_target_a_detail_key_completes_first():
    assert complete("surveil hawk1 bar_lotus h", WORDS) == "surveil hawk1 bar_lotus hours="
    assert complete("task_informant nightjar s", WORDS) == "task_informant nightjar subject="
    assert complete("raid badger bar_lotus u", WORDS) == "raid badger bar_lotus urgent="
    assert complete("cross_border_request bar_lotus k", WORDS) \
        == "cross_border_request bar_lotus kind="


def test_before_the_target_a_name_still_comes_first():
    # 'h' after the unit is more likely the target (the hotel) than hours=.
    assert complete("surveil hawk1 h", WORDS) == "surveil hawk1 hotel_panorama"


def test_a_detail_given_is_not_offered_again_and_other_verbs_keys_never():
    assert complete("raid badger bar_lotus urgent=yes u", WORDS) is None
    assert complete("arrest badger bar_lotus h", WORDS) == "arrest badger bar_lotus hotel_panorama"
    # interview's details all complete, in the definition's order
    line = "interview badger bar_lotus"
    for spec in DEFINITIONS["interview"].parameters():
        assert complete(f"{line} {spec.name[:2]}", WORDS) == f"{line} {spec.name}="


def test_every_completed_key_parses_with_a_valid_value():
    for verb, definition in DEFINITIONS.items():
        for spec in definition.parameters():
            line = f"{verb} badger bar_lotus {spec.name[0]}"
            completed = complete(line, WORDS)
            assert completed is not None and completed.endswith("=")
            key = completed.rpartition(" ")[2]
            assert key[:-1] in definition.params.model_fields


async def test_tab_on_the_command_line_offers_hours(tmp_path):
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        given = []
        submit = app.driver.submit
        app.driver.submit = lambda order: given.append(order) or submit(order)  # observe
        await pilot.press("colon", *"surveil hawk1 lotus h", "tab")
        await pilot.pause()
        line = app.command_post.query_one(CommandLine)
        assert line.value == "surveil hawk1 lotus hours="
        await pilot.press(*"12", "enter")
        await pilot.pause()
        assert [(o.verb, o.target, o.params) for o in given] \
            == [("surveil", "bar_lotus", {"hours": 12})]
        assert "accepted" in str(app.command_post.query_one("#order-status").render())


def test_form_hints_carry_the_definitions_ranges():
    hours = next(f for f in FORMS["border_alert"].fields if f.key == "hours")
    assert "1–720 hours" in hours.hint and hours.default == 48
    hours = next(f for f in FORMS["surveil"].fields if f.key == "hours")
    assert "1–72 hours" in hours.hint
    # a detail no form entry describes gets its label and hint from the definition
    spec = DEFINITIONS["border_alert"].parameter("hours")
    field = field_from_spec(spec)
    assert (field.label, field.kind, field.default) == ("Hours", "number", 48)
    assert field.hint.startswith(spec.help.rstrip(".")) and "1–720 hours" in field.hint
    # every detail of every verb has a field
    for verb, definition in DEFINITIONS.items():
        keys = {f.key for f in FORMS[verb].fields}
        assert {s.name for s in definition.parameters()} <= keys


async def test_the_form_shows_the_range_as_its_placeholder(tmp_path):
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, OrderFormScreen)
        assert "1–72 hours" in app.screen.query_one("#field-hours").placeholder


async def test_a_verb_added_to_the_definitions_needs_no_other_edit(monkeypatch, tmp_path):
    """One description of each verb (issue 11): a verb another lane adds to DEFINITIONS
    is in the form picker with a generated form, completed and corrected on the command
    line, and listed in the ? help — with no edit to the UI."""
    from textual.widgets import Select, Static

    from cpx.scenario.orders import VerbDefinition
    from cpx.tui.order_line import verb_did_you_mean
    from cpx.tui.orders_help import orders_help

    from .conftest import screen_text, widget_text

    from cpx.scenario.orders import RaidParams

    monkeypatch.setitem(DEFINITIONS, "leaflet_drop", VerbDefinition(
        "leaflet_drop", "Hand out hotline leaflets where the people exploited can read them.",
        "required", "surveillance", ("place",), RaidParams))
    form = FORMS["leaflet_drop"]
    assert form.help.startswith("Hand out hotline leaflets")
    assert [f.key for f in form.fields] == ["unit", "target", "support", "urgent", "detain"]
    assert next(f for f in form.fields if f.key == "target").accepts == ("place",)
    assert complete("leaf", Vocabulary(units=("hawk1",))) == "leaflet_drop"
    assert "leaflet_drop" in verb_did_you_mean("leaflet_dorp")
    assert "leaflet_drop" in widget_text(Static(orders_help()))
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OrderFormScreen)
        picker = screen.query_one("#form-verb", Select)
        assert "leaflet_drop" in [value for _label, value in picker._options]
        picker.value = "leaflet_drop"
        await pilot.pause()
        await pilot.pause()
        assert "Hand out hotline leaflets" in screen_text(app)
        assert screen.query("#field-support") and screen.query("#field-urgent")

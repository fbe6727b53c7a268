"""The command line's grammar and completion."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpx.engine.orders import VERBS, Order
from cpx.errors import CpxError
from cpx.tui.order_forms import FORMS
from cpx.tui.order_line import complete, needs_confirmation, parse_order
from cpx.tui.presenter import Vocabulary

WORDS = Vocabulary(units=("hawk1", "badger"), targets=("bar_nightingale", "milo", "robin"),
                   target_names={"milo": "Milo Tarn"})


def test_unit_target_and_params_are_recognised():
    order = parse_order("surveil hawk1 bar_nightingale hours=6", WORDS)
    assert order == Order("surveil", "hawk1", "bar_nightingale", {"hours": 6})
    order = parse_order("raid badger bar_nightingale urgent=yes", WORDS)
    assert order == Order("raid", "badger", "bar_nightingale", {"urgent": True})


def test_a_target_without_unit_is_a_target():
    assert parse_order("task_informant robin subject=milo", WORDS) == Order(
        "task_informant", None, "robin", {"subject": "milo"})


@pytest.mark.parametrize("line, title", [
    ("", "Empty order"), ("survey hawk1", "Unknown verb"), ("raid badger a b", "Bad order"),
    ("surveil hawk1 milo hours=abc", "Bad detail"), ("surveil hawk1 milo hours=8h", "Bad detail"),
    ("surveil hawk1 milo hours=nan", "Bad detail"), ("surveil hawk1 milo hours=-5", "Bad detail"),
    ("border_alert robin hours=nan", "Bad detail"), ("task_informant robin about=milo", "Bad detail"),
    ("raid badger x=", "Bad detail"),
])
def test_malformed_lines_say_what_to_fix(line, title):
    with pytest.raises(CpxError) as caught:
        parse_order(line, WORDS)
    assert caught.value.title == title


def test_unknown_verb_suggests_close_ones():
    with pytest.raises(CpxError, match="surveil"):
        parse_order("surv hawk1", WORDS)


def test_completion_of_verbs_units_and_targets():
    assert complete("sur", WORDS) == "surveil"
    assert complete("surveil ha", WORDS) == "surveil hawk1"
    assert complete("surveil hawk1 bar_", WORDS) == "surveil hawk1 bar_nightingale"
    assert complete("surveil hawk1 zzz", WORDS) is None
    assert complete("surveil ", WORDS) is None


@given(st.sampled_from(VERBS), st.sampled_from(WORDS.units), st.sampled_from(WORDS.targets))
def test_a_completed_target_parses_back(verb, unit, target):
    line = complete(f"{verb} {unit} {target[:2]}", WORDS)
    assert parse_order(line, WORDS) == Order(verb, unit, target)


def test_risky_orders_ask_first():
    assert needs_confirmation(Order("raid", "badger", "bar_nightingale"), set())
    assert "central" in needs_confirmation(Order("arrest", "badger", "milo"), {"milo"})
    assert needs_confirmation(Order("surveil", "hawk1", "milo"), {"milo"}) is None


def test_every_verb_has_a_form():
    assert set(FORMS) == set(VERBS)


def test_a_value_after_key_equals_completes_to_a_target():
    # The name the trainee sees, as one word (it parses back to the id).
    assert complete("task_informant robin about=mi", WORDS) == "task_informant robin about=Milo_Tarn"
    assert complete("task_informant robin about=", WORDS) is None


def test_a_unit_can_be_typed_or_completed_by_its_callsign():
    words = Vocabulary(units=("satu_atlas", "tut_surveillance"),
                       targets=("bar_lotus",),
                       unit_names={"satu_atlas": "ATLAS", "tut_surveillance": "HAWK 1"})
    # Completion inserts the callsign the trainee reads, never the bare id.
    assert complete("surveil atl", words) == "surveil ATLAS"
    assert complete("surveil haw", words) == "surveil HAWK_1"
    assert parse_order("surveil HAWK_1 bar_lotus", words).unit == "tut_surveillance"
    assert parse_order("surveil HAWK1 bar_lotus", words).unit == "tut_surveillance"
    assert parse_order("surveil atlas bar_lotus", words).unit == "satu_atlas"


def test_a_wrong_unit_word_is_named_with_the_units_there_are():
    with pytest.raises(CpxError, match="'hawk' is not one of your units.*hawk1"):
        parse_order("surveil hawk bar_nightingale", WORDS)

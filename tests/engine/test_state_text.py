"""The state hash's text is json's canonical text, whoever writes it.

:func:`cpx.engine.world.state_json` lets orjson write the end-of-run state and mends or
refuses what orjson writes otherwise than ``json.dumps(..., sort_keys=True,
separators=(",", ":"))`` (text outside ASCII, DEL, floats json writes with an exponent,
values orjson refuses). Each case is compared here with the plain computation the
state hash has always used, on played runs and on states built to hit every difference.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
from datetime import datetime
from enum import Enum, IntEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.commands.run import play
from cpx.engine import world as world_module
from cpx.engine.exercise import Exercise
from cpx.engine.world import Evidence, fields_of, plain, state_json
from cpx.journal.scenario_source import open_scenario


def reference(state) -> str:
    """The canonical text as the state hash was always computed."""
    return json.dumps(plain(state), sort_keys=True, separators=(",", ":"))


def test_orjson_is_there_so_the_fast_path_is_what_is_tested():
    assert world_module.orjson is not None


@pytest.mark.parametrize("seed", [1, 4])
def test_played_state_text_is_the_json_text(fixture_scenario, seed):
    exercise = Exercise(fixture_scenario, seed)
    play(exercise, "baseline", [], exercise.end, [])
    state = exercise.world.snapshot(convert=lambda record: record)
    state["now"], state["seed"] = exercise.now, exercise.seed
    text = reference(state)
    assert world_module._orjson_text(state) == text  # not sent to json: fast path taken
    assert state_json(state) == text
    truth = exercise.truth()
    assert exercise.state_hash() == hashlib.sha256(
        json.dumps(truth, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def test_flagship_state_with_names_outside_ascii():
    scenario = open_scenario("glass_lantern").scenario
    exercise = Exercise(scenario, 3)
    exercise.run_until(2 * 1440)
    state = exercise.world.snapshot(convert=lambda record: record)
    text = reference(state)
    assert "\\u2013" in text, "the flagship's route names hold an en dash: the case is not hit"
    assert state_json(state) == text


def evidence(text: str, weight: float) -> Evidence:
    return Evidence(id="e1", suspect="m1", kind="testimony", weight=weight, text=text, t=5)


@pytest.mark.parametrize("text", [
    "Halvik \u2013 Brenna", "caf\u00e9 \u00e9t\u00e9", "a\x7fb", "emoji \U0001f600 here",
    "tab\tnew\nline \x01 \"quoted\" back\\slash", "\u00ff\u0100\uffff", "p10e3 10.00001",
    # a backslash before x or U in the text beside text outside ASCII (the escape's mending)
    "back\\xe9 caf\u00e9", "\\x41\u2013", "\\U0001f600 \u00e9", "\u00e9\\", "\\\u00e9x",
    "\\u00e9 \u00e9", "\u0080\u07ff\u0800", "x\U0001f600\u00e9",
])
def test_strings_are_escaped_as_json_escapes_them(text):
    state = {"evidence": [evidence(text, 0.3)], "names": {text: [text, (1, text)]}}
    assert state_json(state) == reference(state)


@pytest.mark.parametrize("number", [
    1e-5, 2.090174751040609e-05, 1e-7, -3.5e-9, 5e-324, 1e16, 1.5e17, 1.7976931348623157e308,
    9999999999999998.0, 0.0001, 0.00012, 123456.78, -0.0, 0.1 + 0.2,
])
def test_floats_json_writes_otherwise_go_to_json(number):
    state = {"alert": {"x": number}, "evidence": [evidence("t", number)], "n": [number]}
    assert state_json(state) == reference(state)


@pytest.mark.parametrize("state", [
    {"big": 2 ** 70}, {"keys": {1: "a"}}, {"keys": {"b": 1, "a": {"\u00e9": -1}}},
])
def test_what_orjson_refuses_or_writes_otherwise_goes_to_json(state):
    assert state_json(state) == json.dumps(state, sort_keys=True, separators=(",", ":"))


class Level(IntEnum):
    HIGH = 3


class Word(str, Enum):
    KEPT = "kept"


class Table(dict):
    pass


@pytest.mark.parametrize("value", [Level.HIGH, Word.KEPT, Table(b=1, a=2), True, None])
def test_subclasses_are_written_as_json_writes_them(value):
    state = {"v": value, "l": [value]}
    assert state_json(state) == json.dumps(state, sort_keys=True, separators=(",", ":"))


@pytest.mark.parametrize("value", [datetime(2004, 3, 8, 8, 0), object()])
def test_a_value_json_cannot_write_is_refused_as_before(value):
    with pytest.raises(TypeError):
        json.dumps({"x": value}, sort_keys=True, separators=(",", ":"), default=fields_of)
    with pytest.raises(TypeError):
        state_json({"x": value})


def test_a_value_neither_can_write_is_refused_as_before():
    with pytest.raises(TypeError):
        state_json({"x": object()})


finite = st.floats(allow_nan=False, allow_infinity=False)
raw_doubles = st.integers(0, 2 ** 64 - 1).map(lambda bits: struct.unpack("<d", struct.pack("<Q", bits))[0])
texts = st.text(max_size=12)
leaves = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 63, 2 ** 63 - 1), finite,
                   raw_doubles.filter(math.isfinite), texts)
values = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4)
    | st.tuples(inner, inner), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(values, texts, finite)
def test_any_finite_state_is_written_as_json_writes_it(value, text, weight):
    state = {"v": value, "evidence": [evidence(text, weight)]}
    assert state_json(state) == reference(state)


escapable = st.text(st.sampled_from(["\\", "x", "U", "u", "0", "e", "\u00e9", "\u2013", "\U0001f600",
                                     "\x7f", "\x01", '"']), max_size=10)


@settings(max_examples=200, deadline=None)
@given(st.lists(escapable, max_size=4))
def test_backslashes_beside_text_outside_ascii_are_escaped_as_json_escapes_them(parts):
    state = {"names": parts, "evidence": [evidence("".join(parts), 0.5)]}
    assert state_json(state) == reference(state)


# --- the shortcuts of the compiled build and of the escape, each against the plain way

def test_each_record_type_is_written_out_with_exactly_its_fields(fixture_scenario):
    """:data:`world._EXPANDERS` (what the compiled build's fields_of uses) gives each record's
    fields and values, keys sorted, as reading every field by name does."""
    from dataclasses import fields

    exercise = Exercise(fixture_scenario, 2)
    play(exercise, "baseline", [], exercise.end, [])
    world = exercise.world
    records = [*world.members.values(), *world.venues.values(), *world.people.values(),
               *world.routes.values(), *world.units.values(), *world.informants.values(),
               *world.evidence.values(), *(p.pathway for p in world.people.values())]
    records.append(evidence("caf\u00e9", 0.25))  # the fixture may hold no evidence
    seen = set()
    for record in records:
        kind = type(record)
        expanded = world_module._EXPANDERS[kind](record)
        assert list(expanded) == sorted(f.name for f in fields(kind))
        assert expanded == {f.name: getattr(record, f.name) for f in fields(kind)}
        seen.add(kind)
    assert seen == set(world_module._EXPANDERS), "a record type was not exercised"


# every character but the lone surrogates (which orjson refuses: json writes those states)
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
tricky_text = st.text(st.sampled_from(["\\", "x", "U", "u", "0", "\u00e9", "\u0080", "\u00ff",
                                       "\u0100", "\u2013", "\uffff", "\U0001f600", "\U0010ffff",
                                       "\x7f", "\x00", "\x1f", "\n", '"', "a"]), max_size=16)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(any_text, tricky_text), min_size=1, max_size=5))
def test_the_escape_of_text_outside_ascii_is_jsons(parts):
    """The escape (backslashreplace mended, or the error handler) against json's own."""
    import orjson

    raw = orjson.dumps(parts).replace(b"\x7f", b"\\u007f")
    expected = json.dumps(parts, separators=(",", ":")).encode("ascii")
    assert world_module._escaped(raw) == expected if not raw.isascii() else raw == expected
    state = {"names": parts, "evidence": [evidence("".join(parts), 0.5)]}
    assert world_module.state_bytes(state) == reference(state).encode("ascii")

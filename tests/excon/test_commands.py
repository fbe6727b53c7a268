"""The console's command line: what a controller types becomes the protocol message."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from cpx.excon.commands import CommandError, parse


def test_excon_commands():
    assert parse("hold t03", "excon") == {"type": "excon", "action": {"do": "hold", "inject": "t03"}}
    assert parse("release t03", "excon")["action"] == {"do": "release", "inject": "t03"}
    assert parse("fire lib_call", "excon")["action"] == {"do": "fire", "inject": "lib_call"}
    live = parse("fire to=trainee from=journalist channel=media expect=surveil/bar_lotus/3h "
                 "A reporter calls about Bar Lotus", "excon")["action"]["inject"]
    assert live == {"to": "trainee", "from": "journalist", "channel": "media",
                    "expected_action": {"order": "surveil", "target": "bar_lotus", "within": "3h"},
                    "text": "A reporter calls about Bar Lotus"}
    # words with '=' after the text starts stay in the text
    assert parse("fire Call x=1 now", "excon")["action"]["inject"] == {"text": "Call x=1 now"}
    assert parse("rule o4 granted on the informant's word", "excon")["action"] == {
        "do": "adjudicate", "kind": "warrant", "order": "o4", "ruling": "granted",
        "reason": "on the informant's word"}
    assert parse("rule o7 Unlawful no grounds", "excon")["action"]["kind"] == "raid"
    assert parse("pause", "excon") == {"type": "control", "action": "pause"}
    assert parse("speed 60", "excon") == {"type": "control", "action": "speed", "speed": 60.0}


@pytest.mark.parametrize("line,why", [
    ("", "hold ID"), ("hold", "hold INJECT_ID"), ("speed fast", "speed N"),
    ("rule o4 maybe x", "granted|refused"), ("rule o4 granted", "granted|refused"),
    ("fire to=trainee", "fire LIBRARY_ID"), ("observe o t S", "evaluator seats"),
    ("launch rockets", "unknown command"),
])
def test_excon_mistakes_say_what_to_type(line, why):
    with pytest.raises(CommandError, match=".*" + why.replace("|", r"\|").replace("(", r"\(")):
        parse(line, "excon")


def test_an_evaluator_only_observes():
    assert parse("observe obj_a t1 s slow to refer", "evaluator") == {
        "type": "observe", "observation": {"objective": "obj_a", "task": "t1", "rating": "S",
                                           "note": "slow to refer"}}
    for line in ("hold t03", "pause", "fire x", "observe obj_a t1"):
        with pytest.raises(CommandError):
            parse(line, "evaluator")


@given(st.text(max_size=80))
def test_any_line_is_a_message_or_a_command_error(line):
    for role in ("excon", "evaluator"):
        try:
            message = parse(line, role)
        except CommandError as error:
            assert str(error)
        else:
            assert message["type"] in ("excon", "observe", "control")

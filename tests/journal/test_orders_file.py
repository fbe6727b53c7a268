"""Orders files: parsed into timed orders, sorted, every mistake located at its line."""

from __future__ import annotations

import pytest

from cpx.errors import CpxError
from cpx.journal.orders_file import load_orders, parse_orders

STARTEX = 8 * 60  # 08:00

GOOD = """\
# a comment
- at: "D2 06:00"
  order:
    verb: raid
    unit: sia1
    target: club_lotus
    params: {support: ngo_team}
- at: "D1 10:00"
  order: {verb: surveil, unit: vpr1, target: club_lotus}
- at: D1 10:00
  order: {verb: task_informant, target: src_magpie}
"""


def test_orders_are_timed_shaped_and_sorted():
    planned = parse_orders(GOOD, STARTEX, "plan.yaml")
    assert [(p.t, p.order["verb"], p.line) for p in planned] == [
        (120, "surveil", 8),
        (120, "task_informant", 10),  # same time: file order kept
        (24 * 60 - 120, "raid", 2),
    ]
    assert planned[0].order == {"verb": "surveil", "unit": "vpr1", "target": "club_lotus", "params": {}}
    assert planned[2].order["params"] == {"support": "ngo_team"}
    assert planned[2].at == "D2 06:00"


def test_empty_file_is_no_orders():
    assert parse_orders("", STARTEX) == []
    assert parse_orders("# nothing yet\n", STARTEX) == []


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("- at: D1 10:00\n  order: {verb: surveil}\n- at: D1 11:00\n  order: {verb: dance}\n", 3, "unknown verb 'dance'"),
        ("- at: D1 10:00\n  order: {verb: surveil}\n- at: D0 11:00\n  order: {verb: surveil}\n", 3, "start at D1"),
        ("- at: '10:00'\n  order: {verb: surveil}\n", 1, "not an exercise time"),
        ("- at: 600\n  order: {verb: surveil}\n", 1, "'at' must be an exercise time"),
        ("- at: D1 07:00\n  order: {verb: surveil}\n", 1, "before STARTEX"),
        ("- order: {verb: surveil}\n", 1, "no 'at'"),
        ("- at: D1 10:00\n  when: soon\n  order: {verb: surveil}\n", 1, "unknown key 'when'"),
        ("- at: D1 10:00\n  order: {verb: surveil, unti: vpr1}\n", 1, "unknown order key 'unti'"),
        ("- at: D1 10:00\n  order: {verb: surveil, unit: 7}\n", 1, "'unit' must be an id"),
        ("- at: D1 10:00\n  order: {verb: surveil, params: [1]}\n", 1, "'params' must be a mapping"),
        ("- at: D1 10:00\n  order: surveil\n", 1, "'order' must be a mapping"),
        ("at: D1 10:00\n", 1, "a list"),
        ("- at: D1 10:00\n  order: {verb: surveil\n", 3, "not valid YAML"),
    ],
)
def test_mistakes_name_file_and_line(text, line, words):
    with pytest.raises(CpxError) as caught:
        parse_orders(text, STARTEX, "plan.yaml")
    assert f"plan.yaml:{line}:" in caught.value.message
    assert words in caught.value.message


def test_load_orders_reads_a_file(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert len(load_orders(path, STARTEX)) == 3
    with pytest.raises(CpxError, match="cannot read"):
        load_orders(tmp_path / "missing.yaml", STARTEX)

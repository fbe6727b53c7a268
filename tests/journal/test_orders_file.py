"""Orders files: parsed into timed orders, sorted, every mistake located at its line."""

from __future__ import annotations

import pytest

from cpx.errors import CpxError
from cpx.journal.orders_file import MAX_BYTES, MAX_ORDERS, OrdersFileError, load_orders, parse_orders

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
    "text, where, words",
    [
        ("- at: D1 10:00\n  order: {verb: surveil}\n- at: D1 11:00\n  order: {verb: dance}\n", "4:17", "'dance' is not an order"),
        ("- at: D1 10:00\n  order: {verb: surveil}\n- at: D0 11:00\n  order: {verb: surveil}\n", "3:7", "start at D1"),
        ("- at: '10:00'\n  order: {verb: surveil}\n", "1:7", "not an exercise time"),
        ("- at: 600\n  order: {verb: surveil}\n", "1:7", "'at' must be an exercise time"),
        ("- at: D1 07:00\n  order: {verb: surveil}\n", "1:7", "before STARTEX"),
        ("- order: {verb: surveil}\n", "1:3", "no 'at'"),
        ("- at: D1 10:00\n  when: soon\n  order: {verb: surveil}\n", "2:3", "unknown key 'when'"),
        ("- at: D1 10:00\n  order: {verb: surveil, unti: vpr1}\n", "2:26", "unknown order key 'unti'"),
        ("- at: D1 10:00\n  order: {verb: surveil, unit: 7}\n", "2:32", "unit must be an id"),
        ("- at: D1 10:00\n  order: {verb: surveil, params: [1]}\n", "2:34", "params must be a mapping"),
        ("- at: D1 10:00\n  order: surveil\n", "2:10", "'order' must be a mapping"),
        ("at: D1 10:00\n", "1:1", "a list"),
        ("- at: D1 10:00\n  order: {verb: surveil\n", "3:1", "is it cut short"),
        ("- at: D1 10:00\n  order: {verb: surveil, params: {hours: abc}}\n", "2:42",
         "hours='abc' is not valid for surveil: give a whole number of hours from 1 to 72"),
        ("- at: D1 10:00\n  order: {verb: surveil, params: {hours: .nan}}\n", "2:42", "hours=nan"),
        ("- at: D1 10:00\n  order: {verb: surveil, params: {hours: 8h}}\n", "2:42", "hours='8h'"),
        ("- at: D1 10:00\n  order: {verb: surveil, params: {hours: -5}}\n", "2:42", "hours=-5"),
        ("- at: D1 10:00\n  order: {verb: surveil, params: {[a]: 1}}\n", "2:35", "a key must be plain text"),
        ("- at: D9 10:00\n  order: {verb: surveil}\n", "1:7", "after the end of the exercise (D6 08:00)"),
        ("- at: D1 10:00\n  order: !!python/object:os.system {verb: surveil}\n", "2:10", "not allowed"),
        ("- at: D1 10:00\n\torder: {verb: surveil}\n", "2:1", "tab character"),
    ],
)
def test_mistakes_name_file_line_and_column(text, where, words):
    with pytest.raises(OrdersFileError) as caught:
        parse_orders(text, STARTEX, "plan.yaml", end=5 * 24 * 60)
    assert f"\nplan.yaml:{where}: " in caught.value.message
    assert words in caught.value.message
    assert "Traceback" not in caught.value.message


def test_every_problem_is_listed_not_only_the_first():
    text = ("- at: D1 10:00\n  order: {verb: surveil, params: {hours: abc}}\n"
            "- at: D1 11:00\n  order: {verb: dance}\n"
            "- at: D1 12:00\n  order: {verb: surveil, unit: vpr1, target: club_lotus}\n"
            "- at: soon\n  order: {verb: surveil}\n")
    with pytest.raises(OrdersFileError) as caught:
        parse_orders(text, STARTEX, "plan.yaml")
    assert [p.line for p in caught.value.problems] == [2, 4, 7]
    assert caught.value.message.startswith("3 problems:\n")


def test_files_are_read_like_scenarios(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"- at: D1 10:00\n  order: {verb: surveil, target: caf\xe9}\n")
    with pytest.raises(OrdersFileError, match=r"plan.yaml:2:37: byte 0xe9 is not UTF-8"):
        load_orders(path, STARTEX)
    path.write_bytes(b"- at: D1 10:00\n  order: {verb: surveil}\n" + b"#" * MAX_BYTES)
    with pytest.raises(OrdersFileError, match="limited to 2 MB"):
        load_orders(path, STARTEX)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    path.write_text(bomb, encoding="utf-8")
    with pytest.raises(OrdersFileError, match="alias bomb"):
        load_orders(path, STARTEX)
    path.write_text("[" * 500 + "]" * 500, encoding="utf-8")
    with pytest.raises(OrdersFileError, match="nests too deeply to be an orders file"):
        load_orders(path, STARTEX)
    with pytest.raises(OrdersFileError, match="not a regular file"):
        load_orders(tmp_path, STARTEX)


def test_the_number_of_orders_is_capped():
    text = "- {at: D1 10:00, order: {verb: task_informant, target: inf_a}}\n" * (MAX_ORDERS + 1)
    with pytest.raises(OrdersFileError, match=f"at most {MAX_ORDERS:,} orders") as caught:
        parse_orders(text, STARTEX, "plan.yaml")
    assert caught.value.problems[0].line == MAX_ORDERS + 1


def test_details_are_read_by_the_verbs_definition():
    planned = parse_orders("- at: D1 10:00\n  order: {verb: surveil, params: {hours: '6'}}\n",
                           STARTEX)
    assert planned[0].order["params"] == {"hours": 6}
    assert planned[0].where == "<orders>:1:3"


def test_load_orders_reads_a_file(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert len(load_orders(path, STARTEX)) == 3
    with pytest.raises(CpxError, match="cannot read"):
        load_orders(tmp_path / "missing.yaml", STARTEX)

"""``cpx run --orders FILE``: orders the exercise rejects are listed with their place in
the file and the reason, and the run exits 1 unless ``--allow-rejected``."""

from __future__ import annotations

import json

from cpx.cli import main

PLAN = """\
- at: D1 09:00
  order: {verb: surveil, unit: tut_surveillance, target: bar_nightingale, params: {hours: 3}}
- at: D1 09:30
  order: {verb: surveil, unit: tut_surveillance, target: bar_nightingale}
- at: D1 10:00
  order:
    verb: arrest
    unit: tut_surveillance
    target: rada_frey
"""


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_rejected_orders_are_listed_with_line_and_reason(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, _out, err = run_cli(capsys, "run", "tutorial", "--orders", str(plan), "--no-journal")
    assert code == 1
    assert "2 orders of the orders file rejected:" in err
    assert f"{plan}:3:3: D1 09:30 surveil tut_surveillance bar_nightingale: HAWK 1 is busy" in err
    assert f"{plan}:5:3: D1 10:00 arrest tut_surveillance rada_frey: HAWK 1 cannot arrest" in err
    assert "--allow-rejected" in err

    code, out, err = run_cli(capsys, "run", "tutorial", "--orders", str(plan), "--no-journal",
                             "--allow-rejected", "--json")
    assert code == 0 and "rejected:" in err
    listed = json.loads(out)["orders_file_not_carried_out"]
    assert [(r["line"], r["rejected"]) for r in listed] == [(3, True), (5, True)]


def test_orders_after_an_early_stop_are_not_given_but_not_rejected(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    code, _out, err = run_cli(capsys, "run", "tutorial", "--orders", str(plan), "--no-journal",
                              "--until", "1h")
    assert code == 0
    assert "2 orders of the orders file not given:" in err and "rejected" not in err


def test_a_bad_orders_file_is_every_problem_located_and_exit_2(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace("hours: 3", "hours: 8h").replace("D1 10:00", "D9 10:00"),
                    encoding="utf-8")
    code, out, err = run_cli(capsys, "run", "tutorial", "--orders", str(plan), "--no-journal")
    assert code == 2 and not out
    assert f"{plan}:2:91: hours='8h' is not valid for surveil" in err
    assert f"{plan}:5:7: D9 10:00 is after the end of the exercise" in err
    assert "Traceback" not in err

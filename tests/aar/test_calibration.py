"""``cpx validate --calibrate``: doing nothing must not pass, the baseline must be able to."""

from __future__ import annotations

from cpx.aar.calibration import judge
from cpx.cli import main
from cpx.scenario import check_text
from cpx.scenario.starter import starter_text

HARM_COUNT = """  - id: no_harm
    title: No victim is harmed
    metric: victims_harmed
    rating: {better: lower, P: 0, S: 1, M: 2}
"""


def test_judge_warns_when_passive_passes_or_baseline_cannot():
    scenario = check_text(starter_text(), "s.yaml").scenario
    ids = [o.id for o in scenario.objectives]
    ratings = {"passive": {ids[0]: ["P", "P", "U"], ids[1]: ["N/O"] * 3},
               "baseline": {ids[0]: ["S", "M", "U"], ids[1]: ["M", "U", "N/O"]}}
    found = judge(scenario, ratings)
    assert [o for o, _ in found] == [ids[0], ids[1]]
    assert "no order is rated P in 2 of 3 seeds" in found[0][1]
    assert "never reaches S (M U N/O)" in found[1][1]


def test_a_rule_of_restraint_may_pass_by_doing_nothing():
    text = starter_text().replace("  - id: referrals\n", "  - id: restraint\n    title: r\n"
                                  "    needs_action: false\n    metric: unlawful_acts\n"
                                  "    rating: {better: lower, P: 0, S: 1, M: 2}\n"
                                  "  - id: referrals\n")
    scenario = check_text(text, "s.yaml").scenario
    ratings = {"passive": {o.id: ["P", "P"] for o in scenario.objectives},
               "baseline": {o.id: ["P", "P"] for o in scenario.objectives}}
    assert [o for o, _ in judge(scenario, ratings)] == ["protect_victims", "referrals"]


def test_calibrate_on_the_command_line_flags_a_headcount_of_harm(tmp_path, capsys):
    """The older 'no one harmed' headcount rewards doing nothing; --calibrate says so."""
    path = tmp_path / "old.yaml"
    path.write_text(starter_text() + HARM_COUNT, encoding="utf-8")
    assert main(["validate", str(path), "--calibrate", "--seeds", "2"]) == 0
    out = capsys.readouterr().out
    assert "calibration over seeds 1, 2:" in out
    assert "warning: objectives.no_harm: a commander who gives no order is rated P in 2 of 2" in out
    assert "objectives.protect_victims: a commander who gives no order" not in out

"""Evidence that does not count toward a case (excluded as unlawfully obtained, or a
statement without the witness's consent) is left out of the case-strength measure and
named, with its reason, on the score card and in the report."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from cpx.aar.cardtext import format_card
from cpx.aar.metrics import compute_metrics
from cpx.aar.report_data import build_report
from cpx.aar.report_md import render_markdown
from cpx.aar.scorecard import score_records
from cpx.cli import main
from cpx.commands.run import run_exercise
from cpx.journal.orders_file import load_orders
from cpx.scenario.loader import load_scenario, startex_minute_of_day

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def unlawful_raids():
    """The flagship played by the commander who enters on an uncorroborated report."""
    scenario = load_scenario(ROOT / "scenarios" / "glass_lantern.yaml")
    planned = load_orders(ROOT / "tests" / "doctrine" / "orders" / "raids_uncorroborated.yaml",
                          startex_minute_of_day(scenario))
    return scenario, run_exercise(scenario, 1, "passive", planned).events


def test_excluded_evidence_is_left_out_of_case_strength_with_its_reason():
    scenario, events = unlawful_raids()
    excluded = {e.payload["evidence_id"]: e.payload for e in events
                if e.kind == "evidence.status" and e.payload["status"] == "excluded"}
    assert excluded, "the unlawful raid seized nothing in this seed: no test"
    case = compute_metrics(events, scenario)["case_strength"]
    listed = {item["evidence_id"]: item for item in case.details["not_counted"]}
    assert set(listed) == set(excluded)
    for eid, item in listed.items():
        assert "without a warrant" in item["reason"]
        suspect = item["suspect"]
        counted = sum(e.payload["weight"] for e in events if e.kind == "evidence.added"
                      and e.payload["suspect"] == suspect and e.payload["evidence_id"] not in excluded)
        if suspect in case.details["per_suspect"]:
            assert case.details["per_suspect"][suspect] == round(min(1.0, counted), 4)


def test_score_card_and_report_name_the_exclusion(tmp_path, capsys):
    scenario, events = unlawful_raids()
    text = format_card(score_records({"seed": 1}, events, scenario))
    assert "excluded: e" in text and "unlawfully obtained" in text
    journal = tmp_path / "raids.jsonl"
    orders = ROOT / "tests" / "doctrine" / "orders" / "raids_uncorroborated.yaml"
    assert main(["run", "glass_lantern", "--orders", str(orders), "--journal", str(journal),
                 "--allow-rejected"]) == 0
    capsys.readouterr()
    report = render_markdown(build_report(journal))
    assert "Evidence that did not count, excluded:" in report
    assert "unlawfully obtained: seized in an entry without a warrant" in report

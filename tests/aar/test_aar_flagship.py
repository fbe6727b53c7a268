"""The after-action tools on a real engine run of the flagship scenario, and import hygiene."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cpx.aar import score_journal
from cpx.aar.report_data import build_report
from cpx.aar.report_html import render_html
from cpx.aar.report_md import render_markdown

FLAGSHIP = Path(__file__).resolve().parents[2] / "scenarios" / "glass_lantern.yaml"


@pytest.fixture(scope="module")
def flagship_run(tmp_path_factory):
    assert FLAGSHIP.is_file(), "the bundled flagship scenario is missing"
    from cpx.cli import main

    journal = tmp_path_factory.mktemp("flagship") / "glass_lantern.jsonl"
    code = main(["run", str(FLAGSHIP), "--policy", "baseline", "--journal", str(journal)])
    assert code == 0 and journal.is_file()
    return journal


def test_flagship_score_has_every_objective(flagship_run, capsys):
    from cpx.cli import main

    capsys.readouterr()
    assert main(["score", str(flagship_run), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    card = score_journal(flagship_run)
    assert [o["id"] for o in data["objectives"]] == [o.id for o in card.objectives]
    assert card.warning is None
    for entry in data["objectives"]:
        assert entry["rating"] in {"P", "S", "M", "U", "N/O"}
        assert {"id", "rating", "metrics", "evidence", "tasks"} <= set(entry)
        assert entry["tasks"], "every objective has at least one critical task"
        for task in entry["tasks"]:
            assert {"task", "measure", "value", "thresholds", "rating"} <= set(task)
            assert set(task["thresholds"]) == {"better", "P", "S", "M"}
            assert entry["metrics"][task["id"]] == task["value"]
        # the objective takes the rating of the task that decided it
        decided = next(t for t in entry["tasks"] if t["id"] == entry["decided_by"])
        assert decided["rating"] == entry["rating"]


def test_flagship_report_structure(flagship_run):
    report = build_report(flagship_run)
    md, html = render_markdown(report), render_html(report)
    for n, title in enumerate(["Exercise overview", "Summary of ratings", "Analysis of objectives",
                               "Improvement plan", "Charts", "Timeline of key events",
                               "Instructor notes"], 1):
        assert f"## {n}. {title}" in md and f"{n}. {title}</h2>" in html
    rated = [o for o in report.card.objectives if o.rating in ("S", "M", "U")]
    assert len(report.plan) == len(rated)
    assert html.count("<tr>") >= len(report.objectives) + len(report.plan) + len(report.timeline)
    assert html.count("<svg") == 3 and "<script" not in html
    assert report.series.network, "network.snapshot events feed the network chart"
    assert report.series.utilisation, "unit.status events feed the utilisation chart"
    assert any(k.label == "order" for k in report.timeline)


def test_flagship_report_links_resolve(flagship_run):
    """Every in-page link of the HTML report points at an element that exists."""
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.hrefs = set(), []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "id" in attrs:
                self.ids.add(attrs["id"])
            if tag == "a" and (attrs.get("href") or "").startswith("#"):
                self.hrefs.append(attrs["href"][1:])

    parser = Links()
    parser.feed(render_html(build_report(flagship_run)))
    assert parser.hrefs, "the report links objectives and events"
    assert [h for h in parser.hrefs if h not in parser.ids] == []


def test_flagship_report_and_card_agree_on_endex(flagship_run):
    """The overview says play reached ENDEX, where the score card's journal ends."""
    report = build_report(flagship_run)
    duration = dict(report.overview)["Duration"]
    assert duration.endswith(report.clock(report.scenario.meta.duration))


def test_findings_never_contradict_the_rating(flagship_run):
    report = build_report(flagship_run)
    for section in report.objectives:
        if section.score.rating not in ("P", "S"):
            assert section.strengths == [], section.score.id
        if section.score.rating == "P":
            assert section.areas == [], section.score.id


def test_aar_imports_no_textual():
    code = ("import sys, cpx.aar, cpx.aar.report_data, cpx.aar.report_html, cpx.aar.report_md, "
            "cpx.aar.journal_index, cpx.aar.truth_picture, cpx.aar.cardtext; "
            "print([m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

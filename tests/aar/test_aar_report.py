"""The after-action report of a flagship run: HSEEP sections, tables, charts, notes."""

from __future__ import annotations

import re

import pytest

from aar_journals import flagship_journal
from cpx.aar.notes import Note, load_notes, notes_path, save_notes
from cpx.aar.report_data import build_report
from cpx.aar.report_html import render_html
from cpx.aar.report_md import render_markdown

SECTIONS = ["Exercise overview", "Summary of ratings", "Analysis of objectives",
            "Improvement plan", "Charts", "Timeline of key events", "Instructor notes"]


@pytest.fixture
def flagship(tmp_path):
    path = flagship_journal(tmp_path / "flag.jsonl")
    save_notes(path, {5: Note(5, 200, "The raid plan leaked here; nobody on the cell knew.")})
    return path


def test_markdown_has_every_section_in_order(flagship):
    text = render_markdown(build_report(flagship))
    positions = [text.index(f"## {n}. {title}") for n, title in enumerate(SECTIONS, 1)]
    assert positions == sorted(positions)
    assert "| **Seed** | 7 |" in text
    assert "Participants" in text and "Velin Police (SQUAD 1, TAC 2)" in text


def test_improvement_plan_has_a_row_per_objective_short_of_p(flagship):
    report = build_report(flagship)
    short = [o.id for o in report.card.objectives if o.rating in ("S", "M", "U")]
    assert [row.objective for row in report.plan] == short
    text = render_markdown(report)
    plan = text.split("## 4. Improvement plan")[1].split("## 5.")[0]
    rows = [ln for ln in plan.splitlines() if ln.startswith("| ") and "(obj_" in ln]
    assert len(rows) == len(short)
    for row in report.plan:
        assert row.start < row.completion
        assert row.organisation and row.point_of_contact and row.corrective_action


def test_timeline_lists_orders_leaks_identifications(flagship):
    report = build_report(flagship)
    labels = {k.label for k in report.timeline}
    assert {"order", "LEAK", "raid", "identification", "referral", "ENDEX"} <= labels
    leak = next(k for k in report.timeline if k.label == "LEAK")
    assert leak.visibility == "excon"


def test_markdown_charts_are_sparklines(flagship):
    text = render_markdown(build_report(flagship))
    charts = text.split("## 5. Charts")[1].split("## 6.")[0]
    assert "identified" in charts and "referred" in charts and "victims_held" in charts
    assert re.search(r"[▁▂▃▄▅▆▇█]{10,}", charts)
    assert "TAC 2" in charts and "█" in charts


def test_html_is_one_self_contained_printable_file(flagship):
    html = render_html(build_report(flagship))
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html and "<link" not in html
    assert re.findall(r'(?:src|href)="(?!#)', html) == []  # only in-page links
    assert html.count("<svg") == 3
    assert "@media print" in html
    for n, title in enumerate(SECTIONS, 1):
        assert f"{n}. {title}</h2>" in html
    assert html.count('<table class="plan">') == 1
    assert "polyline" in html  # the line charts have data


def test_instructor_notes_are_carried_into_the_report(flagship):
    report = build_report(flagship)
    assert [n.seq for n in report.notes] == [5]
    leaks = next(o for o in report.objectives if o.score.id == "obj_leaks")
    assert [n.seq for n in leaks.notes] == [5]  # linked to the rating the leak justifies
    assert "nobody on the cell knew" in render_markdown(report)
    assert "nobody on the cell knew" in render_html(report)


def test_notes_file_round_trip(tmp_path):
    log = tmp_path / "x.jsonl"
    save_notes(log, {3: Note(3, 60, "good call"), 1: Note(1, 10, "  ")})
    assert notes_path(log).name == "x.jsonl.notes.json"
    assert load_notes(log) == {3: Note(3, 60, "good call")}  # empty notes are dropped


def test_report_command_writes_html_by_extension(flagship, tmp_path, capsys):
    from cpx.cli import main

    out = tmp_path / "aar.html"
    assert main(["report", str(flagship), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["report", str(flagship)]) == 0
    assert capsys.readouterr().out.startswith("# After-Action Report")


def test_same_log_same_report(flagship):
    assert render_markdown(build_report(flagship)) == render_markdown(build_report(flagship))

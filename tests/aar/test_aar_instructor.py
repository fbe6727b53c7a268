"""What an instructor stumbled on in the replay and the report, each fixed and held here.

The replay: a one-key jump to the next leak (whatever the filter), a headline saying
what the trainees did not know, a layout that keeps the filter line at 80×24. The report:
observations read from the events (who leaked which plans), thresholds in the measure's
unit, an improvement plan with objective, owner, POC placeholder and dates counted from
ENDEX, charts with titled axes and round ticks.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aar_journals import flagship_journal
from cpx.aar.charts import nice_ticks, svg_step_chart
from cpx.aar.report_data import build_report
from cpx.aar.report_html import render_html
from cpx.aar.report_md import render_markdown
from cpx.tui.replay.app import ReplayApp
from cpx.tui.replay.session import Filter, ReplaySession


@pytest.fixture
def flagship(tmp_path):
    return flagship_journal(tmp_path / "flag.jsonl")


# ---------------------------------------------------------------------- replay


async def test_x_jumps_to_the_leak_even_when_the_filter_hides_it(flagship):
    session = ReplaySession(flagship)
    session.set_filter(Filter(kinds=["inject"]))
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert session.record()["kind"] == "leak"
        assert session.filter == Filter()  # the filter hid it, so it was cleared
        headline = str(app.query_one("#unknown").render())
        assert "the trainee cell never saw it" in headline
        assert "did not know of: 1 leak" in headline
        assert "leaked by mole" in headline
        await pilot.press("x")  # only one leak: the cursor stays
        assert session.record()["kind"] == "leak"
        await pilot.press("X")
        assert session.record()["kind"] == "leak"


async def test_before_the_leak_the_headline_says_nothing_was_hidden(flagship):
    session = ReplaySession(flagship)
    session.jump_to_seq(4)
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Nothing hidden yet" in str(app.query_one("#unknown").render())


async def test_80_by_24_keeps_timeline_truth_and_filter_apart(flagship):
    app = ReplayApp(ReplaySession(flagship), score_in_background=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        regions = {q: app.query_one(q).region for q in
                   ("#timeline", "#unknown-scroll", "#knew", "#true", "#filter", "Footer")}
        for region in regions.values():
            assert region.height >= 1 and region.right <= 80 and region.bottom <= 24
        names = list(regions)
        for i, first in enumerate(names):
            for second in names[i + 1:]:
                assert not regions[first].overlaps(regions[second]), (first, second)
        await pilot.press("slash", *"kind:leak", "enter")
        assert len(app.session.rows) == 1


# ---------------------------------------------------------------------- report


def test_leak_findings_name_the_channel_and_the_share_of_orders(flagship):
    report = build_report(flagship)
    leaks = next(o for o in report.objectives if o.score.objective.metric == "leaks")
    text = " ".join(leaks.areas)
    assert "The leak came through Ana Pav (Velin Police)" in text
    assert re.search(r"Leaked: 1 of \d+ ", text)
    assert "never shown" in text  # the trainees were not told
    assert not any(a.startswith("Measured") for a in leaks.areas)  # facts, not the metric again


def test_improvement_plan_rows_are_concrete(flagship):
    report = build_report(flagship)
    assert report.plan
    for row in report.plan:
        assert row.title and row.title != row.objective
        assert row.point_of_contact.startswith("[name], ")
        assert row.when[0].startswith("ENDEX + 7 d (") and row.start < row.completion
        agencies = {a.name for a in report.scenario.agencies}
        assert row.organisation in agencies
    leak_row = next(r for r in report.plan if r.objective == "obj_leaks")
    assert "Ana Pav" in leak_row.issue and "Velin Police" in leak_row.corrective_action
    markdown = render_markdown(report)
    assert "ENDEX + 7 d" in markdown and "[name], Professional standards officer" in markdown


def test_thresholds_are_shown_in_the_unit_of_the_measure(flagship):
    text = render_markdown(build_report(flagship))
    row = next(line for line in text.splitlines() if line.startswith("| Disrupt the network"))
    assert "22 %" in row and re.search(r"P ≥ \d+ % · S ≥ \d+ % · M ≥ \d+ %", row)
    row = next(line for line in text.splitlines() if line.startswith("| Refer victims quickly"))
    assert re.search(r"P ≤ [\d.]+ h", row)


def test_html_charts_have_titled_axes_and_a_legend_above_the_plot(flagship):
    html = render_html(build_report(flagship))
    charts = html.split('id="charts"')[1].split('id="timeline"')[0]
    assert charts.count('class="axis-label"') >= 5  # y and x on both line charts, bar caption
    assert "exercise time (day, hh:mm)" in charts and ">victims</text>" in charts


def test_an_empty_series_says_so_instead_of_a_flat_line():
    svg = svg_step_chart("Victims", {"identified": [(0, 0.0)]}, 600, str,
                         empty="no victim was identified")
    assert "no victim was identified" in svg
    assert ">0.25<" not in svg  # no fractional ticks for counts


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_nice_ticks_cover_the_data_in_round_steps(top):
    ticks = nice_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top and ticks == sorted(ticks)
    assert 2 <= len(ticks) <= 6
    if top >= 1:
        assert all(float(t).is_integer() for t in ticks)


def test_a_raid_refused_for_want_of_a_warrant_is_an_area_for_improvement(tmp_path):
    from aar_journals import JournalBuilder

    b = JournalBuilder(tmp_path / "refused.jsonl")
    b.at(60).event("order.rejected", order={"verb": "raid", "unit": "tactical",
                                            "target": "blue_gate", "params": {}},
                   reason="No search warrant for that place: request one.")
    report = build_report(b.close())
    lawful = next(o for o in report.objectives if o.score.objective.metric == "unlawful_acts")
    assert any("raid on Blue Gate bar was ordered and refused: No search warrant" in a
               for a in lawful.areas)


def test_key_findings_list_the_first_observation_of_each_u_or_m(flagship):
    report = build_report(flagship)
    rated = [o.score.id for o in report.objectives if o.score.rating in ("U", "M") and o.areas]
    assert [score.id for score, _ in report.key_findings] == rated
    html = render_html(report)
    assert html.index("Key findings") < html.index('id="analysis"')

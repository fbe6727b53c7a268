"""The after-action report as one self-contained HTML file: inline CSS and SVG, no script.

It opens offline in any browser and prints cleanly (print CSS: no backgrounds, page
breaks before major sections, tables kept whole where possible).
"""

from __future__ import annotations

from html import escape

from cpx.aar.cardtext import format_rule, format_task_rule, format_task_value, format_value
from cpx.aar.charts import svg_bar_chart, svg_step_chart
from cpx.aar.ratings import MEANING
from cpx.aar.report_data import AfterActionReport

BASE_CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 3px solid #1f5f8b; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; color: #1f5f8b; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eef3f7; }
"""
"""The page style every cpx HTML report shares (the sweep report too)."""

CSS = BASE_CSS + """
.rating { display: inline-block; min-width: 2.2em; text-align: center; font-weight: bold;
          border-radius: 3px; padding: 0 .3em; color: #fff; }
.r-P { background: #2e7d32; } .r-S { background: #7a8f1a; } .r-M { background: #d4820f; }
.r-U { background: #c0392b; } .r-NO { background: #777; }
.warning { border-left: 4px solid #c0392b; background: #fdecea; padding: .5rem .8rem; }
.note { border-left: 3px solid #8e44ad; padding-left: .6rem; color: #4a2a5a; }
.excon { color: #8b1a1a; }
.key-findings li { margin: .25rem 0; }
table.ratings td:nth-child(3), table.ratings td:nth-child(4) { white-space: nowrap; }
svg.chart { max-width: 100%; height: auto; display: block; margin: .5rem 0 1rem; }
svg .plot { fill: #fafafa; stroke: #999; } svg .grid { stroke: #ddd; }
svg .tick, svg .legend, svg .axis-label { font-size: 11px; fill: #333; }
svg .axis-label { font-style: italic; } svg .empty { font-size: 13px; fill: #777; } svg .chart-title { font-size: 13px; font-weight: bold; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { page-break-before: always; } h2.first { page-break-before: avoid; }
  tr, svg.chart, .objective { page-break-inside: avoid; }
  th { background: none; } .rating { color: #000; border: 1px solid #000; background: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def _badge(rating: str) -> str:
    css = "NO" if rating == "N/O" else rating
    return f'<span class="rating r-{css}" title="{escape(MEANING[rating])}">{escape(rating)}</span>'


def _table(head: list[str], rows: list[list[str]], cls: str = "") -> str:
    """A table; cells are already-escaped HTML."""
    lines = [f'<table class="{cls}"><thead><tr>' + "".join(f"<th>{h}</th>" for h in head)
             + "</tr></thead><tbody>"]
    lines += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    lines.append("</tbody></table>")
    return "\n".join(lines)


def render_html(report: AfterActionReport) -> str:
    """The whole report as one HTML document."""
    meta = report.scenario.meta
    e = escape
    out = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>AAR/IP — {e(meta.title)}</title>", f"<style>{CSS}</style></head><body>",
        f"<h1>After-Action Report / Improvement Plan<br><small>{e(meta.title)}</small></h1>",
    ]
    if report.warning:
        out.append(f'<p class="warning"><strong>Warning:</strong> {e(report.warning)}</p>')
    out.append('<h2 class="first" id="overview">1. Exercise overview</h2>')
    out.append(_table(["Item", "Detail"], [[e(k), e(v)] for k, v in report.overview], "overview"))
    out.append('<h2 id="ratings">2. Summary of ratings</h2>')
    out.append(_table(
        ["Objective", "Capability", "Measure", "Rule", "Rating"],
        [[f'<a href="#obj-{e(o.score.id)}">{e(o.score.objective.title)}</a>',
          e(o.score.objective.capability or "—"), e(format_value(o.score)),
          e(format_rule(o.score)).replace(" · ", "<br>"), _badge(o.score.rating)]
         for o in report.objectives],
        "ratings",
    ))
    if report.key_findings:
        out.append('<p><strong>Key findings</strong> (objectives rated U or M):</p>'
                   '<ul class="key-findings">'
                   + "".join(f'<li>{_badge(score.rating)} <a href="#obj-{e(score.id)}">'
                             f"{e(score.objective.title)}</a> {e(finding)}</li>"
                             for score, finding in report.key_findings) + "</ul>")
    out.append('<h2 id="analysis">3. Analysis of objectives</h2>')
    anchors = {k.seq for k in report.timeline}
    for section in report.objectives:
        s = section.score
        out.append(f'<div class="objective" id="obj-{e(s.id)}">')
        rated = f" (cell {e(s.cell)})" if s.cell else ""  # several cells: whose objective
        out.append(f"<h3>{_badge(s.rating)} {e(s.objective.title)}{rated}</h3>")
        out.append(f"<p>{e(MEANING[s.rating].capitalize())}; decided by task "
                   f"<em>{e(s.decisive.id)}</em>.</p>")
        out.append(_table(["Task", "Critical task", "Measure", "Value", "Rule", "Rating"],
                          [[e(t.id), e(t.task.task), e(t.task.measure), e(format_task_value(t)),
                            e(format_task_rule(t)), _badge(t.rating)] for t in s.tasks],
                          "tasks"))
        seen = [o for o in report.card.observations if o.objective == s.objective.id]
        if seen:
            out.append("<p><strong>Evaluators' observations</strong> (beside the computed "
                       'rating)</p><ul class="observations">'
                       + "".join(f"<li><em>{e(o.task)}</em>: {_badge(o.rating)} by {e(o.author)} at "
                                 f"{e(report.clock(o.t))}{': ' + e(o.note) if o.note else ''}</li>"
                                 for o in seen) + "</ul>")
        out.append("<p><strong>Strengths</strong></p><ul class=\"strengths\">"
                   + "".join(f"<li>{e(x)}</li>" for x in section.strengths or ["None recorded."])
                   + "</ul>")
        out.append("<p><strong>Areas for improvement</strong></p><ul class=\"areas\">"
                   + "".join(f"<li>{e(x)}</li>" for x in section.areas or ["None recorded."])
                   + "</ul>")
        if s.evidence:
            # Only key events have a row (and an anchor) in the timeline: link those.
            links = ", ".join(f'<a href="#ev-{seq}">#{seq}</a>' if seq in anchors else f"#{seq}"
                              for seq in s.evidence[:30])
            out.append(f"<p>Events: {links}{' …' if len(s.evidence) > 30 else ''}</p>")
        for note in section.notes:
            out.append(f'<p class="note">Instructor note on #{note.seq} '
                       f"({e(report.clock(note.t))}): {e(note.text)}</p>")
        out.append("</div>")
    out.append('<h2 id="plan">4. Improvement plan</h2>')
    if report.plan:
        out.append(_table(
            ["Objective", "Issue", "Corrective action", "Responsible organisation",
             "Point of contact", "Start", "Completion"],
            [[f'<a href="#obj-{e(r.objective)}">{e(r.title)}</a>', e(r.issue),
              e(r.corrective_action), e(r.organisation), e(r.point_of_contact),
              *(e(w) for w in r.when)]
             for r in report.plan],
            "plan",
        ))
    else:
        out.append("<p>Every objective was performed without challenges.</p>")
    out.append('<h2 id="charts">5. Charts</h2>')
    out += _charts(report)
    out.append('<h2 id="timeline">6. Timeline of key events</h2>')
    rows = [[e(report.clock(k.t)), f'<span id="ev-{k.seq}">#{k.seq}</span>', e(k.label),
             e(k.summary),
             '<span class="excon">EXCON only</span>' if k.visibility == "excon" else e(k.visibility)]
            for k in report.timeline]
    out.append(_table(["Time", "#", "What", "Detail", "Seen by"], rows, "timeline"))
    if report.timeline_omitted:
        out.append(f"<p>… and {report.timeline_omitted} later key events (see the replay).</p>")
    out.append('<h2 id="notes">7. Instructor notes</h2>')
    if report.notes:
        out.append("<ul>" + "".join(f"<li>#{n.seq} at {e(report.clock(n.t))}: {e(n.text)}</li>"
                                    for n in report.notes) + "</ul>")
    else:
        out.append("<p>None.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _charts(report: AfterActionReport) -> list[str]:
    s = report.series
    network = {name.replace("_", " "): pts for name, pts in sorted(s.network.items())
               if name != "revenue_total"}
    return [
        svg_step_chart("Victims identified and referred (cumulative)",
                       {"identified": [(t, float(v)) for t, v in s.identified],
                        "referred": [(t, float(v)) for t, v in s.referred]},
                       s.end, report.clock, y_label="victims",
                       empty="no victim was identified or referred during the exercise"),
        svg_step_chart("Network strength (ground truth)", network or {"no snapshots": []},
                       s.end, report.clock, y_label="count",
                       empty="no network snapshots in the log"),
        svg_bar_chart("Unit utilisation (en route or on task)", s.utilisation),
    ]

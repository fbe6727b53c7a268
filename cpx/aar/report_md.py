"""The after-action report as Markdown: tables and Unicode sparkline charts."""

from __future__ import annotations

from cpx.aar.cardtext import format_task_rule, format_task_value, format_rule, format_value
from cpx.aar.charts import sample_steps, sparkline, text_bar
from cpx.aar.observations import describe
from cpx.aar.ratings import MEANING
from cpx.aar.report_data import AfterActionReport

SPARK_WIDTH = 48


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(head: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(report: AfterActionReport) -> str:
    """The whole report as Markdown text."""
    meta = report.scenario.meta
    out = [f"# After-Action Report / Improvement Plan — {meta.title}", ""]
    if report.warning:
        out += [f"> **Warning:** {report.warning}", ""]
    out += ["## 1. Exercise overview", ""]
    out += _table(["", ""], [[f"**{k}**", v] for k, v in report.overview])
    out += ["", "## 2. Summary of ratings", ""]
    out += _table(
        ["Objective", "Capability", "Measure", "Rule", "Rating"],
        [[o.score.objective.title, o.score.objective.capability or "—", format_value(o.score),
          format_rule(o.score), f"**{o.score.rating}** ({MEANING[o.score.rating]})"]
         for o in report.objectives],
    )
    if report.key_findings:
        out += ["", "**Key findings** (objectives rated U or M):", ""]
        out += [f"- **{score.rating}** {score.objective.title} {finding}"
                for score, finding in report.key_findings]
    out += ["", "## 3. Analysis of objectives", ""]
    for number, section in enumerate(report.objectives, 1):
        s = section.score
        rated = f" (cell {s.cell})" if s.cell else ""  # several cells: whose objective
        out += [f"### 3.{number} {s.objective.title}{rated} — {s.rating}", "",
                f"{MEANING[s.rating].capitalize()}; decided by task *{s.decisive.id}*.", ""]
        out += _table(["Task", "Critical task", "Measure", "Value", "Rule", "Rating"],
                      [[t.id, t.task.task, t.task.measure, format_task_value(t),
                        format_task_rule(t), t.rating] for t in s.tasks])
        seen = [o for o in report.card.observations if o.objective == s.objective.id]
        if seen:
            out += ["", "**Evaluators' observations** (beside the computed rating):", ""]
            out += [f"- *{o.task}*: {describe(o, report.clock(o.t))}" for o in seen]
        out += [""]
        out += ["**Strengths**", ""] + [f"- {x}" for x in section.strengths or ["None recorded."]]
        out += ["", "**Areas for improvement**", ""]
        out += [f"- {x}" for x in section.areas or ["None recorded."]]
        if s.evidence:
            out += ["", "Events: " + ", ".join(f"#{seq}" for seq in s.evidence[:30])
                    + (" …" if len(s.evidence) > 30 else "")]
        for note in section.notes:
            out += [f"> Instructor note on #{note.seq} ({report.clock(note.t)}): {note.text}"]
        out.append("")
    out += ["## 4. Improvement plan", ""]
    if report.plan:
        out += _table(
            ["Objective", "Issue", "Corrective action", "Responsible organisation",
             "Point of contact", "Start", "Completion"],
            [[f"{r.title} ({r.objective})", r.issue, r.corrective_action, r.organisation,
              r.point_of_contact, *r.when] for r in report.plan],
        )
    else:
        out.append("Every objective was performed without challenges.")
    out += ["", "## 5. Charts", ""] + _charts(report)
    out += ["", "## 6. Timeline of key events", ""]
    out += _table(
        ["Time", "#", "What", "Detail", "Seen by"],
        [[report.clock(k.t), k.seq, k.label, k.summary,
          "EXCON only" if k.visibility == "excon" else k.visibility] for k in report.timeline],
    )
    if report.timeline_omitted:
        out.append(f"\n… and {report.timeline_omitted} later key events (see the replay).")
    out += ["", "## 7. Instructor notes", ""]
    out += [f"- #{n.seq} at {report.clock(n.t)}: {n.text}" for n in report.notes] or ["None."]
    return "\n".join(out) + "\n"


def _charts(report: AfterActionReport) -> list[str]:
    s, end = report.series, report.series.end
    start, finish = report.clock(0), report.clock(end)
    lines = ["```text", f"Victims identified and referred (cumulative), {start} … {finish}"]
    for name, points in (("identified", s.identified), ("referred", s.referred)):
        values = sample_steps(points, end, SPARK_WIDTH)
        lines.append(f"  {name:<22} {sparkline(values)}  {int(values[-1]) if values else 0}")
    lines.append("")
    lines.append("Network strength (ground truth; each line scaled from its lowest to its highest)")
    for name, points in sorted(s.network.items()):
        values = sample_steps(points, end, SPARK_WIDTH)
        lines.append(f"  {name:<22} {sparkline(values, from_zero=False)}  "
                     f"{values[0]:g} → {values[-1]:g}")
    if not s.network:
        lines.append("  (no snapshots in the log)")
    lines.append("")
    lines.append("Unit utilisation (share of the exercise en route or on task)")
    for unit, share in s.utilisation.items():
        lines.append(f"  {unit:<22} {text_bar(share)} {share * 100:3.0f} %")
    if not s.utilisation:
        lines.append("  (no unit reports in the log)")
    lines.append("```")
    return lines

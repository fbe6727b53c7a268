"""The sweep report: one self-contained HTML file (inline CSS and SVG, no script) that prints.

Per objective: the distribution of ratings per series (stacked bars), the spread of its
measure (a box per series on one axis), the seeds most and least like the median (with
the command that replays them), and the difficulty notes of :mod:`cpx.batch.difficulty`.
"""

from __future__ import annotations

from html import escape
from typing import Any

from cpx.aar.report_html import BASE_CSS
from cpx.batch.difficulty import RATING_ORDER
from cpx.batch.outcomes import FIGURES

COLOURS = {"P": "#2e7d32", "S": "#7a8f1a", "M": "#d4820f", "U": "#c0392b", "N/O": "#777777"}
"""The rating colours of ``cpx report``."""

CSS = BASE_CSS + """
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.notes li { margin: .25rem 0; } .kind { font-weight: bold; color: #8b1a1a; }
.muted { color: #666; } code { font-size: 12px; }
svg.chart { max-width: 100%; height: auto; display: block; margin: .4rem 0 .8rem; }
svg text { font-size: 11px; fill: #333; } svg .seg-label { fill: #fff; font-weight: bold; }
.objective { margin-bottom: 1.5rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { page-break-before: always; } h2.first { page-break-before: avoid; }
  tr, svg.chart, .objective { page-break-inside: avoid; }
  th { background: none; }
}
"""


def render_html(summary: dict[str, Any], scenario_spec: str = "SCENARIO") -> str:
    """The report of :func:`cpx.batch.difficulty.sweep_summary` as HTML text."""
    params = summary["params"]
    title = f"Sweep of {params.get('scenario_title') or params.get('scenario_id', '')}"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>Scenario <code>{escape(str(params.get('scenario_id')))}</code> version "
        f"{escape(str(params.get('scenario_version')))} (sha256 {escape(str(params.get('scenario_sha256'))[:12])}…), "
        f"{summary['runs']} runs ({summary['failed']} failed) to minute {params.get('until')}, "
        f"made with cpx {escape(str(params.get('cpx_version')))}. Ratings are HSEEP: P performed without "
        "challenges, S with some, M with major challenges, U unable to be performed, N/O not observed. "
        "For exercise control only: the figures include ground truth.</p>",
        '<h2 class="first">Difficulty at a glance</h2>',
    ]
    if summary["notes"]:
        parts.append('<ul class="notes">' + "".join(
            f'<li><span class="kind">{escape(n["kind"])}</span>: {escape(n["text"])}</li>' for n in summary["notes"])
            + "</ul>")
    else:
        parts.append("<p>No objective stands out: every one can fail under passive play, is reachable by "
                     "active play, and is not left to the seed.</p>")
    parts.append(_series_table(summary))
    parts.append("<h2>Objectives</h2>")
    for objective in summary["objectives"]:
        parts.append(_objective_section(objective, params, scenario_spec))
    if summary["failures"]:
        parts.append("<h2>Failed runs</h2>")
        parts.append(_table(["series", "seed", "error"], [
            [escape(f["series"]), str(f["seed"]), f"<code>{escape(f['error'] or '')}</code>"]
            for f in summary["failures"]]))
    parts.append("</body></html>")
    return "\n".join(parts)


def _series_table(summary: dict[str, Any]) -> str:
    head = ["series", "runs"] + [name.replace("_", " ") for name in FIGURES]
    rows = []
    for s in summary["series"]:
        label = escape(s["name"]) + (f'<br><span class="muted">{escape(s["orders_file"])}</span>'
                                     if s["orders_file"] else "")
        cells = [label, f'{s["ok"]}' + (f' (+{s["failed"]} failed)' if s["failed"] else "")]
        for name in FIGURES:
            spread = s["figures"].get(name) or {}
            cells.append(f'{_num(spread["median"])} <span class="muted">({_num(spread["min"])}–{_num(spread["max"])})</span>'
                         if spread else "–")
        rows.append(cells)
    return ("<h3>Outcomes per series</h3><p class=\"muted\">Median over the runs, with the range.</p>"
            + _table(head, rows))


def _objective_section(objective: dict[str, Any], params: dict[str, Any], scenario_spec: str) -> str:
    oid = escape(objective["id"])
    parts = [f'<div class="objective"><h3>{oid}: {escape(objective["title"])}</h3>']
    if objective["capability"] or objective["measure"]:
        parts.append(f'<p class="muted">{escape(objective["capability"])}'
                     f'{" · measured by " + escape(objective["measure"]) if objective["measure"] else ""}</p>')
    parts.append(rating_bars(objective["series"]))
    measured = [row for row in objective["series"] if row["spread"]]
    if measured:
        parts.append(spread_chart(measured, objective["measure"] or "value"))
        rows = []
        for row in measured:
            sp = row["spread"]
            rows.append([escape(row["series"]), _num(sp["min"]), _num(sp["q1"]), _num(sp["median"]),
                         _num(sp["q3"]), _num(sp["max"]), str(row["measured"]),
                         _seed_cell(row["typical"], row, scenario_spec),
                         _seed_cell(row["atypical"], row, scenario_spec)])
        parts.append(_table(["series", "min", "q1", "median", "q3", "max", "measured",
                             "most like the median", "least like the median"], rows))
    else:
        parts.append('<p class="muted">No run measured a value for this objective.</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _seed_cell(run: dict[str, Any] | None, row: dict[str, Any], scenario_spec: str) -> str:
    if not run:
        return "–"
    how = f"--orders {row['orders_file']}" if row["orders_file"] else f"--policy {row['policy']}"
    return (f'seed {run["seed"]} ({_num(run["value"])})<br><code>cpx run {escape(scenario_spec)} '
            f'--seed {run["seed"]} {escape(how)}</code>')


def rating_bars(rows: list[dict[str, Any]], width: int = 640) -> str:
    """One stacked horizontal bar per series: the share of each rating, labelled."""
    label_w, bar_h, gap = 150, 22, 8
    height = len(rows) * (bar_h + gap) + 26
    plot_w = width - label_w - 10
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           'role="img" aria-label="ratings per series">']
    for i, row in enumerate(rows):
        y = i * (bar_h + gap)
        out.append(f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{escape(row["series"])}</text>')
        x = float(label_w)
        if not row["rated"]:
            out.append(f'<text x="{x + 4}" y="{y + bar_h * 0.7:.1f}">no rated runs</text>')
        for rating in RATING_ORDER:
            share = row["shares"][rating]
            if share <= 0:
                continue
            w = share * plot_w
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS[rating]}">'
                       f'<title>{escape(row["series"])}: {rating} in {row["ratings"][rating]} of {row["rated"]} runs '
                       f'({share * 100:.1f} %)</title></rect>')
            if w >= 34:
                out.append(f'<text class="seg-label" x="{x + w / 2:.1f}" y="{y + bar_h * 0.7:.1f}" '
                           f'text-anchor="middle">{rating} {share * 100:.0f}%</text>')
            x += w
    legend_y = len(rows) * (bar_h + gap) + 14
    for n, rating in enumerate(RATING_ORDER):
        lx = label_w + n * 70
        out.append(f'<rect x="{lx}" y="{legend_y - 9}" width="10" height="10" fill="{COLOURS[rating]}"/>'
                   f'<text x="{lx + 14}" y="{legend_y}">{rating}</text>')
    out.append("</svg>")
    return "".join(out)


def spread_chart(rows: list[dict[str, Any]], measure: str, width: int = 640) -> str:
    """A box (quartiles, median, min–max whiskers) per series on one shared axis."""
    label_w, row_h = 150, 26
    low = min(r["spread"]["min"] for r in rows)
    high = max(r["spread"]["max"] for r in rows)
    if high == low:
        low, high = low - 0.5, high + 0.5
    plot_w = width - label_w - 20
    height = len(rows) * row_h + 34

    def x(value: float) -> float:
        return label_w + (value - low) / (high - low) * plot_w

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-label="spread of {escape(measure)}">']
    for i, row in enumerate(rows):
        sp, y = row["spread"], i * row_h + 4
        mid = y + row_h / 2 - 2
        out.append(f'<text x="{label_w - 6}" y="{mid + 4:.1f}" text-anchor="end">{escape(row["series"])}</text>')
        out.append(f'<line x1="{x(sp["min"]):.1f}" x2="{x(sp["max"]):.1f}" y1="{mid:.1f}" y2="{mid:.1f}" stroke="#555"/>')
        out.append(f'<rect x="{x(sp["q1"]):.1f}" y="{y + 3}" width="{max(1.0, x(sp["q3"]) - x(sp["q1"])):.1f}" '
                   f'height="{row_h - 10}" fill="#cfe0ee" stroke="#1f5f8b"><title>{escape(row["series"])}: '
                   f'min {_num(sp["min"])}, q1 {_num(sp["q1"])}, median {_num(sp["median"])}, q3 {_num(sp["q3"])}, '
                   f'max {_num(sp["max"])}</title></rect>')
        out.append(f'<line x1="{x(sp["median"]):.1f}" x2="{x(sp["median"]):.1f}" y1="{y + 3}" '
                   f'y2="{y + row_h - 7}" stroke="#1b1b1b" stroke-width="2"/>')
    axis_y = len(rows) * row_h + 8
    out.append(f'<line x1="{label_w}" x2="{label_w + plot_w}" y1="{axis_y}" y2="{axis_y}" stroke="#999"/>')
    for n in range(5):
        value = low + (high - low) * n / 4
        out.append(f'<text x="{x(value):.1f}" y="{axis_y + 14}" text-anchor="middle">{_num(value)}</text>')
    out.append(f'<text x="{label_w + plot_w}" y="{axis_y + 26}" text-anchor="end" font-style="italic">'
               f'{escape(measure)}</text></svg>')
    return "".join(out)


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    lines += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}"

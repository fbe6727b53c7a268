"""Charts drawn by hand: inline SVG for the HTML report, Unicode sparklines for Markdown.

No JavaScript, no CDN, no plotting library: the report must open offline and print.
Every function is pure and deterministic (same data, same text).
"""

from __future__ import annotations

import math
from html import escape
from typing import Callable

PALETTE = ("#1f5f8b", "#c0392b", "#2e8b57", "#8e44ad", "#d4820f")
"""Line colours, chosen to stay distinct when printed in grey."""

SPARKS = "▁▂▃▄▅▆▇█"


def sample_steps(points: list[tuple[int, float]], end: int, n: int) -> list[float]:
    """A step series sampled at ``n`` evenly spaced times from 0 to ``end``."""
    if not points or n <= 0:
        return []
    samples, index, value = [], 0, points[0][1] if points[0][0] <= 0 else 0.0
    for i in range(n):
        t = end * i / max(1, n - 1)
        while index < len(points) and points[index][0] <= t:
            value = points[index][1]
            index += 1
        samples.append(float(value))
    return samples


def sparkline(values: list[float], from_zero: bool = True) -> str:
    """A Unicode sparkline (▁…█) of ``values``, scaled from 0 (or their minimum) to their maximum.

    ``from_zero=False`` shows change in a level that never nears zero (28 → 27 members).
    """
    if not values:
        return ""
    floor = 0.0 if from_zero else min(values)
    span = max(values) - floor
    if span <= 0:
        return SPARKS[0 if max(values) <= 0 or from_zero is False else 7] * len(values)
    return "".join(SPARKS[min(7, int(round((v - floor) / span * 7)))] for v in values)


def text_bar(share: float, width: int = 20) -> str:
    """A horizontal bar of ``share`` (0–1) in ``width`` characters."""
    full = max(0, min(width, int(round(share * width))))
    return "█" * full + "░" * (width - full)


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``top`` (whole numbers for counts ≥ 1)."""
    if top <= 1e-9:  # nothing (or next to nothing) to show: a unit scale
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    # Counts (top >= 1) get whole-number ticks: a step of 2.5 is skipped for them.
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10)
                if m * magnitude >= raw and (top < 1 or float(m * magnitude).is_integer()))
    if top >= 1 and step < 1:
        step = 1.0
    steps = int(math.ceil(top / step - 1e-9))
    if step * steps < top:  # float rounding left the last tick just under the data
        steps += 1
    return [step * i for i in range(steps + 1)]


def svg_step_chart(
    title: str,
    lines: dict[str, list[tuple[int, float]]],
    end: int,
    time_label: Callable[[int], str],
    width: int = 640,
    height: int = 240,
    y_label: str = "count",
    x_label: str = "exercise time (day, hh:mm)",
    empty: str = "nothing to draw",
) -> str:
    """A step-line chart of several series over sim time, as an inline SVG element.

    Axes are titled, the legend sits above the plot (never over the lines), the y ticks
    are round numbers and a chart with nothing above zero says so in words.
    """
    left, right, top, bottom = 56, 36, 46, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max((v for pts in lines.values() for _, v in pts), default=0.0)
    ticks = nice_ticks(highest)
    top_value = ticks[-1]
    end = max(end, 1)

    def x(t: float) -> float:
        return round(left + plot_w * t / end, 1)

    def y(v: float) -> float:
        return round(top + plot_h * (1 - v / top_value), 1)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" class="plot"/>',
        f'<text x="14" y="{top + plot_h / 2}" class="axis-label" text-anchor="middle" '
        f'transform="rotate(-90 14 {top + plot_h / 2})">{escape(y_label)}</text>',
        f'<text x="{left + plot_w / 2}" y="{height - 4}" class="axis-label" '
        f'text-anchor="middle">{escape(x_label)}</text>',
    ]
    for value in ticks:
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value)}" y2="{y(value)}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4}" class="tick" text-anchor="end">{value:g}</text>')
    for i in range(5):
        t = end * i / 4
        parts.append(
            f'<text x="{x(t)}" y="{top + plot_h + 16}" class="tick" text-anchor="middle">'
            f"{escape(time_label(int(t)))}</text>"
        )
    for index, (name, points) in enumerate(lines.items()):
        colour = PALETTE[index % len(PALETTE)]
        path, value = [], points[0][1] if points and points[0][0] <= 0 else 0.0
        path.append(f"{x(0)},{y(value)}")
        for t, v in points:
            path.append(f"{x(t)},{y(value)}")
            path.append(f"{x(t)},{y(v)}")
            value = v
        path.append(f"{x(end)},{y(value)}")
        dash = ' stroke-dasharray="6 3"' if index % 2 else ""
        parts.append(
            f'<polyline points="{" ".join(path)}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash}><title>{escape(name)}</title></polyline>'
        )
        legend_x = left + index * 150
        parts.append(f'<line x1="{legend_x}" x2="{legend_x + 16}" y1="{top - 12}" y2="{top - 12}" '
                     f'stroke="{colour}" stroke-width="3"{dash}/>')
        parts.append(f'<text x="{legend_x + 20}" y="{top - 8}" class="legend">{escape(name)}</text>')
    if highest <= 0:
        parts.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" class="empty" '
                     f'text-anchor="middle">{escape(empty)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def svg_bar_chart(title: str, shares: dict[str, float], width: int = 640) -> str:
    """Horizontal bars of shares (0–1), one per label, as an inline SVG element."""
    row, left, top = 22, 140, 40
    height = top + row * max(1, len(shares)) + 12
    plot_w = width - left - 60
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>',
        f'<text x="{left}" y="32" class="axis-label">bar = share of the exercise, 0–100 %</text>',
    ]
    for index, (label, share) in enumerate(shares.items()):
        y = top + index * row
        bar = round(plot_w * max(0.0, min(1.0, share)), 1)
        parts.append(f'<text x="{left - 6}" y="{y + 14}" class="tick" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{plot_w}" height="14" class="plot"/>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{bar}" height="14" fill="{PALETTE[0]}"/>')
        parts.append(f'<text x="{left + plot_w + 6}" y="{y + 14}" class="tick">{share * 100:.0f} %</text>')
    if not shares:
        parts.append(f'<text x="{left}" y="{top + 14}" class="tick">no unit reports in the log</text>')
    parts.append("</svg>")
    return "\n".join(parts)

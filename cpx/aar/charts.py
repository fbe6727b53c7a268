"""Charts drawn by hand: inline SVG for the HTML report, Unicode sparklines for Markdown.

No JavaScript, no CDN, no plotting library: the report must open offline and print.
Every function is pure and deterministic (same data, same text).
"""

from __future__ import annotations

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


def sparkline(values: list[float]) -> str:
    """A Unicode sparkline (▁…█) of ``values``, scaled from 0 to their maximum."""
    if not values:
        return ""
    top = max(values)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(7, int(round(v / top * 7)))] for v in values)


def text_bar(share: float, width: int = 20) -> str:
    """A horizontal bar of ``share`` (0–1) in ``width`` characters."""
    full = max(0, min(width, int(round(share * width))))
    return "█" * full + "░" * (width - full)


def svg_step_chart(
    title: str,
    lines: dict[str, list[tuple[int, float]]],
    end: int,
    time_label: Callable[[int], str],
    width: int = 640,
    height: int = 220,
) -> str:
    """A step-line chart of several series over sim time, as an inline SVG element."""
    left, right, top, bottom = 48, 12, 28, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max((v for pts in lines.values() for _, v in pts), default=0.0) or 1.0
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
    ]
    for i in range(5):
        value = top_value * i / 4
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value)}" y2="{y(value)}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4}" class="tick" text-anchor="end">{value:g}</text>')
    for i in range(5):
        t = end * i / 4
        parts.append(
            f'<text x="{x(t)}" y="{height - 12}" class="tick" text-anchor="middle">'
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
        legend_x = left + 8 + index * 150
        parts.append(f'<rect x="{legend_x}" y="{top + 6}" width="12" height="3" fill="{colour}"/>')
        parts.append(f'<text x="{legend_x + 16}" y="{top + 11}" class="legend">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def svg_bar_chart(title: str, shares: dict[str, float], width: int = 640) -> str:
    """Horizontal bars of shares (0–1), one per label, as an inline SVG element."""
    row, left, top = 22, 140, 28
    height = top + row * max(1, len(shares)) + 12
    plot_w = width - left - 60
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>',
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

"""Small text helpers the panel presenters share."""

from __future__ import annotations

import re
from typing import Any


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)

def _grades(grades: Any) -> str:
    if not grades:
        return "—"
    shown = [str(g) if not isinstance(g, dict) else
             f"{g.get('source', g.get('source_grade', ''))}{g.get('credibility', '')}"
             for g in grades]
    return " ".join(shown[-4:]) + (" …" if len(shown) > 4 else "")

def _one_line(text: str) -> str:
    """Text on one feed line: whitespace collapsed, a director's '*' list items as '•'."""
    return " ".join("•" if word in ("*", "-") else word for word in text.split())

def _short(name: str) -> str:
    """An agency's acronym when its name gives one ('… Vardenia (IPMV)' → 'IPMV')."""
    found = re.search(r"\(([A-Z]{2,})\)", name)
    return found.group(1) if found else name

def _bar(strength: float, width: int = 10) -> str:
    filled = max(0, min(width, round(strength * width)))
    return "█" * filled + "░" * (width - filled) + f" {strength:.0%}"

def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")

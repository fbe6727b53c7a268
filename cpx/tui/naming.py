"""How things are named and counted in what the trainee reads: natural order, plurals."""

from __future__ import annotations

import re


def natural_key(text: str) -> tuple:
    """Sort key that puts 'p2' before 'p10' (digit runs compare as numbers)."""
    return tuple(int(part) if part.isdigit() else part.lower()
                 for part in re.split(r"(\d+)", text))


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 observation', '3 observations' (``plural`` when it is not noun + 's')."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"

"""The commented starter scenario ``cpx new`` writes."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path


def starter_text(scenario_id: str | None = None) -> str:
    """The starter scenario; with ``scenario_id``, its ``meta.id`` is set to that id."""
    text = resources.files("cpx").joinpath("data/starter.yaml").read_text(encoding="utf-8")
    if scenario_id:
        text = text.replace("  id: starter\n", f"  id: {scenario_id}\n", 1)
    return text


def id_from_path(path: Path) -> str:
    """An id made from a file name: ``My Exercise.yaml`` -> ``my_exercise``."""
    slug = re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_")
    if not slug:
        return "starter"
    return slug if slug[0].isalpha() else f"x_{slug}"

"""The bundled scenario library (the repository's ``scenarios/`` folder) and name lookup."""

from __future__ import annotations

import sys
from pathlib import Path

from cpx.errors import CpxError

DEFAULT_SCENARIO = "glass_lantern"
"""The flagship exercise, played by ``cpx play`` without arguments."""
BUNDLED_NAMES = ("glass_lantern", "bitter_harvest", "tutorial")
"""The scenarios shipped in ``scenarios/``: the flagship (sexual and labour exploitation
near a peacekeeping force), a labour-exploitation exercise with the labour inspectorate,
and the tutorial."""


def bundled_scenarios_dir() -> Path:
    """The folder of bundled scenarios: a checkout's ``scenarios/`` beside the package (an
    editable install), else the copy an install puts in ``PREFIX/share/cpx/scenarios``
    (pyproject's data-files)."""
    checkout = Path(__file__).resolve().parents[2] / "scenarios"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "cpx" / "scenarios"


def bundled_scenarios() -> list[Path]:
    """Every bundled scenario file, sorted by name."""
    folder = bundled_scenarios_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def default_scenario_path() -> Path:
    """The flagship scenario file."""
    return bundled_scenarios_dir() / f"{DEFAULT_SCENARIO}.yaml"


def resolve(name_or_path: str | Path) -> Path:
    """A scenario file from a path, or from a bundled name such as ``tutorial``.

    A path that exists wins over a bundled name, so a director's own ``tutorial.yaml``
    in the current folder is the one used.
    """
    path = Path(name_or_path)
    if path.exists():
        return path
    stem = path.name.removesuffix(".yaml").removesuffix(".yml")
    bundled = bundled_scenarios_dir() / f"{stem}.yaml"
    if path.parent == Path(".") and bundled.is_file():
        return bundled
    names = ", ".join(p.stem for p in bundled_scenarios()) or "none installed"
    raise CpxError(
        f"no file '{name_or_path}' and no bundled scenario of that name (bundled: {names})",
        title="Scenario not found",
    )

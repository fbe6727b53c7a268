"""The briefing's words, from the scenario's public parts: one builder for two sources.

:func:`briefing_lines` reads either the validated scenario models (the presenter) or
the plain mapping of a scenario file read in a few milliseconds (:func:`read_briefing`),
so ``cpx play`` shows a readable briefing before the engine, the models and the world
are even imported; the exercise is opened behind it while the trainee reads. Only the
public parts are read: meta, agencies and their units, the region's place names, the
codenames and handlers of the cell's own sources. This module imports neither the
engine nor the scenario models (that is what keeps it fast).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from cpx.tui.viewdata import Briefing


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of YAML block text so it wraps to the widget.

    Blank lines stay paragraph breaks; a line that starts indented or with a bullet
    (an order to type, a list item) keeps its own line.
    """
    out: list[str] = []
    for line in text.strip().splitlines():
        stripped = line.strip()
        if not stripped:
            out.append("")
        elif out and out[-1] and not line[:1].isspace() and stripped[:1] not in "*-•" \
                and not out[-1].startswith((" ", "*", "-", "•")):
            out[-1] += " " + stripped
        else:
            out.append(line.rstrip())
    return "\n".join(out)


def says(name: str, kind: str) -> bool:
    """Whether an agency's name already says its kind ('… (victim-support NGO)')."""
    words = kind.replace("_", " ").lower().split()
    return all(word in name.lower() for word in words)


def _get(thing: Any, key: str, default: Any = None) -> Any:
    """A field of a scenario model or of the plain mapping read from the file."""
    if isinstance(thing, dict):
        return thing.get(key, default)
    return getattr(thing, key, default)


def briefing_lines(meta: Any, duration: str, agencies: list[Any],
                   informants: list[tuple[str, str, str]], locations: dict[str, Any],
                   cell: str = "trainee", cells: list[Any] | None = None) -> Briefing:
    """The briefing of ``cell``: ``informants`` as (codename, handler id, grade);
    ``cells`` the scenario's ``cells:`` entries (a cell's own situation and mission)."""
    entry = next((c for c in cells or () if _get(c, "id") == cell), None)
    listed = set(_get(entry, "agencies", ()) or ()) if entry is not None else set()

    def commands(agency: Any) -> bool:
        return _get(agency, "player_cell") == cell or _get(agency, "id") in listed

    own = [a for a in agencies if commands(a)]
    units = {_get(u, "id"): (u, _get(a, "name")) for a in own for u in _get(a, "units", [])}

    def place(ident: str) -> str:
        return _get(locations.get(ident), "name", ident) if ident in locations else ident

    startex = _get(meta, "startex")
    if isinstance(startex, str):
        startex = datetime.fromisoformat(startex)
    own_units = tuple(
        f"{_get(u, 'callsign')} ({agency}): {', '.join(_get(u, 'capabilities', []))}"
        f" — base {place(_get(u, 'base'))}"
        for u, agency in units.values()
    )
    partners = tuple(
        name if says(name, kind) else f"{name} ({kind.replace('_', ' ')})"
        for a in agencies
        for name, kind in [(_get(a, "name"), str(_get(a, "kind")))]
        if not commands(a) and kind != "media"
    )
    sources = tuple(
        f"{code} — source grade {grade}, handled by "
        f"{_get(units[handler][0], 'callsign') if handler in units else handler}"
        for code, handler, grade in informants
    )
    return Briefing(
        title=_get(meta, "title"),
        situation=reflow(_get(entry, "situation", "") or _get(meta, "situation", "")),
        mission=reflow(_get(entry, "mission", "") or _get(meta, "mission", "")),
        objectives=tuple(_get(meta, "learning_objectives", ()) or ()),
        startex=f"{startex:%Y-%m-%d %H:%M} (D1 {startex:%H:%M})",
        duration=duration,
        own_units=own_units,
        partners=partners,
        informants=sources,
        newcomer_hint="" if _get(meta, "id") == "tutorial" else (
            "First time with cpx? Press Ctrl+Q and run 'cpx play tutorial': a one-day "
            "exercise that teaches every key as it goes."),
    )


_DURATION = re.compile(r"(\d+)\s*([dhm])")


def _duration_text(value: Any) -> str:
    """The exercise length in the scenario notation, largest units first ('5d', '1d 6h')."""
    if isinstance(value, int):
        minutes = value
    else:
        minutes = sum(int(n) * {"d": 1440, "h": 60, "m": 1}[u]
                      for n, u in _DURATION.findall(str(value)))
    parts = []
    for unit, size in (("d", 1440), ("h", 60), ("m", 1)):
        if minutes >= size:
            parts.append(f"{minutes // size}{unit}")
            minutes %= size
    return " ".join(parts) or "0m"


# The top-level sections the briefing reads. The rest (the network, the injects, the
# objectives: three quarters of the flagship) is not even parsed before the first frame.
BRIEFING_SECTIONS = frozenset({"meta", "region", "agencies", "informants", "cells"})
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)


def briefing_yaml(text: str) -> str:
    """The text of a scenario file with only its :data:`BRIEFING_SECTIONS` left.

    A block-style file is cut at its unindented keys (a key's section runs to the next
    one; anything else, such as comments or a flow-style file, stays where it is).
    """
    starts = [(m.start(), m.group(1)) for m in _TOP_LEVEL_KEY.finditer(text)]
    if not starts:
        return text
    kept = [text[:starts[0][0]]]
    for (start, key), (end, _next) in zip(starts, [*starts[1:], (len(text), "")]):
        if key in BRIEFING_SECTIONS:
            kept.append(text[start:end])
    return "".join(kept)


def _load_briefing_sections(text: str) -> Any:
    """The briefing's sections of a scenario file, parsed (PyYAML's C parser if built)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(briefing_yaml(text), Loader=loader)
    except yaml.YAMLError:  # e.g. an alias of an anchor in a section left out
        return yaml.load(text, Loader=loader)


def read_briefing(path: str | Path, cell: str = "trainee") -> Briefing | None:
    """The briefing read straight from a scenario file, or None if it cannot be read so.

    Nothing is validated here: the exercise opened behind the briefing still loads and
    checks the file, and a file with mistakes ends the app with its located errors.
    """
    try:
        data = _load_briefing_sections(Path(path).read_text(encoding="utf-8"))
        meta = data["meta"]
        agencies = data.get("agencies") or []
        locations = {loc["id"]: loc for loc in data["region"]["locations"]}
        cells = data.get("cells") or []
        listed = {a for c in cells if c.get("id") == cell for a in c.get("agencies") or []}
        own = {u["id"] for a in agencies if a.get("player_cell") == cell or a.get("id") in listed
               for u in a.get("units", [])}
        informants = [(i["codename"], i["handler"], str(i.get("reliability", "F")))
                      for i in data.get("informants") or [] if i.get("handler") in own]
        return briefing_lines(meta, _duration_text(meta["duration"]), agencies, informants,
                              locations, cell, cells)
    except Exception:  # any surprise: the briefing comes from the validated load instead
        return None

"""'What you knew vs. what was true' at one moment of a journal, for the debrief.

The trainee side is built only from events the player cell could see up to that moment;
the truth side from the ground-truth (EXCON) events up to the same moment. Both are
summaries — counts that matter in a hot wash and the latest few events — read from the
journal index, so the comparison costs milliseconds even a million events in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from cpx.aar.journal_index import JournalIndex
from cpx.aar.timeline import describe

KNEW = (
    ("Orders given", ("order",)),
    ("Reports received", ("report.informant", "report.surveillance")),
    ("Evidence items", ("evidence.added",)),
    ("People met", ("person.met",)),
    ("Identifications", ("victim.identified",)),
    ("Referrals", ("victim.referred",)),
    ("Arrests", ("arrest.made",)),
    ("Injects received", ("inject",)),
)
"""What the trainee picture counts: label and the event kinds behind it."""

TRUE = (
    ("People (all)", ("truth.person",)),
    ("Victims arrived", ("victim.arrived",)),
    ("Victims moved", ("victim.moved",)),
    ("Network reactions", ("network.reaction",)),
    ("LEAKS", ("leak",)),
    ("Victims harmed", ("victim.harmed", "victim.retrafficked")),
    ("Informants burned", ("informant.burned",)),
    ("Unlawful acts", ("unlawful.act",)),
    ("Missed actions", ("inject.expected_missed",)),
)
"""What the ground truth counts."""

UNSEEN = ("leak", "network.reaction", "victim.moved", "informant.burned")
"""Truth kinds the cell never sees directly: a hot wash points them out."""

LATEST = 6

HIDDEN_SHOWN = 4
"""How many of the latest hidden events the comparison spells out."""


@dataclass(frozen=True)
class Side:
    """One column: counts and the latest events."""

    title: str
    counts: list[tuple[str, int]]
    latest: list[str]


@dataclass(frozen=True)
class TruthPicture:
    """Both columns at one moment, and what the cell did not know."""

    t: int
    knew: Side
    truth: Side
    unknown_to_cell: list[str]
    """Counts of what the cell never saw, e.g. ``"2 × leak"``."""
    hidden_events: list[str] = ()  # type: ignore[assignment]
    """The latest of those events spelled out, newest first ("D1 09:45 leak: …")."""
    selected_hidden: bool = False
    """Whether the event at this moment is ground truth the cell never saw."""


def _latest(index: JournalIndex, rows: np.ndarray, row: int, clock,
            walk_ins: Mapping[str, str] | None) -> list[str]:
    end = int(np.searchsorted(rows, row, side="right"))
    lines = []
    for r in rows[max(0, end - LATEST):end][::-1]:
        record = index.record(int(r))
        lines.append(f"{clock(int(index.t[r]))} {record['kind']}: "
                     f"{describe(record['kind'], record.get('payload') or {}, walk_ins)}"[:120])
    return lines


def compare_at(index: JournalIndex, row: int, clock=None,
               walk_ins: Mapping[str, str] | None = None) -> TruthPicture:
    """The trainee picture beside the ground truth at ``row`` of the index (people an
    inject brought in named by ``walk_ins``, :func:`cpx.walk_ins.walk_in_names`)."""
    clock = clock or (lambda t: f"t+{t}m")
    moment = index.moment(row)
    rows = _visibility_rows(index)
    knew = Side("What you knew", [(label, sum(moment.trainee.get(k, 0) for k in kinds))
                                  for label, kinds in KNEW],
                _latest(index, rows["trainee"], row, clock, walk_ins))
    truth = Side("What was true", [(label, sum(moment.excon.get(k, 0) for k in kinds))
                                   for label, kinds in TRUE],
                 _latest(index, rows["excon"], row, clock, walk_ins))
    unknown = [f"{moment.excon[k]} × {k}" for k in UNSEEN if moment.excon.get(k)]
    hidden = _hidden_rows(index, rows["excon"])
    end = int(np.searchsorted(hidden, row, side="right"))
    spelled = []
    for r in hidden[max(0, end - HIDDEN_SHOWN):end][::-1]:
        record = index.record(int(r))
        spelled.append(f"{clock(int(index.t[r]))} {record['kind']}: "
                       f"{describe(record['kind'], record.get('payload') or {}, walk_ins)}"[:160])
    code = int(index.visibility[row])
    selected = code < len(index.visibilities) and index.visibilities[code] == "excon"
    return TruthPicture(moment.t, knew, truth, unknown, spelled, selected)


def _hidden_rows(index: JournalIndex, excon_rows: np.ndarray) -> np.ndarray:
    """Rows of the kinds the cell never sees (leaks, reactions…), cached on the index."""
    cached = getattr(index, "_hidden_rows", None)
    if cached is None or cached[0] != len(index):
        codes = [index.kinds.index(k) for k in UNSEEN if k in index.kinds]
        picked = excon_rows[np.isin(index.kind[excon_rows], codes)]
        cached = (len(index), picked)
        index._hidden_rows = cached
    return cached[1]


def _visibility_rows(index: JournalIndex) -> dict[str, np.ndarray]:
    """Rows by audience, cached on the index until it grows (a progressive open)."""
    cached = getattr(index, "_rows_by_visibility", None)
    if cached is None or cached[0] != len(index):
        excon = index.visibilities.index("excon") if "excon" in index.visibilities else -1
        is_excon = index.visibility == excon
        cached = (len(index), {"excon": np.flatnonzero(is_excon),
                               "trainee": np.flatnonzero(~is_excon)})
        index._rows_by_visibility = cached
    return cached[1]

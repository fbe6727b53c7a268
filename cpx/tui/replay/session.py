"""The replay's state, without any widget: the index, the filter, the cursor, the notes.

Everything the instructor does in the replay — step, scrub an hour or a day, jump to
the next decision point, filter, jump to an objective's evidence, note an event — is a
method here, so it is tested without a screen and the widgets only draw it.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cpx.aar.journal_index import JournalIndex
from cpx.aar.notes import Note, load_notes, save_notes
from cpx.aar.scenario_ref import load_scenario_for
from cpx.aar.scorecard import ScoreCard, score_records
from cpx.aar.timeline import describe
from cpx.aar.truth_picture import TruthPicture, compare_at
from cpx.errors import CpxError
from cpx.scenario.models import Scenario
from cpx.scenario.timefmt import minutes_to_clock
from cpx.walk_ins import MET_KINDS, walk_in_names

HOUR, DAY = 60, 24 * 60


@dataclass
class Filter:
    """What the timeline shows; an empty field shows everything."""

    kinds: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    visibility: str = ""

    def describe(self) -> str:
        parts = [f"kind:{','.join(self.kinds)}" if self.kinds else "",
                 f"unit:{','.join(self.units)}" if self.units else "",
                 f"agency:{','.join(self.agencies)}" if self.agencies else "",
                 f"cell:{self.visibility}" if self.visibility else ""]
        return " ".join(p for p in parts if p) or "all events"

    @classmethod
    def parse(cls, text: str) -> "Filter":
        """Parse ``kind:leak,raid unit:squad agency:ngo cell:excon``; bare words are kinds."""
        found = cls()
        try:
            words = shlex.split(text)
        except ValueError as error:
            raise CpxError(f"cannot read the filter: {error}", "Filter") from None
        for word in words:
            key, _, value = word.partition(":") if ":" in word else ("kind", "", word)
            values = [v for v in value.split(",") if v]
            if key in ("kind", "k"):
                found.kinds += values
            elif key in ("unit", "u"):
                found.units += values
            elif key in ("agency", "a"):
                found.agencies += values
            elif key in ("cell", "vis", "visibility", "v"):
                found.visibility = values[0] if values else ""
            else:
                raise CpxError(
                    f"'{key}' is not a filter; use kind:, unit:, agency: or cell:", "Filter")
        return found


class ReplaySession:
    """One journal opened for replay."""

    def __init__(self, path: str | Path, scenario_path: str | Path | None = None,
                 progressive: bool = False, chunk_size: int | None = None) -> None:
        """Open ``path``; ``progressive`` indexes only the first chunk now (see :meth:`grown`)."""
        self.path = Path(path)
        from cpx.aar.logfile import check_header

        with self.path.open("rb") as stream:
            header, problem = check_header(stream.readline().rstrip(b"\n"), self.path)
        if problem:
            raise CpxError(f"{self.path}: {problem}", "Damaged journal")
        self.fork: dict[str, Any] | None = header.get("fork") if isinstance(
            header.get("fork"), dict) else None
        """A "what if" branch's parent and moment (cpx.journal.fork), else None."""
        self.scenario: Scenario
        self.scenario, _ = load_scenario_for(header, self.path, scenario_path)
        expected = [i.id for i in self.scenario.injects if i.expected_action is not None]
        options = {} if chunk_size is None else {"chunk_size": chunk_size}
        self.index = JournalIndex(self.path, expected_injects=expected,
                                  progressive=progressive, **options)
        start = self.scenario.meta.startex
        self._startex_minute = start.hour * 60 + start.minute
        self.unit_agency = {u.id: a.id for a in self.scenario.agencies for u in a.units}
        self.filter = Filter()
        self.rows: np.ndarray = np.arange(len(self.index))
        self.cursor = 0
        self.notes: dict[int, Note] = load_notes(self.path)
        self.card: ScoreCard | None = None
        self._walk_ins: tuple[int, dict[str, str]] | None = None
        self._met_records: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ reading
    @property
    def indexing(self) -> bool:
        """Whether the index is still growing (a progressive open of a big journal)."""
        return not self.index.finished

    @property
    def indexed_share(self) -> float:
        return self.index.done_bytes / self.index.size if self.index.size else 1.0

    def grown(self, state: dict[str, Any]) -> None:
        """Publish a later state of the index; the filter and the cursor's row are kept."""
        self.index.publish(state)
        self.set_filter(self.filter)

    @property
    def warning(self) -> str | None:
        return self.index.warning

    def clock(self, t: int) -> str:
        """``Dn HH:MM`` of a sim time."""
        return minutes_to_clock(int(t), self._startex_minute)

    @property
    def row(self) -> int | None:
        """The index row under the cursor (None when the filter shows nothing)."""
        return int(self.rows[self.cursor]) if len(self.rows) else None

    def record(self, row: int | None = None) -> dict[str, Any] | None:
        row = self.row if row is None else row
        return None if row is None else self.index.record(row)

    @property
    def walk_ins(self) -> dict[str, str]:
        """People injects brought in, by id, named as the cell met them ('walk-in 1'):
        read from the events they were met in, again when the index has grown."""
        size = len(self.index)
        if self._walk_ins is None or self._walk_ins[0] != size:
            # Only the rows indexed since the last look are read (a big journal opened
            # progressively grows many times).
            done = self._walk_ins[0] if self._walk_ins is not None else 0
            if done > size:  # not grown but read anew: start over
                done, self._met_records = 0, []
            codes = [self.index.kinds.index(k) for k in MET_KINDS if k in self.index.kinds]
            rows = (done + np.flatnonzero(np.isin(self.index.kind[done:size], codes))
                    if codes else ())
            self._met_records += [self.index.record(int(row)) for row in rows]
            self._walk_ins = (size, walk_in_names(self._met_records))
        return self._walk_ins[1]

    def describe(self, record: dict[str, Any]) -> str:
        """A short description of an event record, people named as the cell met them."""
        return describe(str(record.get("kind", "order")), record.get("payload") or {},
                        self.walk_ins)

    def picture(self) -> TruthPicture | None:
        """What the cell knew beside what was true at the cursor."""
        return None if self.row is None else compare_at(self.index, self.row, self.clock,
                                                        self.walk_ins)

    def score(self) -> ScoreCard:
        """The score card (computed once; slow for huge logs, so the app runs it in a worker)."""
        if self.card is None:
            from cpx.aar.fast_pass import fast_scan, paused_gc
            from cpx.aar.metrics import scan_kinds

            with paused_gc():
                scan = fast_scan(self.path, scan_kinds())
                self.card = score_records(scan.header, scan.records, self.scenario, scan.warning)
        return self.card

    def lineage(self) -> str:
        """For a "what if" branch: its parent journal and the moment it branched off."""
        if not self.fork:
            return ""
        parent = Path(str(self.fork.get("parent", {}).get("path", "?"))).name
        return f"what if: branch of {parent} from {self.clock(int(self.fork.get('at', 0)))}"

    # ------------------------------------------------------------------ moving
    def move_to(self, position: int) -> None:
        """Put the cursor on ``position`` in the filtered rows (clamped)."""
        self.cursor = max(0, min(len(self.rows) - 1, position)) if len(self.rows) else 0

    def step(self, count: int) -> None:
        """Move ``count`` events on (negative: back)."""
        self.move_to(self.cursor + count)

    def scrub(self, minutes: int) -> None:
        """Move by sim time: to the first shown event at least ``minutes`` later (or earlier)."""
        if not len(self.rows):
            return
        times = self.index.t[self.rows]
        now = int(times[self.cursor])
        if minutes >= 0:
            target = int(np.searchsorted(times, now + minutes, side="left"))
            if target <= self.cursor:
                target = self.cursor + 1
        else:
            target = int(np.searchsorted(times, now + minutes, side="right")) - 1
            if target >= self.cursor:
                target = self.cursor - 1
        self.move_to(target)

    def next_decision(self, direction: int = 1) -> bool:
        """Jump to the next (or previous) decision point shown; False if there is none."""
        if not len(self.rows):
            return False
        flags = self.index.decision[self.rows]
        if direction >= 0:
            hits = np.flatnonzero(flags[self.cursor + 1:])
            if not len(hits):
                return False
            self.move_to(self.cursor + 1 + int(hits[0]))
        else:
            hits = np.flatnonzero(flags[:self.cursor])
            if not len(hits):
                return False
            self.move_to(int(hits[-1]))
        return True

    def next_of_kind(self, kinds: tuple[str, ...], direction: int = 1) -> tuple[int, int] | None:
        """Jump to the next (or previous) event of ``kinds`` in the whole log, whatever the filter.

        Returns ``(n, total)`` — it is the n-th of ``total`` such events — or None if there
        is none in that direction. A filter that hides the event is cleared.
        """
        codes = [self.index.kinds.index(k) for k in kinds if k in self.index.kinds]
        hits = np.flatnonzero(np.isin(self.index.kind, codes)) if codes else np.array([], int)
        current = -1 if self.row is None else self.row
        if direction >= 0:
            after = hits[hits > current]
            target = int(after[0]) if len(after) else None
        else:
            before = hits[hits < current]
            target = int(before[-1]) if len(before) else None
        if target is None:
            return None
        self.jump_to_seq(int(self.index.seq[target]))
        return int(np.searchsorted(hits, target)) + 1, len(hits)

    def jump_to_seq(self, seq: int) -> bool:
        """Put the cursor on the event ``seq``, clearing the filter if it hides it."""
        row = self.index.row_of_seq(seq)
        if row is None:
            return False
        position = int(np.searchsorted(self.rows, row))
        if position >= len(self.rows) or self.rows[position] != row:
            self.set_filter(Filter())
            position = row
        self.move_to(position)
        return True

    # ------------------------------------------------------------------ filtering
    def set_filter(self, new: Filter) -> None:
        """Show only what ``new`` passes; the cursor stays at the same moment if it can."""
        current = self.row
        self.filter = new
        self.rows = self.index.select(new.kinds, new.units, new.agencies, new.visibility,
                                      self.unit_agency)
        if current is None or not len(self.rows):
            self.cursor = 0
            return
        self.move_to(int(np.searchsorted(self.rows, current)))

    # ------------------------------------------------------------------ notes
    def note_for(self, row: int | None = None) -> Note | None:
        record = self.record(row)
        return None if record is None else self.notes.get(int(record.get("seq", -1)))

    def set_note(self, text: str) -> Path | None:
        """Attach ``text`` to the event under the cursor (empty text removes the note)."""
        record = self.record()
        if record is None or int(record.get("seq", -1)) < 0:
            return None
        seq = int(record["seq"])
        if text.strip():
            self.notes[seq] = Note(seq, int(record["t"]), text.strip())
        else:
            self.notes.pop(seq, None)
        return save_notes(self.path, self.notes)

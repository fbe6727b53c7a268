"""A byte-offset index of a journal, for a replay that must scrub a million events.

One streaming pass reads the file in large chunks and records for every order and event
line only what navigation needs — its byte offset, sim time, sequence number and codes
for kind and visibility — in compact numpy arrays, while worker processes check the hash
chain of every line (:mod:`cpx.aar.fast_pass`, :mod:`cpx.aar.chain_check`). A damaged
journal sends it to the exact line-by-line pass (:mod:`cpx.aar.index_pass`), which names
the first bad line. The unit and agency columns, which only filters use, are read the
first time a filter needs them (:func:`cpx.aar.fast_pass.key_columns`). A line's full
record is read from disk only when it is shown (:meth:`JournalIndex.record`, with a
small cache). Fields are cut out of the canonical line text (sorted keys, no spaces) a
whole chunk at a time (:mod:`cpx.aar.chunk_fields`); no line is parsed as JSON.

Filtering is a numpy mask over the arrays; moving by an hour or a day is a binary
search on the times. A damaged journal is indexed up to its first bad line, and the
problem is kept for the UI to show.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
import threading
from typing import Any, Iterable, Iterator

import numpy as np

from cpx.aar.fast_pass import NOT_READ, FastIndexPass, key_columns
from cpx.aar.index_pass import CHUNK, CONTROL_KINDS, ORDER_KIND
from cpx.aar.logfile import LogProblem
from cpx.errors import CpxError

DECISION_KINDS = frozenset({ORDER_KIND, "inject.expected_missed"})
"""Kinds that are always decision points; injects are when they carry an expected action."""


@dataclass(frozen=True)
class Moment:
    """How many events of each kind each audience had seen by one point of the timeline."""

    row: int
    t: int
    trainee: dict[str, int]
    excon: dict[str, int]


class JournalIndex:
    """The rows (order and event lines) of one journal, indexed for random access."""

    def __init__(self, path: str | Path, expected_injects: Iterable[str] = (),
                 progressive: bool = False, chunk_size: int = CHUNK,
                 workers: int | None = None) -> None:
        """Index ``path``; with ``progressive`` only its first chunk (see :meth:`growth`).

        ``workers``: processes checking the hash chain (None: one per core; see
        :mod:`cpx.aar.fast_pass`)."""
        self.path = Path(path)
        self.size = self.path.stat().st_size if self.path.is_file() else 0
        self.done_bytes = 0
        self.finished = False
        self._cache: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._file = None
        self._lock = threading.Lock()  # the pass's codes: growth thread vs. first filter
        self._pass = FastIndexPass(self.path, set(expected_injects), workers=workers)
        self._steps = self._pass.steps(chunk_size)
        self.publish(self._advance(1))
        if not self.header and self.problem is not None:
            raise CpxError(f"{self.path}: {self.problem}", "Damaged journal")
        if not progressive:
            self.publish(self._advance(1 << 40))

    # ---------------------------------------------------------------- the pass
    def _advance(self, chunks: int) -> dict[str, Any]:
        """Run the pass for up to ``chunks`` more chunks; return what to publish."""
        with self._lock:
            for _ in range(chunks):
                step = next(self._steps, None)
                if step is None:
                    self.finished = True
                    break
                self.done_bytes = step
        run = self._pass
        return {"columns": run.columns.final(), "header": run.header, "problem": run.problem,
                "complete": run.complete, "end_t": run.end_t, "finished": self.finished}

    def growth(self, chunks_per_step: int = 8) -> Iterator[dict[str, Any]]:
        """The rest of the pass, a few chunks at a time; each step's result goes to :meth:`publish`.

        A replay runs this in a worker thread and publishes each result on the UI thread,
        so the timeline is usable while a huge journal is still being indexed.
        """
        while not self.finished:
            state = self._advance(chunks_per_step)
            if threading.current_thread() is threading.main_thread():
                self.publish(state)
            yield state

    def publish(self, state: dict[str, Any]) -> None:
        """Make a state of the pass the index's content (on the thread that reads it)."""
        columns = state["columns"]
        self.header, self.problem = state["header"], state["problem"]
        self.complete, self.end_t = state["complete"], state["end_t"]
        self.offsets, self.lengths = columns["offset"], columns["length"]
        self.t, self.seq = columns["t"], columns["seq"]
        self.kind, self.visibility = columns["kind"], columns["visibility"]
        self._unit, self._agency = columns["unit"], columns["agency"]
        self.decision = columns["decision"]
        run = self._pass
        self.kinds, self.visibilities = run.kinds.names, run.visibilities.names
        self.units, self.agencies = run.units.names, run.agencies.names
        self.__dict__.pop("_rows_by_visibility", None)

    @property
    def rows_read(self) -> bool:
        """Whether every row is indexed (the chain check may still be running: ``finished``)."""
        return self.finished or self._pass.rows_read

    # ---------------------------------------------------------------- access
    @property
    def unit(self) -> np.ndarray:
        """Each row's unit code (an index into :attr:`units`; -1: none), read on first use."""
        self._read_keys()
        return self._unit

    @property
    def agency(self) -> np.ndarray:
        """Each row's agency code (an index into :attr:`agencies`; -1: none), read on first use."""
        self._read_keys()
        return self._agency

    def _read_keys(self) -> None:
        # The fast pass leaves these filter-only columns out of the opening (a second
        # read of the file, about a second for a million rows, when first filtered on).
        missing = np.flatnonzero(self._unit == NOT_READ)
        if len(missing):
            with self._lock:  # the pass may be adding codes in the growth thread
                run = self._pass
                units, agencies = key_columns(self.path, self.offsets[missing],
                                              self.lengths[missing], run.units, run.agencies)
            self._unit, self._agency = self._unit.copy(), self._agency.copy()
            self._unit[missing], self._agency[missing] = units, agencies
            self.units, self.agencies = run.units.names, run.agencies.names

    def __len__(self) -> int:
        return len(self.offsets)

    @property
    def warning(self) -> str | None:
        """A one-line warning when only part of the journal is indexed."""
        if self.problem is None:
            return None
        return f"{self.path.name} is damaged at {self.problem}; showing the {len(self)} rows before it"

    def record(self, row: int) -> dict[str, Any]:
        """The full record of ``row`` (read from disk on demand; the last 512 are cached)."""
        cached = self._cache.get(row)
        if cached is not None:
            self._cache.move_to_end(row)
            return cached
        if self._file is None:
            self._file = self.path.open("rb")
        self._file.seek(int(self.offsets[row]))
        record = json.loads(self._file.read(int(self.lengths[row])))
        if record.get("type") in CONTROL_KINDS:
            record.setdefault("kind", record["type"])
            record.setdefault("seq", -1)
            record.setdefault("visibility", "excon")
            record.setdefault("payload", {k: v for k, v in record.items()
                                          if k not in ("type", "prev", "t", "kind", "seq", "visibility")})
        elif record.get("type") == "order":
            record.setdefault("kind", ORDER_KIND)
            record.setdefault("seq", -1)
            record.setdefault("visibility", self.visibilities[0])
            record.setdefault("payload", {"order": record.get("order"), "result": record.get("result")})
        self._cache[row] = record
        if len(self._cache) > 512:
            self._cache.popitem(last=False)
        return record

    def kind_name(self, row: int) -> str:
        return self.kinds[int(self.kind[row])]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    # ---------------------------------------------------------------- queries
    def select(self, kinds: Iterable[str] = (), units: Iterable[str] = (),
               agencies: Iterable[str] = (), visibility: str | None = None,
               unit_agency: dict[str, str] | None = None) -> np.ndarray:
        """Rows passing every filter given (an empty filter passes all), in order."""
        mask = np.ones(len(self), dtype=bool)
        kind_set = set(kinds)
        if kind_set:
            codes = [i for i, k in enumerate(self.kinds)
                     if k in kind_set or any(k.startswith(p + ".") for p in kind_set)]
            mask &= np.isin(self.kind, codes)
        unit_set = set(units)
        if unit_set:
            mask &= np.isin(self.unit, [i for i, u in enumerate(self.units) if u in unit_set])
        agency_set = set(agencies)
        if agency_set:
            by_unit = [i for i, u in enumerate(self.units)
                       if (unit_agency or {}).get(u) in agency_set]
            mask &= (np.isin(self.agency, [i for i, a in enumerate(self.agencies) if a in agency_set])
                     | np.isin(self.unit, by_unit))
        if visibility:
            codes = [i for i, v in enumerate(self.visibilities) if v == visibility]
            mask &= np.isin(self.visibility, codes)
        return np.flatnonzero(mask)

    def row_of_seq(self, seq: int) -> int | None:
        """The row of the event with sequence number ``seq``."""
        hits = np.flatnonzero(self.seq == seq)
        return int(hits[0]) if len(hits) else None

    def moment(self, row: int) -> Moment:
        """Counts of events by kind up to and including ``row``, per audience."""
        upto = slice(0, row + 1)
        kinds, vis = self.kind[upto], self.visibility[upto]
        size = len(self.kinds)
        excon_code = self.visibilities.index("excon")
        is_excon = vis == excon_code
        excon = np.bincount(kinds[is_excon], minlength=size)
        trainee = np.bincount(kinds[~is_excon], minlength=size)
        return Moment(
            row, int(self.t[row]) if len(self) else 0,
            {self.kinds[i]: int(n) for i, n in enumerate(trainee) if n},
            {self.kinds[i]: int(n) for i, n in enumerate(excon) if n},
        )

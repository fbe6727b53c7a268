"""The fast pass over an intact journal: fields in this process, the chain on the others.

Most journals are intact, and for them the work splits in two that can run at once:

* the hash chain — one SHA-256 per line, the cost no parsing trick removes — is checked
  by :class:`cpx.aar.chain_check.ChainCheck` in worker processes, over byte ranges;
* this process meanwhile extracts what it needs from whole chunks at a time: the index's
  columns (:class:`FastIndexPass`, with :mod:`cpx.aar.chunk_fields` and no Python step
  per event line), or the records of the kinds scoring reads (:class:`FastScanPass`: a
  regular expression over the memory-mapped file picks out just those lines, and only
  they are parsed as JSON).

The pass trusts nothing it has not checked: the end line must close the file and pass
its own check, every line must have the canonical shape, and the workers must find the
chain intact from the header to the end line. Anything else — a damaged, cut or
tampered journal, or a line of unexpected shape — sends the caller to the exact
line-by-line pass of :mod:`cpx.aar.index_pass`, which names the first bad line and keeps
the valid part. So the fast pass is only ever a faster way to the same answer.

Two ways it avoids waiting for the chain: a file whose chain a fast pass already found
intact, unchanged since, starts no worker at all (:mod:`cpx.aar.verified`); and
:func:`fast_scan_while_checking` lets a caller compute from the records (the score card)
while the workers finish, its result kept only if the chain proves intact.
"""

from __future__ import annotations

import gc
import hashlib
import json
import mmap
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import numpy as np

from cpx.aar.chain_check import ChainCheck
from cpx.aar.chunk_fields import (PAD, event_fields, first_per_line, key_values,
                                  last_seq_key, occurrences)
from cpx.aar.index_pass import CHUNK, ORDER_KIND, IndexPass, ScanPass, _INJECT_ID
from cpx.aar.logfile import LogProblem, check_header, end_line_intact
from cpx.aar.verified import VerifiedNote

try:  # about five times faster than json.loads on journal lines (see docs/performance.md)
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency; json gives the same records
    _loads = json.loads

_ORDER_HEAD = b'{"order":'
_ORDER_TAIL = b',"type":"order"}'
_TAIL_PROBE = 1 << 16
T = TypeVar("T")
NOT_READ = -2
"""The unit / agency code of a row the fast pass has not read yet (see :func:`key_columns`)."""


def _end_line(path: Path, size: int, body_start: int) -> tuple[int, dict[str, Any]] | None:
    """Where the end line starts and its record, if the file closes with an intact one."""
    with path.open("rb") as stream:
        probe_at = max(body_start, size - _TAIL_PROBE)
        stream.seek(probe_at)
        tail = stream.read()
    if not tail.endswith(b"\n"):
        return None
    cut = tail.rfind(b"\n", 0, len(tail) - 1)
    if cut < 0 and probe_at != body_start:
        return None  # an end line longer than the probe: let the exact pass read it
    try:
        record = json.loads(tail[cut + 1:-1])
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("type") != "end" or not end_line_intact(record):
        return None
    return probe_at + cut + 1, record


class _Fast:
    """The part the two fast passes share: header, end line, chain, chunking, fallback."""

    workers: int | None = None
    """Chain-check processes (None: see :func:`~cpx.aar.chain_check.default_workers`)."""
    rows_read = False
    """Whether the fast pass has read every row (the chain may still be being checked)."""

    def _fast_steps(self, chunk_size: int) -> Iterator[int]:
        """The fast pass; returns (as the generator's value) whether it could be used."""
        path: Path = self.path
        size = path.stat().st_size
        with path.open("rb") as stream:
            first = stream.readline()
        header, problem = check_header(first.rstrip(b"\n"), path)
        if problem or not first.endswith(b"\n"):
            return False
        end = _end_line(path, size, len(first))
        if end is None:
            return False
        end_at, end_record = end
        self.header = header
        self.number = 1
        with path.open("rb") as stream:
            stream.seek(end_at)
            note = VerifiedNote(path, first, stream.read())  # these bytes checked before?
        chain = None
        if not note.found():
            chain = ChainCheck(path, len(first), size, hashlib.sha256(first[:-1]).hexdigest(),
                               workers=self.workers)
        try:
            read = yield from self._read_rows(len(first), end_at, chunk_size)
            if not read:
                return False
            # Every row is read: the timeline can be shown while the workers finish.
            self.rows_read = True
            yield end_at
            if chain is None:
                if not note.still_found():
                    return False  # the file changed under us: the exact pass reads it
            elif not chain.intact():
                return False
            else:
                note.remember()
        finally:
            if chain is not None:
                chain.close()
        self.complete, self.end_t = True, int(end_record.get("t") or 0)
        self.number += 1  # the end line
        yield size
        return True

    def _read_rows(self, start: int, stop: int, chunk_size: int) -> Iterator[int]:
        """Hand the lines in ``[start, stop)`` to ``_fast_chunk`` a chunk of whole lines at a
        time; yields the offset reached, returns whether every chunk was taken."""
        with self.path.open("rb") as stream:
            stream.seek(start)
            offset, rest = start, b""
            while offset + len(rest) < stop:
                chunk = stream.read(min(chunk_size, stop - offset - len(rest)))
                if not chunk:
                    return False
                data = rest + chunk
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    rest = data  # a line longer than a chunk: read on
                    continue
                body, rest = data[:cut], data[cut:]
                if not self._fast_chunk(body, offset):
                    return False
                offset += cut
                yield offset
        return not rest

    def steps(self, chunk_size: int = CHUNK) -> Iterator[int]:
        """The fast pass, or — at its first doubt — the exact pass from the start."""
        used = yield from self._fast_steps(chunk_size)
        if not used:
            self._restart()
            yield from self._exact_steps(chunk_size)


class FastIndexPass(_Fast, IndexPass):
    """:class:`~cpx.aar.index_pass.IndexPass`'s columns, by the fast pass when it can."""

    def __init__(self, path: Path, expected_injects: set[str], wanted: set[str] | None = None,
                 workers: int | None = None) -> None:
        super().__init__(path, expected_injects, wanted)
        self._args = (path, expected_injects, wanted)
        self.workers = workers

    def _restart(self) -> None:
        IndexPass.__init__(self, *self._args)
        self.rows_read = False

    def _exact_steps(self, chunk_size: int) -> Iterator[int]:
        return IndexPass.steps(self, chunk_size)

    def _fast_chunk(self, body: bytes, base: int) -> bool:
        """Add the rows of ``body`` (whole lines, each ending in a newline)."""
        buf = np.frombuffer(body + bytes(PAD), np.uint8)
        ends = np.flatnonzero(buf[:len(body)] == 10)
        starts = np.concatenate(([0], ends[:-1] + 1)).astype(np.int64)
        n = len(starts)
        # An event line reads ``…"prev":"<64 hex>","seq":N,…``: its link stands 74 bytes
        # before its last ``"seq":``. (The link itself is the chain workers' business.)
        seq_at = last_seq_key(buf, len(body), starts)
        link_at = np.where(seq_at >= starts + 74, seq_at - 74, -1)
        fields = event_fields(buf, link_at, starts, ends, links=False)
        t, seq, kinds, visibilities = fields["t"], fields["seq"], fields["kind"], fields["visibility"]
        for i in np.flatnonzero(~fields["shaped"]):  # orders (about 2 % of the lines)
            line = body[starts[i]:ends[i]]
            if not (line.startswith(_ORDER_HEAD) and line.endswith(_ORDER_TAIL)):
                return False
            try:
                t[i] = int(line[line.rfind(b',"t":') + 5:-len(_ORDER_TAIL)])
            except ValueError:
                return False
            seq[i], kinds[i], visibilities[i] = -1, ORDER_KIND.encode(), b"trainee"
        rows = {"offset": base + starts, "length": ends - starts, "t": t, "seq": seq,
                "kind": self.kinds.codes_of(kinds),
                "visibility": self.visibilities.codes_of(visibilities)}
        # unit and agency serve only the filters: left to :func:`key_columns`, on demand
        rows["unit"] = rows["agency"] = np.full(n, NOT_READ, dtype=np.int64)
        kind = rows["kind"]
        rows["decision"] = (kind == 0) | (kind == 2)
        for i in np.flatnonzero(kind == 1):  # injects: a decision point if an action is expected
            found = _INJECT_ID.search(body, int(starts[i]), int(ends[i]))
            rows["decision"][i] = found is not None and found.group(1) in self.expected
        self.columns.add(**rows)
        self.number += n
        return True


class FastScanPass(_Fast, ScanPass):
    """:class:`~cpx.aar.index_pass.ScanPass`'s records, by the fast pass when it can."""

    def __init__(self, path: Path, wanted: set[str], workers: int | None = None) -> None:
        super().__init__(path, set(), wanted=wanted)
        self._args = (path, set(), wanted)
        self.workers = workers
        # One match per line start: the whole line when it is of a wanted kind, else an
        # empty match that only shows the line is an event or an order.
        kinds = sorted((re.escape(k.encode()) for k in wanted if k != ORDER_KIND), reverse=True)
        heads = [rb'\{"kind":"(?:' + b"|".join(kinds) + rb')"'] if kinds else []
        if ORDER_KIND in wanted:
            heads.append(re.escape(_ORDER_HEAD))
        keep = rb"(?:" + b"|".join(heads) + rb")[^\n]*" if heads else rb"(?!)"
        self._pick = re.compile(rb"\n(?:(" + keep + rb')|\{"kind":"|' + re.escape(_ORDER_HEAD) + b")")

    def _restart(self) -> None:
        ScanPass.__init__(self, *self._args)
        self.rows_read = False

    def _exact_steps(self, chunk_size: int) -> Iterator[int]:
        return ScanPass.steps(self, chunk_size)

    def _read_rows(self, start: int, stop: int, chunk_size: int) -> Iterator[int]:
        """Like the reading of the index, but the regular expression runs on the mapped
        file itself (``findall`` with a start and an end): no chunk is copied."""
        with self.path.open("rb") as stream, mmap.mmap(stream.fileno(), 0,
                                                        access=mmap.ACCESS_READ) as mapped:
            newlines = np.frombuffer(mapped, np.uint8)
            try:
                offset = start
                while offset < stop:
                    end = mapped.rfind(b"\n", offset, min(stop, offset + chunk_size)) + 1
                    if end == 0:
                        end = mapped.find(b"\n", offset, stop) + 1  # a line longer than a chunk
                        if end == 0:
                            return False
                    # the match for a line starts at the newline before it (the header's
                    # for the first), so the search starts one byte before the chunk
                    found = self._pick.findall(mapped, offset - 1, end - 1)
                    lines = int(np.count_nonzero(newlines[offset:end] == 10))
                    if not self._take(found, lines):
                        return False
                    offset = end
                    yield offset
            finally:
                del newlines  # the map cannot close while an array looks at it
        return True

    def _take(self, found: list, lines: int) -> bool:
        """Keep the wanted records among ``found`` (one match per line, ``lines`` lines)."""
        if len(found) != lines:
            return False  # a line that is neither an event nor an order
        try:
            self.records += map(_loads, filter(None, found))
        except ValueError:  # orjson.JSONDecodeError is a ValueError too
            return False
        self.number += lines
        return True


@contextmanager
def paused_gc():
    """No cyclic garbage collection for a while: the records parsed hold no cycles.

    Hundreds of thousands of new dicts would otherwise set off full collections again
    and again, each walking every record so far (it more than doubled the parse time).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def key_columns(path: Path, offsets: np.ndarray, lengths: np.ndarray, units, agencies,
                chunk_bytes: int = CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """The unit and agency codes of the rows at ``offsets`` (first ``"unit":"`` of the line).

    The fast pass leaves these two filter columns out of the opening of a big journal;
    they are read here, a chunk of rows at a time, the first time a filter needs them.
    ``units`` and ``agencies`` are the index's :class:`~cpx.aar.index_pass.Codes`.
    """
    n = len(offsets)
    found = {"unit": np.full(n, -1, dtype=np.int64), "agency": np.full(n, -1, dtype=np.int64)}
    if not n:
        return found["unit"], found["agency"]
    ends = offsets + lengths
    with path.open("rb") as stream:
        row = 0
        while row < n:
            stop = max(row + 1, int(np.searchsorted(offsets, offsets[row] + chunk_bytes)))
            stream.seek(int(offsets[row]))
            body = stream.read(int(ends[stop - 1] - offsets[row]))
            buf = np.frombuffer(body + bytes(PAD), np.uint8)
            starts = offsets[row:stop] - offsets[row]
            line_ends = ends[row:stop] - offsets[row]
            for key, codes in (("unit", units), ("agency", agencies)):
                at = first_per_line(occurrences(body, b'"' + key.encode() + b'":"'), starts)
                at[at >= line_ends] = -1  # between two rows (never, for canonical lines)
                values, present = key_values(buf, at, key.encode())
                found[key][row:stop][present] = codes.codes_of(values[present])
            row = stop
    return found["unit"], found["agency"]


def fast_scan(path: str | Path, kinds: set[str] | frozenset[str], strict: bool = False,
              workers: int | None = None):
    """The records of ``kinds`` (orders too if ``"order"`` is among them), chain-checked.

    Returns a :class:`~cpx.aar.logfile.LogScan` like :func:`cpx.aar.logfile.scan_journal`
    — the same records, first problem and valid line count (a test holds them equal).
    """
    return fast_scan_while_checking(path, kinds, None, strict=strict, workers=workers)[0]


def fast_scan_while_checking(path: str | Path, kinds: set[str] | frozenset[str],
                             early: Callable[[dict[str, Any], list], T] | None,
                             strict: bool = False, workers: int | None = None
                             ) -> tuple[Any, T | None]:
    """:func:`fast_scan`, and ``early(header, records)`` computed while the chain is checked.

    On an intact journal the fast pass has every record before the chain workers have
    finished hashing; ``early`` then runs in this process at the same time as they do,
    on the records as they will be returned. Its result is handed back only if the chain
    then proves intact (the fast pass was used): otherwise — a broken chain, a line of
    unexpected shape, no fast pass at all — it is ``None``, and the caller computes its
    result from the returned scan (the exact pass's valid prefix). ``early`` may return
    ``None`` to mean "could not tell yet" (a scenario that fails to load, say), so the
    caller's own order of errors is kept.
    """
    from cpx.aar.logfile import LogScan, journal_error
    from cpx.errors import CpxError

    path = Path(path)
    if not path.is_file():
        raise CpxError(f"{path} does not exist or is not a file", "No such journal")
    run = FastScanPass(path, set(kinds), workers=workers)
    result: T | None = None
    with paused_gc():
        steps = run.steps()
        try:
            for _ in steps:
                if early is not None and run.rows_read:
                    # every row read, the chain still being checked: compute now
                    result, early = early(run.header, run.records), None
        finally:
            steps.close()  # on an error in ``early``: stop the chain workers
    if not run.rows_read:
        result = None  # the fast pass was abandoned; the exact pass's records differ
    if not run.header:
        raise journal_error(path, run.problem or LogProblem(1, "the journal is empty"))
    if strict and run.problem is not None:
        raise journal_error(path, run.problem)
    valid = run.problem.line - 1 if run.problem is not None else run.number
    scan = LogScan(path, run.header, run.records, run.problem, valid, run.complete, run.end_t)
    return scan, result

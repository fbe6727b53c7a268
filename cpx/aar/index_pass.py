"""The one streaming pass that indexes a journal: chain check and columns, chunk by chunk.

Per line, the pass does only what cannot be avoided in Python — hashing the line for
the chain check — and leaves the rest to C: one regular expression over a whole chunk
picks out every line's kind, chain link, sequence number, time and visibility; numpy
turns them into integer columns. A chunk with anything unusual in it (a broken link, a
corrupted line, the end line) is redone line by line, so the first bad line is named
exactly and everything before it is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from cpx.aar.chunk_fields import PAD, event_fields, key_positions, key_values, label_keys
from cpx.aar.logfile import GENESIS, LogProblem, end_line_intact, check_header

CHUNK = 1 << 22
ORDER_KIND = "order"
CONTROL_KINDS = ("excon", "observation")
"""Line types of EXCON actions and evaluator observations (cpx.session.control): indexed
as rows of that kind, seen by EXCON only."""

_INJECT_ID = re.compile(rb'"inject_id":"([^"]+)"')


class Codes:
    """Strings to small integer codes, in order of first appearance."""

    def __init__(self, *first: str) -> None:
        self.names: list[str] = []
        self._code: dict[bytes, int] = {}
        for name in first:
            self.code(name.encode())

    def code(self, raw: bytes) -> int:
        found = self._code.get(raw)
        if found is None:
            found = self._code[raw] = len(self.names)
            self.names.append(raw.decode("utf-8", "replace"))
        return found

    def codes_of(self, values: np.ndarray) -> np.ndarray:
        """The codes of an ``S`` array of values, vectorised over its distinct values."""
        if not len(values):
            return np.zeros(0, np.int64)
        _, first, inverse = np.unique(label_keys(values), return_index=True, return_inverse=True)
        mapping = np.array([self.code(bytes(values[i])) for i in first], dtype=np.int64)
        return mapping[inverse.reshape(-1)]


COLUMN_TYPES = {"offset": np.int64, "length": np.int64, "t": np.int64, "seq": np.int64,
                "kind": np.uint16, "visibility": np.uint8, "unit": np.int32,
                "agency": np.int32, "decision": bool}
"""The index columns, one entry per order or event line, and their types."""


class Columns:
    """The index columns, growing by whole chunks in buffers that double when full.

    :meth:`final` returns views of the rows so far, so a replay can publish the index
    after every chunk at no cost; rows once published are never written again.
    """

    def __init__(self) -> None:
        self.size = 0
        self.data = {k: np.zeros(0, t) for k, t in COLUMN_TYPES.items()}

    @property
    def parts(self) -> dict[str, list]:
        """The column names (as the line-by-line pass collects its rows under them)."""
        return {k: [] for k in COLUMN_TYPES}

    def add(self, **arrays: Any) -> None:
        count = len(next(iter(arrays.values())))
        if not count:
            return
        need = self.size + count
        if need > len(self.data["offset"]):
            capacity = max(need, 2 * len(self.data["offset"]), 1024)
            for key, old in self.data.items():
                new = np.empty(capacity, old.dtype)
                new[:self.size] = old[:self.size]
                self.data[key] = new
        for key, values in arrays.items():
            self.data[key][self.size:need] = values
        self.size = need

    def drop_last(self) -> None:
        """Forget the last row (its line turned out to be altered)."""
        if self.size:
            self.size -= 1
            # copies, so the slot is never rewritten under a view already published
            self.data = {k: v[:self.size].copy() for k, v in self.data.items()}

    def final(self) -> dict[str, np.ndarray]:
        return {k: v[:self.size] for k, v in self.data.items()}


class IndexPass:
    """Runs the pass; afterwards holds the columns, codes, header and first problem."""

    def __init__(self, path: Path, expected_injects: set[str], wanted: set[str] | None = None) -> None:
        self.path = path
        self.wanted = wanted
        """Event kinds whose records are kept (parsed) for scoring; None keeps none."""
        self.records: list[dict[str, Any]] = []
        self.expected = {i.encode() for i in expected_injects}
        self.kinds = Codes(ORDER_KIND, "inject", "inject.expected_missed")
        self.visibilities = Codes("trainee", "excon")
        self.units, self.agencies = Codes(), Codes()
        self.columns = Columns()
        self.header: dict[str, Any] = {}
        self.problem: LogProblem | None = None
        self.complete = False
        self.end_t: int | None = None
        self.prev = GENESIS.encode()
        self.number = 0

    def run(self) -> None:
        """The whole pass at once."""
        for _ in self.steps():
            pass

    def steps(self, chunk_size: int = CHUNK):
        """The pass chunk by chunk: yields the bytes read so far after each chunk."""
        rest = b""
        with self.path.open("rb") as stream:
            first = stream.readline()
            self.number = 1
            header, problem = check_header(first.rstrip(b"\n"), self.path)
            if problem or not first.endswith(b"\n"):
                self.problem = problem or LogProblem(1, "the journal stops inside its header")
                return
            self.header = header
            self.prev = hashlib.sha256(first[:-1]).hexdigest().encode()
            offset = len(first)
            while self.problem is None:
                chunk = stream.read(chunk_size)
                if not chunk:
                    break
                data = rest + chunk
                end = data.rfind(b"\n")
                if end < 0:
                    rest = data
                    continue
                body, rest = data[:end], data[end + 1:]
                self._chunk(body, offset)
                offset += end + 1
                yield offset
        if self.problem is None and rest:
            self._slow([rest], offset, last_has_newline=False)
        if self.problem is None and not self.complete:
            self.problem = LogProblem(
                self.number + 1, f"missing: the journal stops after line {self.number} without "
                "its end line (cut short, or the exercise is still running)")
        yield offset + len(rest)

    # ------------------------------------------------------------ fast path
    def _chunk(self, body: bytes, base: int) -> None:
        """Index a chunk of whole lines: vectorised, with odd lines read one by one."""
        lines = body.split(b"\n")
        n, start = len(lines), self.number
        buf = np.frombuffer(body + bytes(PAD), np.uint8)
        breaks = np.flatnonzero(buf[:len(body)] == 10)
        starts = np.concatenate(([0], breaks + 1)).astype(np.int64)
        ends = np.concatenate((breaks, [len(body)])).astype(np.int64)
        link_at, unit_at, agency_at = key_positions(lines, starts)
        fields = event_fields(buf, link_at, starts, ends)
        sha256 = hashlib.sha256
        digests = np.frombuffer(b"".join([sha256(line).digest() for line in lines]),
                                np.uint8).reshape(n, 32)
        expected = np.empty((n, 32), np.uint8)
        expected[0] = np.frombuffer(bytes.fromhex(self.prev.decode()), np.uint8)
        expected[1:] = digests[:-1]
        chain_ok = fields["has_link"] & (fields["link"] == expected).all(axis=1)
        odd = ~fields["shaped"]
        fields["kind"][odd] = ORDER_KIND.encode()  # read properly below; no junk codes
        fields["visibility"][odd] = b"trainee"
        rows = {
            "offset": base + starts, "length": ends - starts, "t": fields["t"],
            "seq": fields["seq"], "kind": self.kinds.codes_of(fields["kind"]),
            "visibility": self.visibilities.codes_of(fields["visibility"]),
        }
        for key, at in (("unit", unit_at), ("agency", agency_at)):
            values, present = key_values(buf, at, key.encode())
            rows[key] = np.full(n, -1, dtype=np.int64)
            rows[key][present] = (self.units if key == "unit" else self.agencies).codes_of(
                values[present])
        kind = rows["kind"]
        rows["decision"] = (kind == 0) | (kind == 2)
        for i in np.flatnonzero(kind == 1):
            found = _INJECT_ID.search(lines[i])
            rows["decision"][i] = found is not None and found.group(1) in self.expected
        keep = np.ones(n, dtype=bool)
        stop = n
        for i in np.flatnonzero(~(fields["shaped"] & chain_ok)):
            self.prev = self.prev if i == 0 else sha256(lines[i - 1]).hexdigest().encode()
            self.number = start + i + 1
            row = self._line(lines[i], int(base + starts[i]), True)
            if self.problem is not None:
                stop = i
                if self.problem.line < self.number:  # the line before was the altered one
                    if i > 0:
                        stop = i - 1
                    else:
                        self._drop_last_row()
                break
            if row is None:
                keep[i] = False  # the end line
                if i < n - 1:
                    self.problem = LogProblem(start + i + 2, "comes after the end line "
                                              "(lines were appended)")
                    stop = i + 1
                    break
                continue
            for key, value in row.items():
                rows[key][i] = value
        keep[stop:] = False
        selected = np.flatnonzero(keep)
        self.columns.add(**{key: values[selected] for key, values in rows.items()})
        if self.wanted is not None:
            wanted = np.isin(rows["kind"][selected], [self.kinds.code(k.encode()) for k in self.wanted])
            self.records += [json.loads(lines[i]) for i in selected[wanted]]
        if self.problem is None:
            self.number = start + n
            self.prev = sha256(lines[-1]).hexdigest().encode()

    def _drop_last_row(self) -> None:
        self.columns.drop_last()
        if self.records:
            self.records.pop()

    # ------------------------------------------------------------ line by line
    def _slow(self, lines: list[bytes], base: int, last_has_newline: bool = True) -> None:
        rows: dict[str, list] = {k: [] for k in self.columns.parts}
        offset = base
        for position, raw in enumerate(lines):
            self.number += 1
            had_newline = last_has_newline or position < len(lines) - 1
            row = self._line(raw, offset, had_newline)
            if self.problem is not None:
                if self.problem.line < self.number and rows["offset"]:
                    for column in rows.values():
                        column.pop()  # the line before was the altered one
                break
            if row is not None:
                for key, value in row.items():
                    rows[key].append(value)
            self.prev = hashlib.sha256(raw).hexdigest().encode()
            offset += len(raw) + 1
        if rows["offset"]:
            self.columns.add(**rows)

    def _line(self, raw: bytes, offset: int, had_newline: bool) -> dict[str, Any] | None:
        number = self.number
        if self.complete:
            self.problem = LogProblem(number, "comes after the end line (lines were appended)")
            return None
        if not had_newline:
            self.problem = LogProblem(number, "is cut short (the file ends in the middle of a line)")
            return None
        cut = raw.rfind(b'"prev":"')
        link = raw[cut + 8:cut + 72] if cut >= 0 else None
        if link != self.prev:
            if link is None:
                self.problem = LogProblem(number, "has no hash-chain link ('prev'): the line is corrupted")
            else:
                self.problem = LogProblem(
                    number - 1, "was altered, or lines were cut or inserted here "
                    f"(line {number} expects a different line before it)")
            return None
        try:
            record = json.loads(raw)
        except ValueError:
            self.problem = LogProblem(number, "is not valid JSON (the line is corrupted)")
            return None
        kind = record.get("type")
        if kind == "end":
            if not end_line_intact(record):
                self.problem = LogProblem(number, "the end line was altered (its check fails)")
            else:
                self.complete, self.end_t = True, int(record.get("t") or 0)
            return None
        if kind not in ("event", "order") + CONTROL_KINDS:
            self.problem = LogProblem(number, f"is not a journal record this cpx knows ({kind!r})")
            return None
        payload = record.get("payload") if kind == "event" else record.get("order")
        payload = payload if isinstance(payload, dict) else {}
        event_kind = record.get("kind", ORDER_KIND) if kind == "event" else ORDER_KIND
        if kind in CONTROL_KINDS:  # EXCON actions and observations: EXCON-only rows
            event_kind, record["visibility"] = kind, "excon"
        code = self.kinds.code(str(event_kind).encode())
        unit, agency = payload.get("unit"), payload.get("agency")
        decision = code in (0, 2) or (code == 1 and str(payload.get("inject_id")).encode() in self.expected)
        return {
            "offset": offset, "length": len(raw), "t": int(record.get("t", 0)),
            "seq": int(record.get("seq", -1)), "kind": code,
            "visibility": self.visibilities.code(str(record.get("visibility", "trainee")).encode()),
            "unit": self.units.code(str(unit).encode()) if unit else -1,
            "agency": self.agencies.code(str(agency).encode()) if agency else -1,
            "decision": decision,
        }


class ScanPass(IndexPass):
    """The pass for scoring: chain check and the records of the wanted kinds, nothing else.

    A clean chunk — every link right, only event and order lines — is read with a few
    list comprehensions and ``json.loads`` of just the wanted lines; any other chunk goes
    through the indexing path, which finds and names the problem exactly.
    """

    def _chunk(self, body: bytes, base: int) -> None:
        lines = body.split(b"\n")
        sha256 = hashlib.sha256
        hexes = [sha256(line).hexdigest().encode() for line in lines]
        links = [line[c + 8:c + 72] for line in lines if (c := line.rfind(b'"prev":"')) >= 0]
        kinds = [line[9:line.find(b'"', 9)] if line[:9] == b'{"kind":"' else
                 (b"order" if line.endswith(b',"type":"order"}') else None) for line in lines]
        if (len(links) != len(lines) or links[0] != self.prev or links[1:] != hexes[:-1]
                or None in kinds):
            super()._chunk(body, base)
            return
        wanted = self._wanted_bytes
        self.records += [json.loads(line) for line, kind in zip(lines, kinds) if kind in wanted]
        self.number += len(lines)
        self.prev = hexes[-1]

    @property
    def _wanted_bytes(self) -> set[bytes]:
        return {k.encode() for k in self.wanted or ()}


def exact_scan(path: str | Path, kinds: set[str] | frozenset[str], strict: bool = False):
    """Like :func:`cpx.aar.logfile.scan_journal` with ``kinds``, through the chunked pass.

    Hashes every line in this process; :func:`cpx.aar.fast_pass.fast_scan` is the same
    answer with the hashing on the other cores (and falls back to this pass's logic).

    Returns a :class:`~cpx.aar.logfile.LogScan` holding the records of ``kinds`` (and
    order lines if ``"order"`` is among them), the first problem and the valid line count.
    """
    from cpx.aar.logfile import LogScan, journal_error
    from cpx.errors import CpxError

    path = Path(path)
    if not path.is_file():
        raise CpxError(f"{path} does not exist or is not a file", "No such journal")
    run = ScanPass(path, set(), wanted=set(kinds))
    run.run()
    if not run.header:
        raise journal_error(path, run.problem or LogProblem(1, "the journal is empty"))
    if strict and run.problem is not None:
        raise journal_error(path, run.problem)
    valid = run.problem.line - 1 if run.problem is not None else run.number
    return LogScan(path, run.header, run.records, run.problem, valid, run.complete, run.end_t)

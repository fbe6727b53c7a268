"""The journal reader: streams a journal's records and checks the hash chain as it goes.

``read_journal(path)`` yields typed records — :class:`Header`, :class:`OrderRecord`,
:class:`EventRecord`, :class:`EndRecord` — one per line, never holding the whole file.
The first line that is not what the chain expects stops it with a :class:`JournalError`
naming the line and why:

* ``truncated`` — the last line is cut off (no newline, or not complete JSON at the end);
* ``incomplete`` — the file stops after a whole line but has no end line (cut short at
  a line boundary, or the exercise is still being written);
* ``tampered`` — a line's ``prev`` is not the hash of the line before (edited, inserted
  or removed lines); either of the two may be at fault, so the earlier is reported and
  neither is yielded. The end line, which no later line vouches for, carries its own
  ``check``;
* ``not_json`` / ``bad_record`` — a line that is not a JSON object, or not a journal record;
* ``too_long`` — a line longer than :data:`~cpx.journal.chain.MAX_LINE_BYTES` (no journal
  line comes near it: reading on would only let a bad file eat the memory).

Only regular files are read (``/dev/zero`` or a pipe is refused before reading).

``read_journal(path, strict=False)`` yields the valid prefix instead and leaves the
problem in ``reader.problem``; :func:`read_prefix` returns both at once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Union

from cpx.errors import CpxError
from cpx.journal.chain import FORMAT, GENESIS, MAX_LINE_BYTES, canonical_json, line_hash
from cpx.journal.events import Event
from cpx.safe_files import open_regular


class JournalError(CpxError):
    """A journal that cannot be trusted from line ``line_no`` on, and ``why`` (a short code)."""

    def __init__(self, line_no: int, why: str, message: str) -> None:
        super().__init__(f"line {line_no}: {message}", "Journal")
        self.line_no = line_no
        self.why = why
        self.reason = message
        """What is wrong, without the line number (``message`` starts with it)."""
        # ``type(e)(*e.args)`` must rebuild the error (SimPy does so when an exception
        # leaves a process), so args are the constructor's arguments.
        self.args = (line_no, why, message)


@dataclass(frozen=True, slots=True)
class ScenarioRef:
    """The scenario a journal was written from, as its header names it."""

    id: str
    version: str
    sha256: str
    path: str | None


@dataclass(frozen=True, slots=True)
class Header:
    """Line 1: format version, cpx version, scenario and seed."""

    line_no: int
    text: str
    format: int
    cpx: str
    scenario: ScenarioRef
    seed: int
    seal: dict[str, Any] | None = None
    """The key a sealed journal names (``alg``, ``key_id``); None for an unsealed one."""
    fork: dict[str, Any] | None = None
    """A "what if" branch's parent and moment (:mod:`cpx.journal.fork`); None otherwise."""


@dataclass(frozen=True, slots=True)
class OrderRecord:
    """An order given at sim time ``t`` and the engine's answer to it."""

    line_no: int
    text: str
    t: int
    order: dict[str, Any]
    result: dict[str, Any]
    events_before: int
    """How many event lines precede this order: where in the stream it was given."""


@dataclass(frozen=True, slots=True)
class ExconRecord:
    """An EXCON action (hold, release, fire, adjudicate) taken at sim time ``t`` by ``author``."""

    line_no: int
    text: str
    t: int
    author: str
    action: dict[str, Any]
    events_before: int
    """How many event lines precede it: where in the stream it was taken."""


@dataclass(frozen=True, slots=True)
class ObservationRecord:
    """An evaluator's observation on a critical task, recorded at sim time ``t``."""

    line_no: int
    text: str
    t: int
    author: str
    objective: str
    task: str
    rating: str
    note: str
    events_before: int


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One event line."""

    line_no: int
    text: str
    event: Event

    @property
    def t(self) -> int:
        """The event's sim time."""
        return self.event.t


@dataclass(frozen=True, slots=True)
class EndRecord:
    """The last line of a complete journal: how far the exercise ran and its state hash."""

    line_no: int
    text: str
    t: int
    orders: int
    events: int
    reason: str
    state_hash: str | None


Record = Union[Header, OrderRecord, EventRecord, EndRecord, ExconRecord, ObservationRecord]


class JournalReader:
    """An iterator over a journal's records (see the module docstring).

    After iteration ``problem`` holds the first bad line's :class:`JournalError` (only
    when ``strict=False``), ``complete`` whether the end line was reached, and
    ``valid_bytes`` how many bytes of the file form the valid prefix.
    """

    def __init__(self, path: str | os.PathLike[str], strict: bool = True) -> None:
        self.path = os.fspath(path)
        self.strict = strict
        self.problem: JournalError | None = None
        self.complete = False
        self.valid_bytes = 0
        self._records = self._read()

    def __iter__(self) -> "JournalReader":
        return self

    def __next__(self) -> Record:
        return next(self._records)

    def _fail(self, line_no: int, why: str, message: str) -> None:
        error = JournalError(line_no, why, message)
        if self.strict:
            raise error
        self.problem = error

    def _read(self) -> Iterator[Record]:
        # A line's content is vouched for by the next line's ``prev`` (the end line by its
        # own ``check``), so each record is held back until that has been verified: what
        # is yielded has been proven intact, and a problem at line n leaves lines < n.
        handle = open_regular(self.path, "journal (.jsonl)")
        with handle:
            prev = GENESIS
            events = 0
            line_no = 0
            pending: tuple[Record, int] | None = None
            while raw := handle.readline(MAX_LINE_BYTES + 1):
                line_no += 1
                if len(raw) > MAX_LINE_BYTES:
                    if pending is not None:
                        yield self._vouched(pending)
                    self._fail(line_no, "too_long",
                               f"is longer than {MAX_LINE_BYTES} bytes: not a journal line")
                    return
                if pending is not None and isinstance(pending[0], EndRecord):
                    self.complete = True
                    yield self._vouched(pending)  # the end line vouches for itself
                    self._fail(line_no, "tampered", "there are lines after the end line")
                    return
                problem, text, data = self._parse(raw, line_no, prev)
                if problem is None:
                    try:
                        record = _record(line_no, text, data, events)
                    except (KeyError, TypeError, ValueError) as error:
                        problem = (line_no, "bad_record", f"is not a valid journal record ({error})")
                    else:
                        if (line_no == 1) != isinstance(record, Header):
                            problem = (line_no, "bad_record", "the header must be line 1, and only line 1")
                        elif isinstance(record, EndRecord) and not _end_check_ok(data):
                            problem = (line_no, "tampered", "the end line was altered (its check fails)")
                if problem is not None and problem[1] == "unlinked":
                    # the break shows at this line, but the altered line may be the one before
                    culprit = line_no - 1 if pending is not None else line_no
                    problem = (culprit, "tampered", problem[2])
                    pending = None
                elif pending is not None:
                    yield self._vouched(pending)
                    pending = None
                if problem is not None:
                    self._fail(*problem)
                    return
                if isinstance(record, EventRecord):
                    events += 1
                pending = (record, len(raw))
                prev = line_hash(text)
            if pending is not None:
                if isinstance(pending[0], EndRecord):
                    self.complete = True
                yield self._vouched(pending)
            if line_no == 0:
                self._fail(1, "truncated", "the journal is empty")
            elif not self.complete:
                self._fail(
                    line_no + 1,
                    "incomplete",
                    f"the journal stops after line {line_no} without its end line: "
                    "it was cut short, or the exercise is still running",
                )

    def _vouched(self, pending: tuple[Record, int]) -> Record:
        self.valid_bytes += pending[1]
        return pending[0]

    @staticmethod
    def _parse(raw: bytes, line_no: int, prev: str) -> tuple[tuple[int, str, str] | None, str, Any]:
        """``(problem or None, text, data)`` of one raw line, given the expected ``prev``.

        A line edited without breaking its JSON (even just re-spaced) changes its hash,
        so the next line's ``prev`` exposes it; no canonical-form check is needed here.
        """
        if not raw.endswith(b"\n"):
            return (line_no, "truncated", "the last line is cut off (no newline)"), "", None
        try:
            text = raw[:-1].decode("utf-8")
            data = json.loads(text)
        except (UnicodeDecodeError, ValueError):
            return (line_no, "not_json", "is not a JSON line (corrupted)"), "", None
        if not isinstance(data, dict):
            return (line_no, "bad_record", "is not a journal record (a JSON object)"), text, data
        if data.get("prev") != prev:
            if line_no == 1:
                return (1, "tampered", "the header does not start the hash chain (altered)"), text, data
            return (
                (
                    line_no,
                    "unlinked",
                    f"line {line_no} does not follow from line {line_no - 1} (hash chain broken): "
                    "one of them was altered, or lines were removed or inserted",
                ),
                text,
                data,
            )
        return None, text, data


def _record(line_no: int, text: str, data: dict[str, Any], events: int) -> Record:
    kind = data["type"]
    if kind == "header":
        if data["format"] != FORMAT:
            raise ValueError(f"journal format {data['format']}, this cpx reads {FORMAT}")
        scenario = data["scenario"]
        return Header(
            line_no,
            text,
            int(data["format"]),
            str(data["cpx"]),
            ScenarioRef(
                str(scenario["id"]),
                str(scenario["version"]),
                str(scenario["sha256"]),
                scenario.get("path"),
            ),
            int(data["seed"]),
            data.get("seal") if isinstance(data.get("seal"), dict) else None,
            data.get("fork") if isinstance(data.get("fork"), dict) else None,
        )
    if kind == "order":
        return OrderRecord(
            line_no, text, int(data["t"]), dict(data["order"]), dict(data["result"]), events
        )
    if kind == "event":
        return EventRecord(line_no, text, Event.from_dict(data))
    if kind == "excon":
        if not isinstance(data["action"], dict):
            raise TypeError("an EXCON action must be an object")
        return ExconRecord(line_no, text, int(data["t"]), str(data["author"]),
                           dict(data["action"]), events)
    if kind == "observation":
        return ObservationRecord(line_no, text, int(data["t"]), str(data["author"]),
                                 str(data["objective"]), str(data["task"]), str(data["rating"]),
                                 str(data["note"]), events)
    if kind == "end":
        return EndRecord(
            line_no,
            text,
            int(data["t"]),
            int(data["orders"]),
            int(data["events"]),
            str(data["reason"]),
            data.get("state_hash"),
        )
    raise ValueError(f"unknown record type {kind!r}")


def end_check(record: dict[str, Any]) -> str:
    """The ``check`` of an end line: the hash of its canonical text without ``check``.

    The end line has no successor to vouch for it, so it vouches for itself.
    """
    return line_hash(canonical_json({k: v for k, v in record.items() if k != "check"}))


def _end_check_ok(data: dict[str, Any]) -> bool:
    return data.get("check") == end_check(data)


def read_journal(path: str | os.PathLike[str], strict: bool = True) -> JournalReader:
    """Stream the records of the journal at ``path``, verifying the chain (module docstring)."""
    return JournalReader(path, strict=strict)


@dataclass
class JournalPrefix:
    """The valid records of a journal and the first problem, if any."""

    records: list[Record] = field(default_factory=list)
    problem: JournalError | None = None
    complete: bool = False
    valid_bytes: int = 0


def read_prefix(path: str | os.PathLike[str]) -> JournalPrefix:
    """Every record up to the first bad line, with the problem that stopped the reading."""
    reader = JournalReader(path, strict=False)
    records = list(reader)
    return JournalPrefix(records, reader.problem, reader.complete, reader.valid_bytes)


def load_header(path: str | os.PathLike[str]) -> Header:
    """The header of the journal at ``path`` (reads only the first line)."""
    reader = JournalReader(path, strict=False)
    first = next(reader, None)
    if not isinstance(first, Header):
        raise reader.problem or JournalError(1, "bad_record", "the journal has no header")
    return first

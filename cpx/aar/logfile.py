"""Reading an after-action journal for scoring: streamed, chain-checked, tolerant.

The journal is JSON Lines written canonically by :mod:`cpx.journal` (sorted keys, no
spaces) with a SHA-256 chain: each line's ``prev`` is the hash of the line before it.
This module reads it in one pass and stops at the first line that is cut short, is not
JSON, or does not follow its predecessor. In strict mode that is a :class:`CpxError`
naming the line; otherwise the valid part is returned with the problem, so a damaged
log can still be scored and replayed (with a warning).

Only the lines a caller asks for (``kinds``) are parsed as JSON; the others are hashed
and skipped. This is the plain, line-by-line reader and the reference for
:func:`cpx.aar.fast_pass.fast_scan`, the chunked equivalent that scoring and the report
use (a test holds the two to the same records and problems on damaged logs).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from cpx.errors import CpxError

GENESIS = hashlib.sha256(b"").hexdigest()
"""The ``prev`` the header line carries: the hash of the empty string."""

SUPPORTED_FORMAT = 1
"""The journal format this reader understands."""

_KIND_PREFIX = b'{"kind":"'


@dataclass(frozen=True)
class LogProblem:
    """The first bad line of a journal and what is wrong with it."""

    line: int
    """1-based line number of the first line that cannot be trusted."""
    reason: str
    """What is wrong, in words an instructor can act on."""

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class LogScan:
    """What a pass over a journal found: the header, the records, the first problem."""

    path: Path
    """The journal file."""
    header: dict[str, Any]
    """The header line (scenario id, version, digest, seed)."""
    records: list[dict[str, Any]] = field(default_factory=list)
    """Order and event lines, in file order (only the kinds asked for)."""
    problem: LogProblem | None = None
    """The first bad line, or None when the whole file is intact."""
    valid_lines: int = 0
    """How many lines (header included) are intact."""
    complete: bool = False
    """Whether the journal's end line was reached (a run that closed properly)."""
    end_t: int | None = None
    """The sim time the end line records (how far the exercise ran), if reached."""

    @property
    def warning(self) -> str | None:
        """A one-line warning when only part of the log could be used."""
        if self.problem is None:
            return None
        return (
            f"{self.path.name} is damaged at {self.problem}; "
            f"using the {self.valid_lines} intact lines before it"
        )


def journal_error(path: Path, problem: LogProblem) -> CpxError:
    """The user-facing error for a damaged journal."""
    return CpxError(f"{path}: {problem}", "Damaged journal")


def _parse_line(raw: bytes, number: int) -> tuple[dict[str, Any] | None, LogProblem | None]:
    try:
        record = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        return None, LogProblem(number, "is not valid JSON (the line is corrupted)")
    if not isinstance(record, dict):
        return None, LogProblem(number, "is not a journal record (expected a JSON object)")
    return record, None


def check_header(raw: bytes, path: Path) -> tuple[dict[str, Any] | None, LogProblem | None]:
    """Parse and check the header line (line 1)."""
    if not raw.strip():
        return None, LogProblem(1, "the journal is empty (no header line)")
    header, problem = _parse_line(raw, 1)
    if problem:
        return None, problem
    if header.get("type") != "header":
        return None, LogProblem(1, "the first line is not a journal header")
    if header.get("format") != SUPPORTED_FORMAT:
        return None, LogProblem(
            1, f"journal format {header.get('format')!r} is not supported (expected 1)"
        )
    if header.get("prev", GENESIS) != GENESIS:
        return None, LogProblem(1, "the header's hash chain does not start as written")
    return header, None


def iter_lines(path: Path, chunk_size: int = 1 << 22) -> Iterable[tuple[int, bytes, bool]]:
    """Yield ``(offset, line_without_newline, had_newline)`` for every line of the file."""
    offset = 0
    rest = b""
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(chunk_size)
            if not chunk:
                break
            data = rest + chunk
            lines = data.split(b"\n")
            rest = lines.pop()
            for line in lines:
                yield offset, line, True
                offset += len(line) + 1
    if rest:
        yield offset, rest, False


def kind_of(raw: bytes) -> str | None:
    """The event kind of a canonical line without parsing it (None for non-events)."""
    if raw.startswith(_KIND_PREFIX):
        end = raw.find(b'"', 9)
        if end > 0:
            return raw[9:end].decode("utf-8", "replace")
    return None


def scan_journal(
    path: str | Path, kinds: Iterable[str] | None = None, strict: bool = False
) -> LogScan:
    """Read a journal in one pass; parse orders and the events of ``kinds`` (all if None).

    Stops at the first damaged line: raises in ``strict`` mode, else records the problem.
    """
    path = Path(path)
    if not path.is_file():
        raise CpxError(f"{path} does not exist or is not a file", "No such journal")
    wanted = None if kinds is None else frozenset(kinds)
    skip = None if wanted is None else _Skipper(wanted)
    sha256 = hashlib.sha256
    scan: LogScan | None = None
    expected_prev = GENESIS.encode()
    number = 0
    last_parsed = 0  # line number of the last record kept, to drop it if it was altered
    for _offset, raw, had_newline in iter_lines(path):
        number += 1
        if (skip is not None and number > 1 and had_newline and not scan.complete
                and skip(raw, expected_prev)):
            # the common case: an intact event line of a kind nobody asked for
            expected_prev = sha256(raw).hexdigest().encode()
            continue
        if number == 1:
            header, problem = check_header(raw, path)
            if problem:
                raise journal_error(path, problem)
            scan = LogScan(path, header)
        else:
            if scan.complete:
                problem = LogProblem(number, "comes after the end line (lines were appended)")
            else:
                problem = _check_line(raw, number, expected_prev, had_newline)
            if problem is None:
                kind = kind_of(raw)
                if wanted is None or kind is None or kind in wanted:
                    record, problem = _parse_line(raw, number)
                    if problem is None:
                        if record.get("type") == "end":
                            if not end_line_intact(record):
                                problem = LogProblem(number, "the end line was altered (its check fails)")
                            else:
                                scan.complete = True
                                scan.end_t = int(record.get("t") or 0)
                        elif record.get("type") != "header":
                            scan.records.append(record)
                            last_parsed = number
            if problem is not None:
                if problem.line < number and last_parsed == problem.line:
                    scan.records.pop()  # the line before was altered: do not trust it
                scan.problem = problem
                scan.valid_lines = problem.line - 1
                if strict:
                    raise journal_error(path, problem)
                return scan
        expected_prev = sha256(raw).hexdigest().encode()
    if scan is None:
        raise journal_error(path, LogProblem(1, "the journal is empty (no header line)"))
    scan.valid_lines = number
    if not scan.complete:
        scan.problem = LogProblem(
            number + 1,
            f"missing: the journal stops after line {number} without its end line "
            "(cut short, or the exercise is still running)",
        )
        if strict:
            raise journal_error(path, scan.problem)
    return scan


class _Skipper:
    """Tells, without parsing, that a line is an intact event of a kind not wanted."""

    def __init__(self, wanted: frozenset[str]) -> None:
        self.wanted = {k.encode() for k in wanted}

    def __call__(self, raw: bytes, expected_prev: bytes) -> bool:
        if raw[:9] != _KIND_PREFIX:
            return False
        cut = raw.rfind(b'"prev":"')
        return (cut > 0 and raw[cut + 8:cut + 72] == expected_prev
                and raw[9:raw.find(b'"', 9)] not in self.wanted)


def _check_line(raw: bytes, number: int, expected_prev: bytes, had_newline: bool) -> LogProblem | None:
    if not had_newline:
        return LogProblem(number, "is cut short (the file ends in the middle of a line)")
    tail = raw.rfind(b'"prev":"')
    if tail < 0:
        return LogProblem(number, "has no hash-chain link ('prev'): the line is corrupted")
    if raw[tail + 8 : tail + 72] != expected_prev:
        return LogProblem(
            number - 1,
            f"was altered, or lines were cut or inserted here "
            f"(line {number} expects a different line before it)",
        )
    return None


def end_line_intact(record: dict[str, Any]) -> bool:
    """The end line has no successor to vouch for it: it carries its own check."""
    try:
        from cpx.journal.reader import end_check
    except ImportError:  # an older journal layer without the end check
        return True
    return "check" not in record or record["check"] == end_check(record)

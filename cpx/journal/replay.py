"""What re-simulating a journal finds, and the file work around it (no engine here).

``cpx replay LOG --verify`` and resuming a cut-short journal re-run the exercise a
journal names: that lives one layer up, in :mod:`cpx.session.resimulate`, since the
journal layer sits below the engine and never imports it (DESIGN.md §2; a test checks).
This module keeps what needs no engine: the verdict (:class:`VerifyResult`), the first
differing line, the header and seal-key checks, the scratch writer and setting a
damaged tail aside.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.journal.integrity import state_of
from cpx.journal.reader import Header, JournalError, Record
from cpx.journal.scenario_source import ScenarioSource
from cpx.journal.seal import Origin
from cpx.journal.writer import JournalWriter


@dataclass(frozen=True)
class Difference:
    """The first line where the re-run differs from the journal."""

    line_no: int
    expected: str | None
    """The journal's line (None: the journal has fewer lines)."""
    got: str | None
    """The re-run's line (None: the re-run has fewer lines)."""


@dataclass(frozen=True)
class VerifyResult:
    """What :func:`verify` found: the journal's integrity, the re-run, the origin.

    The exit code of ``cpx replay LOG --verify`` (:attr:`exit_code`):

    * 0 — the whole journal is intact (every line chained, the end line present) and
      the re-run reproduces every line; with a key, its seal is also proven;
    * 1 — the journal is intact but the re-run differs (an edited line whose chain
      was recomputed, other orders, another engine);
    * 2 — the journal is damaged or incomplete (a changed, removed, swapped or cut line,
      a cut tail, no end line): only its intact lines could be checked;
    * 3 — intact and identical, but with ``--key`` its origin is not proven (unsigned,
      another key, the seal missing, forged or not covering the end line).
    """

    lines: int
    """How many journal lines were compared (the intact ones)."""
    first_difference: Difference | None = None
    complete: bool = True
    """False when the journal had no end line: only its valid prefix was checked."""
    problem: JournalError | None = None
    """The first line that cannot be trusted (damage, or the missing end line)."""
    total_lines: int = 0
    """How many lines the file holds (a last line without its newline counts)."""
    origin: Origin | None = None
    """What the seal proves (None: not asked)."""
    rerun_failure: str | None = None
    """Why the re-run stopped early, if it did (an order the engine could not take)."""

    @property
    def integrity(self) -> str:
        """``intact``, ``incomplete`` (cut short: no end line) or ``damaged``."""
        return state_of(self.problem, self.total_lines)

    @property
    def identical(self) -> bool:
        """Whether the re-run reproduced every intact line."""
        return self.first_difference is None

    @property
    def ok(self) -> bool:
        """Whether everything checked out (exit code 0)."""
        return self.exit_code == 0

    @property
    def exit_code(self) -> int:
        if self.integrity != "intact":
            return 2
        if not self.identical:
            return 1
        if self.origin is not None and self.origin.state == "not_proven":
            return 3
        return 0


# ---------------------------------------------------------------------- helpers
# (used by cpx.session.resimulate)


def header_of(records: list[Record], problem: JournalError | None) -> Header:
    if not records or not isinstance(records[0], Header):
        raise problem or JournalError(1, "bad_record", "the journal has no header")
    return records[0]


def check_resume_key(header: Header, key: Any) -> None:
    """A sealed journal resumes only with its key; an unsealed one only without one."""
    sealed = header.seal.get("key_id") if header.seal else None
    if sealed and key is None:
        raise CpxError(f"this journal is sealed (key {sealed}); resume it with --key FILE, the "
                       "key it was sealed with", "Key needed")
    if key is not None and not sealed:
        raise CpxError("this journal was not sealed; a seal cannot start half-way through an "
                       "exercise (resume it without --key)", "Not sealed")
    if key is not None and key.key_id != sealed:
        raise CpxError(f"this journal was sealed with key {sealed}, not with {key.key_id}",
                       "Wrong key")


def scratch_writer(
    path: Path, source: ScenarioSource, header: Header, scenario_path: str | None, durable: bool
) -> JournalWriter:
    if source.sha256 != header.scenario.sha256:
        raise CpxError("the scenario's digest differs from the journal's", "Scenario changed")
    # the header's seal declaration is copied, so a sealed journal's header re-runs byte
    # for byte; the re-run itself is not sealed (the verifier may hold no key)
    return JournalWriter(path, source.scenario, header.seed, source.sha256, scenario_path,
                         durable=durable, seal_info=header.seal, fork=header.fork)


def first_difference(expected: list[str], got: list[str]) -> Difference | None:
    for index in range(max(len(expected), len(got))):
        want = expected[index] if index < len(expected) else None
        have = got[index] if index < len(got) else None
        if want != have:
            return Difference(index + 1, want, have)
    return None


def set_aside_tail(path: Path, keep: int) -> None:
    """Move the bytes of ``path`` after ``keep`` to a new ``<path>.tail-<n>`` file."""
    size = path.stat().st_size
    if size == keep:
        return
    with open(path, "rb") as handle:
        handle.seek(keep)
        tail = handle.read()
    number = 1
    while True:
        aside = path.with_name(f"{path.name}.tail-{number}")
        try:
            with open(aside, "xb") as out:
                out.write(tail)
                out.flush()
                os.fsync(out.fileno())
            break
        except FileExistsError:
            number += 1
    with open(path, "r+b") as handle:
        handle.truncate(keep)
        handle.flush()
        os.fsync(handle.fileno())

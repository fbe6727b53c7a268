"""Re-simulating a journal: check it (``cpx replay LOG --verify``) or resume it.

Both rest on determinism: the same scenario, seed and orders — each given at the same
point of the event stream — produce the same journal, byte for byte.

:func:`verify` re-runs the exercise a journal names into a scratch journal and compares
the two line by line. :func:`resume_exercise` rebuilds the exercise of a journal that
was cut short (a crash, a power cut) from its valid lines and hands it back ready to go
on, appending to the same file — what ``cpx play --resume LOG`` uses::

    exercise = resume_exercise("runs/glass_lantern-seed7.jsonl")
    exercise.run_until(exercise.now + 60)      # carries on, journaling as before
    exercise.journal.close(t=exercise.now, state_hash=exercise.state_hash())

The engine is imported inside the functions: the journal layer sits below the engine,
and only these two entry points need one.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.journal.reader import (
    EndRecord,
    EventRecord,
    Header,
    JournalError,
    OrderRecord,
    Record,
    read_prefix,
)
from cpx.journal.scenario_source import ScenarioSource, scenario_for_journal
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
    """What :func:`verify` found."""

    ok: bool
    lines: int
    """How many journal lines were compared."""
    first_difference: Difference | None = None
    complete: bool = True
    """False when the journal had no end line: only its valid prefix was checked."""
    problem: JournalError | None = None
    """Why the journal's tail could not be checked (when not complete)."""


def catch_up(exercise: Any, t: int, events: int, written: Any) -> None:
    """Advance ``exercise`` to sim time ``t`` and until ``events`` events are written.

    The original run may have stopped at ``t`` by ``run_until(t)`` (events at ``t`` not
    yet processed) or by ``step()`` (events at ``t`` processed): the event count recorded
    with each order tells which, so stepping continues only while events at ``t`` that
    the original had already seen are still due.
    """
    exercise.run_until(t)
    while written.events < events and not exercise.finished and exercise.env.peek() <= t:
        exercise.step()


def drive(exercise: Any, records: list[Record], writer: JournalWriter) -> None:
    """Re-submit every order of ``records`` at the point of the stream it was given.

    An order is given by the player cell its result names (``result["cell"]``, for
    exercises with several cells), else by the exercise's first cell.
    """
    from cpx.engine.orders import Order

    for record in records:
        if isinstance(record, OrderRecord):
            catch_up(exercise, record.t, record.events_before, writer)
            cell = record.result.get("cell")
            # A journaled order that breaks its verb's definition (an edited journal) stops
            # the re-run; the engine itself would only reject it, silently.
            Order.from_dict(record.order)
            if cell is None:
                exercise.submit(record.order)
            else:
                exercise.submit(record.order, cell=cell)


def verify(
    path: str | os.PathLike[str], scenario_file: str | None = None
) -> VerifyResult:
    """Re-simulate the journal at ``path`` and compare it with the re-run, line by line.

    The scenario is the one the header names (or ``scenario_file``); its digest must
    match the header's, else :class:`CpxError`. A journal damaged part-way is checked up
    to its first bad line, and ``complete`` is False.
    """
    from cpx.engine.exercise import Exercise

    prefix = read_prefix(path)
    header = _header(prefix.records, prefix.problem)
    source = scenario_for_journal(path, header.scenario, scenario_file)
    expected = [record.text for record in prefix.records]
    with tempfile.TemporaryDirectory(prefix="cpx-verify-") as scratch:
        rerun_path = Path(scratch) / "rerun.jsonl"
        writer = _writer(rerun_path, source, header, header.scenario.path, durable=False)
        exercise = Exercise(source.scenario, header.seed, journal=writer)
        failure: CpxError | None = None
        try:
            _rerun(exercise, prefix.records, writer)
        except CpxError as error:
            # a journaled order the engine cannot even take (an edited verb, say)
            failure = error
            writer.abandon()
        # split on "\n" only: str.splitlines() would also split inside text holding U+2028
        got = rerun_path.read_bytes().decode("utf-8").split("\n")[:-1]
    if not prefix.complete:
        got = got[: len(expected)]  # only the valid prefix can be compared
    difference = _first_difference(expected, got)
    if failure is not None and (difference is None or difference.got is None):
        at = len(got)
        difference = Difference(
            at + 1, expected[at] if at < len(expected) else None, f"(the re-run stopped: {failure})"
        )
    return VerifyResult(
        ok=difference is None,
        lines=len(expected),
        first_difference=difference,
        complete=prefix.complete,
        problem=prefix.problem,
    )


def resume_exercise(path: str | os.PathLike[str], scenario_file: str | None = None) -> Any:
    """The exercise of a journal rebuilt from its valid lines, journaling on to the same file.

    Whatever follows the first bad line (a half-written line, damage) and the end line,
    if the journal was closed, are moved to ``<path>.tail-<n>`` before the file is cut
    back to its valid lines, so nothing is lost. The exercise is re-simulated from the
    header with every recorded order re-submitted where it was given; each line it
    produces is checked against the journal (:class:`JournalError` if the world
    diverges) and new lines are appended. The writer is ``exercise.journal``; close it
    when done.
    """
    from cpx.engine.exercise import Exercise

    path = Path(path)
    prefix = read_prefix(path)
    header = _header(prefix.records, prefix.problem)
    source = scenario_for_journal(path, header.scenario, scenario_file)
    records = list(prefix.records)
    keep = prefix.valid_bytes
    if isinstance(records[-1], EndRecord):
        keep -= len(records[-1].text.encode("utf-8")) + 1
        records.pop()  # the exercise goes on: the end line is written again at the new end
    _set_aside_tail(path, keep)
    writer = JournalWriter.continuing(
        path, [r.text for r in records], source.scenario, header.seed, source.sha256,
        header.scenario.path,
    )
    try:
        exercise = Exercise(source.scenario, header.seed, journal=writer)
        drive(exercise, records, writer)
        catch_up(exercise, *_reached(records), writer)
        if writer.catching_up:
            raise JournalError(
                writer.lines_reproduced + 1,
                "diverged",
                "re-simulation did not reproduce the rest of the journal",
            )
    except BaseException:
        writer.abandon()
        raise
    writer.flush()
    return exercise


# ---------------------------------------------------------------------- helpers


def _header(records: list[Record], problem: JournalError | None) -> Header:
    if not records or not isinstance(records[0], Header):
        raise problem or JournalError(1, "bad_record", "the journal has no header")
    return records[0]


def _rerun(exercise: Any, records: list[Record], writer: JournalWriter) -> None:
    """Re-submit the orders of ``records`` and run to where the journal ends; close."""
    drive(exercise, records, writer)
    last = records[-1]
    if isinstance(last, EndRecord):
        catch_up(exercise, last.t, last.events, writer)
        state = exercise.state_hash() if last.state_hash is not None else None
        writer.close(t=last.t, state_hash=state, reason=last.reason)
    else:
        catch_up(exercise, *_reached(records), writer)
        writer.close(t=exercise.now)


def _reached(records: list[Record]) -> tuple[int, int]:
    """The sim time of the last order or event, and how many events there are."""
    t = max((r.t for r in records if isinstance(r, (EventRecord, OrderRecord))), default=0)
    return t, sum(isinstance(r, EventRecord) for r in records)


def _writer(
    path: Path, source: ScenarioSource, header: Header, scenario_path: str | None, durable: bool
) -> JournalWriter:
    if source.sha256 != header.scenario.sha256:
        raise CpxError("the scenario's digest differs from the journal's", "Scenario changed")
    return JournalWriter(path, source.scenario, header.seed, source.sha256, scenario_path, durable=durable)


def _first_difference(expected: list[str], got: list[str]) -> Difference | None:
    for index in range(max(len(expected), len(got))):
        want = expected[index] if index < len(expected) else None
        have = got[index] if index < len(got) else None
        if want != have:
            return Difference(index + 1, want, have)
    return None


def _set_aside_tail(path: Path, keep: int) -> None:
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

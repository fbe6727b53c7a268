"""Re-simulating a journal: ``cpx replay LOG --verify`` and resuming a cut-short journal.

Both rest on determinism: the same scenario, seed and orders — each given at the same
point of the event stream, by the same cell — produce the same journal, byte for byte.

:func:`verify` re-runs the exercise a journal names into a scratch journal and compares
the two line by line. :func:`resume_exercise` rebuilds the exercise of a journal that
was cut short (a crash, a power cut) from its valid lines and hands it back ready to go
on, appending to the same file — what ``cpx play --resume LOG`` and ``cpx serve
--resume LOG`` use::

    exercise = resume_exercise("runs/glass_lantern-seed7.jsonl")
    exercise.run_until(exercise.now + 60)      # carries on, journaling as before
    exercise.journal.close(t=exercise.now, state_hash=exercise.state_hash())

This is the session layer (above the engine); the journal layer below keeps the verdict
and the file work (:mod:`cpx.journal.replay`) and never imports the engine. Orders of
cells the engine played are in the journal like anyone's: a re-run re-gives them from
the journal and needs no policy.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from cpx.engine.exercise import Exercise
from cpx.engine.orders import Order
from cpx.journal.chain import line_hash
from cpx.journal.integrity import count_lines
from cpx.journal.reader import (
    EndRecord,
    EventRecord,
    ExconRecord,
    JournalError,
    ObservationRecord,
    OrderRecord,
    Record,
    read_prefix,
)
from cpx.journal.replay import (
    Difference,
    VerifyResult,
    check_resume_key,
    first_difference,
    header_of,
    scratch_writer,
    set_aside_tail,
)
from cpx.journal.scenario_source import scenario_for_journal
from cpx.journal.seal import check_origin
from cpx.journal.writer import JournalWriter

MESSAGE_VERB = "message"
"""The verb of a journaled message between cells (:meth:`Exercise.message`)."""

__all__ = ["Difference", "VerifyResult", "catch_up", "drive", "resume_exercise", "verify"]


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
    for record in records:
        if isinstance(record, (ExconRecord, ObservationRecord)):
            # EXCON actions and observations are re-applied where they were taken
            from cpx.session.control import reapply

            catch_up(exercise, record.t, record.events_before, writer)
            reapply(exercise, record)
        elif isinstance(record, OrderRecord):
            catch_up(exercise, record.t, record.events_before, writer)
            cell = record.result.get("cell")
            if record.order.get("verb") == MESSAGE_VERB:
                # a message between cells: re-sent by the cell that sent it
                exercise.message(cell, record.order.get("target"),
                                 (record.order.get("params") or {}).get("text"))
                continue
            # A journaled order that breaks its verb's definition (an edited journal) stops
            # the re-run; the engine itself would only reject it, silently.
            Order.from_dict(record.order)
            if cell is None:
                exercise.submit(record.order)
            else:
                exercise.submit(record.order, cell=cell)


def verify(
    path: str | os.PathLike[str], scenario_file: str | None = None, key: Any = None,
    check_seal: bool = True,
) -> VerifyResult:
    """Re-simulate the journal at ``path`` and compare it with the re-run, line by line.

    The scenario is the one the header names (or ``scenario_file``); its digest must
    match the header's, else :class:`CpxError`. A journal damaged part-way is checked up
    to its first bad line, and the result says so (:attr:`VerifyResult.exit_code` 2).
    ``key`` (a :class:`~cpx.journal.seal.SealKey`) checks the seal; without it the
    origin only says whether the journal claims one.

    What is compared: every intact line, byte for byte, against the re-run's — the
    header (seal declaration included: the re-run copies it), the orders, the events and
    the end line. Seal lines live in ``LOG.seal``, outside the journal, and are checked
    against the key instead (their positions depend on when the UI flushed).
    """
    prefix = read_prefix(path)
    header = header_of(prefix.records, prefix.problem)
    source = scenario_for_journal(path, header.scenario, scenario_file)
    expected = [record.text for record in prefix.records]
    total = count_lines(path)
    failure: str | None = None
    stopped_at = 0
    with tempfile.TemporaryDirectory(prefix="cpx-verify-") as scratch:
        rerun_path = Path(scratch) / "rerun.jsonl"
        writer = scratch_writer(rerun_path, source, header, header.scenario.path, durable=False)
        try:
            exercise = Exercise(source.scenario, header.seed, journal=writer)
            _rerun(exercise, prefix.records, writer)
        except Exception as error:  # noqa: BLE001 - any engine failure is a verdict, not a crash
            # An order the engine cannot take (an edited verb, a bad parameter): the
            # original run, had it failed so, closed its journal with reason "error".
            failure = str(error) or type(error).__name__
            stopped_at = writer.lines + 1  # the first line the re-run could not produce
            try:
                if not writer.closed:
                    writer.close(reason="error")
            except Exception:  # noqa: BLE001 - the writer itself may be what failed
                writer.abandon()
        # split on "\n" only: str.splitlines() would also split inside text holding U+2028
        got = rerun_path.read_bytes().decode("utf-8").split("\n")[:-1]
    if not prefix.complete:
        got = got[: len(expected)]  # only the valid prefix can be compared
    difference = first_difference(expected, got)
    if failure is not None and difference is not None and difference.line_no >= stopped_at:
        difference = Difference(difference.line_no, difference.expected,
                                f"(the re-run stopped: {failure})")
    origin = None
    if check_seal:
        origin = check_origin(Path(path), header.seal, [line_hash(t) for t in expected],
                              prefix.complete, key)
    problem = prefix.problem
    return VerifyResult(
        lines=len(expected),
        first_difference=difference,
        complete=prefix.complete,
        problem=problem,
        total_lines=total,
        origin=origin,
        rerun_failure=failure,
    )


def resume_exercise(
    path: str | os.PathLike[str], scenario_file: str | None = None, key: Any = None
) -> Any:
    """The exercise of a journal rebuilt from its valid lines, journaling on to the same file.

    Whatever follows the first bad line (a half-written line, damage) and the end line,
    if the journal was closed, are moved to ``<path>.tail-<n>`` before the file is cut
    back to its valid lines, so nothing is lost. The exercise is re-simulated from the
    header with every recorded order re-submitted where it was given; each line it
    produces is checked against the journal (:class:`JournalError` if the world
    diverges) and new lines are appended. The writer is ``exercise.journal``; close it
    when done.

    The exercise continues from the last journaled moment: the time of the end line if
    the journal was closed, else that of its last order or event (not of its last order).
    A sealed journal needs its ``key`` (a :class:`~cpx.journal.seal.SealKey`) to go on
    sealing; an unsealed one cannot take a key half-way.
    """
    path = Path(path)
    prefix = read_prefix(path)
    header = header_of(prefix.records, prefix.problem)
    source = scenario_for_journal(path, header.scenario, scenario_file)
    check_resume_key(header, key)
    records = list(prefix.records)
    keep = prefix.valid_bytes
    reached = None
    if isinstance(records[-1], EndRecord):
        keep -= len(records[-1].text.encode("utf-8")) + 1
        end = records.pop()  # the exercise goes on: the end line is written again at the new end
        reached = (end.t, end.events)
    set_aside_tail(path, keep)
    writer = JournalWriter.continuing(
        path, [r.text for r in records], source.scenario, header.seed, source.sha256,
        header.scenario.path, key=key, seal_info=header.seal, fork=header.fork,
    )
    try:
        exercise = Exercise(source.scenario, header.seed, journal=writer)
        drive(exercise, records, writer)
        catch_up(exercise, *(reached or _reached(records)), writer)
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
    t = max((r.t for r in records
             if isinstance(r, (EventRecord, OrderRecord, ExconRecord, ObservationRecord))),
            default=0)
    return t, sum(isinstance(r, EventRecord) for r in records)



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
    ExconRecord,
    Header,
    JournalError,
    ObservationRecord,
    OrderRecord,
    Record,
    read_prefix,
)
from cpx.journal.chain import line_hash
from cpx.journal.integrity import count_lines, state_of
from cpx.journal.scenario_source import ScenarioSource, scenario_for_journal
from cpx.journal.seal import Origin, check_origin
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
        if isinstance(record, (ExconRecord, ObservationRecord)):
            # EXCON actions and observations are re-applied where they were taken (the
            # session layer knows how: cpx.session.control)
            from cpx.session.control import reapply

            catch_up(exercise, record.t, record.events_before, writer)
            reapply(exercise, record)
        elif isinstance(record, OrderRecord):
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
    from cpx.engine.exercise import Exercise

    prefix = read_prefix(path)
    header = _header(prefix.records, prefix.problem)
    source = scenario_for_journal(path, header.scenario, scenario_file)
    expected = [record.text for record in prefix.records]
    total = count_lines(path)
    failure: str | None = None
    stopped_at = 0
    with tempfile.TemporaryDirectory(prefix="cpx-verify-") as scratch:
        rerun_path = Path(scratch) / "rerun.jsonl"
        writer = _writer(rerun_path, source, header, header.scenario.path, durable=False)
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
    difference = _first_difference(expected, got)
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
    from cpx.engine.exercise import Exercise

    path = Path(path)
    prefix = read_prefix(path)
    header = _header(prefix.records, prefix.problem)
    source = scenario_for_journal(path, header.scenario, scenario_file)
    _check_resume_key(header, key)
    records = list(prefix.records)
    keep = prefix.valid_bytes
    reached = None
    if isinstance(records[-1], EndRecord):
        keep -= len(records[-1].text.encode("utf-8")) + 1
        end = records.pop()  # the exercise goes on: the end line is written again at the new end
        reached = (end.t, end.events)
    _set_aside_tail(path, keep)
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


# ---------------------------------------------------------------------- helpers


def _header(records: list[Record], problem: JournalError | None) -> Header:
    if not records or not isinstance(records[0], Header):
        raise problem or JournalError(1, "bad_record", "the journal has no header")
    return records[0]


def _check_resume_key(header: Header, key: Any) -> None:
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


def _writer(
    path: Path, source: ScenarioSource, header: Header, scenario_path: str | None, durable: bool
) -> JournalWriter:
    if source.sha256 != header.scenario.sha256:
        raise CpxError("the scenario's digest differs from the journal's", "Scenario changed")
    # the header's seal declaration is copied, so a sealed journal's header re-runs byte
    # for byte; the re-run itself is not sealed (the verifier may hold no key)
    return JournalWriter(path, source.scenario, header.seed, source.sha256, scenario_path,
                         durable=durable, seal_info=header.seal, fork=header.fork)


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

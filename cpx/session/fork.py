"""Making a "what if" branch: re-simulate a parent journal up to a moment, journal on.

:func:`fork_exercise` is what ``cpx play --from LOG --at "D2 14:00"`` and the replay's
``F`` key use; the fork's header format is in :mod:`cpx.journal.fork`::

    exercise = fork_exercise("runs/a.jsonl", at=1800, journal="runs/a-whatif.jsonl")
    exercise.run_until(exercise.now + 60)      # the trainee plays on; journals on
    exercise.journal.close(t=exercise.now, state_hash=exercise.state_hash())
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.journal.fork import ForkError, body, parent_prefix
from cpx.journal.scenario_source import scenario_for_journal


def fork_exercise(
    parent: str | os.PathLike[str], at: int, journal: str | os.PathLike[str], *,
    key: Any = None, scenario_file: str | None = None,
) -> Any:
    """The exercise of journal ``parent`` as it stood at sim minute ``at``, journaling to
    a new file ``journal`` whose header names the parent and the moment.

    The parent's scenario (its digest must match the parent's header) and seed are
    used; every order the parent gave before ``at`` is re-submitted where it was given,
    and the clock is run to ``at``. Each re-simulated record is checked against the
    parent's (:class:`ForkError` if the world went another way) before the new file is
    written. ``key`` seals the fork's journal.
    """
    from cpx.engine.exercise import Exercise
    from cpx.session.resimulate import catch_up, drive
    from cpx.journal.writer import JournalWriter

    prefix = parent_prefix(parent, at)
    header = prefix.header
    try:
        source = scenario_for_journal(prefix.path, header.scenario, scenario_file)
    except CpxError as error:
        raise ForkError(f"the parent's scenario cannot be used: {error.message}",
                        error.title) from None
    path = Path(journal)
    heard = _Heard()
    exercise = Exercise(source.scenario, header.seed, journal=heard)
    if at > exercise.end:
        raise ForkError("the moment is after ENDEX; pick one within the exercise",
                        "Moment outside the exercise")
    inherited = prefix.records[1:]
    drive(exercise, inherited, heard)
    catch_up(exercise, at, 0, heard)
    # What the re-run produced must be the parent's lines, in order: all those before
    # the moment, and (at STARTEX) the events the exercise begins with.
    count = _check_inherited(heard.records, prefix, len(inherited))
    # Only now is it known which parent line the fork's history ends at, so the header
    # can name it; the lines heard are written after it, and the exercise journals on.
    writer = JournalWriter(path, source.scenario, header.seed, source.sha256, source.path,
                           key=key, fork=prefix.fork_header(count))
    try:
        for call, args in heard.calls:
            getattr(writer, call)(*args)
        writer.flush()
    except BaseException:
        writer.abandon()
        path.unlink(missing_ok=True)
        Path(f"{path}.seal").unlink(missing_ok=True)
        raise
    exercise.journal = writer
    return exercise


class _Heard:
    """Stands in for the journal writer while the parent is re-simulated: keeps each
    call (to be written once the header is known) and the record each line would hold."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.records: list[dict[str, Any]] = []
        self.events = 0

    def write_event(self, event: Any) -> None:
        self.events += 1
        self.calls.append(("write_event", (event,)))
        record = event.to_dict()
        record["type"] = "event"
        self.records.append(record)

    def write_order(self, t: int, order: dict[str, Any], result: dict[str, Any]) -> None:
        self.calls.append(("write_order", (t, order, result)))
        self.records.append({"type": "order", "t": int(t), "order": order, "result": result})


def _check_inherited(heard: list[dict[str, Any]], prefix: Any, before: int) -> int:
    """How many parent lines the re-run reproduced; :class:`ForkError` unless they are
    the parent's next lines, in order, and include every line before the moment."""
    parent = prefix.lines[1:]
    for number, record in enumerate(heard, start=2):
        want = body(parent[number - 2].text) if number - 2 < len(parent) else None
        # through JSON, as the line would be written (tuples become lists)
        if want != json.loads(json.dumps(record)):
            raise ForkError(
                f"re-simulating the parent gave another line {number} than it holds; the "
                "parent was written by another cpx version or edited "
                f"(check it with: cpx replay {prefix.path} --verify)",
                "Parent does not re-simulate")
    if len(heard) < before:
        raise ForkError(f"re-simulating the parent gave {len(heard)} lines before the moment, "
                        f"where it holds {before} (check it with: cpx replay {prefix.path} "
                        "--verify)", "Parent does not re-simulate")
    return len(heard)

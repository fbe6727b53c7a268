"""Making a "what if" branch: re-simulate a parent journal up to a moment, journal on.

:func:`fork_exercise` is what ``cpx play --from LOG --at "D2 14:00"`` and the replay's
``F`` key use; the fork's header format is in :mod:`cpx.journal.fork`::

    exercise = fork_exercise("runs/a.jsonl", at=1800, journal="runs/a-whatif.jsonl")
    exercise.run_until(exercise.now + 60)      # the trainee plays on; journals on
    exercise.journal.close(t=exercise.now, state_hash=exercise.state_hash())
"""

from __future__ import annotations

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
    parent's (:class:`ForkError` if the world went another way; the new file is then
    removed). ``key`` seals the fork's journal.
    """
    from cpx.engine.exercise import Exercise
    from cpx.journal.replay import catch_up, drive
    from cpx.journal.writer import JournalWriter

    prefix = parent_prefix(parent, at)
    header = prefix.header
    try:
        source = scenario_for_journal(prefix.path, header.scenario, scenario_file)
    except CpxError as error:
        raise ForkError(f"the parent's scenario cannot be used: {error.message}",
                        error.title) from None
    path = Path(journal)
    writer = JournalWriter(path, source.scenario, header.seed, source.sha256, source.path,
                           key=key, fork=prefix.fork_header())
    try:
        exercise = Exercise(source.scenario, header.seed, journal=writer)
        if at > exercise.end:
            raise ForkError("the moment is after ENDEX; pick one within the exercise",
                            "Moment outside the exercise")
        inherited = prefix.records[1:]
        drive(exercise, inherited, writer)
        catch_up(exercise, at, 0, writer)
        writer.flush()
        _check_inherited(path, inherited, prefix.path)
    except BaseException:
        writer.abandon()
        path.unlink(missing_ok=True)
        Path(f"{path}.seal").unlink(missing_ok=True)
        raise
    return exercise


def _check_inherited(path: Path, inherited: list[Any], parent: Path) -> None:
    """The fork's lines after its header must be the parent's records, in order."""
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")[1:-1]
    for number, (want, got) in enumerate(zip(inherited, lines), start=2):
        if body(want.text) != body(got):
            raise ForkError(
                f"re-simulating the parent gave another line {number} than it holds; the "
                "parent was written by another cpx version or edited "
                f"(check it with: cpx replay {parent} --verify)", "Parent does not re-simulate")
    if len(lines) != len(inherited):
        raise ForkError(f"re-simulating the parent gave {len(lines)} lines before the moment, "
                        f"where it holds {len(inherited)} (check it with: cpx replay {parent} "
                        "--verify)", "Parent does not re-simulate")

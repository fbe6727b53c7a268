"""Opening a "what if" branch to play: the moment named, the fork made, the session.

No Textual here. ``cpx play --from LOG --at "D2 14:00"`` and the replay's ``F`` key
both come through :func:`open_fork_session`; :func:`moment` reads the moment the way
the trainee wrote it, against the parent's scenario clock.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from cpx.errors import CpxError
from cpx.tui.session import PlaySession


def parent_clock(parent: str | Path) -> Callable[[int], str]:
    """Sim minute → ``Dn HH:MM`` on the clock of the exercise ``parent`` recorded;
    :class:`~cpx.journal.fork.ForkError` if the parent or its scenario cannot be read."""
    from cpx.scenario.timefmt import minutes_to_clock

    startex = _startex(parent)
    return lambda t: minutes_to_clock(t, startex)


def _startex(parent: str | Path) -> int:
    """The time of day (minutes) STARTEX falls at in the exercise ``parent`` recorded."""
    from cpx.journal.fork import ForkError
    from cpx.journal.reader import JournalError, load_header
    from cpx.journal.scenario_source import scenario_for_journal
    from cpx.scenario.loader import startex_minute_of_day

    if not Path(parent).is_file():
        raise ForkError(f"no journal {str(parent)!r}; give the path of a .jsonl journal "
                        "written by cpx play or cpx run", "Parent not found")
    try:
        header = load_header(parent)
    except JournalError as error:
        raise ForkError(f"{parent} is damaged: {error.reason}", "Damaged parent") from None
    try:
        source = scenario_for_journal(parent, header.scenario)
    except CpxError as error:
        raise ForkError(error.message, error.title) from None
    return startex_minute_of_day(source.scenario)


def moment(parent: str | Path, text: str) -> int:
    """Sim minutes since STARTEX of ``text`` (``D2 14:00``, or plain minutes) in the
    exercise ``parent`` recorded; :class:`~cpx.journal.fork.ForkError` if unreadable."""
    from cpx.journal.fork import ForkError
    from cpx.scenario.timefmt import TimeFormatError, clock_to_minutes

    startex = _startex(parent)
    if text.strip().lstrip("-").isdigit():
        return int(text)
    try:
        return clock_to_minutes(text, startex)
    except TimeFormatError as error:
        raise ForkError(str(error), "Bad moment") from None


def default_fork_path(parent: str | Path, now: datetime | None = None) -> Path:
    """``<parent's stem>-whatif-<UTC timestamp>.jsonl`` beside the parent, so the two
    branches are found together for ``cpx replay PARENT --compare FORK``."""
    now = now or datetime.now(timezone.utc)
    parent = Path(parent)
    return parent.with_name(f"{parent.stem}-whatif-{now:%Y%m%dT%H%M%SZ}.jsonl")


def open_fork_session(parent: str | Path, at: int, journal: str | Path | None = None,
                      key: Any = None) -> PlaySession:
    """A new exercise that branches off the journal ``parent`` at sim minute ``at``."""
    from cpx.scenario.loader import startex_minute_of_day
    from cpx.scenario.timefmt import minutes_to_clock
    from cpx.session.fork import fork_exercise

    path = Path(journal) if journal else default_fork_path(parent)
    exercise = fork_exercise(parent, at, path, key=key)
    when = minutes_to_clock(at, startex_minute_of_day(exercise.scenario))
    return PlaySession(
        scenario=exercise.scenario, scenario_path=None, exercise=exercise,
        seed=exercise.seed, journal_path=path, writer=exercise.journal,
        note=f"What if: a new branch of {Path(parent).name} from {when}; "
             "everything before that moment happened as it did there.",
    )

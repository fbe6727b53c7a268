"""Opening an exercise to play offline: scenario, seed, journal, or a journal to resume.

No Textual here: :func:`open_session` wires the scenario loader, the engine and the
journal writer into a :class:`cpx.session.ExerciseSession` (the layer the server and
``cpx run`` drive exercises through too), so the app, the tests and the benchmarks open
exercises the same way. :class:`PlaySession` is the offline
:class:`~cpx.tui.cell_session.CellSession`: the trainee's cell of that session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

DEFAULT_SEED = 1
"""The seed used when the trainee gives none (the exercise is reproducible either way)."""


@dataclass
class PlaySession:
    """An exercise played offline, seen and steered by one cell (a CellSession)."""

    scenario: Any
    scenario_path: Path | None
    exercise: Any
    """The :class:`cpx.engine.Exercise`; the UI uses only its facade."""
    seed: int
    journal_path: Path | None
    writer: Any | None
    """The :class:`cpx.journal.JournalWriter` the engine writes through, if any."""
    resumed: bool = False
    cell: str = "trainee"
    core: Any = None
    """The :class:`cpx.session.ExerciseSession` that drives the exercise."""
    steerable: bool = True
    """Offline, the trainee steers the clock."""
    note: str = ""
    """A line shown under the briefing (a "what if" branch names its parent and moment)."""

    def __post_init__(self) -> None:
        if self.core is None:
            from cpx.session import ExerciseSession

            self.core = ExerciseSession(self.exercise, self.journal_path, self.resumed)

    # ------------------------------------------------------------ CellSession
    @property
    def now(self) -> int:
        """Sim minutes since STARTEX."""
        return self.core.now

    @property
    def end(self) -> int:
        """ENDEX, in sim minutes."""
        return self.core.end

    @property
    def finished(self) -> bool:
        """Whether ENDEX has been reached."""
        return self.core.finished

    def events_since(self, n: int) -> list[Any]:
        """The cell's events from number ``n`` on (safe while the engine runs on a thread)."""
        return [event for _, event in self.core.events_since(self.cell, n)]

    def picture(self) -> dict[str, Any]:
        """The cell's picture."""
        return self.exercise.picture(self.cell)

    def submit(self, order: Any) -> Any:
        """Give ``order`` for the cell now (through the session, as a served seat's)."""
        from cpx.engine.orders import OrderResult

        answer = self.core.submit(order.to_dict(), self.cell)
        return OrderResult(answer["accepted"], answer["reason"], answer["order_id"])

    @property
    def cells(self) -> list[str]:
        """Every player cell of the exercise (the others are played by the engine)."""
        return list(self.exercise.cells)

    def send_message(self, to: str, text: str) -> Any:
        """Send a message from the cell to cell ``to`` now (journaled, as a served seat's)."""
        from cpx.engine.orders import OrderResult

        answer = self.core.send_message(self.cell, to, text)
        return OrderResult(answer["accepted"], answer["reason"], answer["order_id"])

    def advance_to(self, minute: int) -> None:
        """Run the exercise to ``minute``."""
        self.core.advance_to(minute)

    def step(self) -> list[Any]:
        """Run to the next event (offline only: "n" for the next message)."""
        return self.exercise.step()

    def entry_grounds(self, order: Any) -> str:
        """The order desk's view of a raid's grounds, from what the cell knows."""
        return self.exercise.desk.raid_grounds(order, self.cell)

    def status(self) -> str:
        """Where the journal is written, for the header."""
        return f"log {self.journal_path}" if self.journal_path else "no log"

    def flush(self) -> None:
        """Everything journaled so far onto the disk."""
        if self.writer is not None and not self.writer.closed:
            self.writer.flush()

    def discard(self) -> None:
        """Leave before STARTEX: remove the journal just begun (never a resumed one)."""
        if self.resumed or self.writer is None or self.journal_path is None:
            return
        self.writer.abandon()
        Path(self.journal_path).unlink(missing_ok=True)
        self.journal_path = None

    def close(self, reason: str = "closed") -> None:
        """Write the journal's end line (idempotent); the exercise stays readable."""
        if self.writer is not None and not self.writer.closed:
            self.writer.close(t=self.exercise.now, state_hash=self.exercise.state_hash(),
                              reason=reason)


def default_journal_path(scenario_id: str, now: datetime | None = None) -> Path:
    """``runs/<scenario-id>-<UTC timestamp>.jsonl`` in the current directory."""
    now = now or datetime.now(timezone.utc)
    return Path("runs") / f"{scenario_id}-{now:%Y%m%dT%H%M%SZ}.jsonl"


def default_scenario() -> str:
    """The bundled flagship scenario, played when no scenario is named."""
    try:
        from cpx.scenario.library import default_scenario_path
    except ImportError:
        return "glass_lantern"
    return str(default_scenario_path())


def open_session(
    scenario: str | None = None,
    seed: int | None = None,
    journal: str | Path | None = None,
    resume: str | Path | None = None,
    *,
    write_journal: bool = True,
    key: Any = None,
    cell: str | None = None,
) -> PlaySession:
    """Open an exercise to play, or continue the one a journal recorded.

    With ``resume`` the scenario and seed come from the journal's header; the world is
    re-simulated from its orders and new lines are appended to the same file.
    ``write_journal=False`` plays without a journal (benchmarks and some tests).
    ``key`` (a :class:`cpx.journal.seal.SealKey`) seals the journal.
    ``cell`` is the player cell played at this seat (default ``trainee``, else the first);
    the engine plays the others with the policy the scenario names for each.
    """
    if resume is not None:
        from cpx.session.resimulate import resume_exercise

        exercise = resume_exercise(resume, key=key)
        return seat(PlaySession(
            scenario=exercise.scenario, scenario_path=None, exercise=exercise,
            seed=exercise.seed, journal_path=Path(resume), writer=exercise.journal,
            resumed=True,
        ), cell)
    from cpx.engine import Exercise
    from cpx.journal.scenario_source import open_scenario
    from cpx.journal.writer import JournalWriter

    source = open_scenario(scenario or default_scenario())
    seed = DEFAULT_SEED if seed is None else int(seed)
    writer = path = None
    if write_journal:
        path = Path(journal) if journal else default_journal_path(source.scenario.meta.id)
        writer = JournalWriter(path, source.scenario, seed, source.sha256, source.path, key=key)
    exercise = Exercise(source.scenario, seed=seed, journal=writer)
    return seat(PlaySession(scenario=source.scenario, scenario_path=source.path,
                            exercise=exercise, seed=seed, journal_path=path, writer=writer), cell)


def seat(session: PlaySession, cell: str | None) -> PlaySession:
    """Sit the player at ``cell`` and let the engine play every other cell by the
    policy the scenario names for it (a one-cell exercise: nothing to play)."""
    from cpx.errors import CpxError
    from cpx.scenario.cells import policy_of

    cells = list(session.exercise.cells)
    chosen = cell or ("trainee" if "trainee" in cells else cells[0])
    if chosen not in cells:
        if session.writer is not None and not session.resumed:
            session.discard()
        raise CpxError(f"no player cell {chosen!r} in this exercise; the cells are "
                       f"{', '.join(cells)}", "Unknown cell")
    session.cell = chosen
    session.exercise.play_cells({other: policy_of(session.scenario, other)
                                 for other in cells if other != chosen})
    return session

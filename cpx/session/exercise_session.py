"""One exercise and its journal, driven from outside: advance, submit, read events by view.

A *view* is who looks: a player cell id (``trainee``) sees only the events addressed to
it; ``excon`` sees every event. Each view numbers its own events 0, 1, 2 …, so a player
cell never learns from gaps in the numbering how many ground-truth events happened::

    session = ExerciseSession.open("tutorial", seed=7, journal="runs/t.jsonl")
    session.advance_to(60)
    answer = session.submit({"verb": "surveil", "unit": "u1", "target": "v1"}, cell="trainee")
    fresh = session.events_since("trainee", 0)    # [(0, Event), (1, Event), …]
    session.close()

Orders are stamped with the sim time at which they are given (the session's ``now``),
so the journal re-simulates byte for byte with ``cpx replay LOG --verify``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.journal.events import EXCON, Event

View = str
"""A player cell id, or ``excon`` (everything)."""


class ExerciseSession:
    """One :class:`~cpx.engine.exercise.Exercise` with its journal writer (may be None)."""

    def __init__(self, exercise: Any, journal_path: Path | None, resumed: bool = False) -> None:
        self.exercise = exercise
        self.writer = exercise.journal
        self.journal_path = journal_path
        self.resumed = resumed
        self._views: dict[str, list[Event]] = {cell: [] for cell in exercise.cells}
        self._views[EXCON] = []
        for event in exercise.events:
            self._file(event)
        exercise.listen(self._file)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls, scenario: str, seed: int, journal: str | Path | None, key: Any = None
    ) -> "ExerciseSession":
        """A new exercise of ``scenario`` (file or bundled name) journaled to ``journal``."""
        from cpx.engine.exercise import Exercise
        from cpx.journal.scenario_source import open_scenario
        from cpx.journal.writer import JournalWriter

        source = open_scenario(scenario)
        writer = None
        path = None
        if journal is not None:
            path = Path(journal)
            # the absolute path, so a replay finds the scenario from any working directory
            writer = JournalWriter(path, source.scenario, seed, source.sha256,
                                   str(source.path.resolve()), key=key)
        return cls(Exercise(source.scenario, seed, journal=writer), path)

    @classmethod
    def start(cls, scenario: Any, seed: int, writer: Any = None,
              journal_path: str | Path | None = None) -> "ExerciseSession":
        """A new exercise of a loaded ``scenario`` journaled through ``writer`` (or none)."""
        from cpx.engine.exercise import Exercise

        path = Path(journal_path) if journal_path is not None else (
            writer.path if writer is not None else None)
        return cls(Exercise(scenario, seed, journal=writer), path)

    def play_cells(self, policies: dict[str, str]) -> None:
        """Let the engine play the cells nobody sits at (``{cell: policy}``), as a
        response cell would: their orders are journaled like a player's."""
        self.exercise.play_cells(policies)

    def send_message(self, sender: str, to: str, text: str) -> dict[str, Any]:
        """A message from cell ``sender`` to cell ``to``; the answer as plain data."""
        if sender not in self._views or sender == EXCON:
            raise CpxError(f"no player cell {sender!r}", "Unknown cell")
        result = self.exercise.message(sender, to, text)
        answer = result.to_dict()
        answer["t"] = self.now
        return answer

    @classmethod
    def resume(cls, journal: str | Path, key: Any = None) -> "ExerciseSession":
        """The exercise a (possibly cut-short) journal recorded, journaling on to it."""
        from cpx.session.resimulate import resume_exercise

        return cls(resume_exercise(journal, key=key), Path(journal), resumed=True)

    # ------------------------------------------------------------------ state

    @property
    def cells(self) -> list[str]:
        """The player cells of the exercise."""
        return list(self.exercise.cells)

    @property
    def now(self) -> int:
        """Sim minutes since STARTEX."""
        return self.exercise.now

    @property
    def end(self) -> int:
        """ENDEX, in sim minutes."""
        return self.exercise.end

    @property
    def finished(self) -> bool:
        """Whether ENDEX has been reached."""
        return self.exercise.finished

    def clock(self, t: int | None = None) -> str:
        """``Dn HH:MM`` of sim time ``t`` (default now)."""
        return self.exercise.clock(t)

    # ------------------------------------------------------------------ driving

    def advance_to(self, t: int) -> int:
        """Run the clock to sim time ``t`` (at most ENDEX); return how many events came."""
        return len(self.exercise.run_until(t))

    def submit(self, order: Any, cell: str) -> dict[str, Any]:
        """Give ``order`` (its dict shape) for ``cell`` now; the answer as plain data.

        A malformed order (not a dict, unknown verb or keys) is refused before it reaches
        the engine and is not journaled: nothing happened in the world.
        """
        if cell not in self._views or cell == EXCON:
            raise CpxError(f"no player cell {cell!r}", "Unknown cell")
        from cpx.engine.orders import Order

        try:
            parsed = Order.from_dict(order)
        except CpxError as error:
            return {"accepted": False, "reason": error.message, "order_id": None, "t": self.now}
        except (TypeError, ValueError) as error:
            return {"accepted": False, "reason": f"malformed order: {error}", "order_id": None,
                    "t": self.now}
        result = self.exercise.submit(parsed, cell=cell)
        answer = result.to_dict()
        answer["t"] = self.now
        return answer

    def flush(self) -> None:
        """Make everything journaled so far durable (on pause, on a quiet moment)."""
        if self.writer is not None and not self.writer.closed:
            self.writer.flush()

    def close(self, reason: str = "closed") -> None:
        """Write the journal's end line with the state hash (idempotent)."""
        if self.writer is not None and not self.writer.closed:
            self.writer.close(t=self.exercise.now, state_hash=self.exercise.state_hash(),
                              reason=reason)

    # ------------------------------------------------------------------ reading

    def count(self, view: View) -> int:
        """How many events ``view`` may see so far."""
        return len(self._views[view])

    def events_since(self, view: View, since: int = 0) -> list[tuple[int, Event]]:
        """The events ``view`` may see, numbered in that view, from number ``since`` on."""
        if view not in self._views:
            raise CpxError(f"no view {view!r}", "Unknown cell")
        events = self._views[view]
        start = max(0, int(since))
        return list(enumerate(events[start:], start))

    def _file(self, event: Event) -> None:
        self._views[EXCON].append(event)
        own = self._views.get(event.visibility)
        if own is not None and event.visibility != EXCON:
            own.append(event)

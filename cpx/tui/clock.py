"""The exercise clock as the trainee drives it: paused or running at a speed.

Pure logic, no Textual: the app's timer calls :meth:`ExerciseClock.advance` with the
wall-clock seconds since the last tick and runs the engine up to the minute it returns.
Sim time is whole minutes, so the fraction of a minute not yet due is carried over to
the next tick instead of being rounded away — at ×1 a minute passes every 60 s exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

SPEEDS: tuple[int, ...] = (1, 10, 60, 600)
"""Sim seconds per wall second the trainee can choose; ×1 is real time."""


@dataclass
class ExerciseClock:
    """Speed, pause and the carried fraction of a minute; knows nothing of the engine."""

    speed_index: int = 2
    """Index into :data:`SPEEDS` (×60 by default: an hour passes in a minute)."""
    paused: bool = True
    """A paused clock never advances sim time, whatever the wall clock does."""
    _carry: float = 0.0

    @property
    def speed(self) -> int:
        """The current multiplier of wall time (sim seconds per wall second)."""
        return SPEEDS[self.speed_index]

    @property
    def label(self) -> str:
        """How the header shows the clock's state: ``paused`` or ``×60``."""
        return "paused" if self.paused else f"×{self.speed}"

    def toggle(self) -> bool:
        """Pause a running clock or run a paused one; return whether it is now paused."""
        self.paused = not self.paused
        # A paused clock owes nothing: resuming must not jump by the fraction left over.
        self._carry = 0.0
        return self.paused

    def faster(self) -> int:
        """Step up one speed (stays at the fastest); return the new speed."""
        self.speed_index = min(self.speed_index + 1, len(SPEEDS) - 1)
        return self.speed

    def slower(self) -> int:
        """Step down one speed (stays at ×1); return the new speed."""
        self.speed_index = max(self.speed_index - 1, 0)
        return self.speed

    def advance(self, now: int, wall_seconds: float) -> int:
        """The sim minute to run the engine until after ``wall_seconds`` of wall time."""
        if self.paused or wall_seconds <= 0:
            return now
        self._carry += wall_seconds * self.speed / 60.0
        whole = int(self._carry)
        self._carry -= whole
        return now + whole

"""What the command post needs from an exercise, whoever runs it: one cell's seat.

The play UI never reaches into the engine: it talks to a :class:`CellSession` — the
cell's picture, the cell's events from number N on, an order given and its result, and
the clock's state. Two implementations:

* :class:`cpx.tui.session.PlaySession` — offline ``cpx play SCENARIO``: the exercise runs
  here, on :class:`cpx.session.ExerciseSession`, and the trainee steers the clock;
* :class:`cpx.tui.remote_session.RemoteSession` — ``cpx play --connect URL``: a seat of
  a served exercise over WebSocket; the server runs the clock and EXCON steers it.

No Textual here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from cpx.engine.orders import Order, OrderResult
from cpx.journal.events import Event


@runtime_checkable
class CellSession(Protocol):
    """One player cell's handle on an exercise (local or served)."""

    cell: str
    """The player cell whose picture this is."""
    scenario: Any
    """The scenario's public parts the screens read: ``meta``, ``region``, ``agencies``
    and the informants the cell's own units handle (never the network)."""
    journal_path: Path | None
    resumed: bool
    steerable: bool
    """Whether this seat steers the clock (offline); a served exercise's clock is EXCON's."""

    @property
    def now(self) -> int:
        """Sim minutes since STARTEX, as far as the exercise has run."""

    @property
    def end(self) -> int:
        """ENDEX in sim minutes."""

    @property
    def finished(self) -> bool:
        """Whether ENDEX has been reached."""

    def events_since(self, n: int) -> list[Event]:
        """The cell's events from number ``n`` of its own stream on (0 is the first)."""

    def picture(self) -> dict[str, Any]:
        """The cell's picture, plain data, built only from its events."""

    def submit(self, order: Order) -> OrderResult:
        """Give ``order`` for the cell now; the result (a refusal says why)."""

    def advance_to(self, minute: int) -> None:
        """Run the exercise to ``minute`` (offline); a served exercise runs by itself."""

    def entry_grounds(self, order: Order) -> str:
        """What a raid would rest on as the order desk sees it now ('' when unknown)."""

    def status(self) -> str:
        """A short note for the header: where the journal is, or the connection's state."""

    def flush(self) -> None:
        """Make what was played durable (a pause, leaving)."""

    def close(self, reason: str = "closed") -> None:
        """ENDEX or leave: the journal's end line offline; the seat leaves online."""

    def discard(self) -> None:
        """Leave before STARTEX (offline: the journal just begun is removed)."""

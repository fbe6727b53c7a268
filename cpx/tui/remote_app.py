"""The command post as a seat of a served exercise: ``cpx play --connect URL``.

The same :class:`~cpx.tui.app.PlayApp` (briefing, command post, debrief) on a
:class:`~cpx.tui.remote_session.RemoteSession`. Without a token (a browser seat, or a
terminal where none was given) it first asks for one on a join screen; a wrong token is
said there and may be typed again. A token of another kind of seat (EXCON, evaluator)
ends the app with :attr:`RemotePlayApp.handover` set, so the caller can open that
seat's own console on the same terminal (``cpx excon``).
"""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from cpx.tui.app import PlayApp
from cpx.tui.remote_session import RemoteSession, SeatRefused


class JoinScreen(Screen[None]):
    """Asks for the seat's token and joins with it."""

    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    #join { width: 72; height: auto; border: round $accent; padding: 1 2; }
    #join-error { color: $error; height: auto; }
    """

    def __init__(self, url: str, cafile: str | None) -> None:
        super().__init__()
        self.url = url
        self.cafile = cafile

    def compose(self) -> ComposeResult:
        with Vertical(id="join"):
            yield Static(f"cpx — join the exercise served at {self.url}\n\n"
                         "Type your seat's token (exercise control gives it to you) and "
                         "press Enter.\n")
            yield Input(placeholder="seat token", password=True, id="token")
            yield Static("", id="join-error")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#token", Input))

    def on_input_submitted(self, message: Input.Submitted) -> None:
        token = message.value.strip()
        if not token:
            return
        self.query_one("#join-error", Static).update("joining…")
        self._join(token)

    @work(thread=True, exclusive=True, group="join")
    def _join(self, token: str) -> None:
        try:
            session = RemoteSession(self.url, token, self.cafile)
        except SeatRefused as refused:
            self.app.call_from_thread(self._refused, refused, token)
            return
        self.app.call_from_thread(self.app.joined, session)

    def _refused(self, refused: SeatRefused, token: str) -> None:
        role = getattr(refused, "role", None)
        if role and self.app.handover_roles(role):
            self.app.handover = (role, token)
            self.app.exit()
            return
        self.query_one("#join-error", Static).update(f"✗ {refused.message}")
        self.query_one("#token", Input).value = ""


class RemotePlayApp(PlayApp):
    """``cpx play --connect``: a session given (token on the command line) or asked for."""

    def __init__(self, url: str, session: RemoteSession | None = None,
                 cafile: str | None = None, **kwargs) -> None:
        super().__init__(session, opener=None if session else (lambda: None),
                         what=url, **kwargs)
        self.url = url
        self.cafile = cafile
        self.handover: tuple[str, str] | None = None
        """(role, token) of a non-player seat whose console should open instead."""

    def on_mount(self, event: events.Mount) -> None:
        # Textual runs PlayApp.on_mount after this one unless told not to: with a session
        # it opens the briefing; without one the join screen asks for the token first.
        if self.session is not None:
            return
        event.prevent_default()
        if self.console.color_system in ("standard", "windows"):
            self.theme = "ansi-dark"
        self.push_screen(JoinScreen(self.url, self.cafile))

    def joined(self, session: RemoteSession) -> None:
        """The join screen's token was a player seat's: on to its briefing."""
        if isinstance(self.screen, JoinScreen):
            self.pop_screen()
        self._exercise_ready(session)

    def action_quit_exercise(self) -> None:
        """Leave the seat: the exercise goes on, the token rejoins it."""
        super().action_quit_exercise()
        if self.session is not None:
            self.session.close()

    def handover_roles(self, role: str) -> bool:
        """Whether another console can take a seat of ``role`` (EXCON, evaluator)."""
        return other_console(role) is not None


def other_console(role: str) -> list[str] | None:
    """The ``cpx`` arguments of the console for a seat of ``role`` that is not a player's,
    if this installation has it (lane excon12's ``cpx excon``); None otherwise."""
    if role not in ("excon", "evaluator"):
        return None
    import importlib.util

    if importlib.util.find_spec("cpx.commands.excon") is None:
        return None
    return ["excon"]

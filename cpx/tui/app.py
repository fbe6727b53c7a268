"""The play app: briefing, command post, debrief, with help and palette from the bindings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from cpx.errors import CpxError
from cpx.tui.clock import ExerciseClock
from cpx.tui.keys import APP_KEYS, first_key
from cpx.tui.screens.help import HelpScreen
from cpx.tui.screens.loading import LoadingScreen

if TYPE_CHECKING:
    from cpx.tui.screens.command_post import CommandPostScreen
    from cpx.tui.session import PlaySession

# The engine, the scenario models and the big screens are imported when the exercise
# is opened (on a worker thread when the app opens it), so the first frame comes fast.


WIDGET_TITLES = {"MessageFeed": "Message feed", "CommandLine": "Command line"}


class PlayApp(App[None]):
    """``cpx play``: one exercise from briefing to debrief.

    Give an open ``session``, or an ``opener`` that makes one: the app then shows its
    first frame at once and opens the exercise on a worker thread (a
    :class:`~cpx.errors.CpxError` on the way ends the app; it is in ``open_error``).
    ``tick_seconds=None`` runs no clock timer (tests and snapshots drive the clock);
    ``clock`` sets the starting speed and pause (paused until the briefing is closed,
    then running unless ``start_running`` is False).
    """

    CSS_PATH = Path(__file__).with_name("play.tcss")  # absolute: subclasses live elsewhere
    TITLE = "cpx"
    BINDINGS = APP_KEYS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-medium"), (150, "-wide")]

    def __init__(self, session: "PlaySession | None" = None, *,
                 opener: "Callable[[], PlaySession] | None" = None, what: str = "the exercise",
                 tick_seconds: float | None = 0.1, clock: ExerciseClock | None = None,
                 start_running: bool = True, briefing_source: "Path | None" = None) -> None:
        super().__init__()
        self.briefing_source = briefing_source
        """The scenario file to read the briefing from at once, while the opener runs."""
        self._start_asked = False
        self._left_before_open = False
        """Quit before the exercise was open: the opener's journal is discarded."""
        if (session is None) == (opener is None):
            raise ValueError("give a session or an opener")
        self.session = session
        self.opener = opener
        self.what = what
        self.clock = clock
        self.driver = None
        self.tick_seconds = tick_seconds
        self.start_running = start_running
        self.command_post: CommandPostScreen | None = None
        self.open_error: CpxError | None = None

    # ------------------------------------------------------------ screens
    def on_mount(self) -> None:
        if self.console.color_system in ("standard", "windows"):
            # A 16-colour terminal: use its own palette rather than approximations of RGB.
            self.theme = "ansi-dark"
        if self.session is None:
            quick = None
            if self.briefing_source is not None:
                from cpx.tui.briefing_text import read_briefing

                quick = read_briefing(self.briefing_source)
            if quick is not None:
                # Readable at once; the exercise opens behind it while the trainee reads.
                from cpx.tui.screens.briefing import BriefingScreen

                self.push_screen(BriefingScreen(quick), self._early_start)
            else:
                self.push_screen(LoadingScreen(self.what))
            self.call_after_refresh(self._open_exercise)
        else:
            self._exercise_ready(self.session)

    @work(thread=True, exclusive=True, group="open")
    def _open_exercise(self) -> None:
        """Load the scenario and build the world off the UI thread."""
        try:
            session = self.opener()
            import cpx.tui.screens.command_post  # noqa: F401  (warm the import here too)
        except CpxError as error:
            self.call_from_thread(self._open_failed, error)
            return
        except Exception as error:  # not a user mistake: still end cleanly, say what
            self.call_from_thread(self._open_failed, CpxError(
                f"{type(error).__name__}: {error}", "Cannot open the exercise"))
            return
        if self._left_before_open:  # quit while it was opening: nothing was played
            session.discard()
            return
        try:
            self.call_from_thread(self._exercise_ready, session)
        except RuntimeError:  # the app closed in between: leave no journal either
            session.discard()

    def _open_failed(self, error: CpxError) -> None:
        self.open_error = error
        self.exit(return_code=2)

    def _exercise_ready(self, session: "PlaySession") -> None:
        from cpx.tui.driver import ExerciseDriver
        from cpx.tui.screens.briefing import BriefingScreen

        self.session = session
        self.driver = ExerciseDriver(session, self.clock)
        self.sub_title = session.scenario.meta.title
        if isinstance(self.screen, LoadingScreen):
            self.pop_screen()
        if self._start_asked:  # Enter was pressed on the early briefing: go on at once
            self._briefing_closed(None)
            return
        from cpx.tui.screens.briefing import BriefingScreen

        # The command post's styles are read while the trainee reads the briefing, not
        # when Enter is pressed.
        self.call_after_refresh(self._read_command_post_styles)
        if any(isinstance(s, BriefingScreen) for s in self.screen_stack):
            return  # the early briefing is on screen; Enter opens the command post
        note = self.session.note
        if self.session.resumed:
            note = (f"Resumed from {self.session.journal_path} at "
                    f"{self.driver.presenter.clock(self.driver.now)}.")
        self.push_screen(BriefingScreen(self.driver.presenter.briefing(), note),
                         self._briefing_closed)

    def _read_command_post_styles(self) -> None:
        """Add the command post's style sheet to the app's, as Textual does when the
        screen is first pushed (then it finds them read): the whole sheet is parsed
        again, a sixth of what Enter cost (benchmarks/ui_startup.py)."""
        from cpx.tui.screens.command_post import CommandPostScreen

        path = str(CommandPostScreen.CSS_PATH)
        if not self.stylesheet.has_source(path, ""):
            self.stylesheet.read(path)
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def _early_start(self, _result: None) -> None:
        """Enter on the briefing shown before the exercise was open."""
        if self.driver is not None:
            self._briefing_closed(None)
        else:
            self._start_asked = True
            self.push_screen(LoadingScreen(self.what))

    def _briefing_closed(self, _result: None) -> None:
        from cpx.tui.screens.command_post import CommandPostScreen

        self.command_post = CommandPostScreen(self.driver, self.tick_seconds,
                                              self.journal_note())
        if self.start_running and self.driver.clock.paused:
            self.driver.clock.toggle()
        self.push_screen(self.command_post)

    def journal_note(self) -> str:
        """Where the journal is written, for the header."""
        return self.session.status()

    def open_debrief(self, reason: str) -> None:
        """ENDEX: stop the clock, close the journal and show the debrief."""
        from cpx.tui.presenter import debrief
        from cpx.tui.screens.debrief import DebriefScreen

        if isinstance(self.screen, DebriefScreen):
            return
        self.driver.end(reason)
        data = debrief(self.driver.presenter, self.driver.picture(), self.driver.now, reason,
                       str(self.session.journal_path) if self.session.journal_path else None,
                       self.session.scenario.meta.title)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(DebriefScreen(data))

    # ------------------------------------------------------ help and palette
    def key_sections(self, screen: Screen) -> list[tuple[str, list[Binding]]]:
        """The bindings of ``screen`` and of the app, as the help shows them."""
        return [(title, bindings) for title, bindings, _target in self._key_owners(screen)]

    def _key_owners(self, screen: Screen) -> list[tuple[str, list[Binding], object]]:
        """(section title, bindings, the object that runs their actions) for ``screen``."""
        name = screen.__class__.__name__.removesuffix("Screen") or "Screen"
        # 'CommandPost' → 'Command post': a heading, not a class name.
        title = "".join(f" {c.lower()}" if c.isupper() and i else c
                        for i, c in enumerate(name))
        owners: list[tuple[str, list[Binding], object]] = [
            (title, list(screen.BINDINGS), screen)]
        # Our own widgets' keys (the feed's, the command line's): those with an id.
        seen: set[type] = set()
        for widget in screen.walk_children():
            kind = type(widget)
            if kind in seen:
                continue
            seen.add(kind)
            own = [b for b in kind.__dict__.get("BINDINGS", ())
                   if isinstance(b, Binding) and b.id]
            if own:
                owners.append((WIDGET_TITLES.get(kind.__name__, kind.__name__), own, widget))
        owners.append(("Everywhere", list(APP_KEYS), self))
        return owners

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_sections(self.screen)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: every action of the screen's and the app's bindings, then Textual's."""
        for _section, bindings, owner in self._key_owners(screen):
            for binding in bindings:
                action = binding.action.removeprefix("app.")
                # A widget's key (the feed's 'Down') runs on that widget, not the screen.
                target = self if binding.action.startswith("app.") else owner
                yield SystemCommand(f"{binding.description} ({first_key(binding)})",
                                    binding.tooltip,
                                    partial(self.call_later, target.run_action, action))
        yield from super().get_system_commands(screen)

    # ---------------------------------------------------------------- errors
    def show_error(self, error: BaseException) -> None:
        """The one place errors reach the trainee: a notification with a title."""
        if isinstance(error, CpxError):
            self.notify(error.message, title=error.title, severity="error", timeout=10)
        else:
            self.notify(f"{type(error).__name__}: {error}", title="Engine error",
                        severity="error", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            if self.driver is not None:
                self.driver.clock.paused = True
            self.show_error(event.worker.error)

    # ------------------------------------------------------------------ quit
    def action_quit_exercise(self) -> None:
        """Leave; the journal keeps everything and ``--resume`` continues it.

        Before STARTEX (the briefing still open) nothing was played: no journal is left."""
        if self.session is None:
            self._left_before_open = True
        elif self.command_post is None:
            self.session.discard()
        elif self.session:
            self.session.flush()
        self.exit()

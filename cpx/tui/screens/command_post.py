"""The command post: clock, message feed, boards, picture, map and order entry.

The screen owns the clock timer. Each tick asks the driver how far sim time should go;
a short step runs at once, a long catch-up (a slow machine, ``n`` to the next message)
runs on a thread worker while the UI stays live, and nothing else touches the engine
until it is done. Views are refreshed from the driver's plain data only.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.dom import NoActiveAppError
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from cpx.engine.orders import Order
from cpx.errors import CpxError
from cpx.scenario.timefmt import format_duration
from cpx.tui.driver import NEXT_MESSAGE_LIMIT, ExerciseDriver
from cpx.tui.keys import COMMAND_POST_KEYS
from cpx.tui.order_forms import FORMS
from cpx.tui.cell_message import is_message, parse_message
from cpx.tui.order_line import needs_confirmation, parse_order
from cpx.tui.presenter import FEED_SOURCES
from cpx.tui.rejection_hints import hint
from cpx.tui.resolver import handle
from cpx.tui.screens.confirm import ConfirmScreen
from cpx.tui.screens.order_form import OrderFormScreen
from cpx.tui.widgets.clockbar import ClockBar
from cpx.tui.widgets.command_line import CommandLine
from cpx.tui.widgets.detail import MessageDetailView
from cpx.tui.widgets.feed import MessageFeed
from cpx.tui.widgets.region_map import RegionMap
from cpx.tui.widgets.picture import IntelPicture
from cpx.tui.widgets.unit_strip import UnitStrip
from cpx.tui.widgets.tables import (CASE_COLUMNS, ORDER_COLUMNS, UNIT_COLUMNS, VICTIM_COLUMNS,
                                    Board)

CATCH_UP_MINUTES = 120
"""A step longer than this runs on a worker thread instead of in the timer callback."""

NO_ONE_MET = ("No one met yet: the people found in a raid or an inspection are listed here, "
              "and those seen there and left behind.")
SEEN_HINT = ("Seen and left at the venue, not met: interview <unit> <id> goes back there to "
             "talk to them on site (separated=yes keeps whoever runs the place out of it). "
             "They may have been moved by then.")
VICTIM_HINT = ("Orders for a person met: interview <unit> <id> · identify_victim <id> "
               "decision=yes act=yes means=yes purpose=yes · refer_victim <id> agency=<ngo> · "
               "residence_permit <id> · assisted_return <id> risk_assessment=yes (after the "
               "reflection period) · claim_compensation <id> offender=<suspect>")
"""What the victims panel reminds the trainee of under the table."""

PANEL_FOCUS = {"feed": "#feed-list", "units": "#unit-board", "intel": "#people-board",
               "cases": "#case-board", "victims": "#victim-board", "map": "#region-map"}
"""The widget that takes focus when a panel is shown (TabbedContent follows focus, so a
focused widget left in a hidden panel would switch straight back to it)."""


def _typed(value: object) -> str:
    """A param value as the trainee would type it (``yes``, not ``True``)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class CommandPostScreen(Screen[None]):
    """The trainee's main screen; ``tick_seconds=None`` leaves the clock to the caller."""

    BINDINGS = COMMAND_POST_KEYS
    # Focus goes to the feed as the post is composed, not first to the panel tabs and
    # then the feed: each change makes the footer redraw its keys.
    AUTO_FOCUS = "#feed-list"
    # Its styles and its windows' are read when it is first shown: the app's own
    # (play.tcss) hold only what the briefing needs, so its first frame parses less.
    CSS_PATH = Path(__file__).parents[1] / "command_post.tcss"

    def __init__(self, driver: ExerciseDriver, tick_seconds: float | None = 0.1,
                 journal_note: str = "") -> None:
        super().__init__()
        self.driver = driver
        self.tick_seconds = tick_seconds
        self.journal_note = journal_note
        self.busy = False
        self._failure_shown = False
        self._last_wall = time.monotonic()
        self._picture_dirty = True
        self._endex_due = False
        self._shown = False
        self._take_width_class()

    def _take_width_class(self) -> None:
        """Take the app's width class (-narrow, -medium, -wide) now. Textual gives it on
        the screen's first resize, after every widget was styled, and the class change
        styles all of them again: a third of the time Enter took to open the post."""
        try:
            width, breakpoints = self.app.size.width, self.app.HORIZONTAL_BREAKPOINTS or []
        except NoActiveAppError:  # built outside an app: Textual sets it on the resize
            return
        for least, name in sorted(breakpoints, reverse=True):  # as Textual picks it
            if width >= least:
                self.add_class(name, update=False)
                return

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        with Container(id="body"):
            with TabbedContent(initial="feed", id="panels"):
                with TabPane("1 Feed", id="feed"):
                    yield UnitStrip(id="unit-strip")
                    with Container(id="feed-pane"):
                        yield MessageFeed(id="feed-list")
                        yield MessageDetailView(id="detail")
                with TabPane("2 Units", id="units"):
                    with VerticalScroll():
                        yield Board(UNIT_COLUMNS, id="unit-board")
                        yield Label("Orders given", classes="section")
                        yield Board(ORDER_COLUMNS, id="order-board")
                with TabPane("3 Intel", id="intel"):
                    yield IntelPicture(id="intel-picture")
                with TabPane("4 Cases", id="cases"):
                    yield Board(CASE_COLUMNS, id="case-board")
                with TabPane("5 Victims", id="victims"):
                    with VerticalScroll():
                        yield Board(VICTIM_COLUMNS, id="victim-board")
                        yield Static(Text(f"{NO_ONE_MET}\n\n{VICTIM_HINT}", style="dim"),
                                     id="victim-detail")
                with TabPane("6 Map", id="map"):
                    yield RegionMap(id="region-map")
            with Vertical(id="side"):
                yield Board(UNIT_COLUMNS[:4], id="side-units")
                yield RegionMap(id="side-map")
        yield Static("", id="order-status")
        yield CommandLine(id="command")
        # No palette hint in the footer: at 80 columns it would hide ENDEX and Help
        # (the briefing and the help name Ctrl+P instead).
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#feed-pane").border_title = "Messages: all"
        self.query_one("#side-units").border_title = "Units"
        self.query_one("#side-map").border_title = "Region"
        self.set_focus(self.query_one(MessageFeed))
        self.refresh_views()
        if self.tick_seconds:
            self._last_wall = time.monotonic()
            self.set_interval(self.tick_seconds, self._on_timer, name="exercise-clock")

    # ------------------------------------------------------------------ clock
    def _on_timer(self) -> None:
        wall = time.monotonic()
        elapsed, self._last_wall = wall - self._last_wall, wall
        self.tick(elapsed)

    def tick(self, wall_seconds: float) -> None:
        """Advance the exercise by ``wall_seconds`` of wall time at the clock's speed."""
        if self.busy or self.driver.finished or self.driver.failure is not None:
            return
        if isinstance(self.app.screen, (OrderFormScreen, ConfirmScreen)):
            # A form or a confirmation is open: in single-player play the world waits
            # while the commander decides (the help and the palette let it run on).
            return
        target = self.driver.due(wall_seconds)
        if target - self.driver.now > CATCH_UP_MINUTES:
            self.busy = True  # before the worker starts, so no tick slips in between
            self._catch_up(target)
            return
        try:
            self.driver.run_to(target)
        except Exception as error:  # shown in one place; the clock stops so it is read
            self.driver.clock.paused = True
            self.app.show_error(error)
        self.refresh_views()

    @work(thread=True, exclusive=True, group="engine")
    def _catch_up(self, target: int | None) -> None:
        """Run the engine off the UI thread; ``target=None`` means to the next message."""
        try:
            if target is None:
                if not self.driver.run_to_next_message() and not self.driver.finished:
                    when = self.driver.presenter.clock(self.driver.now)
                    self.app.call_from_thread(
                        self.notify, f"No message in {NEXT_MESSAGE_LIMIT // 60} h: the clock "
                        f"stopped at {when}. Press n again to go on.", timeout=5)
            else:
                self.driver.run_to(target)
        finally:
            self.busy = False
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self.refresh_views)

    # --------------------------------------------------------------- refresh
    def refresh_views(self) -> None:
        """Show what the cell has learnt since the last refresh."""
        driver = self.driver
        if driver.failure is not None and not self._failure_shown:
            self._failure_shown = True  # said once, and kept on the status line
            self._status(f"✗ {driver.failure.message}", "error")
            self.app.show_error(driver.failure)
        update = driver.absorb()
        if update.items:
            self.query_one(MessageFeed).add(update.items)
        if update.picture_changed:
            self._picture_dirty = True
        if self._picture_dirty:
            self._show_picture()
        self._show_clock()
        self._endex_due = self._endex_due or update.endex
        self._check_endex()

    def _check_endex(self) -> None:
        # A dialog may be open when time runs out: the debrief waits until it is closed.
        if self._endex_due and self.app.screen is self:
            self.app.open_debrief(reason="end of exercise time")

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._shown:
            # Shown for the first time: its widgets were styled as they were mounted,
            # with the width class already taken. The whole-screen restyle Textual does
            # when a screen comes back (after a dialog) would only repeat that, a tenth
            # of the time Enter takes to open the post. It runs on later resumes.
            self._shown = True
            event.refresh_styles = False
        self._check_endex()

    def _show_clock(self) -> None:
        d = self.driver
        left = max(d.end_minute - d.now, 0)
        note = "catching up…" if self.busy else (d.status() if not d.steerable
                                                  else self.journal_note)
        self.query_one(ClockBar).show(d.presenter.clock(d.now), d.presenter.day(d.now),
                                      d.clock.label, format_duration(left), note)

    def _show_picture(self) -> None:
        """Refill the boards of the panels on screen; the others wait until shown."""
        if self.busy:
            # The engine is running on the worker thread: its picture is not ours to
            # read until it is done (the worker refreshes the views when it finishes).
            self._picture_dirty = True
            return
        d = self.driver
        picture = d.picture()
        p = d.presenter
        active = self.query_one(TabbedContent).active
        vocabulary = p.vocabulary(picture)
        vocabulary.cells = d.other_cells()  # 'message CELL …' completes the other cells
        self.query_one(CommandLine).set_vocabulary(vocabulary)
        side = self.query_one("#side")
        strip = self.query_one(UnitStrip)
        if strip.display and active == "feed":
            strip.show(p.unit_duty(picture))
        if side.display:
            self.query_one("#side-units", Board).show([r[:4] for r in p.unit_rows(picture)])
            self.query_one("#side-map", RegionMap).show(p.map_model(picture))
        if active == "units":
            self.query_one("#unit-board", Board).show(p.unit_rows(picture))
            self.query_one("#order-board", Board).show(p.order_rows(picture))
        elif active == "intel":
            self.query_one(IntelPicture).show(
                people=p.people_rows(picture), places=p.place_rows(picture),
                links=p.link_rows(picture), sources=p.source_rows(picture))
        elif active == "cases":
            self.query_one("#case-board", Board).show(p.case_rows(picture))
        elif active == "victims":
            self.query_one("#victim-board", Board).show(p.victim_rows(picture))
        elif active == "map":
            self.query_one("#region-map", RegionMap).show(p.map_model(picture))
        self._picture_dirty = False

    @on(TabbedContent.TabActivated)
    def _panel_shown(self) -> None:
        self._picture_dirty = True
        # After the panel is laid out: a table filled while still hidden draws its
        # header at the wrong widths.
        self.call_after_refresh(self._show_picture)

    def on_resize(self) -> None:
        self._picture_dirty = True
        self.call_after_refresh(self._show_picture)
        self.call_after_refresh(self._show_clock)

    @on(DataTable.RowHighlighted, "#victim-board")
    def _victim_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole row of the person under the cursor: the table crops at 80 columns."""
        rows = self.query_one("#victim-board", Board).rows_shown
        if not 0 <= event.cursor_row < len(rows):
            return
        row = dict(zip(VICTIM_COLUMNS, rows[event.cursor_row]))
        person, indicators, description = row["Person"], row["Indicators"], row["Description"]
        text = Text()
        text.append(f"{person}", style="bold")
        if row["Status"].startswith("seen, "):  # seen and left there, not met
            state = row["Status"].removeprefix("seen, ")
            text.append(f" · seen at {row['Where']} {row['Met/seen']}, {state}")
        else:
            text.append(f" · met {row['Met/seen']} at {row['Where']} · {row['Status']}")
        if row["Reflection ends"] != "—":
            text.append(f" · reflection period ends {row['Reflection ends']}"
                        f" · gives evidence: {row['Consent']}")
        text.append("\n")
        text.append("Indicators: ", style="bold")
        text.append(f"{indicators}\n{description}\n\n")
        if row["Status"].startswith("seen, "):
            text.append(SEEN_HINT.replace("<id>", handle(person)), style="dim")
        else:  # the name as one word to type ('walk-in 1' → walk-in_1)
            text.append(VICTIM_HINT.replace("<id>", handle(person)), style="dim")
        self.query_one("#victim-detail", Static).update(text)

    @on(MessageFeed.Highlighted)
    def _message_highlighted(self, message: MessageFeed.Highlighted) -> None:
        detail = self.driver.presenter.detail(self.driver.event(message.item.seq))
        self.query_one(MessageDetailView).show(detail)

    # ---------------------------------------------------------------- orders
    @on(CommandLine.Submitted, "#command")
    def _order_typed(self, message: CommandLine.Submitted) -> None:
        line = message.value.strip()
        command = self.query_one(CommandLine)
        # Whatever the outcome the line is kept for ↑ and the focus goes back to the
        # feed, so Space, n and + are clock keys again rather than typed letters.
        command.remember(line)
        self.set_focus(self.query_one(MessageFeed))
        if not line:
            return
        if is_message(line):
            self._send_message(line)
            return
        try:
            order = parse_order(line, command.suggester_words.vocabulary)
        except CpxError as error:
            self._status(f"✗ {error.message} (: then ↑ to correct it)", "error")
            return
        self.give(order)

    def _send_message(self, line: str) -> None:
        """``message CELL TEXT``: a message to another player cell, in both cells' feeds."""
        try:
            to, text = parse_message(line, self.driver.other_cells())
        except CpxError as error:
            self._status(f"✗ {error.message} (: then ↑ to correct it)", "error")
            return
        if self.busy:
            self._status("✗ the clock is catching up; send the message again in a moment",
                         "error")
            return
        result = self.driver.send_message(to, text)
        if result.accepted:
            self._status(f"✓ {result.order_id} sent to {to}", "success")
        else:
            self._status(f"✗ not sent — {result.reason}", "error")
        self.refresh_views()

    def give(self, order: Order) -> None:
        """Give ``order``, asking first when it is risky."""
        names = self.query_one(CommandLine).suggester_words.vocabulary.target_names
        why = needs_confirmation(order, self.driver.central_people(), names,
                                 self.driver.picture(), self.driver.presenter.clock)
        if why is None:
            self._submit(order)
            return
        grounds = self.driver.entry_grounds(order)  # a raid: lawful, and on what grounds
        if grounds:
            why += "\n\n" + grounds

        def answered(yes: bool | None) -> None:
            if yes:
                self._submit(order)
            else:
                self._status(f"– {order.verb} not given", "warning")

        self.app.push_screen(ConfirmScreen(f"Confirm: {order.verb}", why + "\n\nGive the order?"),
                             answered)

    def _submit(self, order: Order) -> None:
        if self.busy:
            self._status("✗ the clock is catching up; give the order again in a moment",
                         "error")
            return
        result = self.driver.submit(order)
        name = self.driver.presenter.name
        # Told back as the trainee named it: callsigns and names, not ids.
        words = " ".join([order.verb.replace("_", " ")]
                         + [name(w) for w in (order.unit, order.target) if w]
                         + [f"{k}={_typed(name(v) if isinstance(v, str) else v)}"
                            for k, v in order.params.items()])
        if result.accepted:
            self._status(f"✓ {result.order_id} accepted: {words}", "success")
        else:
            vocabulary = self.query_one(CommandLine).suggester_words.vocabulary
            more = hint(order, vocabulary, self.driver.unit_fit.controlled_crossings())
            reason = self.driver.presenter.spell(result.reason)  # a walk-in by their name
            self._status(f"✗ rejected — {reason}{more}{self._unit_hint(order)}",
                         "error")
        self.refresh_views()

    def _unit_hint(self, order: Order) -> str:
        """For an order that takes a unit but named none: the units there are to name."""
        form = FORMS.get(order.verb)
        if order.unit or form is None or not any(f.key == "unit" for f in form.fields):
            return ""
        units = self.driver.presenter.own_units
        return " Your units: " + ", ".join(f"{u.callsign} ({uid})" for uid, u in units.items())

    def _status(self, text: str, kind: str) -> None:
        status = self.query_one("#order-status", Static)
        status.update(text)
        status.set_classes(kind)

    # --------------------------------------------------------------- actions
    def _exercise_control_clock(self) -> bool:
        """A served exercise's clock is EXCON's: say so rather than silently ignore a key."""
        if self.driver.steerable:
            return False
        self.notify("Exercise control runs the clock of this exercise.", timeout=3)
        return True

    def action_toggle_pause(self) -> None:
        if self._exercise_control_clock():
            return
        self.driver.clock.toggle()
        self._last_wall = time.monotonic()
        if self.driver.clock.paused:
            self.driver.flush()
        self._show_clock()

    def action_faster(self) -> None:
        if self._exercise_control_clock():
            return
        self.driver.clock.faster()
        self._show_clock()

    def action_slower(self) -> None:
        if self._exercise_control_clock():
            return
        self.driver.clock.slower()
        self._show_clock()

    def action_next_message(self) -> None:
        if self._exercise_control_clock():
            return
        if self.busy:  # say so: a key that silently does nothing looks broken
            self.notify("Still catching up: press n again in a moment.", timeout=3)
            return
        if not self.driver.finished:
            # 'n' means "show me the next message": the feed goes to it even when the
            # reader had scrolled back to an older one.
            self.query_one(MessageFeed).follow = True
            self.busy = True
            self._show_clock()
            self._catch_up(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ':' and 'o' are letters while an order is being typed (the binding is a
        # priority one so that it wins over the feed when the line is not focused).
        if action == "focus_order" and isinstance(self.focused, CommandLine):
            return False
        return True

    def action_focus_order(self) -> None:
        command = self.query_one(CommandLine)
        command.fresh()  # ':' always opens an empty line; the old text is one ↑ away
        self.set_focus(command)

    def action_order_form(self) -> None:
        vocabulary = self.query_one(CommandLine).suggester_words.vocabulary

        def filled(order: Order | None) -> None:
            if order is not None:
                self.give(order)

        callsigns = {uid: u.callsign for uid, u in self.driver.presenter.own_units.items()}
        self.app.push_screen(OrderFormScreen(vocabulary, unit_names=callsigns,
                                             unit_choices=self.driver.unit_choices), filled)

    def action_cycle_filter(self) -> None:
        feed = self.query_one(MessageFeed)
        feed.source = FEED_SOURCES[(FEED_SOURCES.index(feed.source) + 1) % len(FEED_SOURCES)]
        self.query_one("#feed-pane").border_title = f"Messages: {feed.source}"
        self.action_panel("feed")

    def action_next_unread(self) -> None:
        self.action_panel("feed")
        if not self.query_one(MessageFeed).next_unread():
            self.notify("No unread messages.")

    def action_panel(self, name: str) -> None:
        self.query_one(TabbedContent).active = name
        self.set_focus(self.query_one(PANEL_FOCUS[name]))

    def action_endex(self) -> None:
        if not self.driver.steerable:
            self.notify("Exercise control ends this exercise; q leaves your seat "
                        "(rejoin with your token).", timeout=5)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.open_debrief(reason="ended by the cell")

        self.app.push_screen(ConfirmScreen(
            "End the exercise?", "ENDEX now? The clock stops for good and the debrief opens."),
            answered)

    def on_key(self, event) -> None:
        # Escape leaves the command line for the feed, so single-key commands work again.
        if event.key == "escape" and isinstance(self.focused, CommandLine):
            self.set_focus(self.query_one(MessageFeed))
            event.stop()

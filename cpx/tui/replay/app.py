"""The instructor's replay: scrub the timeline, compare the cell's picture with the truth.

Left, the timeline (every event, virtualised); right, either the selected moment — the
event in full, and side by side what the cell knew and what was true then — or the
score card, whose ratings lead to the events behind them. A filter line at the bottom;
``n`` writes an instructor note on the selected event.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static, TabbedContent, TabPane

from cpx.errors import CpxError
from cpx.tui.replay.keys import REPLAY_KEYS
from cpx.tui.replay.panes import evidence_options, event_detail, objective_options, picture_texts
from cpx.tui.replay.session import Filter, ReplaySession
from cpx.tui.replay.timeline import Timeline

CELLS = ("", "trainee", "excon")


class NoteScreen(ModalScreen[str | None]):
    """Asks for the note on one event; Enter saves, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel",
                        tooltip="Close without changing the note")]

    def __init__(self, heading: str, text: str) -> None:
        super().__init__()
        self.heading, self.text = heading, text

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(self.heading, id="note-heading")
            yield Input(self.text, placeholder="what the trainees should take from this moment",
                        id="note-input")
            yield Static("Enter saves · an empty note removes it · Esc cancels", classes="hint")

    @on(Input.Submitted, "#note-input")
    def save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FilterLine(Input):
    """The timeline filter: reached with '/', left with Enter or Escape.

    Not on the Tab round (Tab goes between the timeline and the score card), so a few
    Tabs never leave the instructor typing letters into the filter by mistake."""

    can_focus = False

    def open(self) -> None:
        """Take the focus to type a filter."""
        self.can_focus = True
        self.focus()

    def on_blur(self) -> None:
        self.can_focus = False

    async def _on_key(self, event) -> None:
        if event.key == "escape":
            event.stop()
            self.app.query_one(Timeline).focus()
            return
        await super()._on_key(event)


@dataclass(frozen=True)
class ForkRequest:
    """What the replay ends with when the instructor forks: the journal and the moment."""

    parent: Path
    at: int
    """Sim minutes since STARTEX; the branch inherits everything before it."""
    when: str
    """The moment as ``Dn HH:MM``."""


class ReplayApp(App["ForkRequest | None"]):
    """The replay of one journal."""

    TITLE = "cpx replay"
    BINDINGS = REPLAY_KEYS
    CSS = """
    #status { height: 2; background: $boost; padding: 0 1; }
    #main { height: 1fr; }
    #timeline { width: 1fr; min-width: 40; border: round $primary-darken-2; }
    #side { width: 1fr; }
    #detail-scroll { height: 1fr; border: round $primary-darken-2; }
    #unknown-scroll { height: auto; max-height: 8; border: round $error; }
    #truth { height: 1fr; }
    #knew, #true { width: 1fr; border: round $primary-darken-2; padding: 0 1; }
    #true { border: round $error; }
    ReplayApp.narrow #status { height: 1; }
    ReplayApp.narrow #main { layout: vertical; }
    ReplayApp.narrow #timeline { width: 1fr; height: 6; min-width: 0; }
    ReplayApp.narrow #side { width: 1fr; height: 1fr; }
    ReplayApp.narrow #detail-scroll { display: none; }
    ReplayApp.narrow #unknown-scroll { max-height: 6; }
    ReplayApp.narrow #filter { height: 1; border: none; padding: 0 1; }
    #objectives { height: 1fr; } #evidence { height: 1fr; }
    #filter { height: 3; }
    NoteScreen { align: center middle; }
    ConfirmScreen { align: center middle; }
    #confirm-box { width: 70; max-width: 100%; height: auto; border: thick $warning;
                   background: $surface; padding: 1 2; }
    #confirm-title { text-style: bold; }
    #confirm-buttons { height: auto; margin-top: 1; }
    #note-box { width: 80; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    """

    def __init__(self, session: ReplaySession, score_in_background: bool = True) -> None:
        super().__init__()
        self.session = session
        self.score_in_background = score_in_background

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="main"):
            yield Timeline(self.session, id="timeline")
            with TabbedContent(id="side", initial="moment"):
                with TabPane("Moment", id="moment"):
                    with VerticalScroll(id="detail-scroll"):
                        yield Static(id="detail")
                    with VerticalScroll(id="unknown-scroll"):
                        yield Static(id="unknown")
                    with Horizontal(id="truth"):
                        yield VerticalScroll(Static(id="knew-text"), id="knew")
                        yield VerticalScroll(Static(id="true-text"), id="true")
                with TabPane("Score card", id="score"):
                    yield OptionList(id="objectives")
                    yield OptionList(id="evidence")
        yield FilterLine(placeholder=self._filter_example(), id="filter")
        yield Footer()

    def _filter_example(self) -> str:
        """The filter line's hint, with a unit and an agency of this scenario."""
        agencies = self.session.scenario.agencies
        units = [u.id for a in agencies for u in a.units]
        unit = f" unit:{units[0]}" if units else ""
        return (f"filter: kind:leak,raid{unit} agency:{agencies[0].id} cell:excon "
                "(Enter applies, empty shows all)")

    def on_resize(self, event) -> None:
        """Below 100 columns the side pane goes under the timeline (80×24 stays readable)."""
        self.set_class(event.size.width < 100, "narrow")

    def on_mount(self) -> None:
        self.set_class(self.size.width < 100, "narrow")
        self.query_one("#unknown-scroll").border_title = "What the trainees did not know"
        self.query_one("#knew").border_title = "What you knew"
        self.query_one("#true").border_title = "What was true"
        self.query_one(Timeline).focus()
        self.query_one(Timeline).reload()
        if self.session.warning and not self.session.indexing:
            self.notify(self.session.warning, title="Damaged journal", severity="warning",
                        timeout=10)
        if self.session.indexing:
            self.index_rest()
        elif self.score_in_background:
            self.compute_score()
        else:
            self.show_score()

    # ------------------------------------------------------------------ score
    @work(thread=True, exclusive=True, group="index")
    def index_rest(self) -> None:
        """Grow the index of a big journal in the background, then score it."""
        for state in self.session.index.growth():
            self.call_from_thread(self._grown, state)
        self.session.score()
        self.call_from_thread(self.show_score)

    def _grown(self, state: dict) -> None:
        self.session.grown(state)
        self.query_one(Timeline).reload()
        if not state["finished"]:
            return
        if self.session.warning:
            self.notify(self.session.warning, title="Damaged journal", severity="warning",
                        timeout=10)

    @work(thread=True, exclusive=True)
    def compute_score(self) -> None:
        self.session.score()
        self.call_from_thread(self.show_score)

    def show_score(self) -> None:
        card = self.session.score()
        objectives = self.query_one("#objectives", OptionList)
        objectives.clear_options()
        objectives.add_options(objective_options(card))
        if card.objectives:
            objectives.highlighted = 0

    @on(OptionList.OptionHighlighted, "#objectives")
    def objective_chosen(self, event: OptionList.OptionHighlighted) -> None:
        card = self.session.card
        if card is None:
            return
        score = next(o for o in card.objectives if o.id == event.option.id)
        evidence = self.query_one("#evidence", OptionList)
        evidence.clear_options()
        evidence.add_options(evidence_options(self.session, score))

    @on(OptionList.OptionSelected, "#objectives")
    def objective_selected(self) -> None:
        self.query_one("#evidence", OptionList).focus()

    @on(OptionList.OptionSelected, "#evidence")
    def evidence_selected(self, event: OptionList.OptionSelected) -> None:
        seq = int(str(event.option.id).removeprefix("seq-"))
        if self.session.jump_to_seq(seq):
            self.query_one("#filter", Input).value = ""
            self.action_show_tab("moment")
            self._moved(reload=True)

    # ------------------------------------------------------------------ moving
    def _moved(self, reload: bool = False) -> None:
        timeline = self.query_one(Timeline)
        timeline.reload() if reload else timeline.follow_cursor()

    @on(Timeline.Moved)
    def update_panes(self) -> None:
        session = self.session
        index = session.index
        row = session.row
        where = "—" if row is None else (
            f"{session.clock(int(index.t[row]))} · row {session.cursor + 1:,}/{len(session.rows):,}")
        lineage = session.lineage()
        self.query_one("#status", Static).update(
            f"{session.path.name} · " + (f"{lineage} · " if lineage else "")
            + f"{session.scenario.meta.title} · {where} · "
            f"showing {session.filter.describe()}"
            + (f" · indexing {session.indexed_share:.0%}…" if session.indexing else "")
            + (f"\n⚠ {session.warning}" if session.warning else
               "" if self.has_class("narrow") else
               "\nT = the trainees saw it · X = ground truth only · ◆ decision point · "
               "✎ note · x = next leak"))
        self.query_one("#detail", Static).update(event_detail(session))
        unknown, knew, true = picture_texts(session.picture())
        self.query_one("#unknown", Static).update(unknown)
        self.query_one("#knew-text", Static).update(knew)
        self.query_one("#true-text", Static).update(true)

    def action_step(self, count: int) -> None:
        self.session.step(count)
        self._moved()

    def action_page(self, direction: int) -> None:
        self.session.step(direction * self.query_one(Timeline).page)
        self._moved()

    def action_scrub(self, minutes: int) -> None:
        self.session.scrub(minutes)
        self._moved()

    def action_edge(self, where: int) -> None:
        self.session.move_to(0 if where == 0 else len(self.session.rows) - 1)
        self._moved()

    def action_decision(self, direction: int) -> None:
        if not self.session.next_decision(direction):
            self.notify("No further decision point in this direction.", timeout=3)
        self._moved()

    def action_next_leak(self, direction: int) -> None:
        """Jump to the next leak in the whole log and show what the cell did not know."""
        found = self.session.next_of_kind(("leak",), direction)
        if found is None:
            none_at_all = "leak" not in self.session.index.kinds
            self.notify("No plan leaked in this exercise." if none_at_all else
                        "No further leak in this direction." if direction > 0 else
                        "No earlier leak.", timeout=3)
            return
        shown = self.session.filter.describe()  # the jump may have cleared the filter
        self.query_one("#filter", Input).value = "" if shown == "all events" else shown
        self.action_show_tab("moment")
        self._moved(reload=True)
        self.notify(f"Leak {found[0]} of {found[1]}", timeout=3)

    # ------------------------------------------------------------------ filtering
    def action_focus_filter(self) -> None:
        self.query_one(FilterLine).open()

    @on(Input.Submitted, "#filter")
    def apply_filter(self, event: Input.Submitted) -> None:
        try:
            self.session.set_filter(Filter.parse(event.value))
        except CpxError as error:
            self.notify(error.message, title=error.title, severity="error")
            return
        self.query_one(Timeline).focus()
        self._moved(reload=True)

    def action_cycle_cell(self) -> None:
        current = self.session.filter
        following = CELLS[(CELLS.index(current.visibility) + 1) % len(CELLS)] \
            if current.visibility in CELLS else ""
        self.session.set_filter(Filter(current.kinds, current.units, current.agencies, following))
        self.query_one("#filter", Input).value = self.session.filter.describe() \
            if self.session.filter.describe() != "all events" else ""
        self._moved(reload=True)

    def action_clear_filter(self) -> None:
        self.session.set_filter(Filter())
        self.query_one("#filter", Input).value = ""
        self._moved(reload=True)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "score":
            self.query_one("#objectives", OptionList).focus()
        else:
            self.query_one(Timeline).focus()

    # ------------------------------------------------------------------ notes and help
    def action_note(self) -> None:
        record = self.session.record()
        if record is None or int(record.get("seq", -1)) < 0:
            self.notify("Notes attach to events; select an event (an order's "
                        "order.accepted event, say).", severity="warning")
            return
        note = self.session.note_for()
        heading = f"Note on #{record['seq']} {record['kind']} at {self.session.clock(record['t'])}"

        def saved(text: str | None) -> None:
            if text is None:
                return
            path = self.session.set_note(text)
            self.notify(f"Note saved in {path.name}" if path else "Nothing to note.", timeout=3)
            self._moved()

        self.push_screen(NoteScreen(heading, note.text if note else ""), saved)

    # ------------------------------------------------------------------ what if
    def action_fork(self) -> None:
        """Ask, then leave the replay to play on from the selected moment (F)."""
        from cpx.tui.screens.confirm import ConfirmScreen

        if self.session.indexing:
            self.notify("Wait until the journal is read to the end.", timeout=3)
            return
        record = self.session.record()
        if record is None:
            self.notify("Select a moment on the timeline first.", severity="warning")
            return
        at = int(record["t"])
        when = self.session.clock(at)
        question = (f"Play on from {when} as a new exercise? Everything before {when} "
                    "happens as in this journal; from there you command. This journal is "
                    "not changed; the branch is a new journal beside it.")

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit(ForkRequest(self.session.path, at, when))

        self.push_screen(ConfirmScreen("What if", question), answered)

    def action_help(self) -> None:
        from cpx.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen([("Replay", REPLAY_KEYS)]))

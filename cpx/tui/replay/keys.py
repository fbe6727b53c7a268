"""Every key of the replay, declared once (ids for remapping, tooltips for help and palette)."""

from __future__ import annotations

from textual.binding import Binding

REPLAY_KEYS: list[Binding] = [
    Binding("down,j", "step(1)", "Next", id="replay.next", show=False,
            tooltip="The next event on the timeline"),
    Binding("up,k", "step(-1)", "Prev", id="replay.previous", show=False,
            tooltip="The previous event on the timeline"),
    Binding("pagedown", "page(1)", "Page on", id="replay.page_down", show=False,
            tooltip="A screenful of events on"),
    Binding("pageup", "page(-1)", "Page back", id="replay.page_up", show=False,
            tooltip="A screenful of events back"),
    Binding("home,g", "edge(0)", "Start", id="replay.start", show=False,
            tooltip="The first event (STARTEX)"),
    Binding("end,G", "edge(-1)", "End", id="replay.end", show=False,
            tooltip="The last event (ENDEX or where the log stops)"),
    Binding("d", "decision(1)", "Decision", id="replay.next_decision",
            tooltip="The next decision point: an order, an inject with an expected action, "
                    "a missed expected action"),
    Binding("D", "decision(-1)", "Prev decision", id="replay.previous_decision", show=False,
            tooltip="The previous decision point"),
    Binding("x", "next_leak(1)", "Next leak", id="replay.next_leak",
            tooltip="The next moment a plan leaked to the network (ground truth), "
                    "whatever the filter"),
    Binding("X", "next_leak(-1)", "Prev leak", id="replay.previous_leak", show=False,
            tooltip="The previous leak"),
    Binding("slash,f", "focus_filter", "Filter", id="replay.filter", key_display="/",
            tooltip="Filter the timeline: kind:leak,raid unit:viper1 agency:ngo cell:excon"),
    Binding("v", "cycle_cell", "Cell", id="replay.cycle_cell",
            tooltip="Show all events, only the trainee cell's, or only ground truth (EXCON)"),
    Binding("c", "clear_filter", "Clear", id="replay.clear_filter", show=False,
            tooltip="Show every event again"),
    Binding("s", "show_tab('score')", "Score", id="replay.score_card",
            tooltip="The score card; pick an objective, then an event behind its rating"),
    Binding("m", "show_tab('moment')", "Moment", id="replay.moment",
            tooltip="The selected event, and what the cell knew beside what was true"),
    Binding("n", "note", "Note", id="replay.note",
            tooltip="Write an instructor note on the selected event (kept beside the log)"),
    Binding("right,l", "scrub(60)", "+1h", id="replay.hour_on", key_display="→",
            tooltip="One hour of exercise time on"),
    Binding("left,h", "scrub(-60)", "-1h", id="replay.hour_back", key_display="←",
            tooltip="One hour of exercise time back"),
    Binding("shift+right,L", "scrub(1440)", "+1d", id="replay.day_on", key_display="L",
            tooltip="One day of exercise time on"),
    Binding("shift+left,H", "scrub(-1440)", "-1d", id="replay.day_back", key_display="H",
            tooltip="One day of exercise time back"),
    Binding("F", "fork", "What if", id="replay.fork",
            tooltip="What if: play on from the selected moment as a new exercise (a new "
                    "journal that names this one; compare them with cpx replay A --compare B)"),
    Binding("f1,question_mark", "help", "Help", id="replay.help", key_display="?",
            tooltip="List every key and what it does"),
    Binding("q,ctrl+q", "quit", "Quit", id="replay.quit",
            tooltip="Leave the replay; notes are already saved"),
]

"""Every key of the play UI, declared once.

Screens use these lists as their ``BINDINGS``; the help screen and the command palette
are generated from the same lists, so a key, its description and its tooltip are
never written twice. Every binding has an ``id`` (so a keymap can remap it) and a
``tooltip`` (the one-line explanation shown in the help and the palette).
"""

from __future__ import annotations

from textual.binding import Binding

APP_KEYS: list[Binding] = [
    Binding("f1,question_mark", "app.help", "Help", id="app.help",
            tooltip="List every key and what it does", key_display="?"),
    Binding("ctrl+q", "app.quit_exercise", "Quit", id="app.quit",
            tooltip="Leave cpx; the journal is already on disk and can be resumed"),
]

BRIEFING_KEYS: list[Binding] = [
    Binding("enter", "start", "Start the exercise", id="briefing.start",
            tooltip="Close the briefing and open the command post"),
]

COMMAND_POST_KEYS: list[Binding] = [
    Binding("space", "toggle_pause", "Pause", id="clock.pause",
            tooltip="Pause the exercise clock or run it again; paused, sim time stands still"),
    Binding("plus,equals_sign", "faster", "Faster", id="clock.faster", key_display="+",
            tooltip="Run the clock faster (×1, ×10, ×60, ×600)"),
    # show=False keeps the 80-column footer short enough for ENDEX and Help; the
    # briefing's 'how to play', the help and the palette still list these keys.
    Binding("minus", "slower", "Slower", id="clock.slower", key_display="-", show=False,
            tooltip="Run the clock slower"),
    Binding("n", "next_message", "Next", id="clock.next_message",
            tooltip="Advance sim time to the next message for the cell"),
    # priority: the focus moves to the line before the keys typed right after ':' are
    # delivered (a fast typist's ':surveil' lost its letters to the feed otherwise);
    # the screen's check_action lets ':' and 'o' through while the line has the focus.
    Binding("colon,o", "focus_order", "Order", id="orders.command_line", key_display=":",
            priority=True,
            tooltip="Type an order on the command line, e.g. 'surveil <unit> <target>'"),
    Binding("f", "order_form", "Form", id="orders.form",
            tooltip="Give an order through a form: pick the verb, the unit and the target"),
    Binding("s", "cycle_filter", "Source", id="feed.filter",
            tooltip="Show only messages from one kind of source; press again for the next"),
    Binding("u", "next_unread", "Unread", id="feed.next_unread", show=False,
            tooltip="Move to the next unread message in the feed"),
    Binding("1", "panel('feed')", "Feed", id="panel.feed", show=False,
            tooltip="Show the message feed and the message detail"),
    Binding("2", "panel('units')", "Units", id="panel.units", show=False,
            tooltip="Show the unit board: status, location, task and ETA of every unit"),
    Binding("3", "panel('intel')", "Intel", id="panel.intel", show=False,
            tooltip="Show the intelligence picture: people, places, links, routes"),
    Binding("4", "panel('cases')", "Cases", id="panel.cases", show=False,
            tooltip="Show the case files: evidence, strength and warrants per suspect"),
    Binding("5", "panel('victims')", "Victims", id="panel.victims", show=False,
            tooltip="Show the people met: identified, referred and their status"),
    Binding("6", "panel('map')", "Map", id="panel.map", show=False,
            tooltip="Show the region map with known venues and unit positions"),
    Binding("E", "endex", "ENDEX", id="exercise.endex", key_display="E",
            tooltip="End the exercise now (asks first) and open the debrief"),
]

DEBRIEF_KEYS: list[Binding] = [
    Binding("q,escape", "app.quit", "Leave", id="debrief.quit",
            tooltip="Leave cpx; the journal path and replay command are shown here"),
]

MODAL_KEYS: list[Binding] = [
    Binding("escape", "dismiss_modal", "Close", id="modal.close",
            tooltip="Close this window without doing anything"),
]


def first_key(binding: Binding) -> str:
    """The key a user reads for ``binding`` (its display, else its first key)."""
    return binding.key_display or binding.key.split(",")[0]

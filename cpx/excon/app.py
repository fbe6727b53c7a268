"""The EXCON console (``cpx excon``) and the evaluator console (``cpx evaluate``).

A Textual client of ``cpx serve``: the MSEL with each inject's state, ground truth,
every cell's orders and picture, and the feed of every event. EXCON steers — pause,
resume, speed for all; hold, release, fire, adjudicate — from keys and a command line
(:mod:`cpx.excon.commands`). An evaluator sees the same, read-only, and records
observations. Everything goes through the server, which checks the seat's role.

Keys: 1–5 tabs (MSEL, truth, cells, feed, objectives); in the MSEL, h holds and r
releases the selected inject, f fires the selected library inject (listed below the
MSEL) or opens a live one to type; a adjudicates, o observes, : opens the command line;
space pauses or runs the clock for everyone, + and - change its speed.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Input, RichLog, Static, TabbedContent, TabPane

from cpx.excon.commands import EVALUATOR_HELP, EXCON_HELP, CommandError, parse
from cpx.excon.link import Link
from cpx.excon.views import cells_text, event_line, msel_rows, objectives_text, truth_text

SPEEDS = (1.0, 10.0, 60.0, 600.0)
REFRESH = 2.0
"""Seconds between two reads of the MSEL and ground truth."""


class ExconConsole(App):
    """``ExconConsole(url, token)``: the console of an EXCON or evaluator seat."""

    TITLE = "cpx EXCON"
    CSS = """
    #status { height: 1; background: $boost; padding: 0 1; }
    #answer { height: 2; padding: 0 1; color: $text-muted; }
    #command { height: 3; }
    TabbedContent { height: 1fr; }
    TabPane { height: 1fr; padding: 0; }
    DataTable { height: 1fr; }
    #detail { height: 3; padding: 0 1; background: $boost; }
    #truth, #cells { padding: 0 1; }
    """
    BINDINGS = [
        Binding("space", "toggle_clock", "Pause/run"),
        Binding("plus,equals_sign", "faster", "Faster", key_display="+"),
        Binding("minus", "slower", "Slower", key_display="-"),
        Binding("h", "hold", "Hold"),
        Binding("r", "release", "Release"),
        Binding("f", "fire", "Fire"),
        Binding("a", "prefill('rule ')", "Adjudicate"),
        Binding("o", "prefill('observe ')", "Observe"),
        Binding("colon", "prefill('')", "Command", key_display=":"),
        Binding("1", "tab('msel')", "MSEL", show=False),
        Binding("2", "tab('truth')", "Truth", show=False),
        Binding("3", "tab('cells')", "Cells", show=False),
        Binding("4", "tab('feed')", "Feed", show=False),
        Binding("5", "tab('objectives')", "Objectives", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, url: str, token: str) -> None:
        super().__init__()
        self.url = url
        self.token = token
        self.link = Link(url, token, self._server_message)
        self.role = "?"
        self.clock: dict[str, Any] = {}
        self.injects: list[dict[str, Any]] = []
        self.truth: dict[str, Any] = {}
        self.closed = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static("connecting…", id="status", markup=False)
        with TabbedContent(initial="msel"):
            with TabPane("1 MSEL", id="msel"):
                yield DataTable(id="msel-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="detail", markup=False)
            with TabPane("2 Truth", id="truth-tab"):
                with VerticalScroll():
                    yield Static("", id="truth", markup=False)
            with TabPane("3 Cells", id="cells-tab"):
                with VerticalScroll():
                    yield Static("", id="cells", markup=False)
            with TabPane("4 Feed", id="feed"):
                yield RichLog(id="feed-log", max_lines=2000, wrap=False, markup=False)
            with TabPane("5 Objectives", id="objectives-tab"):
                with VerticalScroll():
                    yield Static("", id="objectives", markup=False)
        yield Input(placeholder="command (: ) — " + EXCON_HELP, id="command", select_on_focus=False)
        yield Static("", id="answer", markup=False)
        yield Footer()

    async def on_mount(self) -> None:
        table = self.query_one("#msel-table", DataTable)
        table.add_columns("state", "when", "inject", "to", "expected", "text")
        table.focus()  # before joining: keys pressed meanwhile must not lose a later focus
        welcome = await self.link.open()
        self.role = welcome["role"]
        self.clock = welcome
        self.sub_title = f"{welcome['scenario']['title']} — seat {welcome['seat']} ({self.role})"
        if self.role == "evaluator":
            self.title = "cpx evaluator"
            self.query_one("#command", Input).placeholder = "observe — " + EVALUATOR_HELP
        self._show_status()
        self.listen()
        await self.link.send({"type": "subscribe", "since": 0})
        self.refresh_loop()

    @work(exclusive=True, group="listen")
    async def listen(self) -> None:
        await self.link.listen()

    @work(exclusive=True, group="refresh")
    async def refresh_loop(self) -> None:
        while not self.closed:
            await self.reload()
            await asyncio.sleep(REFRESH)

    async def reload(self) -> None:
        """Read the MSEL and ground truth again and redraw them."""
        if self.closed:
            return
        msel = await self.link.request({"type": "msel"})
        if msel.get("type") == "msel":
            self.clock.update(now=msel["now"], clock=msel["clock"])
            self._show_status()
            # the library's injects not fired yet, below the MSEL: select one and press f
            on_call = [{**item, "state": "library", "clock": "on call", "expected": "",
                        "source": "library"}
                       for item in msel["library"] if not item["fired"]]
            self.injects = msel["injects"] + on_call
            self._draw_msel()
        truth = await self.link.request({"type": "truth"})
        if truth.get("type") == "truth":
            self.truth = truth
            self.query_one("#truth", Static).update(truth_text(truth))
            self.query_one("#cells", Static).update(cells_text(truth))
            self.query_one("#objectives", Static).update(objectives_text(truth))

    def _draw_msel(self) -> None:
        table = self.query_one("#msel-table", DataTable)
        row = table.cursor_row
        table.clear()
        for values in msel_rows(self.injects):
            table.add_row(*values, key=values[2])
        if self.injects:
            table.move_cursor(row=min(max(row, 0), len(self.injects) - 1))

    @on(DataTable.RowHighlighted, "#msel-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        row = event.cursor_row
        if 0 <= row < len(self.injects):
            item = self.injects[row]
            fired = f" at {item['fired_clock']}" if item.get("fired_clock") else ""
            self.query_one("#detail", Static).update(
                f"{item['id']} ({item['state']}{fired}) from {item.get('from')} by {item.get('channel')}"
                f" · expects {item.get('expected') or 'nothing'} · objective "
                f"{item.get('objective') or '—'}\n{item.get('text', '')}")

    # ------------------------------------------------------------------ server messages

    def _server_message(self, message: dict[str, Any]) -> None:
        try:
            self._show_message(message)
        except NoMatches:
            pass  # the console is closing: its widgets are gone

    def _show_message(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "events":
            log = self.query_one("#feed-log", RichLog)
            for event in message["events"]:
                log.write(event_line(event))
            if message["events"]:
                self.clock["clock"] = message["events"][-1].get("clock", self.clock.get("clock"))
            self._show_status()
        elif kind in ("clock", "pong"):
            self.clock.update(message)
            self._show_status()
        elif kind == "error":
            self._answer(f"error: {message.get('message')}")
        elif kind == "closed":
            self.closed = True
            self._answer("the server closed the connection; press q to leave")

    def _show_status(self) -> None:
        c = self.clock
        state = "ENDEX" if c.get("finished") else "PAUSED" if c.get("paused") else "running"
        role = "EXCON" if self.role == "excon" else "EVALUATOR (read-only)" if self.role == "evaluator" else self.role
        self.query_one("#status", Static).update(
            f"{role} · {c.get('clock', '')} · {state} · ×{c.get('speed', 0):g} · {self.url}")

    def _answer(self, text: str) -> None:
        self.query_one("#answer", Static).update(text)

    # ------------------------------------------------------------------ actions

    async def run_command(self, line: str) -> None:
        """Send what the command line says and show the answer."""
        try:
            message = parse(line, self.role)
        except CommandError as error:
            self._answer(str(error))
            return
        if message["type"] == "control":
            await self.link.send(message)
            self._answer(f"clock: {message['action']}")
            return
        answer = await self.link.request(message)
        if answer.get("type") == "error":
            self._answer(f"refused: {answer.get('message')}")
        elif answer.get("accepted"):
            what = "observation recorded" if message["type"] == "observe" else "done"
            self._answer(f"{what} at {answer.get('clock')}: {line}")
            await self.reload()
        else:
            self._answer(f"refused: {answer.get('reason')}")

    @on(Input.Submitted, "#command")
    async def _submitted(self, event: Input.Submitted) -> None:
        line = event.value.strip()
        event.input.value = ""
        if line:
            await self.run_command(line)
        self.query_one("#msel-table", DataTable).focus()

    def _selected(self) -> str | None:
        table = self.query_one("#msel-table", DataTable)
        if not self.injects or table.cursor_row < 0:
            return None
        return msel_rows(self.injects)[table.cursor_row][2]

    async def action_hold(self) -> None:
        if (inject := self._selected()) is not None:
            await self.run_command(f"hold {inject}")

    async def action_release(self) -> None:
        if (inject := self._selected()) is not None:
            await self.run_command(f"release {inject}")

    def action_fire(self) -> None:
        """``fire ID`` for a selected library inject, else a live inject to type."""
        table = self.query_one("#msel-table", DataTable)
        row = table.cursor_row
        if table.has_focus and 0 <= row < len(self.injects) and \
                self.injects[row].get("source") == "library":
            self.action_prefill(f"fire {self.injects[row]['id']}")
        else:
            self.action_prefill("fire ")

    def action_prefill(self, text: str) -> None:
        box = self.query_one("#command", Input)
        box.value = text
        box.cursor_position = len(text)
        box.focus()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = {"truth": "truth-tab", "cells": "cells-tab",
                                                  "objectives": "objectives-tab"}.get(tab, tab)

    async def action_toggle_clock(self) -> None:
        await self.run_command("resume" if self.clock.get("paused") else "pause")

    async def action_faster(self) -> None:
        await self._step_speed(+1)

    async def action_slower(self) -> None:
        await self._step_speed(-1)

    async def _step_speed(self, step: int) -> None:
        speed = float(self.clock.get("speed", 1.0))
        ladder = sorted(set(SPEEDS) | {speed})
        index = min(max(ladder.index(speed) + step, 0), len(ladder) - 1)
        await self.run_command(f"speed {ladder[index]:g}")

    async def action_quit(self) -> None:
        self.closed = True
        self.workers.cancel_group(self, "refresh")  # no request after the link is closed
        await self.link.close()
        self.exit(0)

"""``cpx play --connect``: the real command post as a seat of a real ``cpx serve``.

The app is driven through Pilot; the server is a real process on a free localhost port;
a network cut is a real TCP relay the test stops and starts again.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import threading
import time

import pytest

from cpx.tui.remote_app import RemotePlayApp
from cpx.tui.remote_session import RemoteSession
from cpx.tui.widgets.feed import MessageFeed
from tests.server.conftest import Server, ask, join

ORDER = "surveil tut_surveillance bar_nightingale"


@pytest.fixture
def server(tmp_path):
    """The tutorial served paused: the test lets the clock run when it wants."""
    served = Server(["tutorial", "--seed", "5", "--speed", "120", "--paused"], tmp_path)
    yield served
    assert served.stop() == 0


def run_clock(server, seconds: float) -> None:
    """EXCON runs the clock for ``seconds`` of real time, then pauses it."""
    with join(server.url, server.token("excon")) as (excon, _):
        ask(excon, {"type": "control", "action": "resume"}, "clock")
        time.sleep(seconds)
        ask(excon, {"type": "control", "action": "pause"}, "clock")


def orders_in(journal) -> list[dict]:
    return [line for line in map(json.loads, journal.read_text().splitlines())
            if line.get("type") == "order"]


async def type_order(pilot, line: str) -> None:
    await pilot.press("colon", *["space" if c == " " else c for c in line], "enter")


async def settle(pilot, until, timeout: float = 30.0) -> None:
    """Let the app run (its timer absorbs what the server sent) until ``until()``."""
    deadline = time.monotonic() + timeout
    while not until():
        assert time.monotonic() < deadline, "the app did not get there in time"
        await pilot.pause(0.1)


def feed_of(app) -> list[str]:
    """The feed's lines as the trainee reads them (time, sender, text)."""
    if app.command_post is None:
        return []
    items = app.command_post.query_one(MessageFeed).items
    return [f"{i.when} {i.sender} {i.kind}" for i in items]


def test_a_wrong_token_is_one_line_and_exit_1(server):
    done = subprocess.run([sys.executable, "-m", "cpx.cli", "play", "--connect", server.url,
                           "--token", "wrong-token-wrong-token"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == ["cpx play: refused: the token is wrong or missing"]


def test_no_server_and_a_non_player_token_are_one_line_and_exit_1(server, tmp_path):
    done = subprocess.run([sys.executable, "-m", "cpx.cli", "play", "--connect",
                           "ws://127.0.0.1:9", "--token", "x" * 20],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("cpx play: refused: cannot connect to ws://127.0.0.1:9")
    # A good token of another role is no player's: the seat refuses it with the role,
    # and `cpx play` hands the token to that role's console (`cpx excon`) rather than
    # exiting, since the EXCON console was merged (so no subprocess here: it would run
    # the console).
    from cpx.tui.remote_app import other_console
    from cpx.tui.remote_session import SeatRefused

    with pytest.raises(SeatRefused, match="evaluator seat's, not a player's") as refused:
        RemoteSession(server.url, server.token("evaluator"))
    assert refused.value.role == "evaluator"
    assert other_console("evaluator") == ["excon"]


async def test_the_command_post_plays_a_served_exercise_and_rejoins_as_it_was(server):
    token = server.token("player")
    session = RemoteSession(server.url, token)
    app = RemotePlayApp(server.url, session, tick_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")  # the briefing: the same as offline
        await settle(pilot, lambda: app.command_post is not None)
        await type_order(pilot, ORDER)
        status = str(app.command_post.query_one("#order-status").render())
        assert "accepted" in status, status
        # the order reached the server's journal, stamped with the cell and sim time
        order = orders_in(server.journal())[-1]
        assert order["order"]["target"] == "bar_nightingale" and order["result"]["accepted"]
        # the clock is EXCON's: space says so and changes nothing
        paused_at = app.driver.now
        await pilot.press("space")
        assert app.driver.clock.paused and app.driver.now == paused_at
        await asyncio.to_thread(run_clock, server, 1.5)
        await settle(pilot, lambda: app.driver.now > paused_at)
        await settle(pilot, lambda: any("HAWK 1" in line for line in feed_of(app)))
        before_feed = feed_of(app)
        before_picture = app.driver.picture()
        await pilot.press("ctrl+q")
    assert not session.connected
    # meanwhile the exercise goes on
    await asyncio.to_thread(run_clock, server, 1.0)
    again = RemoteSession(server.url, token)
    app = RemotePlayApp(server.url, again, tick_seconds=0.1)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot, lambda: app.command_post is not None
                     and len(feed_of(app)) >= len(before_feed))
        assert feed_of(app)[:len(before_feed)] == before_feed
        picture = app.driver.picture()
        assert [o["id"] for o in picture["orders"]] == [o["id"] for o in before_picture["orders"]]
        assert picture["now"] >= before_picture["now"]
        await pilot.press("ctrl+q")
    again.close()


class Relay:
    """A TCP relay on a fixed free port to the server: stopping it cuts the network."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: socket.socket | None = None
        self._pipes: list[socket.socket] = []

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                near, _ = listener.accept()
            except OSError:
                return
            far = socket.create_connection(("127.0.0.1", self.target))
            self._pipes += [near, far]
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        """Stop listening and drop every connection through the relay."""
        if self._listener is not None:
            try:  # wakes the thread blocked in accept(); close() alone would not on Linux
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._listener.close()
            self._listener = None
        for pipe in self._pipes:
            try:
                pipe.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            pipe.close()
        self._pipes = []


async def test_a_network_cut_rejoins_by_itself_and_misses_nothing(server):
    relay = Relay(int(server.url.rsplit(":", 1)[1]))
    relay.start()
    url = f"ws://127.0.0.1:{relay.port}"
    session = RemoteSession(url, server.token("player"))
    app = RemotePlayApp(url, session, tick_seconds=0.1)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await settle(pilot, lambda: app.command_post is not None)
            seen = len(session.events_since(0))
            relay.cut()
            await settle(pilot, lambda: not session.connected)
            assert "rejoining" in session.status()
            await asyncio.to_thread(run_clock, server, 1.5)  # the exercise goes on
            relay.start()
            await settle(pilot, lambda: session.connected and session.rejoins == 1)
            with join(server.url, server.token("player")) as (direct, _):
                direct.send(json.dumps({"type": "subscribe", "since": 0}))
                truth: list[dict] = []
                while True:
                    try:
                        message = json.loads(direct.recv(timeout=1.5))
                    except TimeoutError:
                        break
                    truth.extend(message.get("events", []))
            await settle(pilot, lambda: len(session.events_since(0)) >= len(truth))
            events = session.events_since(0)
            assert len(truth) > seen, "the clock ran while the link was cut"
            assert [(e.t, e.kind, e.payload) for e in events] == [
                (e["t"], e["kind"], e["payload"]) for e in truth]
            await pilot.press("ctrl+q")
    finally:
        relay.cut()
        session.close()

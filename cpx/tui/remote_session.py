"""A seat of a served exercise (``cpx play --connect URL``): the CellSession over WebSocket.

The server (``cpx serve``) owns the exercise, its journal and its clock; this client
joins with the seat's token, reads the public parts of the scenario (briefing, map,
units), follows its cell's event stream and builds the cell's picture from it by the
same fold the engine uses (:class:`cpx.engine.picture.Picture`, which reads nothing but
the cell's events and the public map). Orders go to the server and wait for its answer.

A background thread keeps the connection: it reads every message, pings once a second
(the header's clock is the server's, re-synced each time), and when the link drops —
the server restarted, the network cut, nothing heard for :data:`SILENCE` seconds — it
rejoins with the same token and subscribes from the number after the last event it
has, so the picture is as it was and nothing is missed. No Textual here.
"""

from __future__ import annotations

import json
import logging
import ssl
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from cpx.engine.orders import Order, OrderResult
from cpx.errors import CpxError
from cpx.journal.events import Event

_log = logging.getLogger("cpx.play.remote")

PING_EVERY = 1.0
"""Seconds between two pings (each re-syncs the clock shown in the header)."""
SILENCE = 6.0
"""Seconds without any message from the server after which the link counts as cut."""
ANSWER_TIMEOUT = 15.0
"""Seconds an order waits for the server's answer."""
RETRY_MAX = 5.0
"""Longest pause between two attempts to rejoin."""


class SeatRefused(CpxError):
    """The server refused to seat us (wrong token, wrong protocol) or cannot be reached."""

    def __init__(self, message: str, role: str | None = None) -> None:
        super().__init__(message, "Refused")
        self.role = role
        """The seat's role when the token was good but not a player's."""


class RemoteClock:
    """The server's clock as the header shows it; EXCON steers it, the seat cannot.

    Same face as :class:`cpx.tui.clock.ExerciseClock` (``paused``, ``label``, ``speed``);
    ``toggle``/``faster``/``slower`` change nothing."""

    def __init__(self) -> None:
        self.paused = True
        self.speed = 1.0
        """Sim minutes per real second, as the server counts it."""
        self.finished = False

    @property
    def label(self) -> str:
        """``EXCON paused`` or ``EXCON ×600`` (sim seconds per real second, as offline)."""
        if self.finished:
            return "ENDEX"
        return "EXCON paused" if self.paused else f"EXCON ×{self.speed * 60:g}"

    def toggle(self) -> bool:
        return self.paused

    def faster(self) -> float:
        return self.speed

    def slower(self) -> float:
        return self.speed

    def advance(self, now: int, wall_seconds: float) -> int:
        return now


def ssl_context(url: str, cafile: str | None) -> ssl.SSLContext | None:
    """The TLS context for a ``wss://`` URL (trusting ``cafile`` too, for a self-signed
    certificate); None for ``ws://``."""
    if not url.startswith("wss://"):
        if cafile:
            raise CpxError("--cafile is for a wss:// address", "Conflicting options")
        return None
    context = ssl.create_default_context()
    if cafile:
        try:
            context.load_verify_locations(cafile=cafile)
        except (OSError, ssl.SSLError) as error:
            raise CpxError(f"cannot read {cafile}: {error}", "Bad --cafile") from None
    return context


class RemoteSession:
    """One player seat of a served exercise, as the command post's CellSession."""

    steerable = False
    resumed = False
    journal_path: Path | None = None
    writer = None
    scenario_path = None

    def __init__(self, url: str, token: str, cafile: str | None = None,
                 timeout: float = 30.0) -> None:
        self.url = url
        self._token = token
        self._ssl = ssl_context(url, cafile)
        self._timeout = timeout
        self._send_lock = threading.Lock()
        self._lock = threading.Lock()
        self._ws: Any = None
        self._closed = threading.Event()
        self._events: list[Event] = []
        self._answers: dict[str, dict[str, Any]] = {}
        self._waiting: dict[str, threading.Event] = {}
        self._refs = 0
        self.clock = RemoteClock()
        self._end = 0
        self._now = 0
        self._synced_at = time.monotonic()
        self._heard_at = time.monotonic()
        self.connected = False
        self.rejoins = 0
        """How many times the link was lost and the seat rejoined."""
        self.note = ""
        """A line under the briefing (offline, a "what if" branch's origin): none here."""
        welcome = self._join()
        self.welcome = welcome
        self.seat = welcome["seat"]
        self.cell = welcome["cell"]
        if welcome.get("role") != "player":
            role = welcome.get("role")
            self._drop()
            raise SeatRefused(f"this token is the {role} seat's, not a player's "
                              f"(cpx play is a player's command post)", role=role)
        self.scenario = self._read_scenario()
        from cpx.engine.picture import Picture

        self._picture = Picture(self.cell, SimpleNamespace(scenario=self.scenario))
        self._send({"type": "subscribe", "since": 0})
        self._thread = threading.Thread(target=self._run, name="cpx-seat", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ joining
    def _join(self) -> dict[str, Any]:
        """Connect and say hello; the welcome, or :class:`SeatRefused` with the reason."""
        from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
        from websockets.sync.client import connect

        from cpx.server.protocol import PROTOCOL

        try:
            ws = connect(self.url, open_timeout=self._timeout, ssl=self._ssl, max_size=None,
                         close_timeout=2).__enter__()  # long-lived: closed by _drop()
        except (OSError, InvalidURI, InvalidHandshake, TimeoutError, ValueError) as error:
            raise SeatRefused(f"cannot connect to {self.url}: {_why(error)}") from None
        try:
            ws.send(json.dumps({"type": "hello", "protocol": PROTOCOL, "token": self._token}))
            answer = json.loads(ws.recv(timeout=self._timeout))
        except (ConnectionClosed, TimeoutError, ValueError, OSError):
            ws.close()
            raise SeatRefused(f"{self.url} closed the connection without a welcome") from None
        if not isinstance(answer, dict) or answer.get("type") != "welcome":
            ws.close()
            reason = answer.get("message") if isinstance(answer, dict) else None
            raise SeatRefused(reason or "the server sent no welcome")
        self._ws = ws
        self.connected = True
        self._heard_at = time.monotonic()
        self._clock_from(answer)
        return answer

    def _read_scenario(self) -> Any:
        from websockets.exceptions import ConnectionClosed

        from cpx.server.public_scenario import scenario_from_public

        self._send({"type": "scenario"})
        deadline = time.monotonic() + self._timeout
        try:
            while time.monotonic() < deadline:
                message = json.loads(self._ws.recv(timeout=max(0.1, deadline - time.monotonic())))
                if message.get("type") == "scenario":
                    return scenario_from_public(message["scenario"])
                if message.get("type") == "error":
                    raise SeatRefused(message.get("message", "the server refused"))
                self._dispatch(message)
        except (ConnectionClosed, TimeoutError, ValueError, KeyError) as error:
            self._drop()
            raise SeatRefused(f"the server did not send the scenario: {_why(error)}") from None
        raise SeatRefused("the server did not send the scenario")

    # --------------------------------------------------------------- the link
    def _run(self) -> None:
        """Read, ping and rejoin until closed."""
        from websockets.exceptions import ConnectionClosed

        pause = 0.2
        last_ping = 0.0
        while not self._closed.is_set():
            ws = self._ws
            if ws is None:
                try:
                    self._join()
                    # from the number after the last event this seat has: nothing twice
                    self._send({"type": "subscribe", "since": len(self._events)})
                    self.rejoins += 1
                    pause = 0.2
                except SeatRefused as error:
                    _log.info("rejoin failed: %s", error.message)
                    self._closed.wait(pause)
                    pause = min(pause * 2, RETRY_MAX)
                continue
            now = time.monotonic()
            if now - last_ping >= PING_EVERY:
                last_ping = now
                self._send({"type": "ping"})
            if now - self._heard_at > SILENCE:
                _log.info("nothing heard for %.0f s: the link counts as cut", SILENCE)
                self._drop()
                continue
            try:
                raw = ws.recv(timeout=0.2)
            except TimeoutError:
                continue
            except (ConnectionClosed, OSError):
                self._drop()
                continue
            self._heard_at = time.monotonic()
            try:
                self._dispatch(json.loads(raw))
            except (ValueError, KeyError, TypeError) as error:  # a server fault: log, go on
                _log.warning("unreadable message from the server: %s", error)

    def _drop(self) -> None:
        """The link is gone: close what is left of it; the thread rejoins."""
        ws, self._ws = self._ws, None
        self.connected = False
        if ws is not None:
            try:
                ws.close()
            except Exception:  # noqa: BLE001 - closing a dead socket may fail in many ways
                pass
        for flag in list(self._waiting.values()):
            flag.set()  # an order waiting for its answer learns the link is down

    def _send(self, message: dict[str, Any]) -> bool:
        from websockets.exceptions import ConnectionClosed

        ws = self._ws
        if ws is None:
            return False
        try:
            with self._send_lock:
                ws.send(json.dumps(message, ensure_ascii=False))
            return True
        except (ConnectionClosed, OSError):
            return False

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "events":
            with self._lock:
                for item in message["events"]:
                    n = int(item["n"])
                    if n != len(self._events):
                        continue  # seen already (a rejoin overlaps): each event once
                    event = Event(int(item["t"]), n, item["kind"], self.cell, item["payload"])
                    self._events.append(event)
                    self._picture.apply(event)
            self._sync(int(message.get("now", self._now)))
        elif kind in ("clock", "pong"):
            self._clock_from(message)
        elif kind in ("order_result", "message_result") or (
                kind == "error" and message.get("ref") in self._waiting):
            ref = message.get("ref")
            if ref in self._waiting:
                self._answers[ref] = message
                self._waiting[ref].set()
        elif kind == "error":
            _log.warning("the server refused a message: %s", message.get("message"))

    def _clock_from(self, message: dict[str, Any]) -> None:
        self.clock.paused = bool(message.get("paused", True))
        self.clock.speed = float(message.get("speed", 1.0))
        self.clock.finished = bool(message.get("finished", False))
        self._end = int(message.get("end", self._end))
        self._sync(int(message.get("now", self._now)))

    def _sync(self, now: int) -> None:
        self._now = max(self._now, now)
        self._synced_at = time.monotonic()

    # ------------------------------------------------------------ CellSession
    @property
    def now(self) -> int:
        """The server's sim time, carried forward at its speed between two syncs."""
        if self.clock.paused or self.clock.finished:
            return self._now
        ahead = self.clock.speed * (time.monotonic() - self._synced_at)
        return min(self._now + int(min(ahead, self.clock.speed * PING_EVERY * 2)), self._end)

    @property
    def end(self) -> int:
        return self._end

    @property
    def finished(self) -> bool:
        return self.clock.finished

    def events_since(self, n: int) -> list[Event]:
        with self._lock:
            return self._events[n:]

    def picture(self) -> dict[str, Any]:
        with self._lock:
            picture = self._picture.as_dict()
        picture["now"] = self.now
        return picture

    def submit(self, order: Order) -> OrderResult:
        """Send ``order`` and wait for the server's answer (the server stamps its time)."""
        return self._ask(
            {"type": "order", "order": order.to_dict()},
            not_sent="not connected to the exercise: the order was not given; give it again "
                     "once the header says connected",
            unanswered="no answer from the server: the order may or may not have been given; "
                       "look at the Orders board before giving it again")

    @property
    def cells(self) -> list[str]:
        """The exercise's player cells, as the server's welcome named them."""
        return list((self.welcome or {}).get("cells") or [self.cell])

    def send_message(self, to: str, text: str) -> OrderResult:
        """Send a message to cell ``to`` and wait for the server's answer."""
        return self._ask(
            {"type": "message", "to": to, "text": text},
            not_sent="not connected to the exercise: the message was not sent; send it again "
                     "once the header says connected",
            unanswered="no answer from the server: the message may or may not have been sent")

    def _ask(self, message: dict[str, Any], not_sent: str, unanswered: str) -> OrderResult:
        """Send ``message`` with a fresh ref and wait for its answer or error; ``not_sent``
        and ``unanswered`` say what became of it when there is no answer."""
        self._refs += 1
        ref = f"r{self._refs}"
        flag = self._waiting[ref] = threading.Event()
        try:
            if not self._send({**message, "ref": ref}):
                return OrderResult(False, not_sent, None)
            if not flag.wait(ANSWER_TIMEOUT) or ref not in self._answers:
                return OrderResult(False, unanswered, None)
            answer = self._answers.pop(ref)
        finally:
            self._waiting.pop(ref, None)
        if answer.get("type") == "error":
            return OrderResult(False, f"the server refused it: {answer.get('message')}", None)
        return OrderResult(bool(answer["accepted"]), answer.get("reason") or "",
                           answer.get("order_id") or answer.get("message_id"))

    def advance_to(self, minute: int) -> None:
        """The server runs the clock."""

    def step(self) -> list[Event]:
        return []

    def entry_grounds(self, order: Order) -> str:
        return ""  # the order desk is on the server; it says why when it refuses

    def status(self) -> str:
        """The seat and whether the link is up, for the header."""
        return f"seat {self.seat}" if self.connected else "link lost: rejoining…"

    def flush(self) -> None:
        """The server journals every order before it answers: nothing to do here."""

    def close(self, reason: str = "closed") -> None:
        """Leave the seat (the exercise goes on; the token rejoins it)."""
        self._closed.set()
        self._drop()

    def discard(self) -> None:
        self.close()


def _why(error: BaseException) -> str:
    """A short reason for a failed connection (no traceback)."""
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text.rstrip(".")

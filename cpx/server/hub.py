"""The server: one exercise session, its real-time clock, and the seats connected to it.

Everything runs in one asyncio loop, so the engine is only ever touched from one place:
the clock task advances it, and orders are given between two advances at the sim time
the exercise has reached (what the journal records and a replay re-gives).

What a seat receives is decided here, by its token's seat and nothing the client says:
a player seat gets the events of its own cell, numbered in that cell's stream; EXCON and
evaluators get every event.
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from cpx.journal.events import EXCON, Event
from cpx.server import protocol
from cpx.server.protocol import PROTOCOL, ProtocolError
from cpx.server.seats import Seat, find_seat
from cpx.session import ExerciseSession

TICK = 0.1
"""Real seconds between two advances of the clock."""

MAX_ERRORS = 50
"""A seat that sends this many refused messages is disconnected (policy violation)."""


@dataclass(eq=False)
class Client:
    """One connected, authenticated seat."""

    ws: ServerConnection
    seat: Seat
    view: str
    """The stream it follows: its cell for a player; any cell or ``excon`` for the others."""
    cursor: int = 0
    """The number of the next event of its view it has not been sent."""
    subscribed: bool = False
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Hub:
    """Serves ``session`` to ``seats``; the clock runs at ``speed`` sim minutes per real second."""

    def __init__(self, session: ExerciseSession, seats: list[Seat], speed: float = 1.0,
                 paused: bool = False) -> None:
        self.session = session
        self.seats = seats
        self.speed = float(speed)
        self.paused = paused
        self.clients: set[Client] = set()
        self._target = float(session.now)
        self._ended_told = False
        # When each event was produced (wall clock, by global seq), so a seat can measure
        # how long an event took to reach it: the load benchmark's figure.
        self._produced: list[float] = [0.0] * len(session.exercise.events)
        session.exercise.listen(self._stamp)
        self.drift = 0.0
        """How far the exercise lags behind the clock it should keep (sim minutes)."""

    def _stamp(self, _event: Event) -> None:
        self._produced.append(time.time())

    # ------------------------------------------------------------------ serving

    async def serve(self, host: str, port: int, ready: Any = None, ssl: Any = None) -> None:
        """Serve until cancelled; ``ready(port)`` is called once listening.

        ``ssl`` (an :class:`ssl.SSLContext` with the server's certificate) serves wss://."""
        async with serve(self.handle, host, port, max_size=protocol.HARD_MAX_MESSAGE,
                         ssl=ssl) as server:
            bound = server.sockets[0].getsockname()[1] if server.sockets else port
            if ready is not None:
                ready(bound)
            await self.run_clock()

    async def run_clock(self) -> None:
        """Advance the exercise in real time until cancelled."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(TICK)
            now = loop.time()
            elapsed, last = now - last, now
            if self.paused or self.session.finished:
                self._target = float(self.session.now)
                continue
            self._target = min(self._target + self.speed * elapsed, float(self.session.end))
            if int(self._target) > self.session.now:
                self.session.advance_to(int(self._target))
                await self.push_all()
                if self.session.finished and not self._ended_told:
                    self._ended_told = True
                    self.session.flush()
                    await self.tell_clock()
            self.drift = self._target - self.session.now

    async def handle(self, ws: ServerConnection) -> None:
        """One connection: hello first, then requests until it closes."""
        client = None
        try:
            client = await self._greet(ws)
            if client is None:
                return
            errors = 0
            async for raw in ws:
                try:
                    await self._serve_message(client, protocol.parse(raw))
                except ProtocolError as error:
                    errors += 1
                    await self._send(client, error.message(_ref(raw)))
                    if errors >= MAX_ERRORS:
                        await ws.close(1008, "too many refused messages")
                        return
        except ConnectionClosed:
            pass
        finally:
            if client is not None:
                self.clients.discard(client)

    async def _greet(self, ws: ServerConnection) -> Client | None:
        try:
            raw = await asyncio.wait_for(ws.recv(), timeout=30)
        except asyncio.TimeoutError:
            await ws.close(4408, "no hello")
            return None
        try:
            hello = protocol.parse(raw)
            if hello["type"] != "hello":
                raise ProtocolError("hello_first")
            seat = find_seat(self.seats, hello.get("token"))
            if seat is None:
                raise ProtocolError("bad_token")
        except ProtocolError as error:
            await ws.send(protocol.dump(error.message()))
            await ws.close(4401, error.code)
            return None
        client = Client(ws, seat, seat.cell)
        self.clients.add(client)
        if seat.role == "player":
            # the cell's player is here: the engine stops playing it (journaled)
            from cpx.session.control import take_cell

            if take_cell(self.session.exercise, seat.cell, seat.seat):
                await self.push_all()
        await self._send(client, {
            "type": "welcome", "protocol": PROTOCOL, "seat": seat.seat, "role": seat.role,
            "cell": seat.cell, "cells": self.session.cells,
            "scenario": self._scenario(), **self._clock(),
        })
        return client

    async def _serve_message(self, client: Client, message: dict[str, Any]) -> None:
        kind = message["type"]
        ref = message.get("ref")
        if kind == "hello":
            raise ProtocolError("bad_message", "already joined")
        if kind == "ping":
            await self._send(client, {"type": "pong", **self._clock()})
        elif kind == "scenario":
            from cpx.server.public_scenario import public_scenario

            await self._send(client, {"type": "scenario", "cell": client.seat.cell,
                                      "scenario": public_scenario(
                                          self.session.exercise.scenario, client.seat.cell)})
        elif kind == "subscribe":
            view = message.get("cell", client.view if client.subscribed else client.seat.cell)
            if client.seat.role == "player" and view != client.seat.cell:
                raise ProtocolError("forbidden", "a player seat sees only its own cell")
            if view != EXCON and view not in self.session.cells:
                raise ProtocolError("bad_message", "no such cell")
            async with client.lock:
                client.view = view
                client.cursor = min(message.get("since", 0), self.session.count(view))
                client.subscribed = True
            await self.push(client)
        elif kind == "order":
            if client.seat.role != "player":
                raise ProtocolError("forbidden", "only a player seat gives orders")
            try:
                answer = self.session.submit(message["order"], client.seat.cell)
            except Exception as error:  # noqa: BLE001 - an engine fault must not end the exercise
                print(f"cpx serve: an order failed in the engine: {error!r}", file=sys.stderr)
                raise ProtocolError("internal") from None
            reply = {"type": "order_result", **answer, "clock": self.session.clock(answer["t"])}
            if ref is not None:
                reply["ref"] = ref
            await self._send(client, reply)
            await self.push_all()
        elif kind == "message":
            await self._message(client, message, ref)
        elif kind in ("excon", "observe", "msel", "truth"):
            from cpx.server import excon_desk  # EXCON and evaluator seats

            await excon_desk.serve(self, client, message)
        elif kind == "control":
            if client.seat.role != "excon":
                raise ProtocolError("forbidden", "only the EXCON seat steers the clock")
            action = message["action"]
            from cpx.server.excon_desk import note_clock  # journaled with its author

            note_clock(self, client, message)
            if action == "pause":
                self.paused = True
                self.session.flush()
            elif action == "resume":
                self.paused = False
            else:
                self.speed = float(message["speed"])
            await self.tell_clock()

    async def _message(self, client: Client, message: dict[str, Any], ref: Any) -> None:
        """A player cell's message to another cell: journaled, then both cells (and
        EXCON) get their ``cell.message`` event; a refused one is an error, unjournaled."""
        if client.seat.role != "player":
            raise ProtocolError("forbidden", "only a player seat sends messages to cells")
        try:
            answer = self.session.send_message(client.seat.cell, message["to"], message["text"])
        except Exception as error:  # noqa: BLE001 - an engine fault must not end the exercise
            print(f"cpx serve: a message failed in the engine: {error!r}", file=sys.stderr)
            raise ProtocolError("internal") from None
        if not answer["accepted"]:
            # the reason names only the cells, which every seat is told at welcome
            raise ProtocolError("bad_message", answer["reason"])
        reply = {"type": "message_result", "accepted": True, "message_id": answer["order_id"],
                 "to": message["to"], "t": answer["t"], "clock": self.session.clock(answer["t"])}
        if ref is not None:
            reply["ref"] = ref
        await self._send(client, reply)
        await self.push_all()

    # ------------------------------------------------------------------ sending

    async def push_all(self) -> None:
        """Send every subscribed seat the events of its view it has not had yet."""
        # Seats of one cell are usually at the same place in its stream: the message is
        # built and serialised once for all of them (20 seats, one JSON text).
        built: dict[tuple[str, int, bool], tuple[str, int] | None] = {}
        await asyncio.gather(*(self.push(c, built) for c in list(self.clients) if c.subscribed))

    async def push(self, client: Client,
                   built: dict[tuple[str, int, bool], tuple[str, int] | None] | None = None
                   ) -> None:
        """Send ``client`` its view's events from its cursor on (one message)."""
        async with client.lock:
            full = client.seat.role != "player"
            key = (client.view, client.cursor, full)
            if built is None or key not in built:
                fresh = self.session.events_since(client.view, client.cursor)
                text = None
                if fresh:
                    body = {"type": "events", "view": client.view, "now": self.session.now,
                            "produced": self._produced_at(fresh[0][1].seq),
                            "events": [self._event(n, e, full) for n, e in fresh]}
                    text = (protocol.dump(body), fresh[-1][0] + 1)
                if built is None:
                    built = {}
                built[key] = text
            message = built[key]
            if message is None:
                return
            text, client.cursor = message
            try:
                await client.ws.send(text)
            except ConnectionClosed:
                self.clients.discard(client)

    async def tell_clock(self) -> None:
        """Tell every seat the clock's state (after EXCON changed it, at ENDEX)."""
        body = {"type": "clock", **self._clock()}
        await asyncio.gather(*(self._send(c, body) for c in list(self.clients)))

    async def _send(self, client: Client, body: dict[str, Any]) -> None:
        try:
            await client.ws.send(protocol.dump(body))
        except ConnectionClosed:
            self.clients.discard(client)

    def _event(self, n: int, event: Event, full: bool) -> dict[str, Any]:
        # a player's event carries no global seq nor visibility: their gaps would count
        # the ground-truth events it may not see
        item = {"n": n, "t": event.t, "clock": self.session.clock(event.t), "kind": event.kind,
                "payload": event.payload}
        if full:
            item["seq"] = event.seq
            item["visibility"] = event.visibility
        return item

    def _produced_at(self, seq: int) -> float | None:
        """When the event ``seq`` was produced (epoch seconds); None before this server."""
        stamp = self._produced[seq] if 0 <= seq < len(self._produced) else 0.0
        return round(stamp, 4) if stamp else None

    def _clock(self) -> dict[str, Any]:
        return {"now": self.session.now, "clock": self.session.clock(), "end": self.session.end,
                "paused": self.paused, "speed": self.speed, "finished": self.session.finished}

    def _scenario(self) -> dict[str, Any]:
        meta = self.session.exercise.scenario.meta
        return {"id": meta.id, "title": meta.title}


def _ref(raw: str | bytes) -> Any:
    """The ``ref`` of a refused message, if it can be read cheaply and safely."""
    if len(raw) > protocol.MAX_MESSAGE:
        return None
    try:
        import json

        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return data.get("ref") if isinstance(data, dict) else None

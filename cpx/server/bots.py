"""Bot seats: clients that join a served exercise as a player cell and give orders.

A bot is what the load benchmark (benchmarks/serve_load.py) puts in twenty seats, and a
way to fill a seat in a rehearsal. It joins with a player token, reads the public parts
of the scenario, follows its cell's stream and folds it into the cell's picture (the
engine's own :class:`~cpx.engine.picture.Picture`, as the terminal seat does), and every
``order_every`` real seconds gives one plausible order from what its cell knows:

* surveil a venue the cell knows, with an available surveillance unit;
* task an informant its own unit handles;
* request a warrant against a suspect whose case is strong enough;
* interview a person met, with an available interview unit.

The server decides (a refused order is answered with its reason, as for a trainee).
The bot records, for every events message, how long after the server produced its
oldest event it arrived (``produced`` in the message): the load figure.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np

from cpx.server.protocol import PROTOCOL

WARRANT_STRENGTH = 0.5
"""Case strength from which a bot asks for a warrant."""


@dataclass
class BotStats:
    """What one bot saw and did."""

    events: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    """Per event received: its arrival minus when the server produced it (ms)."""
    orders: int = 0
    accepted: int = 0
    answers_ms: list[float] = field(default_factory=list)
    messages: int = 0
    """Messages sent to other cells (several cells: one action in five)."""
    errors: list[str] = field(default_factory=list)


class Bot:
    """One player seat played by a simple policy (see the module's docstring)."""

    def __init__(self, url: str, token: str, *, seed: int = 0, order_every: float = 2.0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.url = url
        self.token = token
        self.order_every = order_every
        self.ssl = ssl_context
        self.rng = np.random.default_rng(seed)
        self.stats = BotStats()
        self.cell = ""
        self.others: list[str] = []
        """The other player cells, which this bot writes to now and then."""
        self.picture: Any = None
        self.scenario: Any = None
        self._answers: dict[str, asyncio.Future] = {}
        self._refs = 0

    async def run(self, stop: asyncio.Event, quiet: asyncio.Event | None = None) -> BotStats:
        """Play until ``stop`` is set (giving no more orders once ``quiet`` is); the stats."""
        quiet = quiet or stop
        from websockets.asyncio.client import connect

        async with connect(self.url, ssl=self.ssl, max_size=None) as ws:
            await ws.send(json.dumps({"type": "hello", "protocol": PROTOCOL, "token": self.token}))
            welcome = json.loads(await ws.recv())
            if welcome.get("type") != "welcome" or welcome.get("role") != "player":
                raise RuntimeError(f"bot refused: {welcome.get('message', welcome)}")
            self.cell = welcome["cell"]
            self.others = [c for c in welcome.get("cells", ()) if c != self.cell]
            await ws.send(json.dumps({"type": "scenario"}))
            while True:
                message = json.loads(await ws.recv())
                if message["type"] == "scenario":
                    break
            from cpx.engine.picture import Picture
            from cpx.server.public_scenario import scenario_from_public

            self.scenario = scenario_from_public(message["scenario"])
            self.picture = Picture(self.cell, SimpleNamespace(scenario=self.scenario))
            await ws.send(json.dumps({"type": "subscribe", "since": 0}))
            reader = asyncio.create_task(self._read(ws))
            try:
                while not quiet.is_set():
                    try:
                        await asyncio.wait_for(quiet.wait(), timeout=self._pause())
                    except asyncio.TimeoutError:
                        await self._order(ws)
                await stop.wait()  # still reading what the server sends
            finally:
                reader.cancel()
        return self.stats

    def _pause(self) -> float:
        # spread the bots' orders out rather than all at once
        return float(self.rng.uniform(0.5, 1.5) * self.order_every)

    async def _read(self, ws: Any) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for raw in ws:
                arrived = time.time()
                message = json.loads(raw)
                kind = message["type"]
                if kind == "events":
                    produced = message.get("produced")
                    for item in message["events"]:
                        self.stats.events += 1
                        if produced:
                            self.stats.latencies_ms.append((arrived - produced) * 1000)
                        from cpx.journal.events import Event

                        self.picture.apply(Event(item["t"], item["n"], item["kind"], self.cell,
                                                 item["payload"]))
                elif (kind in ("order_result", "message_result", "error")
                      and message.get("ref") in self._answers):
                    self._answers.pop(message["ref"]).set_result(message)
                elif kind == "error":
                    self.stats.errors.append(message.get("code", "?"))
        except ConnectionClosed:
            pass

    async def _order(self, ws: Any) -> None:
        self._refs += 1
        ref = f"b{self._refs}"
        if self.others and self.rng.random() < 0.2:
            # a word to another cell, as liaison officers do
            wire = {"type": "message", "ref": ref, "to": self._pick(self.others),
                    "text": f"{self.cell}: situation report {self._refs}, nothing urgent."}
            self.stats.messages += 1
        else:
            order = self.choose()
            if order is None:
                return
            wire = {"type": "order", "ref": ref, "order": order}
        answer = asyncio.get_running_loop().create_future()
        self._answers[ref] = answer
        sent = time.perf_counter()
        await ws.send(json.dumps(wire))
        try:
            result = await asyncio.wait_for(answer, timeout=30)
        except asyncio.TimeoutError:
            self._answers.pop(ref, None)
            self.stats.errors.append("no_answer")
            return
        self.stats.answers_ms.append((time.perf_counter() - sent) * 1000)
        self.stats.orders += 1
        if result.get("type") in ("order_result", "message_result") and result.get("accepted"):
            self.stats.accepted += 1

    # ------------------------------------------------------------------ policy
    def choose(self) -> dict[str, Any] | None:
        """One plausible order from the cell's picture, or None when nothing fits."""
        from cpx.engine.picture import TOWN_KINDS

        picture = self.picture
        own = [u for a in self.scenario.agencies if a.player_cell == self.cell for u in a.units]
        status = {uid: u.get("status", "available") for uid, u in picture.units.items()}
        free = [u for u in own if status.get(u.id, "available") == "available"]

        def able(capability: str) -> list[Any]:
            return [u for u in free if capability in u.capabilities]

        options: list[dict[str, Any]] = []
        venues = sorted(pid for pid, p in picture.places.items() if p["kind"] not in TOWN_KINDS)
        if venues and able("surveillance"):
            options.append({"verb": "surveil", "unit": self._pick(able("surveillance")).id,
                            "target": self._pick(venues)})
        handled = [inf for inf in self.scenario.informants
                   if any(inf.handler == u.id for u in free)]
        if handled:
            informant = self._pick(handled)
            options.append({"verb": "task_informant", "unit": informant.handler,
                            "target": informant.id})
        strong = sorted(s for s, case in picture.cases.items()
                        if case["strength"] >= WARRANT_STRENGTH and not case["warrant"])
        if strong and able("investigation"):
            options.append({"verb": "request_warrant", "unit": self._pick(able("investigation")).id,
                            "target": self._pick(strong)})
        met = sorted(picture.victims)
        if met and able("interview"):
            options.append({"verb": "interview", "unit": self._pick(able("interview")).id,
                            "target": self._pick(met)})
        return self._pick(options) if options else None

    def _pick(self, items: list[Any]) -> Any:
        return items[int(self.rng.integers(len(items)))]

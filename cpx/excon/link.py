"""The EXCON console's connection to ``cpx serve``: join with a token, ask, and listen.

:func:`probe` checks a token before any screen is drawn (a refused seat gets one clear
line and exit 1). :class:`Link` is the live connection inside the console: requests
carry a ``ref`` and their answer comes back to the caller; everything else (events,
clock) goes to the listener.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any, Callable

PROTOCOL = 1


class Refused(Exception):
    """The server would not seat us (bad token, unreachable, another protocol)."""


def _hello(token: str) -> str:
    return json.dumps({"type": "hello", "protocol": PROTOCOL, "token": token})


def _welcome_or_refusal(raw: Any, url: str) -> dict[str, Any]:
    try:
        answer = json.loads(raw)
    except (TypeError, ValueError):
        raise Refused(f"{url} did not answer as a cpx server") from None
    if answer.get("type") == "error":
        raise Refused(f"{url} refused the seat: {answer.get('message', answer.get('code'))}")
    if answer.get("type") != "welcome":
        raise Refused(f"{url} did not answer as a cpx server")
    return answer


def probe(url: str, token: str, timeout: float = 15) -> dict[str, Any]:
    """The server's welcome for ``token``, or :class:`Refused` with a one-line reason."""
    from websockets.exceptions import ConnectionClosed, InvalidURI, WebSocketException
    from websockets.sync.client import connect

    try:
        with connect(url, open_timeout=timeout, max_size=None) as ws:
            ws.send(_hello(token))
            return _welcome_or_refusal(ws.recv(timeout=timeout), url)
    except Refused:
        raise
    except InvalidURI:
        raise Refused(f"{url} is not a WebSocket address (ws://HOST:PORT)") from None
    except ConnectionClosed:
        raise Refused(f"{url} closed the connection before seating us") from None
    except (OSError, TimeoutError, WebSocketException) as error:
        raise Refused(f"cannot reach {url}: {getattr(error, 'strerror', None) or error}") from None


class Link:
    """A joined seat: :meth:`request` answers by ``ref``; the rest goes to ``listener``."""

    def __init__(self, url: str, token: str, listener: Callable[[dict[str, Any]], None]) -> None:
        self.url = url
        self.token = token
        self.listener = listener
        self.welcome: dict[str, Any] = {}
        self._ws: Any = None
        self._refs = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}

    async def open(self) -> dict[str, Any]:
        """Connect and join; the welcome."""
        from websockets.asyncio.client import connect

        self._ws = await connect(self.url, max_size=None, open_timeout=15)
        await self._ws.send(_hello(self.token))
        self.welcome = _welcome_or_refusal(await self._ws.recv(), self.url)
        return self.welcome

    async def listen(self) -> None:
        """Read every message until the connection closes."""
        from websockets.exceptions import ConnectionClosed

        try:
            async for raw in self._ws:
                message = json.loads(raw)
                future = self._waiting.pop(message.get("ref"), None) if "ref" in message else None
                if future is not None and not future.done():
                    future.set_result(message)
                else:
                    self.listener(message)
        except ConnectionClosed:
            pass
        finally:
            for future in self._waiting.values():
                if not future.done():
                    future.set_result({"type": "error", "code": "closed",
                                       "message": "the server closed the connection"})
            self.listener({"type": "closed"})

    async def request(self, message: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
        """Send ``message`` and wait for the answer that carries its ``ref``."""
        from websockets.exceptions import ConnectionClosed

        ref = next(self._refs)
        future = asyncio.get_running_loop().create_future()
        self._waiting[ref] = future
        try:
            await self._ws.send(json.dumps({**message, "ref": ref}))
        except ConnectionClosed:
            self._waiting.pop(ref, None)
            return {"type": "error", "code": "closed", "message": "the connection is closed"}
        try:
            return await asyncio.wait_for(future, timeout)
        except asyncio.TimeoutError:
            self._waiting.pop(ref, None)
            return {"type": "error", "code": "timeout", "message": "no answer from the server"}

    async def send(self, message: dict[str, Any]) -> None:
        """Send without waiting for an answer (subscribe, clock control)."""
        from websockets.exceptions import ConnectionClosed

        try:
            await self._ws.send(json.dumps(message))
        except ConnectionClosed:
            self.listener({"type": "error", "code": "closed",
                           "message": "the connection is closed"})

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

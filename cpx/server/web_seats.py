"""Browser seats: ``cpx serve --web PORT`` serves the command post to a browser.

textual-serve runs one ``cpx play --connect`` process per browser tab and draws its
terminal in the page. The page asks for the seat's token (the app's join screen), or
takes it from the address (``http://host:PORT/?token=…``): the token then goes to that
tab's process in its environment, through a one-time ticket in the page's WebSocket
address, never on a command line nor in the WebSocket's URL. A token of an EXCON or
evaluator seat opens that seat's console in the same page once ``cpx excon`` exists.

Needs the ``web`` extra (``pip install "cpx[web]"``).
"""

from __future__ import annotations

import secrets
import shlex
import ssl
import sys
import time
from typing import Any

from cpx.errors import CpxError

TICKET_LIFE = 120.0
"""Seconds a page's ticket stays valid (the page opens its WebSocket at once)."""


def play_command(seat_url: str, cafile: str | None = None) -> str:
    """The shell command textual-serve runs for one browser tab (this interpreter's cpx)."""
    words = [sys.executable, "-m", "cpx.cli", "play", "--connect", seat_url]
    if cafile:
        words += ["--cafile", cafile]
    return shlex.join(words)


def make_web_server(seat_url: str, host: str, port: int, *, cafile: str | None = None,
                    tls: bool = False, title: str = "cpx — command post") -> Any:
    """A textual-serve server for the seats of the exercise at ``seat_url``."""
    try:
        from aiohttp import web
        from textual_serve.app_service import AppService
        from textual_serve.server import Server
    except ImportError:
        raise CpxError('--web needs textual-serve: pip install "cpx[web]"',
                       "Browser seats not installed") from None

    class SeatAppService(AppService):
        """One tab's ``cpx play`` process, with its token (if the address gave one)."""

        def __init__(self, *args: Any, token: str | None = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._token = token

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            environment = super()._build_environment(width=width, height=height)
            environment.pop("CPX_TOKEN", None)  # never the server's own environment's
            if self._token:
                environment["CPX_TOKEN"] = self._token
            return environment

    class SeatServer(Server):
        """textual-serve with a ticket per page that carries the token to its process."""

        def __init__(self) -> None:
            shown = f"[{host}]" if ":" in host else host
            super().__init__(play_command(seat_url, cafile), host=host, port=port, title=title,
                             public_url=f"{'https' if tls else 'http'}://{shown}:{port}")
            self.tickets: dict[str, tuple[str, float]] = {}

        async def on_startup(self, app: web.Application) -> None:
            """Quiet: ``cpx serve`` prints the address itself."""

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.router.add_get("/ws/{ticket}", self.handle_websocket, name="seat_websocket")
            return app

        async def handle_index(self, request: web.Request) -> Any:
            token = request.query.get("token", "").strip()
            response = await super().handle_index(request)
            if not token:
                return response
            ticket = secrets.token_urlsafe(24)
            now = time.monotonic()
            self.tickets = {k: v for k, v in self.tickets.items() if now - v[1] < TICKET_LIFE}
            self.tickets[ticket] = (token, now)
            body = response.text.replace(
                'data-session-websocket-url="' + self._ws_url(request, None) + '"',
                'data-session-websocket-url="' + self._ws_url(request, ticket) + '"')
            response.text = body
            return response

        def _ws_url(self, request: web.Request, ticket: str | None) -> str:
            router = request.app.router
            path = (router["websocket"].url_for() if ticket is None
                    else router["seat_websocket"].url_for(ticket=ticket))
            url = f"{self.public_url}{path}"
            scheme = "wss:" if self.public_url.startswith("https") else "ws:"
            return scheme + url.split(":", 1)[1]

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            ticket = request.match_info.get("ticket")
            token = None
            if ticket is not None:
                entry = self.tickets.pop(ticket, None)  # one use: a replayed address gets none
                if entry is not None and time.monotonic() - entry[1] < TICKET_LIFE:
                    token = entry[0]
            websocket = web.WebSocketResponse(heartbeat=15)
            width = _to_int(request.query.get("width", "80"), 80)
            height = _to_int(request.query.get("height", "24"), 24)
            app_service = None
            try:
                await websocket.prepare(request)
                app_service = SeatAppService(
                    self.command, write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str, close=websocket.close,
                    download_manager=self.download_manager, debug=self.debug, token=token)
                await app_service.start(width, height)
                try:
                    await self._process_messages(websocket, app_service)
                finally:
                    await app_service.stop()
            finally:
                if app_service is not None:
                    await app_service.stop()
            return websocket

    return SeatServer()


async def start_web(server: Any, ssl_context: ssl.SSLContext | None = None) -> Any:
    """Listen in the running loop (beside the seats' WebSocket); the runner, to clean up."""
    from aiohttp import web

    runner = web.AppRunner(await server._make_app(), handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, server.host, server.port, ssl_context=ssl_context)
    await site.start()
    return runner


def _to_int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default

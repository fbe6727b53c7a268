"""The seat protocol: JSON text messages, a version, and error codes (docs/protocol.md).

Everything here is pure data: parsing a client's message into a checked dict or a
:class:`ProtocolError` with a code. Nothing from the exercise goes into an error.
"""

from __future__ import annotations

import json
from typing import Any

PROTOCOL = 1
"""The protocol version; a client that says another one is refused."""

MAX_MESSAGE = 16 * 1024
"""Longest message (bytes of UTF-8) a seat may send; longer ones get ``too_large``."""

HARD_MAX_MESSAGE = 1024 * 1024
"""Beyond this the WebSocket layer closes the connection (1009) without reading it."""

CLIENT_TYPES = ("hello", "subscribe", "order", "control", "ping", "scenario",
                "excon", "observe", "msel", "truth",  # these four: cpx.server.excon_protocol
                "message")  # a cell's message to another cell
MAX_CELL_MESSAGE = 2000
"""Longest text of a cell-to-cell message (characters), as the engine takes it."""
CONTROL_ACTIONS = ("pause", "resume", "speed")
MAX_SPEED = 1440.0
"""Fastest clock EXCON may set: a sim day per real second."""

ERRORS = {
    "bad_json": "the message is not a JSON object",
    "too_large": f"the message is longer than {MAX_MESSAGE} bytes",
    "bad_message": "a field is missing or has the wrong type",
    "unknown_type": f"the type must be one of {', '.join(CLIENT_TYPES)}",
    "hello_first": "the first message must be hello",
    "bad_protocol": f"this server speaks protocol {PROTOCOL}",
    "bad_token": "the token is wrong or missing",
    "forbidden": "this seat may not do that",
    "bad_since": "since must be a whole number of at least 0",
    "internal": "the server could not do that; the exercise goes on",
}


class ProtocolError(Exception):
    """A message the server refuses: ``code`` (a key of :data:`ERRORS`) and a reason."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail or ERRORS[code]

    def message(self, ref: Any = None) -> dict[str, Any]:
        """The error message sent to the seat."""
        body: dict[str, Any] = {"type": "error", "code": self.code, "message": self.detail}
        if isinstance(ref, (str, int)) and not isinstance(ref, bool):
            body["ref"] = ref
        return body


def parse(raw: str | bytes) -> dict[str, Any]:
    """A client's message as a checked dict, or :class:`ProtocolError`."""
    if isinstance(raw, str):
        size = len(raw.encode("utf-8", "surrogatepass"))
    else:
        size = len(raw)
    if size > MAX_MESSAGE:
        raise ProtocolError("too_large")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError("bad_json") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_json")
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        raise ProtocolError("unknown_type")
    if kind == "hello":
        if data.get("protocol") != PROTOCOL:
            raise ProtocolError("bad_protocol")
        if not isinstance(data.get("token"), str):
            raise ProtocolError("bad_token")
    elif kind == "subscribe":
        since = data.get("since", 0)
        if not isinstance(since, int) or isinstance(since, bool) or since < 0:
            raise ProtocolError("bad_since")
        if "cell" in data and not isinstance(data["cell"], str):
            raise ProtocolError("bad_message", "cell must be a string")
    elif kind == "order":
        if not isinstance(data.get("order"), dict):
            raise ProtocolError("bad_message", "order must be an object")
    elif kind == "control":
        action = data.get("action")
        if action not in CONTROL_ACTIONS:
            raise ProtocolError("bad_message", f"action must be one of {', '.join(CONTROL_ACTIONS)}")
        if action == "speed":
            speed = data.get("speed")
            if (not isinstance(speed, (int, float)) or isinstance(speed, bool)
                    or not 0 < speed <= MAX_SPEED):
                raise ProtocolError("bad_message", f"speed must be a number above 0, at most {MAX_SPEED:g}")
    elif kind == "message":
        if not isinstance(data.get("to"), str):
            raise ProtocolError("bad_message", "to must name a player cell")
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ProtocolError("bad_message", "a message needs some text")
        if len(text) > MAX_CELL_MESSAGE:
            raise ProtocolError("bad_message",
                                f"a message is at most {MAX_CELL_MESSAGE} characters")
    elif kind in ("excon", "observe"):
        from cpx.server.excon_protocol import check

        check(data)
    return data


def dump(message: dict[str, Any]) -> str:
    """A server message as JSON text."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))

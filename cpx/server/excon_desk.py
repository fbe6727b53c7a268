"""The server's side of EXCON and evaluator seats: their messages, answered from the session.

Called by :class:`cpx.server.hub.Hub` for the message types of
:mod:`cpx.server.excon_protocol`. The seat's role comes from its token, never from
what it says; a player seat is refused before anything is read from the exercise.
Actions and observations are journaled (and fsync'ed) before their answer is sent.
"""

from __future__ import annotations

import sys
from typing import Any

from cpx.server.excon_protocol import allowed
from cpx.server.protocol import ProtocolError
from cpx.session import control


async def serve(hub: Any, client: Any, message: dict[str, Any]) -> None:
    """Answer one ``excon``, ``observe``, ``msel`` or ``truth`` message."""
    kind = message["type"]
    allowed(kind, client.seat.role)
    session = hub.session
    exercise = session.exercise
    ref = message.get("ref")
    try:
        if kind == "excon":
            answer = control.excon_action(exercise, message["action"], client.seat.seat)
            reply = {"type": "excon_result", **answer, "clock": session.clock(answer["t"])}
        elif kind == "observe":
            answer = control.observe(exercise, message["observation"], client.seat.seat)
            reply = {"type": "observe_result", **answer, "clock": session.clock(answer["t"])}
        elif kind == "msel":
            reply = {"type": "msel", "now": session.now, "clock": session.clock(),
                     "injects": control.msel(exercise), "library": control.library(exercise)}
        else:
            reply = {"type": "truth", **control.truth(exercise)}
    except ProtocolError:
        raise
    except Exception as error:  # noqa: BLE001 - an engine fault must not end the exercise
        print(f"cpx serve: an EXCON request failed in the engine: {error!r}", file=sys.stderr)
        raise ProtocolError("internal") from None
    if ref is not None:
        reply["ref"] = ref
    await hub._send(client, reply)
    if kind == "excon" and reply.get("accepted"):
        await hub.push_all()


def note_clock(hub: Any, client: Any, message: dict[str, Any]) -> None:
    """Journal EXCON's pause, resume or speed change (an ``excon`` line with its author)."""
    action: dict[str, Any] = {"do": "clock", "clock": message["action"]}
    if message["action"] == "speed":
        action["speed"] = message["speed"]
    control.excon_action(hub.session.exercise, action, client.seat.seat)

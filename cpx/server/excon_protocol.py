"""The seat protocol's EXCON and evaluator messages (docs/protocol.md): pure data checks.

``excon`` (an EXCON action: hold, release, fire, adjudicate) is for the EXCON seat only;
``observe`` (an observation on a critical task) for evaluator seats only; ``msel`` and
``truth`` (the MSEL with each inject's state; ground truth, every cell's orders and
picture) for both. A player seat asking for any of them gets ``forbidden``, never data.
"""

from __future__ import annotations

from typing import Any

from cpx.server.protocol import ProtocolError

EXCON_TYPES = ("excon", "observe", "msel", "truth")
"""Message types a seat may send beyond the core ones (cpx.server.protocol)."""

ROLES_FOR = {"excon": ("excon",), "observe": ("evaluator",),
             "msel": ("excon", "evaluator"), "truth": ("excon", "evaluator")}
"""Which seat roles may send each of these messages."""


def check(data: dict[str, Any]) -> None:
    """Raise :class:`ProtocolError` if an EXCON or evaluator message is malformed."""
    kind = data["type"]
    if kind == "excon" and not isinstance(data.get("action"), dict):
        raise ProtocolError("bad_message", "action must be an object with 'do'")
    if kind == "observe" and not isinstance(data.get("observation"), dict):
        raise ProtocolError("bad_message",
                            "observation must be an object {objective, task, rating, note}")


def allowed(kind: str, role: str) -> None:
    """Raise ``forbidden`` unless a seat of ``role`` may send a ``kind`` message."""
    if role not in ROLES_FOR[kind]:
        who = " and ".join(ROLES_FOR[kind])
        raise ProtocolError("forbidden", f"only the {who} seat{'s' if kind in ('msel', 'truth') else ''} "
                            f"may send {kind}")

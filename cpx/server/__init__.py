"""One exercise served to seats over WebSocket: tokens, cells, roles (DESIGN.md §2).

:mod:`cpx.server.seats` makes and keeps the seats file, :mod:`cpx.server.protocol` the
messages and error codes (docs/protocol.md), :mod:`cpx.server.hub` the server itself.
"""

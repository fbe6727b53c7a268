"""Seats of a served exercise: who may join, as what, with which secret token.

The seats file is JSON, mode 0600 (it holds the tokens), a list of
``{"seat", "role", "cell", "token"}``. A player seat's ``cell`` is its player cell;
EXCON and evaluators see everything (``cell`` is ``excon``). A resumed server reads the
same file, so seats rejoin with the same tokens.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from cpx.errors import CpxError
from cpx.journal.events import EXCON
from cpx.safe_files import open_regular, write_output

ROLES = ("player", "excon", "evaluator")


@dataclass(frozen=True)
class Seat:
    """One seat: its name, role, the cell whose events it sees, and its token."""

    seat: str
    role: str
    cell: str
    token: str


def make_seats(cells: list[str], evaluators: int = 1) -> list[Seat]:
    """One player seat per cell, one EXCON seat and ``evaluators`` evaluator seats."""

    def token() -> str:
        return secrets.token_urlsafe(32)

    seats = [Seat(f"player-{cell}", "player", cell, token()) for cell in cells]
    seats.append(Seat("excon", "excon", EXCON, token()))
    seats.extend(Seat(f"evaluator-{n}", "evaluator", EXCON, token())
                 for n in range(1, evaluators + 1))
    return seats


def write_seats(path: Path, seats: list[Seat], *, force: bool = False) -> Path:
    """Write the seats file (mode 0600, atomically; an existing file only with ``force``)."""
    text = json.dumps([asdict(s) for s in seats], indent=2) + "\n"
    return write_output(path, text, force=force, mode=0o600)


def load_seats(path: Path, cells: list[str]) -> list[Seat]:
    """The seats of an existing seats file, checked against the exercise's cells."""
    try:
        with open_regular(path, "seats file") as handle:
            if os.fstat(handle.fileno()).st_mode & 0o077:
                raise CpxError(f"{path} may be read by others; chmod 600 {path}", "Seats file")
            data = json.loads(handle.read())
    except (OSError, ValueError) as error:
        raise CpxError(f"cannot read seats file {path}: {error}", "Seats file") from None
    seats = []
    try:
        for item in data:
            seat = Seat(str(item["seat"]), str(item["role"]), str(item["cell"]), str(item["token"]))
            if seat.role not in ROLES or (seat.role == "player" and seat.cell not in cells):
                raise ValueError(f"seat {seat.seat!r}: bad role or cell")
            if len(seat.token) < 16:
                raise ValueError(f"seat {seat.seat!r}: token too short")
            seats.append(seat)
    except (TypeError, KeyError, ValueError) as error:
        raise CpxError(f"{path} is not a seats file: {error}", "Seats file") from None
    return seats


def find_seat(seats: list[Seat], token: object) -> Seat | None:
    """The seat whose token is ``token``, compared in constant time; None if none."""
    if not isinstance(token, str) or not token:
        return None
    found = None
    for seat in seats:
        if hmac.compare_digest(seat.token.encode(), token.encode()):
            found = seat
    return found

"""How much of a journal can be trusted, said once for every command that reads one.

``cpx replay --verify`` prints it as its first verdict; ``cpx score`` and ``cpx report``
put it at the top of the card and the report when a journal is damaged or unfinished
(:func:`banner`), so a rating taken from part of a journal never passes for one taken
from the whole: "rated on lines 1–480 of 967, damaged at line 481".
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cpx.journal.reader import JournalError, JournalReader
from cpx.safe_files import open_regular

INCOMPLETE = ("incomplete", "truncated")
"""Problems that mean the journal was cut short (at or inside its last line), not altered."""


def count_lines(path: str | os.PathLike[str]) -> int:
    """Lines in the file at ``path``, a last one without its newline included (streamed)."""
    count = 0
    last = b"\n"
    with open_regular(path, "journal (.jsonl)") as handle:
        while chunk := handle.read(1 << 22):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def state_of(problem: JournalError | None, total_lines: int) -> str:
    """``intact``, ``incomplete`` (cut short at its end) or ``damaged``."""
    if problem is None:
        return "intact"
    if problem.why in INCOMPLETE and problem.line_no >= total_lines:
        return "incomplete"
    return "damaged"


@dataclass(frozen=True)
class Integrity:
    """How many lines of a journal are intact, and why not more."""

    total_lines: int
    """Lines in the file (a last line without its newline counts)."""
    intact_lines: int
    """Lines 1…N that were read and used."""
    damage_line: int | None = None
    """The first line that cannot be trusted (None: the whole journal is intact)."""
    reason: str = ""
    """What is wrong at ``damage_line``."""
    why: str = ""
    """A short code (``tampered``, ``truncated``, ``incomplete`` …)."""

    @property
    def state(self) -> str:
        """``intact``, ``incomplete`` (cut short at its end) or ``damaged``."""
        if self.damage_line is None:
            return "intact"
        if self.why in INCOMPLETE and self.damage_line >= self.total_lines:
            return "incomplete"
        return "damaged"

    def banner(self) -> str | None:
        """The line at the top of a card or report on this journal; None when intact."""
        if self.damage_line is None:
            return None
        rated = (f"rated on lines 1–{self.intact_lines} of {self.total_lines}"
                 if self.intact_lines else f"nothing rated (0 of {self.total_lines} lines intact)")
        if self.state == "incomplete":
            return (f"UNFINISHED JOURNAL: {rated}; line {self.damage_line}: "
                    f"{self.reason}. Ratings cover only what was journaled.")
        return (f"DAMAGED JOURNAL: {rated}, damaged at line {self.damage_line} "
                f"({self.reason}). Ratings cover only the intact lines and may "
                "be wrong; check it with cpx replay LOG --verify.")

    def to_dict(self) -> dict:
        return {
            "state": self.state,
            "total_lines": self.total_lines,
            "intact_lines": self.intact_lines,
            "damage": None if self.damage_line is None
            else {"line": self.damage_line, "why": self.why or None, "message": self.reason},
        }


def check_integrity(path: str | os.PathLike[str]) -> Integrity:
    """Read the chain of the journal at ``path`` line by line (no re-simulation)."""
    reader = JournalReader(path, strict=False)
    intact = sum(1 for _ in reader)
    problem = reader.problem
    if problem is None:
        return Integrity(count_lines(path), intact)
    return Integrity(count_lines(path), intact, problem.line_no, problem.reason, problem.why)

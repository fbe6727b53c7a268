"""A problem found in a scenario file, located at a line and column, and the error that carries them.

Every check (reading the bytes, parsing YAML, the schema, the meaning) reports the
same :class:`Problem`, printed the way compilers print theirs,
``FILE:LINE:COL: path.to.field: message``, so editors and terminals can jump to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from cpx.errors import CpxError

PathPart = str | int
"""One step of a path into the file: a key (str) or a list index (int)."""


def format_path(parts: Sequence[PathPart]) -> str:
    """Write a path the way a director reads it: ``network.members[3].roles[0]``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a scenario file."""

    file: str
    """The file as the user named it."""
    line: int
    """1-based line of the offending text (1 when the problem is the whole file)."""
    column: int
    """1-based column of the offending text."""
    path: str
    """Where in the scenario, e.g. ``network.members[3].roles[0]``; empty for the whole file."""
    message: str
    """What is wrong and, where we can tell, how to fix it."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of ``cpx validate --json``."""
        return {"line": self.line, "column": self.column, "path": self.path, "message": self.message}


def sort_problems(problems: Sequence[Problem]) -> list[Problem]:
    """Problems in file order, duplicates (same place, same message) dropped."""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.file, p.line, p.column, p.path, p.message))


class ScenarioError(CpxError):
    """A scenario file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(str(problem) for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun}:\n{lines}", title=f"Scenario {file} cannot be used")

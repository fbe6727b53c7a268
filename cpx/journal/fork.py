""""What if": a journal that branches off another at a moment, and comparing branches.

A fork is a new exercise that starts where another (its *parent*) stood at a moment
``at`` (sim minutes since STARTEX) and is played on from there. Its journal is an
ordinary journal whose header also holds::

    "fork": {"at": 1800,
             "parent": {"path": "runs/a.jsonl", "header_sha256": "…",
                        "prefix_sha256": "…", "lines": 412}}

``header_sha256`` is the hash of the parent's header line and ``prefix_sha256`` that of
the parent's last line before the moment: by the parent's hash chain it vouches for
every line before it, so the fork names exactly the history it inherited. The fork's
own lines up to the moment are those same ``lines - 1`` records (orders and events,
every field but ``prev``), re-simulated from the parent's scenario, seed and orders
(:func:`cpx.session.fork.fork_exercise`), so ``cpx replay FORK --verify`` checks a fork
like any journal: from its own header and the orders it holds.

The moment is a point *before* anything at ``at`` happened: the parent's orders given
before ``at`` and its events before ``at`` are inherited; an order the parent gave at
``at`` itself is the first thing the branch may do differently.

:func:`compare` reads two branches of one exercise (a parent and its fork, two forks
of one parent, or two runs of the same scenario and seed) and finds where they part:
the first record that differs, and the orders each gave from there on
(``cpx replay A --compare B``). Nothing here imports the engine.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cpx.errors import CpxError
from cpx.journal.chain import line_hash
from cpx.journal.reader import (
    EndRecord,
    EventRecord,
    Header,
    OrderRecord,
    Record,
    read_prefix,
)


class ForkError(CpxError):
    """A fork that cannot be made: a moment outside the exercise, a damaged parent,
    a parent whose scenario changed. One line a user can act on."""


@dataclass(frozen=True)
class ParentPrefix:
    """The part of a parent journal a fork at ``at`` inherits."""

    path: Path
    header: Header
    records: list[Record]
    """The header, then every order and event line before the moment."""
    at: int
    reached: int
    """The last sim minute the parent journal holds."""
    lines: list[Record] = field(default_factory=list)
    """Every intact line of the parent (the header first, no end line)."""

    @property
    def orders(self) -> list[OrderRecord]:
        return [r for r in self.records if isinstance(r, OrderRecord)]

    def fork_header(self, inherited: int | None = None) -> dict[str, Any]:
        """What the fork's header says about its parent and the moment; ``inherited`` is
        how many parent lines after the header the fork holds (default: those before the
        moment; at STARTEX, the events the exercise begins with)."""
        count = len(self.records) - 1 if inherited is None else inherited
        return {
            "at": self.at,
            "parent": {
                "path": str(self.path),
                "header_sha256": line_hash(self.header.text),
                "prefix_sha256": line_hash(self.lines[count].text),
                "lines": count + 1,
            },
        }


def parent_prefix(path: str | os.PathLike[str], at: int,
                  clock: Callable[[int], str] | None = None) -> ParentPrefix:
    """The lines of the journal at ``path`` a fork at sim minute ``at`` inherits.

    Raises :class:`ForkError` for a journal that is damaged (a bad line before the
    moment: its history cannot be trusted), and for a moment before STARTEX or after the
    last moment the journal holds (the parent never got there). ``clock`` writes a sim
    minute as the trainee reads it (``D2 14:00``) in the messages.
    """
    clock = clock or (lambda t: f"{t} minutes after STARTEX")
    path = Path(path)
    if not path.is_file():
        raise ForkError(f"no journal {str(path)!r}; give the path of a .jsonl journal "
                        "written by cpx play or cpx run", "Parent not found")
    prefix = read_prefix(path)
    records = prefix.records
    if not records or not isinstance(records[0], Header):
        why = prefix.problem.reason if prefix.problem else "it has no header"
        raise ForkError(f"{path} is damaged: {why}", "Damaged parent")
    # a journal cut short (no end line, or a last line half-written by a crash) is fine
    # up to its last whole line; any other bad line means its history cannot be trusted
    if prefix.problem is not None and prefix.problem.why not in ("incomplete", "truncated"):
        raise ForkError(
            f"{path} is damaged at line {prefix.problem.line_no} ({prefix.problem.reason}); "
            "a branch cannot be made from a history that cannot be trusted "
            f"(check it with: cpx replay {path} --verify)", "Damaged parent")
    reached = max((r.t for r in records if isinstance(r, (OrderRecord, EventRecord, EndRecord))),
                  default=0)
    if at < 0:
        raise ForkError("the moment is before STARTEX; pick one from D1 at STARTEX on",
                        "Moment outside the exercise")
    if at > reached:
        raise ForkError(f"{clock(at)} is after the last moment {path.name} holds "
                        f"({clock(reached)}); pick a moment up to then",
                        "Moment outside the exercise")
    inherited = [records[0]]
    for record in records[1:]:
        if isinstance(record, EndRecord) or record.t >= at:
            break
        inherited.append(record)
    lines = [r for r in records if not isinstance(r, EndRecord)]
    return ParentPrefix(path, records[0], inherited, at, reached, lines)


def body(text: str) -> dict[str, Any]:
    """A journal line's record without its chain hash: what two branches can share."""
    record = json.loads(text)
    record.pop("prev", None)
    record.pop("check", None)
    return record


# ------------------------------------------------------------------ comparing branches


@dataclass
class Branch:
    """One journal as :func:`compare` reads it."""

    path: Path
    header: Header
    records: list[Record]
    complete: bool

    @property
    def fork(self) -> dict[str, Any] | None:
        return self.header.fork


@dataclass
class Comparison:
    """Where two branches of one exercise part, and what each did from there."""

    a: Branch
    b: Branch
    relation: str
    """In words: 'B is a branch of A from D2 14:00', 'two branches of …', 'two runs …'."""
    shared: int
    """How many records (after the header) the two have in common, from the start."""
    parted_at: int | None
    """The sim minute of the first record that differs (None: identical)."""
    first: tuple[Record | None, Record | None] = (None, None)
    """The first differing record of each (None: that branch has no more records)."""
    orders_after: tuple[list[OrderRecord], list[OrderRecord]] = field(
        default_factory=lambda: ([], []))
    """The orders each branch gave from the first difference on."""


def _branch(path: str | os.PathLike[str]) -> Branch:
    path = Path(path)
    prefix = read_prefix(path)
    if not prefix.records or not isinstance(prefix.records[0], Header):
        why = prefix.problem.reason if prefix.problem else "it has no header"
        raise CpxError(f"{path} is damaged: {why}", "Damaged journal")
    return Branch(path, prefix.records[0], prefix.records, prefix.complete)


def relation(a: Branch, b: Branch, clock: Any = None) -> str:
    """How ``b`` and ``a`` are related, in words (a fork names its parent's header hash)."""
    clock = clock or (lambda t: f"minute {t}")

    def child_of(child: Branch, parent: Branch) -> bool:
        fork = child.fork or {}
        return fork.get("parent", {}).get("header_sha256") == line_hash(parent.header.text)

    if child_of(b, a):
        return f"{b.path.name} is a branch of {a.path.name} from {clock(b.fork['at'])}"
    if child_of(a, b):
        return f"{a.path.name} is a branch of {b.path.name} from {clock(a.fork['at'])}"
    pa = (a.fork or {}).get("parent", {}).get("header_sha256")
    if pa and pa == (b.fork or {}).get("parent", {}).get("header_sha256"):
        return (f"both are branches of {Path(a.fork['parent']['path']).name} "
                f"(from {clock(a.fork['at'])} and {clock(b.fork['at'])})")
    return "two runs of the same scenario and seed"


def compare(a_path: str | os.PathLike[str], b_path: str | os.PathLike[str],
            clock: Any = None) -> Comparison:
    """Read two journals of one exercise and find where they part.

    Both must be of the same scenario (digest) and seed, else :class:`CpxError`: the
    branches of a "what if" always are. Records are compared without their chain
    hashes, so a fork's inherited lines count as shared although its header differs.
    """
    a, b = _branch(a_path), _branch(b_path)
    if (a.header.scenario.sha256, a.header.seed) != (b.header.scenario.sha256, b.header.seed):
        raise CpxError(f"{a.path.name} and {b.path.name} are not branches of one exercise "
                       "(another scenario or seed); compare a journal with its forks",
                       "Not branches")
    left, right = a.records[1:], b.records[1:]
    shared = 0
    for x, y in zip(left, right):
        if body(x.text) != body(y.text):
            break
        shared += 1
    first_a = left[shared] if shared < len(left) else None
    first_b = right[shared] if shared < len(right) else None
    parted = None
    times = [r.t for r in (first_a, first_b) if r is not None]
    if times:
        parted = min(times)
    after = (
        [r for r in left[shared:] if isinstance(r, OrderRecord)],
        [r for r in right[shared:] if isinstance(r, OrderRecord)],
    )
    return Comparison(a, b, relation(a, b, clock), shared, parted, (first_a, first_b), after)

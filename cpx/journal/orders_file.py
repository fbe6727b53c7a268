"""Orders files: a scripted list of orders for ``cpx run --orders FILE``.

An orders file is YAML, a list of orders in the shape the UI submits, each with the
exercise time it is given at::

    - at: "D1 10:00"
      order: {verb: surveil, unit: vpr1, target: club_lotus}
    - at: "D2 06:00"
      cell: trainee        # with several player cells: who gives it (default the first)
      order:
        verb: raid
        unit: sia1
        target: club_lotus
        params: {support: ngo_team}

It is read like a scenario file (:mod:`cpx.scenario.source`): UTF-8 only, at most
:data:`MAX_BYTES`, plain data only (no tags run), aliases and nesting limited; each
order's verb, ids and details are checked against the verb's typed definition
(:mod:`cpx.scenario.orders`). Every problem is reported, each as
``FILE:LINE:COL: message``; the orders are returned sorted by time, orders at the same
time in the file's order.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from cpx.errors import CpxError
from cpx.scenario.orders import OrderProblem, check_order, shown
from cpx.scenario.problems import PathPart, Problem
from cpx.scenario.source import Located, SourceError, decode, parse
from cpx.scenario.timefmt import TimeFormatError, clock_to_minutes, minutes_to_clock

MAX_BYTES = 2 * 1024 * 1024
"""The largest orders file read (2 MB, as a scenario: room for the most orders a file may hold)."""
MAX_ORDERS = 10_000
"""The most orders one file may hold: a week of orders every minute of the working day
is fewer; more is a mistake or an attack, and would fill the journal for nothing."""
MAX_VALUES = 200_000
"""The most values the file may expand to through aliases."""
MAX_SHOWN = 50
"""The most problems printed (all are kept on the error)."""
_ITEM_KEYS = ("at", "order")
_OPTIONAL_KEYS = ("cell",)
_ORDER_KEYS = ("verb", "unit", "target", "params")


@dataclass(frozen=True, slots=True)
class PlannedOrder:
    """One order of an orders file: when (minutes since STARTEX) and what."""

    t: int
    at: str
    order: dict[str, Any]
    """``{verb, unit, target, params}`` in canonical form, as ``Order.from_dict`` takes it."""
    line: int
    """The file line the item starts on (1-based), for messages."""
    column: int = 1
    """The column the item starts at (1-based)."""
    file: str = "<orders>"
    """The file as the user named it."""
    cell: str | None = None
    """The player cell that gives it (``cell:`` in the file; default: the first cell)."""

    @property
    def where(self) -> str:
        """``FILE:LINE:COL`` of the item."""
        return f"{self.file}:{self.line}:{self.column}"


class OrdersFileError(CpxError):
    """An orders file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, file: str, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line, p.column, p.message))
        count = len(self.problems)
        lines = [str(problem) for problem in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            lines.append(f"… and {count - MAX_SHOWN} more")
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun}:\n" + "\n".join(lines),
                         title=f"Orders file {file} cannot be used")


def load_orders(path: str | os.PathLike[str], startex_minute_of_day: int,
                end: int | None = None) -> list[PlannedOrder]:
    """Read and check an orders file; ``startex_minute_of_day`` places ``Dn HH:MM`` times,
    ``end`` (minutes since STARTEX, e.g. ENDEX) refuses orders after it."""
    name = str(path)

    def refuse(message: str) -> OrdersFileError:
        return OrdersFileError(name, [Problem(name, 1, 1, "", message)])

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise refuse("this is not a regular file")
        if info.st_size > MAX_BYTES:
            raise refuse(f"the file is {info.st_size / 1_048_576:.1f} MB; orders files are "
                         f"limited to {MAX_BYTES // 1_048_576} MB")
        with open(path, "rb") as file:
            raw = file.read(MAX_BYTES + 1)  # a file that grows while read is still capped
    except FileNotFoundError:
        raise CpxError(f"cannot read {name}: no such file", "Orders file") from None
    except OSError as error:
        raise CpxError(f"cannot read {name}: {error.strerror or error}", "Orders file") from None
    if len(raw) > MAX_BYTES:
        raise refuse(f"the file is larger than {MAX_BYTES // 1_048_576} MB")
    try:
        text = decode(raw)
    except SourceError as error:
        raise OrdersFileError(name, [Problem(name, error.line, error.column, "",
                                             error.message.replace("a YAML scenario",
                                                                   "a YAML orders file"))]) from None
    return parse_orders(text, startex_minute_of_day, name, end)


def parse_orders(text: str, startex_minute_of_day: int, source: str = "<orders>",
                 end: int | None = None) -> list[PlannedOrder]:
    """Parse the text of an orders file (see the module docstring); raises
    :class:`OrdersFileError` listing every problem."""
    if len(text) > MAX_BYTES:
        raise OrdersFileError(source, [Problem(source, 1, 1, "", "the text is larger than "
                                               f"{MAX_BYTES // 1_048_576} MB")])
    try:
        located = parse(text, what="an orders file", max_values=MAX_VALUES, allow_empty=True)
    except SourceError as error:
        raise OrdersFileError(source, [Problem(source, error.line, error.column, "",
                                               error.message)]) from None
    reader = _Reader(located, source, startex_minute_of_day, end)
    planned = reader.read()
    if reader.problems:
        raise OrdersFileError(source, reader.problems)
    return sorted(planned, key=lambda p: p.t)


class _Reader:
    """Checks the items of one orders file, collecting every problem with its position."""

    def __init__(self, located: Located, source: str, startex: int, end: int | None) -> None:
        self.located = located
        self.source = source
        self.startex = startex
        self.end = end
        self.problems: list[Problem] = []
        spoiled = {tuple(p.path) for p in located.problems}
        for problem in located.problems:  # duplicate keys, tags: reported, item skipped
            message = problem.message.replace("a scenario file", "an orders file").replace(
                "a scenario", "an orders file")
            self.problems.append(Problem(source, problem.line, problem.column, "", message))
        self.spoiled = spoiled

    def problem(self, path: tuple[PathPart, ...], message: str, *, key: bool = False) -> None:
        line, column = self.located.position(path, key=key)
        self.problems.append(Problem(self.source, line, column, "", message))

    def read(self) -> list[PlannedOrder]:
        data = self.located.data
        if data is None:
            return []
        if not isinstance(data, list):
            self.problem((), "an orders file is a list of '- at: … order: …' items")
            return []
        if len(data) > MAX_ORDERS:
            self.problem((MAX_ORDERS,), f"an orders file holds at most {MAX_ORDERS:,} orders; "
                         f"this one has {len(data):,}")
            return []
        planned = []
        for index, item in enumerate(data):
            if any(path[:1] == (index,) for path in self.spoiled):
                continue  # already reported where it is spoiled
            found = self.item(index, item)
            if found is not None:
                planned.append(found)
        return planned

    def item(self, index: int, item: Any) -> PlannedOrder | None:
        here: tuple[PathPart, ...] = (index,)
        if not isinstance(item, dict):
            self.problem(here, "each item needs 'at' (e.g. 'D1 10:00') and 'order'")
            return None
        ok = True
        for key in item:
            if key not in _ITEM_KEYS + _OPTIONAL_KEYS:
                self.problem(here + (key,), f"unknown key {shown(key)}; an item has only "
                             "'at', 'order' and (with several player cells) 'cell'", key=True)
                ok = False
        cell = item.get("cell")
        if cell is not None and (not isinstance(cell, str) or not cell.strip()
                                 or " " in cell.strip()):
            self.problem(here + ("cell",), f"'cell' names a player cell by its id, not {shown(cell)}")
            ok = False
        for key in _ITEM_KEYS:
            if key not in item:
                self.problem(here, f"the item has no {key!r}")
                ok = False
        if not ok:
            return None
        t = self.time(here + ("at",), item["at"])
        order = self.order(here + ("order",), item["order"])
        if t is None or order is None:
            return None
        line, column = self.located.position(here)
        return PlannedOrder(t=t, at=item["at"].strip(), order=order, line=line, column=column,
                            file=self.source, cell=cell.strip() if cell else None)

    def time(self, path: tuple[PathPart, ...], at: Any) -> int | None:
        if not isinstance(at, str):
            self.problem(path, f"'at' must be an exercise time like 'D1 10:00', not {shown(at)}")
            return None
        try:
            t = clock_to_minutes(at, self.startex)
        except TimeFormatError as error:
            self.problem(path, str(error))
            return None
        if t < 0:
            self.problem(path, f"{at.strip()} is before STARTEX")
            return None
        if self.end is not None and t > self.end:
            ends = minutes_to_clock(self.end, self.startex)
            self.problem(path, f"{at.strip()} is after the end of the exercise ({ends})")
            return None
        return t

    def order(self, path: tuple[PathPart, ...], order: Any) -> dict[str, Any] | None:
        if not isinstance(order, dict):
            self.problem(path, "'order' must be a mapping: {verb, unit, target, params}")
            return None
        for key in order:
            if key not in _ORDER_KEYS:
                self.problem(path + (key,), f"unknown order key {shown(key)}; use verb, unit, "
                             "target, params", key=True)
                return None
        if "verb" not in order:
            self.problem(path, "the order has no 'verb'")
            return None
        try:
            verb, unit, target, params = check_order(order["verb"], order.get("unit"),
                                                     order.get("target"), order.get("params"))
        except OrderProblem as problem:
            where = path + tuple(part for part in problem.field.split(".") if part)
            self.problem(where, problem.message)
            return None
        return {"verb": verb, "unit": unit, "target": target, "params": params}


def not_given(results: Sequence[dict[str, Any]], planned: Sequence[PlannedOrder]) -> list[dict[str, Any]]:
    """The orders of a file that were rejected, or never given (the run stopped before
    their time), in file order: ``{where, line, column, at, order, rejected, reason}``.

    ``results`` are the run's ``{"order", "result", "planned"}`` records; ``planned`` the
    file's orders.
    """
    given = {id(r["planned"]): r["result"] for r in results if r.get("planned") is not None}
    found = []
    for item in sorted(planned, key=lambda p: (p.line, p.column)):
        result = given.get(id(item))
        if result is not None and result.get("accepted"):
            continue
        found.append({
            "where": item.where, "line": item.line, "column": item.column, "at": item.at,
            "order": item.order, "rejected": result is not None,
            "reason": result.get("reason", "") if result is not None
            else "the run stopped before its time",
        })
    return found


def format_not_given(results: Sequence[dict[str, Any]], planned: Sequence[PlannedOrder],
                     clock: Any = None) -> list[str]:
    """Lines listing the file's rejected (then never given) orders, each as
    ``FILE:LINE:COL: AT VERB UNIT TARGET: reason``; empty when every order was carried out."""
    lines = []
    found = not_given(results, planned)
    for rejected, heading in ((True, "rejected"), (False, "not given")):
        part = [record for record in found if record["rejected"] is rejected]
        if not part:
            continue
        noun = "order" if len(part) == 1 else "orders"
        lines.append(f"{len(part)} {noun} of the orders file {heading}:")
        for record in part:
            order = record["order"]
            words = " ".join(w for w in (order["verb"], order["unit"], order["target"]) if w)
            words += "".join(f" {k}={v}" for k, v in order["params"].items())
            lines.append(f"  {record['where']}: {record['at']} {words}: {record['reason']}")
    return lines


def rejected_count(results: Sequence[dict[str, Any]], planned: Sequence[PlannedOrder]) -> int:
    """How many of the file's orders the exercise rejected."""
    return sum(record["rejected"] for record in not_given(results, planned))

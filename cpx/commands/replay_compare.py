"""``cpx replay A --compare B``: two branches of one exercise, where they part and after.

For the instructor's debrief of a "what if": which branch came from which and at what
moment, the first moment the two differ, the orders each branch gave from there on, and
what each came to (victims, arrests, leaks), side by side. Ground truth is shown: this is
the instructor's view, like the rest of ``cpx replay``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, Callable

from cpx.journal.events import Event
from cpx.journal.fork import Branch, Comparison, compare
from cpx.journal.reader import EndRecord, EventRecord, OrderRecord, Record
from cpx.journal.summary import summarize
from cpx.walk_ins import spell_walk_ins, walk_in_names


def compare_logs(args: argparse.Namespace) -> int:
    """Print (or with ``--json`` emit) the comparison; exit 0."""
    from cpx.commands.replay import _clock_of
    from cpx.journal.reader import load_header

    clock = _clock_of(args.log, load_header(args.log), args.scenario) or (lambda t: f"minute {t}")
    found = compare(args.log, args.compare, clock)
    if args.json:
        print(json.dumps(comparison_json(found, clock), indent=2, ensure_ascii=False))
    else:
        print("\n".join(comparison_lines(found, clock)))
    return 0


def _order_text(record: OrderRecord, clock: Callable[[int], str]) -> str:
    order = record.order
    words = [order.get("verb", "?"), order.get("unit") or "", order.get("target") or ""]
    # details as the trainee types them (yes/no, not True/False)
    words += [f"{k}={'yes' if v is True else 'no' if v is False else v}"
              for k, v in sorted((order.get("params") or {}).items())]
    verdict = "" if record.result.get("accepted") else "  (rejected)"
    return f"{clock(record.t)}  {' '.join(w for w in words if w)}{verdict}"


def _record_text(record: Record | None, clock: Callable[[int], str]) -> str:
    if record is None:
        return "(nothing more: the journal ends here)"
    if isinstance(record, OrderRecord):
        return "order " + _order_text(record, clock)
    if isinstance(record, EventRecord):
        return f"{clock(record.t)}  event {record.event.kind} ({record.event.visibility})"
    if isinstance(record, EndRecord):
        return f"{clock(record.t)}  the exercise ended ({record.reason})"
    return "(header)"


def _outcome(branch: Branch) -> dict[str, Any]:
    events: list[Event] = [r.event for r in branch.records if isinstance(r, EventRecord)]
    orders = [{"order": r.order, "result": r.result}
              for r in branch.records if isinstance(r, OrderRecord)]
    summary = summarize(events, orders)
    end = next((r for r in reversed(branch.records) if isinstance(r, EndRecord)), None)
    return {
        "reached": end.t if end else summary["sim_minutes"],
        "ended": end.reason if end else None,
        "orders": summary["orders"]["accepted"] + summary["orders"]["rejected"],
        "victims_met": summary["victims"]["met"],
        "victims_identified": summary["victims"]["identified"],
        "victims_referred": summary["victims"]["referred"],
        "arrests": summary["arrests"],
        "leaks": summary["leaks"],
    }


def _walk_ins(found: Comparison) -> dict[str, str]:
    """The walk-ins of both branches by id, named as the command post named them."""
    return walk_in_names(r.event.to_dict() for branch in (found.a, found.b)
                         for r in branch.records if isinstance(r, EventRecord))


def comparison_lines(found: Comparison, clock: Callable[[int], str]) -> list[str]:
    """The comparison as a few readable lines, 80 columns wide (walk-ins by the name the
    command post gave them, as in the rest of the replay; ``--json`` keeps the ids)."""
    names = _walk_ins(found)
    return [spell_walk_ins(line, names) for line in _lines(found, clock)]


def _lines(found: Comparison, clock: Callable[[int], str]) -> list[str]:
    a, b = found.a, found.b
    lines = [f"A: {a.path}", f"B: {b.path}", found.relation]
    if found.parted_at is None:
        lines.append(f"identical: the two journals hold the same {found.shared} records")
        return lines
    lines.append(f"the same for {found.shared} records; they part at {clock(found.parted_at)}")
    lines.append(f"  A: {_record_text(found.first[0], clock)}")
    lines.append(f"  B: {_record_text(found.first[1], clock)}")
    for name, orders in (("A", found.orders_after[0]), ("B", found.orders_after[1])):
        lines.append(f"orders {name} gave from there ({len(orders)}):")
        lines += [f"  {_order_text(r, clock)}" for r in orders[:40]] or ["  none"]
        if len(orders) > 40:
            lines.append(f"  … and {len(orders) - 40} more")
    left, right = _outcome(a), _outcome(b)
    lines.append("what each came to:        A        B")
    labels = {"reached": "reached", "orders": "orders", "victims_met": "victims met",
              "victims_identified": "victims identified", "victims_referred": "victims referred",
              "arrests": "arrests", "leaks": "leaks to the network"}
    for key, label in labels.items():
        x, y = left[key], right[key]
        if key == "reached":
            x, y = clock(x), clock(y)
        mark = "" if x == y else "  ←"
        lines.append(f"  {label:<22} {x!s:>8} {y!s:>8}{mark}")
    lines.append(f"replay each: cpx replay {a.path}   ·   cpx replay {b.path}")
    return lines


def comparison_json(found: Comparison, clock: Callable[[int], str]) -> dict[str, Any]:
    """The comparison for tools: relation, shared records, first difference, orders after."""
    def orders(records: list[OrderRecord]) -> list[dict[str, Any]]:
        return [{"t": r.t, "at": clock(r.t), "order": r.order,
                 "accepted": bool(r.result.get("accepted"))} for r in records]

    return {
        "a": str(found.a.path), "b": str(found.b.path), "relation": found.relation,
        "shared_records": found.shared,
        "parted_at": found.parted_at,
        "parted_at_clock": None if found.parted_at is None else clock(found.parted_at),
        "first_difference": [_record_text(r, clock) for r in found.first]
        if found.parted_at is not None else None,
        "orders_after": {"a": orders(found.orders_after[0]), "b": orders(found.orders_after[1])},
        "outcome": {"a": _outcome(found.a), "b": _outcome(found.b)},
    }

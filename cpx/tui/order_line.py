"""The order command line's grammar: ``VERB [UNIT] [TARGET] [key=value …]``.

Pure functions (no Textual) shared by the command line, its completion and the order
forms: parse a typed line into an :class:`~cpx.engine.orders.Order`, complete the word
being typed, and say whether an order is risky enough to ask for confirmation.
"""

from __future__ import annotations

from typing import Any

from cpx.engine.orders import VERBS, Order
from cpx.errors import CpxError
from cpx.scenario.orders import OrderProblem
from cpx.tui.viewdata import Vocabulary

RISKY_VERBS = frozenset({"raid", "arrest"})
"""Orders that ask for confirmation: they are visible, hard to undo and alert the network."""


def parse_value(text: str) -> Any:
    """A param value typed as text: ``yes``/``no`` → bool, digits → int or float."""
    lowered = text.lower()
    if lowered in ("yes", "true", "y"):
        return True
    if lowered in ("no", "false", "n"):
        return False
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_order(line: str, vocabulary: Vocabulary) -> Order:
    """The order typed on the command line; a malformed line raises :class:`CpxError`.

    A word naming one of the cell's units is the unit; the first other word the target;
    ``key=value`` words the params, read and checked by the verb's typed definition
    (a bad detail raises :class:`CpxError` titled "Bad detail"). Whether the order can be carried out is the
    engine's decision, not the parser's.
    """
    words = line.split()
    if not words:
        raise CpxError("type a verb first, e.g. 'surveil viper1 bar_lotus'", "Empty order")
    verb, *rest = words
    verb = verb.lower()
    if verb not in VERBS:
        close = [v for v in VERBS if v.startswith(verb[:3])]
        hint = f" — did you mean {', '.join(close)}?" if close else ""
        raise CpxError(f"'{verb}' is not an order{hint} Verbs: {', '.join(VERBS)}",
                       "Unknown verb")
    unit = target = None
    params: dict[str, Any] = {}
    by_callsign = {_squash(callsign): uid for uid, callsign in vocabulary.unit_names.items()}
    for word in rest:
        if "=" in word:
            key, _, value = word.partition("=")
            if not key or not value:
                raise CpxError(f"'{word}' should be key=value, e.g. hours=8", "Bad detail")
            params[key] = value  # read by the verb's typed definition below
        elif unit is None and word in vocabulary.units:
            unit = word
        elif unit is None and _squash(word) in by_callsign:
            unit = by_callsign[_squash(word)]  # typed by callsign, as the trainee sees it
        elif target is None:
            target = word
        elif unit is None and target not in vocabulary.targets:
            # 'surveil hawk bar_x': the first word was meant as the unit.
            units = ", ".join(f"{vocabulary.unit_names.get(u, u)} ({u})"
                              for u in vocabulary.units)
            raise CpxError(f"'{target}' is not one of your units; give one of: {units}",
                           "Unknown unit")
        else:
            raise CpxError(f"'{word}' is one word too many; give at most a unit and a "
                           "target, then key=value details", "Bad order")
    try:
        # Each detail is read and range-checked by the verb's typed definition
        # (cpx.scenario.orders): 'hours=abc' is refused here, with what it expects.
        return Order(verb=verb, unit=unit, target=target, params=params).checked()
    except OrderProblem as problem:
        raise CpxError(problem.message, "Bad detail") from None


def complete(line: str, vocabulary: Vocabulary) -> str | None:
    """The whole line with its last word completed, or None when nothing fits."""
    if not line or line.endswith(" "):
        return None
    head, _, word = line.rpartition(" ")
    position = len(line.split()) - 1
    if position == 0:
        candidates = vocabulary.verbs
    elif position == 1:
        candidates = vocabulary.units + vocabulary.targets
    else:
        candidates = vocabulary.targets + vocabulary.units
    key = ""
    if position > 0 and "=" in word:
        # key=value: complete the value (subject=bar → subject=bar_nightingale).
        key, _, word = word.partition("=")
        key += "="
        if not word:
            return None
    lowered = word.lower()
    for candidate in candidates:
        # A unit also matches by its callsign: 'atl' finds ATLAS whatever its id is.
        callsign = _squash(vocabulary.unit_names.get(candidate, ""))
        if candidate != word and (candidate.lower().startswith(lowered) or (
                callsign and not key and callsign.startswith(_squash(word)))):
            completed = key + candidate
            return f"{head} {completed}" if head else completed
    return None


def _squash(text: str) -> str:
    """A callsign as typed: lower case, no spaces ('HAWK 1' → 'hawk1')."""
    return "".join(text.lower().split())


def needs_confirmation(order: Order, central: set[str],
                       names: dict[str, str] | None = None) -> str | None:
    """Why ``order`` should be confirmed before it is given, or None.

    ``central`` holds the ids of people the cell's own picture marks as central (a
    suspected boss or lieutenant) — only what the cell knows, never the truth;
    ``names`` the display names the cell knows for ids.
    """
    target = (names or {}).get(order.target or "", order.target) or "the target"
    if order.verb == "raid":
        urgent = " without a warrant, on imminent danger" if order.params.get("urgent") else ""
        return f"A raid on {target}{urgent} is visible and alerts the network."
    if order.verb == "arrest" and order.target in central:
        return (f"{target} looks central to the network; an arrest now ends the chance "
                "to gather more evidence against the others.")
    if order.verb == "arrest":
        return f"Arrest {target}? An arrest alerts the suspect's associates."
    return None

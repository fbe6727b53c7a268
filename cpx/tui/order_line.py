"""The order command line's grammar: ``VERB [UNIT] [TARGET] [key=value …]``.

Pure functions (no Textual) shared by the command line, its completion and the order
forms: parse a typed line into an :class:`~cpx.engine.orders.Order`, complete the word
being typed, and say whether an order is risky enough to ask for confirmation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import difflib

from cpx.engine.orders import Order
from cpx.errors import CpxError
from cpx.tui.cell_message import COMMAND, complete_message, is_message
from cpx.scenario.orders import DEFINITIONS, OrderProblem
from cpx.tui.order_forms import FORMS
from cpx.tui.resolver import Resolver
from cpx.tui.risky_orders import pathway_risk
from cpx.tui.viewdata import Vocabulary

RISKY_VERBS = frozenset({"raid", "arrest", "assisted_return"})
"""Orders that always ask for confirmation: visible, hard to undo, or with a doctrinal
risk (an overt integrity check and a statement on enforcement ask too)."""


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


def verb_did_you_mean(word: str) -> str:
    """' — did you mean surveil?' for a mistyped verb: the verbs of the typed definitions
    that start alike or are spelled nearly the same (empty when none is close)."""
    verbs = list(DEFINITIONS)
    close = [v for v in verbs if word and v.startswith(word[:3])]
    close += [v for v in difflib.get_close_matches(word, verbs, n=3, cutoff=0.6) if v not in close]
    return f" — did you mean {', '.join(close)}?" if close else ""


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
    if verb not in DEFINITIONS:
        raise CpxError(f"'{verb}' is not an order{verb_did_you_mean(verb)} "
                       f"Verbs: {', '.join(DEFINITIONS)}", "Unknown verb")
    unit = target = None
    params: dict[str, Any] = {}
    resolver = Resolver(vocabulary)
    for word in rest:
        if "=" in word:
            key, _, value = word.partition("=")
            if not key or not value:
                raise CpxError(f"'{word}' should be key=value, e.g. hours=8", "Bad detail")
            # A name is resolved to its id; every other detail goes as typed to the
            # verb's typed definition below, which reads and range-checks it.
            params[key] = _reference(resolver, key, value) if key in REFERENCE_PARAMS \
                else value
        elif unit is None and resolver.unit(word) is not None:
            # An id or a callsign, as the trainee sees it ('hawk1', 'HAWK_1').
            unit = resolver.unit(word)
        elif target is None:
            target = _target(resolver, word)
        elif unit is None and target not in vocabulary.targets:
            # 'surveil hawk bar_x': the first word was meant as the unit.
            resolver.did_you_mean(target, "one of your units", targets=False)
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


REFERENCE_PARAMS = frozenset({"subject", "support", "agency"})
"""Params whose value names something (a person, a venue, an agency): resolved like a
target, so 'subject=voss' gives the id the engine and the journal keep."""


def _target(resolver: Resolver, word: str) -> str:
    """The id ``word`` names; an unknown word goes to the engine as typed (it says why
    it cannot be done), a near miss of a known name asks "did you mean"."""
    found = resolver.target(word)
    if found is not None:
        return found
    resolver.did_you_mean(word, "known to your cell", units=False)
    resolver.did_you_mean(word, "one of your units", targets=False)
    return word


def _reference(resolver: Resolver, key: str, value: str) -> Any:
    found = resolver.target(value)
    if found is not None:
        return found
    resolver.did_you_mean(value, f"known to your cell (for {key}=)", units=False)
    return value


def complete(line: str, vocabulary: Vocabulary) -> str | None:
    """The whole line with its last word completed, or None when nothing fits.

    Units and targets complete by id or by the name the trainee sees ('nigh' →
    NIGHTJAR, 'h' → HAWK_1); what fits the verb (an informant for ``task_informant``)
    is offered first.
    """
    if not line or line.endswith(" "):
        return None
    head, _, word = line.rpartition(" ")
    words = line.split()
    position = len(words) - 1
    if position > 0 and is_message(line):
        return complete_message(line, vocabulary.cells)
    if position == 0:
        lowered = word.lower()
        verbs = vocabulary.verbs + ((COMMAND,) if vocabulary.cells else ())
        for verb in verbs:
            if verb != word and verb.startswith(lowered):
                return verb
        return None
    key = ""
    if "=" in word:
        # key=value: complete the value (subject=bar → subject=Bar_Nightingale).
        key, _, word = word.partition("=")
        key += "="
        if not word:
            return None
    resolver = Resolver(vocabulary)
    fits = _fitting_kinds(words[0].lower(), key[:-1] if key else "target")
    targets = sorted(resolver.target_matches(word),
                     key=lambda m: vocabulary.target_kinds.get(m[0]) not in fits)
    units = [] if key else resolver.unit_matches(word)
    candidates = units + targets if position == 1 else targets + units
    if not key:
        # The verb's details ('h' → 'hours='): first once the target is given, else last.
        details = [(name, name + "=") for name in _detail_keys(words[0].lower(), words[1:-1])
                   if name.startswith(word.lower())]
        candidates = details + candidates if _target_given(resolver, words[1:-1]) \
            else candidates + details
    for _ident, completed in candidates:
        if completed != word:
            return f"{head} {key}{completed}" if head else key + completed
    return None


def _detail_keys(verb: str, given: list[str]) -> list[str]:
    """The details ``verb`` takes (from its typed definition) not yet given."""
    definition = DEFINITIONS.get(verb)
    if definition is None:
        return []
    typed = {word.partition("=")[0] for word in given if "=" in word}
    return [spec.name for spec in definition.parameters() if spec.name not in typed]


def _target_given(resolver: Resolver, given: list[str]) -> bool:
    """Whether the words after the verb already hold a target (besides a unit)."""
    plain = [word for word in given if "=" not in word]
    units = 1 if any(resolver.unit(word) is not None for word in plain) else 0
    return len(plain) > units


def _fitting_kinds(verb: str, field: str) -> tuple[str, ...]:
    """The kinds of target the form of ``verb`` accepts in ``field``."""
    form = FORMS.get(verb)
    if form is None:
        return ()
    return next((f.accepts for f in form.fields if f.key == field), ())


def needs_confirmation(order: Order, central: set[str],
                       names: dict[str, str] | None = None,
                       picture: dict[str, Any] | None = None,
                       clock: Callable[[int], str] | None = None) -> str | None:
    """Why ``order`` should be confirmed before it is given, or None.

    ``central`` holds the ids of people the cell's own picture marks as central (a
    suspected boss or lieutenant) — only what the cell knows, never the truth;
    ``names`` the display names the cell knows for ids; ``picture`` the cell's picture
    and ``clock`` how it tells time, for what the pathway orders risk
    (:mod:`cpx.tui.risky_orders`).
    """
    target = (names or {}).get(order.target or "", order.target) or "the target"
    risk = pathway_risk(order, target, picture, clock)
    if order.verb == "raid":
        urgent = " without a warrant, on imminent danger" if order.params.get("urgent") else ""
        why = f"A raid on {target}{urgent} is visible and alerts the network."
        return why + (f"\n\n{risk}" if risk else "")
    if risk:
        return risk
    met = {str(v.get("id")) for v in (picture or {}).get("victims", ())}
    if order.verb == "arrest" and order.target in met:
        return (f"{target} was met as a possible victim. Custody for what they were made "
                "to do goes against non-punishment, and keeps them from support.")
    if order.verb == "arrest" and order.target in central:
        return (f"{target} looks central to the network; an arrest now ends the chance "
                "to gather more evidence against the others.")
    if order.verb == "arrest":
        return f"Arrest {target}? An arrest alerts the suspect's associates."
    return None

"""Orders the player cell gives, and the engine's answer to each.

An :class:`Order` is plain data in the shape orders files, the UI and the journal use.
Its shape and details are checked against the verb's typed definition
(:mod:`cpx.scenario.orders`) before the engine looks at it;
:mod:`cpx.engine.order_handlers` then validates it against the world and, when
accepted, runs it as a process on the clock (:class:`cpx.engine.clock.Process`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, get_args

from mypy_extensions import mypyc_attr

from cpx.scenario.models import OrderVerb
from cpx.scenario.orders import _IDS, OrderProblem, VerbParams, check_id, check_order, definition, \
    shown

VERBS: tuple[str, ...] = get_args(OrderVerb)
"""The order vocabulary (the scenario's ``OrderVerb``)."""


# A Python class even when compiled (mypyc): _made and checked() make orders with
# object.__new__ and fill their __dict__ at once, and an order holds whatever values its
# giver wrote until it is checked (see below): a native class would check its fields'
# annotations on construction, refusing a malformed order with a TypeError where the
# engine gives the cell a reasoned rejection (tests/engine/test_order_path_shortcuts.py
# gives ids such as 3 or [1]).
@mypyc_attr(native_class=False)
@dataclass(frozen=True)
class Order:
    """One order: a verb, the unit that carries it out, what it is aimed at, and details.

    An order is made with whatever values its giver wrote (a policy, a test, an orders
    file as read): the fields' annotations say what a *checked* order holds. Code that
    reads an order before it is checked reads it as ``Any``: a compiled engine (mypyc)
    checks each field it reads against its annotation.
    """

    verb: str
    """One of :data:`VERBS`."""
    unit: str | None = None
    """The id of the unit ordered (none for requests that go to a partner agency)."""
    target: str | None = None
    """The id of the member, venue, person, informant, location or client group aimed at."""
    params: dict[str, Any] = field(default_factory=dict)
    """Details as plain values, e.g. ``{"hours": 8}`` or ``{"support": "ngo_hope"}``."""

    def to_dict(self) -> dict[str, Any]:
        """The order as orders files, the UI and the journal write it (sorted params)."""
        return order_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> "Order":
        """The order from its dict shape, checked against its verb's typed definition
        (:mod:`cpx.scenario.orders`); a malformed one (or something other than a dict) raises
        :class:`~cpx.scenario.orders.OrderProblem` (a :class:`CpxError`) saying why."""
        if not isinstance(data, dict) or "verb" not in data:
            raise OrderProblem(f"an order needs at least a 'verb': got {shown(data)}", "verb")
        unknown = sorted(str(key) for key in set(data) - {"verb", "unit", "target", "params"})
        if unknown:
            raise OrderProblem(f"unknown order key {shown(unknown[0])}; use verb, unit, target "
                               "and params", "")
        verb, unit, target, params = check_order(
            data["verb"], data.get("unit"), data.get("target"), data.get("params"))
        return cls(verb=verb, unit=unit, target=target, params=params)

    def checked(self) -> "Order":
        """This order with its ids and details checked and in canonical form (typed text
        such as ``hours="8"`` read as numbers); raises :class:`OrderProblem` if malformed.

        An order already in canonical form (a policy's, nearly always) is its own checked
        form: the order itself is returned, not a copy (both frozen, equal field for field,
        their details of the same types and text). :func:`checked_order`."""
        return checked_order(self)

    def details(self) -> VerbParams:
        """The order's details, typed, with the verb's defaults for those not given."""
        key = _check_key(self)
        details = _DETAILS.get(key) if key is not None else None
        if details is None:
            details = definition(self.verb).read_params(self.params)
            if key is not None:
                if len(_DETAILS) >= _CHECKED_MAX:
                    _DETAILS.clear()
                _DETAILS[key] = details
        return details


def order_dict(order: Order) -> dict[str, Any]:
    """``order.to_dict()`` (which see); a function, so a compiled engine calls it directly
    (a method of the Python class Order is called through a generic look-up)."""
    given: Any = order  # its fields as given: any values until it is checked (see the class)
    params = given.params
    return {
        "verb": given.verb,
        "unit": given.unit,
        "target": given.target,
        "params": {k: params[k] for k in sorted(params)} if len(params) > 1
        else dict(params),
    }


def checked_order(order: Order) -> Order:
    """``order.checked()`` (which see); a function, so a compiled engine calls it directly
    (a method of the Python class Order is called through a generic look-up)."""
    given: Any = order  # its fields as given: any values until checked (see the class)
    verb, unit, target, given_params = given.verb, given.unit, given.target, given.params
    key = _key_of(verb, given_params)
    memo = _CHECKED.get(key) if key is not None else None
    if memo is None:
        verb, unit, target, params = check_order(verb, unit, target, given_params)
        if key is not None:
            if len(_CHECKED) >= _CHECKED_MAX:
                _CHECKED.clear()
            _CHECKED[key] = (params, _as_given(given_params, params))
    else:  # the verb and details are known good: the ids are checked as check_order does
        params, as_given = memo
        given_unit, given_target = unit, target
        # check_id, its memo of ids seen before read here (nearly every id is)
        if unit is not None:
            known = _KNOWN_IDS.get(unit) if type(unit) is str else None
            unit = known if known is not None else check_id(unit, "unit")
        if target is not None:
            known = _KNOWN_IDS.get(target) if type(target) is str else None
            target = known if known is not None else check_id(target, "target")
        if as_given and unit == given_unit and target == given_target \
                and type(order) is Order:
            return order  # already canonical: the same order (see Order.checked)
    made = _new_order(Order)  # _made(...) written out
    made.__dict__.update(verb=verb, unit=unit, target=target, params=dict(params))
    return made


# Its __init__ written here, not made by the dataclass: compiled (a native class), the
# dataclass's would be interpreted Python, where this one stores the fields directly.
@dataclass(frozen=True, init=False)
class OrderResult:
    """The engine's answer to a submitted order."""

    accepted: bool
    """Whether the order is being carried out."""
    reason: str = ""
    """Why it was rejected (empty when accepted); built only from what the cell may know."""
    order_id: str | None = None
    """The id given to an accepted order (``o1``, ``o2`` …), named by later events."""

    def __init__(self, accepted: bool, reason: str = "", order_id: str | None = None) -> None:
        # what the frozen dataclass's __init__ does (its __setattr__ refuses)
        object.__setattr__(self, "accepted", accepted)
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "order_id", order_id)

    def to_dict(self) -> dict[str, Any]:
        """The result as the journal writes it."""
        return {"accepted": self.accepted, "reason": self.reason, "order_id": self.order_id}


_SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES: Final = frozenset(_SCALARS)

_CHECKED: Final[dict[tuple[Any, ...], tuple[dict[str, Any], bool]]] = {}
"""Verbs and details already checked, by :func:`_check_key`, and the canonical details
:func:`check_order` made of them, with whether they are the details as given
(:func:`_as_given`; the unit and target are checked each time: cheap).

Checking is pure (the same verb and details always give the same canonical details),
and its pydantic validation was about a third of giving an order: engine-played policies
give the same few shapes thousands of times in a sweep. Only orders that passed are kept
(one that fails is checked again and raises again), and each answer gets its own copy of
the details."""

_DETAILS: dict[tuple[Any, ...], VerbParams] = {}
"""Typed details already read, by :func:`_check_key`. Reading is pure and the typed
details are frozen pydantic models, so every order of the same verb and details may
share one (a pydantic validation per surveillance and per pathway check otherwise)."""

_KNOWN_IDS: Final = _IDS
"""check_id's memo of ids (the same dict: it is cleared, never replaced), a constant
of this module: compiled, a C variable, not a dict look-up of a name at every order."""

_CHECKED_MAX = 4096
"""Kept shapes before the memo starts afresh (details may name ids: it must not grow)."""


def _made(verb: str, unit: str | None, target: str | None, params: dict[str, Any]) -> Order:
    """``Order(verb, unit, target, params)`` as the dataclass makes it, its fields set
    at once (the frozen dataclass sets each through ``object.__setattr__``)."""
    order = _new_order(Order)
    # each field stored by itself, in the dataclass's order (the same dict as an update
    # by keywords: compiled, that call builds its keywords first)
    fields: dict[str, Any] = order.__dict__
    fields["verb"] = verb
    fields["unit"] = unit
    fields["target"] = target
    fields["params"] = params
    return order


_new_order = object.__new__


def _as_given(given: dict[str, Any], canonical: dict[str, Any]) -> bool:
    """Whether the canonical details are the given ones exactly: the same names in the same
    order, each value of the same type and the same text (``1`` and ``1.0``, ``0.0`` and
    ``-0.0`` are equal in Python, not in a journal)."""
    if len(given) != len(canonical):
        return False
    for (name, value), (kept, checked) in zip(given.items(), canonical.items()):
        if type(name) is not type(kept) or name != kept or type(value) is not type(checked) \
                or type(value) not in _SCALAR_TYPES or repr(value) != repr(checked):
            return False
    return True


def _check_key(order: Any) -> tuple[Any, ...] | None:
    """The memo key of ``order``: its verb and details with their types (``1``,
    ``1.0`` and ``True`` are equal in Python but not as details), or None when a name
    or value is not a plain scalar (then the order is simply checked). ``order`` is an
    :class:`Order` read as given (see :class:`Order`)."""
    return _key_of(order.verb, order.params)


def _key_of(verb: Any, given: Any) -> tuple[Any, ...] | None:
    """:func:`_check_key` of an order's verb and details as given (any values)."""
    if type(verb) is not str or type(given) is not dict:
        return None
    params: dict[Any, Any] = given  # a dict (just checked): compiled code reads it as one
    if not params:
        return (verb,)
    if len(params) == 1:  # most orders give one detail, or none
        for name, value in params.items():
            kind = type(value)
            if kind in _SCALAR_TYPES and type(name) in _SCALAR_TYPES:
                return (verb, name, kind, value)
            return None
    parts: list[Any] = [verb]
    for name, value in params.items():
        kind = type(value)
        if kind not in _SCALAR_TYPES or type(name) not in _SCALAR_TYPES:
            return None
        parts += (name, kind, value)
    return tuple(parts)

"""One typed definition per order verb: what it is aimed at and the details it takes.

Every reader of an order reads it through these definitions: the engine's order intake
(:meth:`cpx.engine.orders.Order.checked`), the orders-file loader, the command line and
the order forms of ``cpx play``; the command-line grammar, the forms, the ``?`` help and
``docs/orders.md`` can be generated from them.

* :data:`DEFINITIONS` maps each verb to its :class:`VerbDefinition`: a one-line
  ``summary``, whether it needs a ``unit`` (and the ``capability`` that unit must have),
  the ``target`` kinds it is aimed at, and ``params``, the pydantic model of its details.
* :meth:`VerbDefinition.parameters` lists each detail as a :class:`ParamSpec` (name,
  type, unit of measure, range, choices, default, what it refers to, help).
* :meth:`VerbDefinition.check_params` turns details as given (typed text such as
  ``"8"`` or ``"yes"``, or YAML values) into canonical values, or raises
  :class:`OrderProblem` with a reason a trainee can act on;
  :meth:`VerbDefinition.read_params` gives the engine the typed model with defaults.
* :func:`check_order` checks a whole order's shape (verb, unit, target, params).

A detail that passes these checks is of its type and within its range, so an accepted
order never makes the engine raise; whether the world allows the order (a busy unit, an
unknown target) is the engine's decision, not these definitions'.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Mapping, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from cpx.errors import CpxError

TargetKind = Literal[
    "person", "place", "victim", "informant", "crossing", "agency", "client_group"
]
"""What an order or a detail can be aimed at: a person (a suspect or anyone the cell
knows), a place (a venue), a victim (a person the cell's units have met), an informant,
a border crossing, an agency, or a client group (e.g. personnel of the international force)."""

UnitNeed = Literal["required", "optional", "none"]
"""Whether an order is given to one of the cell's units: ``required``; ``optional`` (given
without a unit, it is a request to the partner agency that can carry it out); ``none`` (no
unit carries it out; a unit named anyway must still be one of the cell's)."""

MAX_ID_LENGTH = 64
"""The longest id an order may name (the scenario's ids are at most 64 characters)."""
MAX_PARAMS = 16
"""The most details one order may carry (no verb takes more than five)."""


class OrderProblem(CpxError):
    """An order that cannot be taken as given; ``field`` names the part at fault
    (``verb``, ``unit``, ``target``, ``params`` or ``params.<name>``) so a file loader can
    point at its line."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message, "Bad order")
        self.field = field


def shown(value: object) -> str:
    """A value as quoted back in a message: short, and never a whole nested structure."""
    if isinstance(value, (dict, list, tuple, set)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "…"
        return repr(text)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**12:
        return "a very large number"
    return repr(value) if isinstance(value, (bool, int, float, type(None))) else "a " + type(value).__name__


# ----------------------------------------------------------------------- value types

_YES = {"yes", "y", "true", "on", "1"}
_NO = {"no", "n", "false", "off", "0"}


def _whole_number(value: object) -> int:
    """A whole number given as a number or as typed digits; anything else is refused."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        raise ValueError("not a whole number")
    if isinstance(value, str):
        text = value.strip()
        digits = text.removeprefix("-").removeprefix("+")
        # at most 9 digits: typed text never turns into a number Python parses slowly
        if digits.isascii() and digits.isdigit() and len(digits) <= 9:
            return int(text)
    raise ValueError("not a whole number")


def _flag(value: object) -> bool:
    """Yes or no, given as a boolean or typed (``yes``/``no``, ``true``/``false``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    raise ValueError("not yes or no")


def _reference(value: object) -> str | None:
    """An id naming something in the exercise: text, short, one word (or nothing)."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text and len(text) <= MAX_ID_LENGTH and text.isprintable() and " " not in text:
            return text
    raise ValueError("not an id")


def _choice(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


Hours = Annotated[int, BeforeValidator(_whole_number)]
"""A whole number of hours (the range is set per detail)."""
Flag = Annotated[bool, BeforeValidator(_flag)]
"""Yes or no."""
Reference = Annotated[str | None, BeforeValidator(_reference)]
"""The id of something in the exercise (what it may be is set per detail)."""


def _spec(help_text: str, *, unit: str = "", refers_to: tuple[str, ...] = ()) -> dict[str, Any]:
    """The metadata a detail carries besides its type: its help, unit of measure, referent."""
    extra: dict[str, Any] = {}
    if unit:
        extra["unit"] = unit
    if refers_to:
        extra["refers_to"] = list(refers_to)
    return {"description": help_text, "json_schema_extra": extra or None}


class VerbParams(BaseModel):
    """Base of every verb's details: no unknown details, no NaN, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False,
                              use_attribute_docstrings=True)


# ----------------------------------------------------------------------- the verbs' details


class NoParams(VerbParams):
    """The verb takes no details."""


class SurveilParams(VerbParams):
    """Details of ``surveil``."""

    hours: Hours = Field(8, ge=1, le=72, **_spec("How long the team watches, in hours.", unit="hours"))


class TaskInformantParams(VerbParams):
    """Details of ``task_informant``."""

    subject: Reference = Field(None, **_spec("Whom or what the source is to find out about.",
                                             refers_to=("person", "place")))


class RaidParams(VerbParams):
    """Details of ``raid``."""

    support: Reference = Field(None, **_spec(
        "The victim-support agency on stand-by for the people met there.", refers_to=("agency",)))
    urgent: Flag = Field(False, **_spec(
        "Enter without a warrant because a person is in imminent danger there."))
    detain: Flag = Field(False, **_spec(
        "Take the people found into custody for illegal stay (never possible victims: "
        "non-punishment)."))


class InterviewParams(VerbParams):
    """Details of ``interview``."""

    interpreter: Flag = Field(False, **_spec("Bring an interpreter."))
    ngo: Flag = Field(False, **_spec("Have victim support present."))
    separated: Flag = Field(False, **_spec("Interview the person apart from the others."))
    as_offender: Flag = Field(False, **_spec("Treat the person as a suspect (not for possible victims)."))


class IdentifyVictimParams(VerbParams):
    """Details of ``identify_victim``."""

    decision: Flag = Field(False, **_spec("Your decision: the person is a victim of trafficking."))
    act: Flag = Field(False, **_spec("The act is established (recruited, moved, harboured)."))
    means: Flag = Field(False, **_spec(
        "The means are established (force, threats, deception, debt bondage, documents "
        "withheld, restricted movement…)."))
    purpose: Flag = Field(False, **_spec("The purpose is established (exploitation)."))


class ReferVictimParams(VerbParams):
    """Details of ``refer_victim``."""

    agency: Reference = Field(None, **_spec(
        "The support agency whose shelter takes the person (default: any with a free place).",
        refers_to=("agency",)))


class FinancialParams(VerbParams):
    """Details of ``financial_investigation``."""

    freeze: Flag = Field(True, **_spec("Freeze the assets found."))


class BorderAlertParams(VerbParams):
    """Details of ``border_alert``."""

    hours: Hours = Field(48, ge=1, le=720, **_spec("How long the alert is in force, in hours.",
                                                  unit="hours"))


class CrossBorderParams(VerbParams):
    """Details of ``cross_border_request``."""

    kind: Annotated[Literal["mla", "jit"], BeforeValidator(_choice)] = Field("mla", **_spec(
        "mla: mutual legal assistance (the partner police act on your request); "
        "jit: a joint investigation team (your units may then act abroad)."))


class IntegrityCheckParams(VerbParams):
    """Details of ``integrity_check``."""

    approach: Annotated[Literal["covert", "overt"], BeforeValidator(_choice)] = Field(
        "covert", **_spec(
            "covert: internal affairs inquire discreetly (slower, rarely noticed); "
            "overt: the official is questioned at once (quick, often tips them off)."))


class PublicStatementParams(VerbParams):
    """Details of ``public_statement``."""

    line: Annotated[Literal["victim_centred", "enforcement", "no_comment"],
                    BeforeValidator(_choice)] = Field("no_comment", **_spec(
                        "victim_centred: victims are protected, not punished, and can ask "
                        "for help; enforcement: what police are doing against the venues "
                        "and the foreigners found there; no_comment: nothing is said."))
class ResidencePermitParams(VerbParams):
    """Details of ``residence_permit``."""

    basis: Annotated[Literal["situation", "cooperation"], BeforeValidator(_choice)] = Field(
        "situation", **_spec(
            "situation: on the person's situation (no conditions); cooperation: for a "
            "witness who agreed to give evidence (CoE Art. 14)."))


class AssistedReturnParams(VerbParams):
    """Details of ``assisted_return``."""

    risk_assessment: Flag = Field(False, **_spec(
        "Assess the risks of return first (threats, re-trafficking, the family) with "
        "support services in the country of origin."))


class ClaimCompensationParams(VerbParams):
    """Details of ``claim_compensation``."""

    offender: Reference = Field(None, **_spec(
        "The suspect the compensation is claimed from.", refers_to=("person",)))


# ----------------------------------------------------------------------- definitions


@dataclass(frozen=True)
class ParamSpec:
    """One detail of a verb, as forms, help and docs show it."""

    name: str
    """The key typed on the command line (``hours=8``) and written in orders files."""
    type: Literal["whole_number", "yes_no", "choice", "id"]
    """What kind of value it takes."""
    help: str
    """What it means, in one line."""
    default: Any
    """The value when it is not given (None: nothing)."""
    unit: str = ""
    """The unit of measure of a number (``hours``)."""
    minimum: int | None = None
    """The smallest number allowed."""
    maximum: int | None = None
    """The largest number allowed."""
    choices: tuple[str, ...] = ()
    """For a choice: the values allowed."""
    refers_to: tuple[str, ...] = ()
    """For an id: the kinds of thing it may name (see :data:`TargetKind`)."""

    def expects(self) -> str:
        """What a valid value looks like, in words: 'a whole number of hours from 1 to 72'."""
        if self.type == "whole_number":
            what = f"a whole number of {self.unit}" if self.unit else "a whole number"
            if self.minimum is not None and self.maximum is not None:
                what += f" from {self.minimum} to {self.maximum}"
            return f"{what}, e.g. {self.name}={self.default}"
        if self.type == "yes_no":
            return f"yes or no, e.g. {self.name}=yes"
        if self.type == "choice":
            return "one of " + ", ".join(self.choices)
        kinds = " or ".join(k.replace("_", " ") for k in self.refers_to) or "thing"
        return f"the id of a {kinds}"


@dataclass(frozen=True)
class VerbDefinition:
    """What one order verb is aimed at and the details it takes."""

    verb: str
    """The verb as typed and journaled (``surveil``)."""
    summary: str
    """What the order does, in one line."""
    unit: UnitNeed
    """Whether the order is given to one of the cell's units."""
    capability: str | None
    """The capability the unit must have (None: any unit, or no unit)."""
    target: tuple[str, ...]
    """The kinds of thing it may be aimed at (see :data:`TargetKind`); the target is required."""
    params: type[VerbParams]
    """The pydantic model of its details."""

    def parameters(self) -> tuple[ParamSpec, ...]:
        """Each detail of the verb, in the order the model declares them."""
        specs = []
        for name, info in self.params.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            bounds = {type(m).__name__: m for m in info.metadata}
            choices = get_args(info.annotation) if get_origin(info.annotation) is Literal else ()
            kind = ("whole_number" if info.annotation is int else "yes_no"
                    if info.annotation is bool else "choice" if choices else "id")
            specs.append(ParamSpec(
                name=name, type=kind, help=info.description or "", default=info.default,
                unit=str(extra.get("unit", "")),
                minimum=getattr(bounds.get("Ge"), "ge", None),
                maximum=getattr(bounds.get("Le"), "le", None),
                choices=tuple(str(c) for c in choices),
                refers_to=tuple(extra.get("refers_to", ())),
            ))
        return tuple(specs)

    def parameter(self, name: str) -> ParamSpec | None:
        """The detail called ``name``, or None when the verb takes no such detail."""
        return next((p for p in self.parameters() if p.name == name), None)

    def check_params(self, params: Mapping[Any, Any]) -> dict[str, Any]:
        """The details given, in canonical form (only those given, sorted by name).

        Text as typed (``"8"``, ``"yes"``) is read by each detail's type; a detail the
        verb does not take, or a value of the wrong type or out of range, raises
        :class:`OrderProblem` naming the detail and what it expects.
        """
        if not isinstance(params, Mapping):
            raise OrderProblem("an order's params must be a mapping of name: value", "params")
        if len(params) > MAX_PARAMS:
            raise OrderProblem(f"an order takes at most {MAX_PARAMS} details", "params")
        names = self.params.model_fields
        for key in params:
            if not isinstance(key, str) or key not in names:
                takes = (f"its details are: {', '.join(names)}" if names
                         else "it takes no details")
                raise OrderProblem(f"{self.verb} takes no detail {shown(key)}; {takes}",
                                   f"params.{key}" if isinstance(key, str) else "params")
        try:
            model = self.params.model_validate(dict(params))
        except ValidationError as error:
            first = error.errors(include_url=False)[0]
            name = str(first["loc"][0]) if first["loc"] else ""
            spec = self.parameter(name)
            value = params.get(name)
            expects = spec.expects() if spec else first["msg"]
            raise OrderProblem(f"{name}={shown(value)} is not valid for {self.verb}: "
                               f"give {expects}", f"params.{name}") from None
        values = model.model_dump()
        return {key: values[key] for key in sorted(params)}

    def read_params(self, params: Mapping[str, Any]) -> VerbParams:
        """The typed details of an order already checked, with defaults filled in."""
        return self.params.model_validate(dict(params))


def _verb(verb: str, summary: str, target: tuple[str, ...], params: type[VerbParams] = NoParams,
          unit: UnitNeed = "none", capability: str | None = None) -> VerbDefinition:
    return VerbDefinition(verb, summary, unit, capability, target, params)


DEFINITIONS: dict[str, VerbDefinition] = {d.verb: d for d in (
    _verb("surveil", "Watch a person or venue; hourly reports, evidence if seen, risk of "
          "being spotted.", ("person", "place"), SurveilParams, "required", "surveillance"),
    _verb("task_informant", "Ask a source to find out about someone or somewhere they can reach.",
          ("informant",), TaskInformantParams),
    _verb("request_warrant", "Ask the prosecutor for a warrant; granted on enough evidence.",
          ("person", "place")),
    _verb("raid", "Search a venue with a warrant (or on imminent danger); people met there may "
          "be victims.", ("place",), RaidParams, "required", "intervention"),
    _verb("arrest", "Arrest a suspect (with an arrest warrant).", ("person",), NoParams,
          "required", "arrest"),
    _verb("interview", "Interview a suspect or a person met; an interpreter and support build "
          "trust.", ("victim", "person"), InterviewParams, "required", "interview"),
    _verb("identify_victim", "Record your decision: is this person a victim of trafficking?",
          ("victim",), IdentifyVictimParams),
    _verb("refer_victim", "Refer an identified victim to a support agency and shelter.",
          ("victim",), ReferVictimParams),
    _verb("financial_investigation", "Trace a suspect's money (and freeze the assets found).",
          ("person",), FinancialParams, "required", "financial"),
    _verb("border_alert", "Alert the border police at a crossing to watch for a route.",
          ("crossing",), BorderAlertParams),
    _verb("cross_border_request", "Ask another country for help (mutual legal assistance or a "
          "joint team); it takes days.", ("person",), CrossBorderParams),
    _verb("report_misconduct", "Report misconduct of international personnel through their "
          "force's military police.", ("client_group",)),
    _verb("inspect", "Administrative inspection of a licensed venue without a warrant: meets who "
          "is there, alerts the network, little evidence.", ("place",), NoParams, "optional",
          "inspection"),
    _verb("integrity_check", "Have internal affairs check reports that an official works for "
          "the network; found corrupt, they are suspended. May tip them off.", ("person",),
          IntegrityCheckParams),
    _verb("public_statement", "Answer the media about a case (victim-centred, enforcement or "
          "no comment); the network reads the papers too.",
          ("place", "client_group", "person", "victim"), PublicStatementParams),
    _verb("residence_permit", "Ask for a temporary residence permit for a referred victim: a "
          "lawful stay, protection from removal, likelier cooperation.", ("victim",),
          ResidencePermitParams),
    _verb("assisted_return", "Arrange a victim's voluntary return home; only after the "
          "reflection period and with a risk assessment.", ("victim",), AssistedReturnParams),
    _verb("release", "Release a person from custody: back to the shelter if referred before, "
          "otherwise to the street, where the network may reach them again.", ("victim",)),
    _verb("claim_compensation", "Claim compensation for a victim from an offender; needs a "
          "case and frozen assets to pay from.", ("victim",), ClaimCompensationParams),
)}
"""Every order verb's definition, in the order verbs are listed to users."""


def definition(verb: object) -> VerbDefinition:
    """The definition of ``verb``; an unknown verb raises :class:`OrderProblem`."""
    if isinstance(verb, str) and verb in DEFINITIONS:
        return DEFINITIONS[verb]
    close = [v for v in DEFINITIONS if isinstance(verb, str) and verb and v.startswith(verb[:3])]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise OrderProblem(f"{shown(verb)} is not an order{hint}; the verbs are: "
                       f"{', '.join(DEFINITIONS)}", "verb")


def check_id(value: object, field: str) -> str | None:
    """A unit or target as given: None, or a short one-word id; else :class:`OrderProblem`."""
    if value is None:
        return None
    plain = type(value) is str
    if plain:
        known = _IDS.get(value)
        if known is not None:
            return known
    try:
        text = _reference(value)
    except ValueError:
        raise OrderProblem(f"{field} must be an id (one word of at most {MAX_ID_LENGTH} "
                           f"characters), not {shown(value)}", field) from None
    if plain and text is not None:
        if len(_IDS) >= _IDS_MAX:
            _IDS.clear()
        _IDS[value] = text
    return text


_IDS: dict[str, str] = {}
"""Ids as given -> as checked (stripped), for those that passed: every order names a
unit and a target, the same few hundred in a whole sweep."""
_IDS_MAX = 4096
"""Kept ids before the memo starts afresh (ids typed by users must not grow it forever)."""


def check_order(verb: object, unit: object, target: object,
                params: object) -> tuple[str, str | None, str | None, dict[str, Any]]:
    """``(verb, unit, target, params)`` in canonical form, or :class:`OrderProblem`."""
    found = definition(verb)
    return (found.verb, check_id(unit, "unit"), check_id(target, "target"),
            found.check_params({} if params is None else params))

"""What the order form asks for each verb: the fields and a line of help.

Plain data (no Textual) so the form, the command line's help and the tests agree on
the params each verb takes. The engine decides whether an order can be carried out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cpx.engine.orders import VERBS

if TYPE_CHECKING:
    from cpx.scenario.orders import ParamSpec


@dataclass(frozen=True)
class Field:
    """One field of an order form."""

    key: str
    """``unit``, ``target`` or the name of a param."""
    label: str
    kind: str = "text"
    """``unit``, ``target``, ``text``, ``number``, ``bool`` or ``choice``."""
    hint: str = ""
    choices: tuple[str, ...] = ()
    default: Any = None
    accepts: tuple[str, ...] = ()
    """For a target: the kinds of thing that fit (``person``, ``place``, ``victim``,
    ``agency``, ``informant``, ``location``, ``crossing``, ``client``, ``route``); the
    form offers only those."""


@dataclass(frozen=True)
class Form:
    """The fields of one verb's form and what the order does."""

    help: str
    fields: tuple[Field, ...]


def _unit(label: str = "Unit") -> Field:
    return Field("unit", label, "unit")


def _target(label: str, hint: str, accepts: tuple[str, ...] = ()) -> Field:
    return Field("target", label, "target", hint, accepts=accepts)


FORMS: dict[str, Form] = {
    "surveil": Form("Watch a person or venue; hourly reports, evidence if seen, risk of being spotted.",
                    (_unit(), _target("Target", "person or venue id", ("person", "place")),
                     Field("hours", "Hours", "number", "how long, e.g. 8", default=8))),
    "task_informant": Form("Ask a source to find out about someone or somewhere they can reach.",
                           (_target("Informant", "informant id", ("informant",)),
                            Field("subject", "About", "target", "person or venue id (optional)",
                                  accepts=("person", "place")))),
    "request_warrant": Form("Ask the prosecutor for a warrant; granted on enough evidence.",
                            (_target("Against", "person (arrest) or venue (search) id",
                                     ("place", "person")),)),
    "raid": Form("Search a venue with a warrant (or on imminent danger); people met there "
                 "may be victims.",
                 (_unit(), _target("Venue", "venue id", ("place",)),
                  Field("support", "Victim support on stand-by", "target", "agency id, e.g. an NGO",
                        accepts=("agency",)),
                  Field("urgent", "Life in imminent danger (no warrant)", "bool",
                        "Life in imminent danger (no warrant needed)", default=False))),
    "arrest": Form("Arrest a suspect (with an arrest warrant).",
                   (_unit(), _target("Suspect", "person id", ("person",)))),
    "interview": Form("Interview a suspect or a person met; an interpreter and support build trust.",
                      (_unit(), _target("Person", "person id", ("victim", "person")),
                       Field("interpreter", "Interpreter", "bool", "Bring an interpreter",
                             default=True),
                       Field("ngo", "NGO present", "bool", "Victim support present", default=True),
                       Field("separated", "Separated", "bool",
                             "Interviewed apart from the others", default=True),
                       Field("as_offender", "As offender", "bool",
                             "Treat as a suspect (not for possible victims)", default=False))),
    "identify_victim": Form("Record your decision: is this person a victim of trafficking? "
                            "Tick the elements you have established.",
                            (_target("Person", "person id", ("victim",)),
                             Field("decision", "Victim", "bool", "Is a victim", default=False),
                             Field("act", "Act", "bool", "Act (recruited, moved, harboured)",
                                   default=False),
                             Field("means", "Means", "bool", "Means (force, deception, debt…)",
                                   default=False),
                             Field("purpose", "Purpose", "bool", "Purpose (exploitation)",
                                   default=False))),
    "refer_victim": Form("Refer an identified victim to a support agency and shelter.",
                         (_target("Person", "person id", ("victim",)),
                          Field("agency", "Support agency", "target", "NGO agency id",
                                accepts=("agency",)))),
    "financial_investigation": Form("Ask the financial intelligence unit to trace a suspect's money.",
                                    (_unit("Financial investigators"),
                                     _target("Suspect", "person id", ("person",)),
                                     Field("freeze", "Freeze assets", "bool",
                                           "Freeze the assets found", default=True))),
    "border_alert": Form("Alert the border police at a crossing to watch for a route.",
                         (_target("Crossing", "border crossing", ("crossing",)),
                          Field("hours", "Hours", "number", "how long", default=24))),
    "cross_border_request": Form("Ask another country for help (mutual legal assistance or a "
                                 "joint team); it takes days.",
                                 (_target("About", "person id", ("person",)),
                                  Field("kind", "Kind", "choice",
                                        "mla (mutual legal assistance) or jit (joint team)",
                                        ("mla", "jit"), "mla"))),
    "report_misconduct": Form("Report misconduct of international personnel through their "
                              "force's military police.",
                              (_target("Who", "client group id", ("client",)),)),
    "inspect": Form("Administrative inspection of a licensed venue (bar, hotel, building site…) "
                    "without a warrant: meets who is there, alerts the network, little evidence.",
                    (_unit("Inspectors"), _target("Venue", "licensed venue", ("place",)))),
}


def _forms_from_definitions(forms: dict[str, Form]) -> dict[str, Form]:
    """A form for each verb no hand-written entry describes: its summary and target from
    the verb's typed definition; its details are added below like any other's."""
    from cpx.scenario.orders import DEFINITIONS

    for verb, definition in DEFINITIONS.items():
        if verb not in forms:
            forms[verb] = Form(definition.summary, (_target(
                "Target", " or ".join(k.replace("_", " ") for k in definition.target) + " id",
                definition.target),))
    return forms


FORMS = _forms_from_definitions(FORMS)
assert set(FORMS) == set(VERBS), "every verb needs a form"


_FIELD_KINDS = {"whole_number": "number", "yes_no": "bool", "choice": "choice", "id": "target"}


def field_from_spec(spec: "ParamSpec") -> Field:
    """A form field for a detail no hand-written form entry describes: its label from
    the key, its hint from the detail's help and range."""
    return Field(spec.name, spec.name.replace("_", " ").capitalize(), _FIELD_KINDS[spec.type],
                 spec_hint("", spec), spec.choices, spec.default, spec.refers_to)


def spec_hint(hint: str, spec: "ParamSpec") -> str:
    """The field's hint, with the detail's range and unit from its definition
    ('how long (1–720 hours)'); the definition's help when the form gives none."""
    hint = hint or spec.help.rstrip(".")
    if spec.type == "whole_number" and spec.minimum is not None and spec.maximum is not None:
        span = f"{spec.minimum}–{spec.maximum}" + (f" {spec.unit}" if spec.unit else "")
        if span not in hint:
            hint = f"{hint} ({span})"
    return hint


def _with_definition_defaults(forms: dict[str, Form]) -> dict[str, Form]:
    """Each detail's starting value, range and (where the form says nothing) hint taken
    from the verb's typed definition (:mod:`cpx.scenario.orders`), so the form and the
    command line agree on what an order left as it is means (border alert 48 h, no
    interpreter unless ticked); a detail the form does not list gets a field from it."""
    from dataclasses import replace

    from cpx.scenario.orders import DEFINITIONS

    out = {}
    for verb, form in forms.items():
        definition = DEFINITIONS.get(verb)
        fields = []
        for field in form.fields:
            spec = definition.parameter(field.key) if definition is not None else None
            if spec is not None:
                field = replace(field, hint=spec_hint(field.hint, spec))
                if spec.default is not None:
                    field = replace(field, default=spec.default)
            fields.append(field)
        listed = {field.key for field in fields}
        for spec in definition.parameters() if definition is not None else ():
            if spec.name not in listed:
                fields.append(field_from_spec(spec))
        out[verb] = replace(form, fields=tuple(fields))
    return out


FORMS = _with_definition_defaults(FORMS)

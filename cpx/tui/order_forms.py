"""What the order form asks for each verb: the fields and a line of help.

Plain data (no Textual) so the form, the command line's help and the tests agree on
the params each verb takes. The engine decides whether an order can be carried out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cpx.engine.orders import VERBS


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


@dataclass(frozen=True)
class Form:
    """The fields of one verb's form and what the order does."""

    help: str
    fields: tuple[Field, ...]


def _unit(label: str = "Unit") -> Field:
    return Field("unit", label, "unit")


def _target(label: str, hint: str) -> Field:
    return Field("target", label, "target", hint)


FORMS: dict[str, Form] = {
    "surveil": Form("Watch a person or venue; hourly reports, evidence if seen, risk of being spotted.",
                    (_unit(), _target("Target", "person or venue id"),
                     Field("hours", "Hours", "number", "how long, e.g. 8", default=8))),
    "task_informant": Form("Ask a source to find out about someone or somewhere they can reach.",
                           (_target("Informant", "informant id"),
                            Field("subject", "About", "target", "person or venue id (optional)"))),
    "request_warrant": Form("Ask the prosecutor for a warrant; granted on enough evidence.",
                            (_target("Against", "person (arrest) or venue (search) id"),)),
    "raid": Form("Search a venue with a warrant (or on imminent danger); people met there "
                 "may be victims.",
                 (_unit(), _target("Venue", "venue id"),
                  Field("support", "Victim support on stand-by", "target", "agency id, e.g. an NGO"),
                  Field("urgent", "Life in imminent danger (no warrant)", "bool",
                        "Life in imminent danger (no warrant needed)", default=False))),
    "arrest": Form("Arrest a suspect (with an arrest warrant).",
                   (_unit(), _target("Suspect", "person id"))),
    "interview": Form("Interview a suspect or a person met; an interpreter and support build trust.",
                      (_unit(), _target("Person", "person id"),
                       Field("interpreter", "Interpreter", "bool", "Bring an interpreter",
                             default=True),
                       Field("ngo", "NGO present", "bool", "Victim support present", default=True),
                       Field("separated", "Separated", "bool",
                             "Interviewed apart from the others", default=True),
                       Field("as_offender", "As offender", "bool",
                             "Treat as a suspect (not for possible victims)", default=False))),
    "identify_victim": Form("Record your decision: is this person a victim of trafficking? "
                            "Tick the elements you have established.",
                            (_target("Person", "person id"),
                             Field("decision", "Victim", "bool", "Is a victim", default=True),
                             Field("act", "Act", "bool", "Act (recruited, moved, harboured)",
                                   default=False),
                             Field("means", "Means", "bool", "Means (force, deception, debt…)",
                                   default=False),
                             Field("purpose", "Purpose", "bool", "Purpose (exploitation)",
                                   default=False))),
    "refer_victim": Form("Refer an identified victim to a support agency and shelter.",
                         (_target("Person", "person id"),
                          Field("agency", "Support agency", "target", "NGO agency id"))),
    "financial_investigation": Form("Ask the financial intelligence unit to trace a suspect's money.",
                                    (_target("Suspect", "person id"),
                                     Field("freeze", "Freeze assets", "bool",
                                           "Freeze the assets found", default=True))),
    "border_alert": Form("Alert the border police at a crossing to watch for a route.",
                         (_target("Crossing", "border crossing location id"),
                          Field("hours", "Hours", "number", "how long", default=24))),
    "cross_border_request": Form("Ask another country for help (mutual legal assistance or a "
                                 "joint team); it takes days.",
                                 (_target("About", "person id"),
                                  Field("kind", "Kind", "choice",
                                        "mla (mutual legal assistance) or jit (joint team)",
                                        ("mla", "jit"), "mla"))),
    "report_misconduct": Form("Report misconduct of international personnel through their "
                              "force's military police.",
                              (_target("Who", "client group id"),)),
}
assert set(FORMS) == set(VERBS), "every verb needs a form"

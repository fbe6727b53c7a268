"""The orders reference, generated from the typed verb definitions.

``python -m cpx.scenario.orders_reference`` prints ``docs/orders.md``;
``python -m cpx.scenario.orders_reference -o docs/orders.md`` rewrites it. A test checks
the committed file equals this output, so the reference cannot drift from
:data:`cpx.scenario.orders.DEFINITIONS`. The ``?`` help of ``cpx play`` shows the same
entries (:func:`verb_entries`), so the docs, the help and the command line agree.

Each verb is described once, in :mod:`cpx.scenario.orders`; this module only words it:
what the order does, who can give it (unit, capability), what it is aimed at, each
detail (``key=``, type, range, unit, default, help) and one example command line built
from sample names of the flagship scenario, Glass Lantern.
"""

from __future__ import annotations

from dataclasses import dataclass

from cpx.scenario.orders import DEFINITIONS, ParamSpec, VerbDefinition

# Sample words for the examples: callsigns, codenames and ids the trainee sees in the
# flagship scenario (glass_lantern.yaml), so an example can be typed there as it stands.
SAMPLE_UNITS: dict[str | None, str] = {
    "surveillance": "hawk1",
    "intervention": "badger",
    "arrest": "badger",
    "interview": "folio",
    "financial": "atlas",
    "inspection": "inspectors_tarsk",
    None: "folio",
}
"""A unit that has each capability (by callsign as typed, or id)."""
SAMPLE_TARGETS: dict[str, str] = {
    "person": "ilan_voss",
    "place": "bar_lotus",
    "victim": "p3",
    "informant": "nightjar",
    "crossing": "brenna_crossing",
    "agency": "safe_harbour",
    "client_group": "force_soldiers",
}
"""Something of each target kind (a victim is known by the id given when met)."""

KIND_WORDS: dict[str, str] = {
    "person": "a person",
    "place": "a venue",
    "victim": "a victim (a person your units have met)",
    "informant": "an informant (by codename)",
    "crossing": "a border crossing",
    "agency": "an agency",
    "client_group": "a client group",
}
"""Each target kind in words."""

_TYPE_WORDS = {"whole_number": "whole number", "yes_no": "yes/no", "choice": "choice",
               "id": "name or id"}


@dataclass(frozen=True)
class VerbEntry:
    """One verb as the reference and the help show it, all in words."""

    verb: str
    summary: str
    who: str
    """Who can carry it out: a unit with a capability, or no unit."""
    target: str
    """What it is aimed at."""
    details: tuple[tuple[str, str, str, str], ...]
    """Per detail: ``key=``, its type with range and unit, its default, its help."""
    example: str
    """One command line, e.g. ``:surveil hawk1 bar_lotus hours=12``."""


def who_gives(definition: VerbDefinition) -> str:
    """Who carries the order out, in words."""
    capability = f"with the `{definition.capability}` capability" if definition.capability \
        else ""
    if definition.unit == "required":
        return f"one of your units {capability}".strip()
    if definition.unit == "optional":
        return (f"one of your units {capability}, or, given without a unit, the partner "
                "agency that can").replace("  ", " ")
    return "no unit: the cell gives it itself"


def aimed_at(definition: VerbDefinition) -> str:
    """The target kinds, in words."""
    return " or ".join(KIND_WORDS.get(kind, kind) for kind in definition.target)


def detail_type(spec: ParamSpec) -> str:
    """The detail's type with its range, unit and choices: 'whole number, 1–72 hours'."""
    text = _TYPE_WORDS[spec.type]
    if spec.type == "whole_number" and spec.minimum is not None and spec.maximum is not None:
        text += f", {spec.minimum}–{spec.maximum}"
        if spec.unit:
            text += f" {spec.unit}"
    elif spec.type == "choice":
        text += ": " + " or ".join(spec.choices)
    elif spec.type == "id" and spec.refers_to:
        text += " of " + " or ".join(KIND_WORDS.get(k, k).split(" (")[0]
                                     for k in spec.refers_to)
    return text


def detail_default(spec: ParamSpec) -> str:
    """The value when the detail is left out, as typed."""
    if spec.default is None:
        return "none"
    if isinstance(spec.default, bool):
        return "yes" if spec.default else "no"
    return str(spec.default)


def example_value(spec: ParamSpec) -> str:
    """A value worth showing for the detail: not its default, within its range."""
    if spec.type == "whole_number":
        low = spec.minimum if spec.minimum is not None else 1
        high = spec.maximum if spec.maximum is not None else spec.default + 4
        value = spec.default + 4 if spec.default + 4 <= high else max(low, spec.default - 1)
        return str(value)
    if spec.type == "yes_no":
        return "no" if spec.default else "yes"
    if spec.type == "choice":
        return next((c for c in spec.choices if c != spec.default), spec.choices[0])
    return SAMPLE_TARGETS.get(spec.refers_to[0] if spec.refers_to else "person", "x")


def example(definition: VerbDefinition) -> str:
    """One command line giving the order, with its first two details."""
    words = [definition.verb]
    if definition.unit == "required":
        words.append(SAMPLE_UNITS.get(definition.capability, SAMPLE_UNITS[None]))
    words.append(SAMPLE_TARGETS.get(definition.target[0], definition.target[0]))
    words += [f"{spec.name}={example_value(spec)}" for spec in definition.parameters()[:2]]
    return ":" + " ".join(words)


def verb_entry(definition: VerbDefinition) -> VerbEntry:
    """The definition of one verb, in words."""
    details = tuple((f"{spec.name}=", detail_type(spec), detail_default(spec), spec.help)
                    for spec in definition.parameters())
    return VerbEntry(definition.verb, definition.summary, who_gives(definition),
                     aimed_at(definition), details, example(definition))


def verb_entries() -> list[VerbEntry]:
    """Every verb, in the order they are listed to users."""
    return [verb_entry(definition) for definition in DEFINITIONS.values()]


INTRO = """\
# Orders

<!-- Generated by `python -m cpx.scenario.orders_reference -o docs/orders.md`
     from cpx/scenario/orders.py; do not edit by hand (a test checks it is current). -->

Every order a commander gives in `cpx play` (and every line of an orders file for
`cpx run --orders`) is one verb, perhaps a unit, a target, and `key=value` details:

    :VERB [UNIT] TARGET [key=value …]

Type `:` in the command post to open the command line (Tab completes verbs, units,
targets and `key=` details), or `f` for a form. Units may be typed by callsign
(`hawk1` for HAWK 1) or id, informants by codename (`nightjar`), people and venues by
the name or id the cell knows. A detail left out takes its default. Whether an order
can be carried out (a unit on duty and free, a warrant in hand) is the exercise's
decision: a refused order says why. The `?` help in `cpx play` lists the same verbs.

The examples use names from the flagship scenario, Glass Lantern.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def verb_section(entry: VerbEntry) -> str:
    """One verb's section of ``docs/orders.md``."""
    lines = [f"## `{entry.verb}`", "", entry.summary, "",
             f"- **Who:** {entry.who}.", f"- **Aimed at:** {entry.target}."]
    if entry.details:
        lines += ["", "| Detail | Type | Default | Meaning |", "|---|---|---|---|"]
        lines += [f"| `{key}` | {kind} | {default} | {_cell(text)} |"
                  for key, kind, default, text in entry.details]
    else:
        lines += ["- **Details:** none."]
    lines += ["", "Example:", "", f"    {entry.example}", ""]
    return "\n".join(lines)


def reference() -> str:
    """The whole of ``docs/orders.md``."""
    sections = [INTRO, "| Verb | What it does |\n|---|---|\n" + "".join(
        f"| [`{e.verb}`](#{e.verb}) | {e.summary} |\n" for e in verb_entries())]
    sections += [verb_section(entry) for entry in verb_entries()]
    return "\n".join(section.rstrip("\n") + "\n" for section in sections)


def main(argv: list[str] | None = None) -> int:
    """Print the reference, or write it with ``-o FILE``."""
    from cpx.scenario.reference import write_or_print

    return write_or_print(reference, "orders reference", "docs/orders.md", argv)


if __name__ == "__main__":
    raise SystemExit(main())

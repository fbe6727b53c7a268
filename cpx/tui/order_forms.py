"""What the order form asks for each verb: the fields and a line of help.

Generated from the verbs' typed definitions (:data:`cpx.scenario.orders.DEFINITIONS`):
the help is the definition's summary, the unit field is there when the verb is given
to a unit, the target field offers the kinds of thing the definition names, and each
detail gets a field of its type with its help, range and default. So a verb added to
DEFINITIONS has a form, completion and ``?`` help without another edit. Plain data (no
Textual) so the form, the command line and the tests agree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpx.scenario.orders import ParamSpec, VerbDefinition


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


KIND_LABELS = {
    "person": "person", "place": "venue", "victim": "person met", "informant": "informant",
    "crossing": "border crossing", "agency": "agency", "client_group": "client group",
    "seen": "person seen",
}
"""How a form names each kind of target a definition may name (kinds, not verbs)."""

VOCABULARY_KINDS = {"client_group": "client"}
"""A definition's kind of target → the kind the cell's vocabulary files it under."""


ALSO_ACCEPTS = {"interview": ("seen",)}
"""Kinds a verb's form and completion offer besides its definition's: a person seen and
left at a venue (the vocabulary's ``seen``) is interviewed on site (cpx.engine.onsite),
though the definition names only people met and suspects."""


def _kinds(kinds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(VOCABULARY_KINDS.get(k, k) for k in kinds)


def _kind_words(kinds: tuple[str, ...]) -> str:
    return " or ".join(KIND_LABELS.get(k, k.replace("_", " ")) for k in kinds)


def build_form(definition: "VerbDefinition") -> Form:
    """The form of one verb, from its definition alone."""
    fields: list[Field] = []
    if definition.unit != "none":
        label = "Unit" + (f" ({definition.capability})" if definition.capability else "")
        fields.append(Field("unit", label, "unit"))
    if definition.target:
        words = _kind_words(definition.target)
        accepts = _kinds(definition.target) + ALSO_ACCEPTS.get(definition.verb, ())
        words = _kind_words(definition.target + ALSO_ACCEPTS.get(definition.verb, ()))
        fields.append(Field("target", words[0].upper() + words[1:], "target", words,
                            accepts=accepts))
    fields += [field_from_spec(spec) for spec in definition.parameters()]
    return Form(definition.summary, tuple(fields))


class _Forms(Mapping[str, Form]):
    """Every verb's form, built from DEFINITIONS as it is when asked (a verb another
    module adds to DEFINITIONS has a form at once); each is built once per definition."""

    def __init__(self) -> None:
        self._built: dict[str, tuple[Any, Form]] = {}

    @staticmethod
    def _definitions() -> dict[str, "VerbDefinition"]:
        from cpx.scenario.orders import DEFINITIONS

        return DEFINITIONS

    def __getitem__(self, verb: str) -> Form:
        definition = self._definitions()[verb]
        built = self._built.get(verb)
        if built is None or built[0] is not definition:
            built = (definition, build_form(definition))
            self._built[verb] = built
        return built[1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._definitions())

    def __len__(self) -> int:
        return len(self._definitions())


FORMS: Mapping[str, Form] = _Forms()
"""verb → its :class:`Form`, generated from the verb's typed definition."""


_FIELD_KINDS = {"whole_number": "number", "yes_no": "bool", "choice": "choice", "id": "target"}


def field_from_spec(spec: "ParamSpec") -> Field:
    """The form field of one detail: its label from the key, its hint from the detail's
    help and range, its starting value the definition's default."""
    hint = spec_hint("", spec)
    if spec.type == "id" and spec.refers_to:
        hint = f"{hint} ({_kind_words(spec.refers_to)})"
    return Field(spec.name, spec.name.replace("_", " ").capitalize(), _FIELD_KINDS[spec.type],
                 hint, spec.choices, spec.default, _kinds(spec.refers_to))


def spec_hint(hint: str, spec: "ParamSpec") -> str:
    """The field's hint, with the detail's range and unit from its definition
    ('how long (1–720 hours)'); the definition's help when the form gives none."""
    hint = hint or spec.help.rstrip(".")
    if spec.type == "whole_number" and spec.minimum is not None and spec.maximum is not None:
        span = f"{spec.minimum}–{spec.maximum}" + (f" {spec.unit}" if spec.unit else "")
        if span not in hint:
            hint = f"{hint} ({span})"
    return hint

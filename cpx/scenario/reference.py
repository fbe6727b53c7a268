"""The format reference for exercise directors, generated from the models.

``python -m cpx.scenario.reference`` prints ``docs/scenario-format.md``;
``python -m cpx.scenario.reference -o docs/scenario-format.md`` rewrites it. A test
checks the committed file equals this output, so the reference cannot drift from the
models: every model and field is listed with its type in plain words, whether it is
required, its default and its docstring. The prose around the tables lives in
:mod:`cpx.scenario.reference_text`.
"""

from __future__ import annotations

import argparse
import inspect
import json
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from cpx.scenario import models
from cpx.scenario.explain import VOCABULARY_NOUNS
from cpx.scenario.objectives import MEASURES_GUIDE
from cpx.scenario.reference_text import EDITORS, ENDING, INTRO, VOCABULARY_INTRO

_ID_PATTERN = "^[a-z][a-z0-9_]*$"
# Vocabularies listed once in their own section; a field of that type links to it.
_VOCABULARIES = {
    "LocationKind": models.LocationKind,
    "MemberRole": models.MemberRole,
    "VenueKind": models.VenueKind,
    "Exploitation": models.Exploitation,
    "Means": models.Means,
    "AgencyKind": models.AgencyKind,
    "Capability": models.Capability,
    "ReactionTrigger": models.ReactionTrigger,
    "ReactionAction": models.ReactionAction,
    "OrderVerb": models.OrderVerb,
    "EventTrigger": models.EventTrigger,
    "Metric": models.Metric,
}


def _anchor(title: str) -> str:
    return title.lower().replace(" ", "-")


def models_in_order() -> list[type[BaseModel]]:
    """Every model reachable from :class:`Scenario`, depth first in field order."""
    seen: list[type[BaseModel]] = []

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp in seen:
                return
            seen.append(tp)
            for info in tp.model_fields.values():
                visit(info.annotation)
            return
        for arg in get_args(tp):
            visit(arg)

    visit(models.Scenario)
    return seen


def _metadata(tp: Any) -> tuple[Any, list[Any]]:
    """Split ``Annotated[T, ...]`` into T and its flattened metadata."""
    found: list[Any] = []
    while get_origin(tp) is Annotated:
        tp, *extra = get_args(tp)
        for item in extra:
            found.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return tp, found


def plain_type(tp: Any, metadata: list[Any] = ()) -> str:  # type: ignore[assignment]
    """A field's type in words a director reads: 'list of ids', 'duration (e.g. 6h)'."""
    tp, more = _metadata(tp)
    metadata = [*metadata, *more]
    funcs = {getattr(getattr(item, "func", None), "__name__", "") for item in metadata}
    patterns = {getattr(item, "pattern", None) for item in metadata}
    bounds = {
        name.capitalize(): getattr(item, name)
        for item in metadata
        for name in ("ge", "gt", "le", "lt")
        if getattr(item, name, None) is not None
    }
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        rest = [arg for arg in get_args(tp) if arg is not type(None)]
        return plain_type(rest[0]) + " (optional)" if len(rest) == 1 else " or ".join(map(plain_type, rest))
    if "_duration_minutes" in funcs:
        return "duration (e.g. `45m`, `6h`, `3d`)"
    if "_check_clock" in funcs:
        return "exercise time (e.g. `D2 09:00`)"
    if _ID_PATTERN in patterns:
        return "[id](#ids)"
    if origin is Literal:
        values = [str(value) for value in get_args(tp)]
        for name, vocabulary in _VOCABULARIES.items():
            if set(get_args(vocabulary)) == set(values):
                noun = VOCABULARY_NOUNS[frozenset(values)]
                return f"a [{noun}](#{_anchor(noun)})"
        return "one of " + ", ".join(f"`{value}`" for value in values)
    if origin is list:
        inner = plain_type(get_args(tp)[0])
        inner = inner.removeprefix("a ").removeprefix("an ")
        if inner == "[id](#ids)":
            return "list of [ids](#ids)"
        return "list of texts" if inner == "text" else f"list of {inner}"
    if origin is tuple:
        args = get_args(tp)
        inner = {plain_type(arg) for arg in args}
        if inner == {"[id](#ids)"}:
            return f"{len(args)} [ids](#ids) `[a, b]`"
        if inner == {"whole number"}:
            return f"{len(args)} whole numbers `[x, y]`"
        return "list of " + ", ".join(plain_type(arg) for arg in args)
    if origin is dict:
        key, value = get_args(tp)
        return f"mapping from {plain_type(key)} to {plain_type(value)}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{_anchor(tp.__name__)})"
    if tp is str:
        if patterns - {None}:
            return "clock time of day (e.g. `06:00`)"
        return "text"
    if tp is bool:
        return "true or false"
    if tp in (int, float):
        word = "whole number" if tp is int else "number"
        if bounds.get("Ge") == 0.0 and bounds.get("Le") == 1.0 and tp is float:
            return "number from 0 to 1"
        limits = [f"≥ {_number(bounds['Ge'])}" if "Ge" in bounds else "",
                  f"> {_number(bounds['Gt'])}" if "Gt" in bounds else "",
                  f"≤ {_number(bounds['Le'])}" if "Le" in bounds else ""]
        limits = [limit for limit in limits if limit]
        return f"{word} ({', '.join(limits)})" if limits else word
    if getattr(tp, "__name__", "") == "datetime":
        return "date and time (e.g. `2004-03-08T08:00`)"
    return getattr(tp, "__name__", str(tp))


def _number(value: float) -> str:
    """A bound as a director reads it: 10,000,000 rather than 1e+07."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def plain_default(info: FieldInfo) -> str:
    """The default as a director would write it, or 'required'."""
    if info.is_required():
        return "**required**"
    default = info.default
    if default is None:
        return "none"
    if isinstance(default, BaseModel):
        return "see below" if not default.model_dump() else f"all defaults of [{type(default).__name__}](#{_anchor(type(default).__name__)})"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if isinstance(default, list):
        return "empty" if not default else "`[" + ", ".join(map(str, default)) + "]`"
    if isinstance(default, dict):
        return "`" + json.dumps(default).replace('"', "") + "`"
    if default == "" :
        return "empty"
    return f"`{default}`"


def model_section(model: type[BaseModel]) -> str:
    """The reference section of one model: its docstring and a table of its fields."""
    lines = [f"### {model.__name__}", "", inspect.cleandoc(model.__doc__ or ""), ""]
    lines += ["| key | type | default | what it is |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        key = info.alias or name
        kind = plain_type(info.annotation, list(info.metadata))
        text = " ".join((info.description or "").split()).replace("|", "\\|")
        lines.append(f"| `{key}` | {kind} | {plain_default(info)} | {text} |")
    return "\n".join(lines) + "\n"


def vocabulary_section() -> str:
    """Every closed list of words a field may take, once each."""
    parts = [VOCABULARY_INTRO]
    for vocabulary in _VOCABULARIES.values():
        values = [str(value) for value in get_args(vocabulary)]
        noun = VOCABULARY_NOUNS[frozenset(values)]
        parts.append(f"### {noun.capitalize()}\n\n" + ", ".join(f"`{v}`" for v in values) + "\n")
    return "\n".join(parts)


def reference() -> str:
    """The whole of ``docs/scenario-format.md``."""
    sections = [INTRO, EDITORS, MEASURES_GUIDE, "## Every section and field\n"]
    sections += [model_section(model) for model in models_in_order()]
    sections += [vocabulary_section(), ENDING]
    return "\n".join(section.rstrip("\n") + "\n" for section in sections)


def write_or_print(render, what: str, example: str, argv: list[str] | None = None) -> int:
    """The command line of a generated reference: print ``render()``, or write it with
    ``-o FILE`` (shared by this module and :mod:`cpx.scenario.orders_reference`)."""
    parser = argparse.ArgumentParser(description=f"Generate the {what}.")
    parser.add_argument("-o", "--output", help=f"write to this file (e.g. {example})")
    args = parser.parse_args(argv)
    text = render()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print the reference, or write it with ``-o FILE``."""
    return write_or_print(reference, "scenario format reference", "docs/scenario-format.md", argv)


if __name__ == "__main__":
    raise SystemExit(main())

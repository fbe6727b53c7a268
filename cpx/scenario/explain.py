"""Pydantic's validation errors, told in a director's words.

Pydantic reports ``Input should be 'boss', 'lieutenant' …`` at a tuple location; a
director needs ``network.members[3].roles[0]: 'recruter' is not a role; did you mean
'recruiter'?``. This module walks the location through the models to learn what was
expected there (a role, a duration, a known key) and writes the message.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from cpx.scenario import models
from cpx.scenario.problems import PathPart

# What a value of each vocabulary is called in a sentence: "'x' is not a <noun>".
VOCABULARY_NOUNS: dict[frozenset[str], str] = {
    frozenset(get_args(models.LocationKind)): "kind of location",
    frozenset(get_args(models.MemberRole)): "role",
    frozenset(get_args(models.VenueKind)): "kind of venue",
    frozenset(get_args(models.Exploitation)): "form of exploitation",
    frozenset(get_args(models.Means)): "means of control",
    frozenset(get_args(models.AgencyKind)): "kind of agency",
    frozenset(get_args(models.Capability)): "capability",
    frozenset(get_args(models.ReactionTrigger)): "kind of pressure",
    frozenset(get_args(models.ReactionAction)): "network reaction",
    frozenset(get_args(models.OrderVerb)): "kind of order",
    frozenset(get_args(models.EventTrigger)): "kind of event",
    frozenset(get_args(models.Metric)): "metric",
    frozenset(get_args(models.SourceGrade)): "source grade",
}


def suggest(word: object, options: typing.Iterable[str]) -> str | None:
    """The option closest to ``word`` if one is close enough to be a typo."""
    if not isinstance(word, str) or not word:
        return None
    options = list(options)
    folded = word.lower().replace(" ", "_").replace("-", "_")
    for option in options:  # 'NGO' for 'ngo', 'border-police' for 'border_police'
        if option.lower() == folded:
            return option
    starting = [option for option in options if option.startswith(folded)]
    if len(starting) == 1:  # 'raid' for 'raid_nearby'
        return starting[0]
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _unwrap(tp: Any) -> Any:
    """Strip ``Annotated`` and ``X | None`` down to the type that matters."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [arg for arg in get_args(tp) if arg is not type(None)]
            if len(rest) != 1:
                return tp
            tp = rest[0]
        else:
            return tp


def field_by_key(model: type[BaseModel], key: str) -> tuple[str, Any] | None:
    """The (name, FieldInfo) of the field written as ``key`` in a file (its alias or name)."""
    for name, info in model.model_fields.items():
        if (info.alias or name) == key:
            return name, info
    return None


def keys_of(model: type[BaseModel]) -> list[str]:
    """The keys a model accepts in a file, in declaration order."""
    return [info.alias or name for name, info in model.model_fields.items()]


def type_at(loc: tuple[PathPart, ...]) -> tuple[Any, type[BaseModel] | None, str | None]:
    """The expected type at ``loc``, the model holding the last field on the way, and that field."""
    tp: Any = models.Scenario
    owner: type[BaseModel] | None = None
    field_name: str | None = None
    for index, part in enumerate(loc):
        if part == "[key]":
            continue  # handled with the dict step before it
        tp = _unwrap(tp)
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
            found = field_by_key(tp, part)
            if found is None:
                return None, tp, part
            owner, field_name = tp, part
            tp = found[1].annotation
            # the field's own metadata (e.g. Duration's validator) is in FieldInfo, not the annotation
            if found[1].metadata:
                tp = Annotated[(tp, *found[1].metadata)]
        elif origin is list and isinstance(part, int):
            tp = get_args(tp)[0]
        elif origin is tuple and isinstance(part, int):
            args = get_args(tp)
            tp = args[part] if part < len(args) else None
        elif origin is dict:
            key_type, value_type = get_args(tp)
            # pydantic writes a bad dict key as (..., key, "[key]")
            tp = key_type if loc[index + 1 : index + 2] == ("[key]",) else value_type
        else:
            return None, owner, field_name
    return tp, owner, field_name


def _is_duration(tp: Any) -> bool:
    return get_origin(tp) is Annotated and any(
        getattr(meta, "func", None) is not None and meta.func.__name__ == "_duration_minutes"
        for meta in get_args(tp)[1:]
    )


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


def explain(error: dict[str, Any]) -> str:
    """One director-facing message for one pydantic error (``ValidationError.errors()`` item)."""
    loc = tuple(part for part in error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    expected, owner, field = type_at(loc)
    bare = _unwrap(expected)

    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = keys_of(owner) if owner is not None else []
        guess = suggest(key, allowed)
        hint = f"did you mean '{guess}'?" if guess else "allowed here: " + ", ".join(allowed)
        return f"unknown key '{key}'; {hint}"
    if kind == "missing":
        if isinstance(loc[-1], int):
            return "too few items" + _tuple_size_hint(loc[:-1])
        about = ""
        if owner is not None and field is not None and (found := field_by_key(owner, field)):
            about = f" ({_first_sentence(found[1].description)})" if found[1].description else ""
        return f"required key '{loc[-1]}' is missing{about}"
    if kind == "literal_error":
        options = [str(option) for option in get_args(bare)] if get_origin(bare) is Literal else []
        noun = VOCABULARY_NOUNS.get(frozenset(options), f"valid {_field_word(loc)}")
        article = "an" if noun[0] in "aeiou" else "a"
        guess = suggest(value, options)
        if guess:
            return f"{_describe(value)} is not {article} {noun}; did you mean '{guess}'?"
        return f"{_describe(value)} is not {article} {noun}; choose one of: {', '.join(options)}"
    if kind == "value_error":
        text = str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
        if _is_duration(expected) and isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"{value} is not a duration: give the unit, e.g. '{value}m' or '{value}h'"
        return text
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern", "").startswith("^[a-z]"):
            slug = re.sub(r"[^a-z0-9_]+", "_", str(value).lower()).strip("_")
            slug = slug if slug[:1].isalpha() else f"x_{slug}"
            return (
                f"'{value}' is not an id: use lower-case letters, digits and '_', starting with a "
                f"letter, e.g. '{slug}'"
            )
        return f"'{value}' is not a clock time of day; write it like '06:00'"
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "too_short" or kind == "too_long":
        return f"has {ctx.get('actual_length')} items" + _tuple_size_hint(loc)
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = f"{next(iter(ctx.values())):g}"
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        return f"{_describe(value)} is out of range: it must be {words} {limit}"
    if kind.startswith("string_type") or kind == "str_type":
        hint = " (put it in quotes)" if isinstance(value, (bool, int, float)) and value is not None else ""
        return f"expected text, found {_describe(value)}{hint}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, found {_describe(value)}"
    if kind == "finite_number":
        return f"{_describe(value)} is not allowed: give a finite number (no .nan or .inf)"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, found {_describe(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, found {_describe(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list (items on lines starting with '- '), found {_describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys and values (key: value), found {_describe(value)}"
    if kind.startswith("datetime") or kind.startswith("date_"):
        return f"{_describe(value)} is not a date and time; write it like 2004-03-08T08:00"
    return f"{error['msg']} (found {_describe(value)})"


def _tuple_size_hint(loc: tuple[PathPart, ...]) -> str:
    expected, _, _ = type_at(loc)
    bare = _unwrap(expected)
    if get_origin(bare) is tuple:
        return f"; it needs exactly {len(get_args(bare))}"
    return ""


def _field_word(loc: tuple[PathPart, ...]) -> str:
    names = [part for part in loc if isinstance(part, str) and part != "[key]"]
    return names[-1].replace("_", " ") if names else "value"


def _first_sentence(text: str) -> str:
    return text.split("; ")[0].rstrip(".")

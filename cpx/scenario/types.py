"""Small value types shared by the scenario models: ids, durations, clock times, grades.

Each type validates the director's notation and publishes a JSON-Schema fragment that
says the same thing, so an editor with the schema flags a mistake as it is typed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, PlainSerializer, WithJsonSchema

from cpx.scenario.timefmt import TimeFormatError, format_duration, parse_clock, parse_duration

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
MAX_DURATION = 366 * 24 * 60
"""The longest duration in a scenario, in minutes (366 days): an exercise runs days to
weeks, and every delay in it is shorter than the exercise."""
DURATION_PATTERN = r"^\s*(\d+\s*[mhdw]\s*)+$"
CLOCK_PATTERN = r"^\s*D[1-9]\d*\s+([01]?\d|2[0-3]):[0-5]\d\s*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        min_length=1,
        max_length=64,
    ),
]
"""The id other parts of the scenario use to refer to an entity.

It carries no description of its own: the JSON Schema shows each Id field's docstring
(what the id refers to), and the format reference explains the id rule once.
"""


def _duration_minutes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(
            f"{value!r} is not a duration; write a number and a unit, e.g. '45m', '6h', '3d'"
        )
    try:
        minutes = parse_duration(value)
    except TimeFormatError as error:
        raise ValueError(str(error)) from None
    if minutes > MAX_DURATION:
        raise ValueError(f"{value.strip()!r} is longer than a year; durations in a scenario "
                         "are at most 366d")
    return minutes


Duration = Annotated[
    int,
    BeforeValidator(_duration_minutes),
    # JSON dumps write the notation back, so a dumped scenario is again a valid file.
    PlainSerializer(format_duration, return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "A duration: '45m', '6h', '3d', '1d 6h', '2w'; at most 366d.",
        }
    ),
]
"""A duration written as ``45m``/``6h``/``3d``; held as whole minutes, dumped to JSON as notation."""


def _check_clock(value: str) -> str:
    try:
        parse_clock(value)
    except TimeFormatError as error:
        raise ValueError(str(error)) from None
    return value.strip()


ClockTime = Annotated[
    str,
    AfterValidator(_check_clock),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": CLOCK_PATTERN,
            "description": "An exercise time: day and clock, e.g. 'D2 14:30'.",
        }
    ),
]
"""An exercise time ``Dn HH:MM``; converted to minutes with the scenario's STARTEX."""

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
"""A probability or a share, from 0 to 1."""

Level = Annotated[float, Field(ge=0.0, le=1.0)]
"""A trait or level on a 0 (none) to 1 (extreme) scale."""

SourceGrade = Literal["A", "B", "C", "D", "E", "F"]
"""Admiralty source reliability: A completely reliable … E unreliable, F cannot be judged."""

IdList = list[Id]

"""Exercise time notation: clock times like ``D2 14:30`` and durations like ``45m``.

Inside cpx all time is whole minutes since STARTEX.  Scenario files and the UI use the
notation exercise staff use on an MSEL:

* a **clock time** ``Dn HH:MM`` — exercise day ``n`` (day 1 is the calendar day of
  STARTEX) and the wall-clock time of that day;
* a **duration** — one or more numbers with a unit, ``45m``, ``6h``, ``3d``, ``1d 6h``,
  ``2w``.

These are plain functions (no pydantic) so the engine and the UI can use them too.
"""

from __future__ import annotations

import re

MINUTES_PER_DAY = 24 * 60

_UNIT_MINUTES = {"m": 1, "h": 60, "d": MINUTES_PER_DAY, "w": 7 * MINUTES_PER_DAY}
_DURATION_PART = re.compile(r"(\d+)\s*([mhdw])")
_DURATION = re.compile(r"^\s*(\d+\s*[mhdw]\s*)+$")
_CLOCK = re.compile(r"^\s*D(\d+)\s+(\d{1,2}):(\d{2})\s*$")


MAX_DIGITS = 6
"""The most digits a number in a time or duration may have (a million days is plenty):
longer numbers are refused before Python converts them, which is slow past 4,300 digits."""


class TimeFormatError(ValueError):
    """A time or duration string that does not follow the notation."""


def _short(text: str) -> str:
    return repr(text if len(text) <= 30 else text[:27] + "…")


def parse_duration(text: str) -> int:
    """Return the minutes in a duration such as ``45m``, ``6h``, ``3d`` or ``1d 6h``."""
    if not isinstance(text, str) or not _DURATION.match(text):
        raise TimeFormatError(
            f"{text!r} is not a duration; write a number and a unit, "
            "e.g. '45m', '6h', '3d' or '1d 6h'"
        )
    parts = _DURATION_PART.findall(text)
    if any(len(n) > MAX_DIGITS for n, _u in parts):
        raise TimeFormatError(f"{_short(text)} is far too long a duration")
    return sum(int(n) * _UNIT_MINUTES[u] for n, u in parts)


def format_duration(minutes: int) -> str:
    """Write minutes back in the notation, largest units first (``1d 6h 30m``)."""
    if minutes == 0:
        return "0m"
    sign = "-" if minutes < 0 else ""
    rest = abs(minutes)
    parts = []
    for unit, size in (("d", MINUTES_PER_DAY), ("h", 60), ("m", 1)):
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return sign + " ".join(parts)


def parse_clock(text: str) -> tuple[int, int]:
    """Return ``(day, minute_of_day)`` of a clock time such as ``D2 14:30``."""
    match = _CLOCK.match(text) if isinstance(text, str) else None
    if not match:
        raise TimeFormatError(
            f"{text!r} is not an exercise time; write the day and the clock, e.g. 'D2 14:30'"
        )
    if len(match.group(1)) > MAX_DIGITS:
        raise TimeFormatError(f"{_short(text)}: that day is far beyond any exercise")
    day, hour, minute = (int(g) for g in match.groups())
    if day < 1:
        raise TimeFormatError(f"{text!r}: exercise days start at D1")
    if hour > 23 or minute > 59:
        raise TimeFormatError(f"{text!r}: {hour:02d}:{minute:02d} is not a time of day")
    return day, hour * 60 + minute


def clock_to_minutes(text: str, startex_minute_of_day: int) -> int:
    """Minutes since STARTEX of a clock time, given the time of day STARTEX falls at."""
    day, minute_of_day = parse_clock(text)
    return (day - 1) * MINUTES_PER_DAY + minute_of_day - startex_minute_of_day


def minutes_to_clock(minutes: int, startex_minute_of_day: int) -> str:
    """The ``Dn HH:MM`` clock time of a moment given in minutes since STARTEX."""
    absolute = minutes + startex_minute_of_day
    day, minute_of_day = divmod(absolute, MINUTES_PER_DAY)
    return f"D{day + 1} {minute_of_day // 60:02d}:{minute_of_day % 60:02d}"

"""``round(x, digits)`` for the world's figures, the same floats without the decimal detour.

Python's ``round(x, 4)`` of a float writes the number's exact binary value as a decimal
rounded to four places and reads that back (David Gay's dtoa and strtod): correct in every
case, but a couple of thousand instructions each, and a run rounds several hundred
trusts, alert levels, exposures and evidence weights. Almost always the arithmetic below
gives that very float: ``x * 10**digits`` is within a few ten-millionths of the exact
product while it stays below 2**31 in size, so unless that product lies within a millionth
of a half its nearest whole number ``n`` is the one the decimal rounding keeps, and
``n / 10**digits`` (two exact doubles, one correctly rounded division) is the float nearest
to the decimal ``round`` reads back. Near a half, beyond that size, for anything but a
plain float (an int stays an int under ``round``), and for NaN or infinities, Python's
own ``round`` answers. A zero keeps the sign ``round`` gives it (``-0.0`` for a small
negative number). ``tests/engine/test_world_fast_paths.py`` compares both on floats
hypothesis draws, near halves included.
"""

from __future__ import annotations

import math
from typing import Any, Final

_SCALES: Final = (1.0, 10.0, 100.0, 1000.0, 10000.0)
"""10**digits for the digits handled here (exact doubles)."""
_LIMIT: Final = 2147483648.0
"""2**31: below it a product's rounding error is under 2.5e-7 (2**31 * 2**-53)."""


def rounded(x: Any, digits: int) -> Any:
    """``round(x, digits)``, the same value and type."""
    if type(x) is float and 0 <= digits <= 4:
        value: float = x  # compiled: the double itself from here on
        scale = _SCALES[digits]
        y = value * scale
        if -_LIMIT < y < _LIMIT:
            k = math.floor(y)
            frac = y - k  # exact: y and k lie within one of each other
            if frac < 0.499999:
                n = k
            elif frac > 0.500001:
                n = k + 1
            else:
                return round(x, digits)  # too near a half to tell: Python's own
            return n / scale if n else math.copysign(0.0, value)
    return round(x, digits)

"""From a measured value to an HSEEP rating: P, S, M or U.

* **P** — performed without challenges; **S** — with some challenges; **M** — with major
  challenges; **U** — unable to be performed.
* **N/O** — not observed: the exercise never gave the cell occasion for the task (no
  minor was met, no expected action came due). It is not a judgement of the trainees.

A rule names three thresholds. With ``better: higher`` a value at or above ``P`` is P,
at or above ``S`` is S, at or above ``M`` is M, anything lower U; with ``better: lower``
the comparisons are "at or below".
"""

from __future__ import annotations

from typing import Any

from cpx.scenario.models import RatingRule

RATINGS = ("P", "S", "M", "U")
"""The HSEEP scale, best first."""

NOT_OBSERVED = "N/O"
"""The rating of a task the exercise gave no occasion for."""

MEANING = {
    "P": "performed without challenges",
    "S": "performed with some challenges",
    "M": "performed with major challenges",
    "U": "unable to be performed",
    NOT_OBSERVED: "not observed in this exercise",
}
"""What each rating means, as the after-action report writes it."""


def rate(value: float | None, rule: RatingRule, due: bool = True) -> str:
    """The rating of ``value`` under ``rule``; None is U when due, else N/O."""
    if value is None:
        return "U" if due else NOT_OBSERVED
    known = _RULES.get(id(rule))
    if known is None or known[0] is not rule:
        known = _thresholds(rule)
    higher, thresholds = known[1], known[2]
    for grade, threshold in thresholds:
        if (value >= threshold) if higher else (value <= threshold):
            return grade
    return "U"


_RULES: dict[int, tuple[RatingRule, bool, tuple[tuple[str, Any], ...]]] = {}
"""Each rule's direction and thresholds, read once per rule object (rules are frozen
models; each read of a field goes through the model's attribute lookup)."""


def _thresholds(rule: RatingRule) -> tuple[RatingRule, bool, tuple[tuple[str, Any], ...]]:
    if len(_RULES) > 4096:
        _RULES.clear()  # rules of scenarios no longer scored
    known = _RULES[id(rule)] = (rule, rule.better == "higher",
                                tuple((grade, getattr(rule, grade)) for grade in ("P", "S", "M")))
    return known

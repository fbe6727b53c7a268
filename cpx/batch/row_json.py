"""The stored JSON text of an objective's score, written from fragments made once.

A sweep stores each objective's entry as JSON text (``objectives.result``): the score
card's entry without its event numbers, encoded as :func:`cpx.batch.store.result_text`
encodes it (sorted keys, ``", "`` and ``": "`` separators, UTF-8 kept). Most of that text
— an objective's title, capability and cell, each task's wording, measure and thresholds
— is the same in every run of a scenario, so it is encoded once per objective and task,
and each run encodes only what it measured (values, ratings, details) and joins the
pieces in the order sorted keys give. ``tests/batch/test_sweep_scoring_paths.py``
compares the text with ``result_text`` of the entry on real runs.
"""

from __future__ import annotations

import json
from typing import Any

from cpx.aar.measures import TaskScore
from cpx.aar.ratings import MEANING
from cpx.aar.scorecard import ObjectiveScore
from cpx.journal.events import NATIVE

_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
"""``json.dumps`` with :func:`cpx.batch.store.result_text`'s settings (one encoder, kept)."""
_string = json.encoder.encode_basestring  # what that encoder writes for a str (UTF-8 kept)
_C_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)  # None: no C accelerator


def _encode_any(value: Any) -> str:
    """``_ENCODER.encode(value)`` for a value that is not a str: the one-shot path of
    :meth:`json.JSONEncoder.encode` written out, the C encoder made directly with the
    same settings (the method and ``iterencode``, two interpreted calls, cost more than
    the encoding of a task's details)."""
    if NATIVE:  # compiled: plain data written here costs less than making a C encoder
        out: list[str] = []
        if _plain_json(value, out, 0):
            return "".join(out)
    if _C_ENCODER is None:
        return _ENCODER.encode(value)
    # markers (a fresh dict, as check_circular gives), default, string encoder, indent,
    # key and item separators, sort_keys, skipkeys, allow_nan
    return "".join(_C_ENCODER({}, str, _string, None, ": ", ", ", True, False, True)(value, 0))


def _plain_json(value: Any, out: list[str], depth: int) -> bool:
    """Append to ``out`` the text :data:`_ENCODER` writes for ``value``, when it is plain
    data: dicts with str keys, lists and tuples of plain data, and exact str, int, float,
    bool or None. False (``out`` then holds a part) for anything else, for which the
    encoder decides (``default``, a subclass, a key to convert, a circular reference).

    Compiled (:data:`~cpx.journal.events.NATIVE`) only: interpreted, the C encoder is
    faster (``tests/batch/test_scoring_gather.py`` holds the two to the same text).
    """
    kind = type(value)
    if kind is str:
        out.append(_string_text(value))
    elif kind is float:
        out.append(_float_text(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(str(value))  # an exact int: str is its repr, the encoder's text
    elif depth > 64:
        return False  # deeper than any score: perhaps circular, for the encoder to refuse
    elif kind is dict:
        if not value:
            out.append("{}")
            return True
        keys = list(value)
        for key in keys:
            if type(key) is not str:
                return False
        keys.sort()  # str keys, all different: the order of the encoder's sorted items
        out.append("{")
        first = True
        for key in keys:
            if first:
                first = False
            else:
                out.append(", ")
            out.append(_string_text(key))
            out.append(": ")
            if not _plain_json(value[key], out, depth + 1):
                return False
        out.append("}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return True
        out.append("[")
        first = True
        for item in value:
            if first:
                first = False
            else:
                out.append(", ")
            if not _plain_json(item, out, depth + 1):
                return False
        out.append("]")
    else:
        return False
    return True


def _float_text(value: float) -> str:
    """What the encoder writes for an exact float (``allow_nan``: NaN and the infinities by
    name, else its repr)."""
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return repr(value)


_INFINITY = float("inf")
_STRINGS: dict[str, str] = {}
"""Each string's JSON text, as :data:`_string` writes it: a run's details name the same
people, places and tasks as the last run's."""


def _string_text(value: str) -> str:
    """``_string(value)``, remembered (compiled, a dict read costs less than the call)."""
    known = _STRINGS.get(value)
    if known is None:
        if len(_STRINGS) > 8192:
            _STRINGS.clear()  # strings of runs long done
        known = _STRINGS[value] = _string(value)
    return known


_FLOAT_REPR = float.__repr__
_INT_REPR = int.__repr__
_SPECIAL = {float("nan"): "NaN", float("inf"): "Infinity", float("-inf"): "-Infinity"}


def _encode(value: Any) -> str:
    """:data:`_encode_any` of ``value``, written directly for a string, a number, a bool or
    None (most of what a run measures): the encoder makes its C encoder anew each call."""
    kind = type(value)
    if kind is str:
        return _string_text(value) if NATIVE else _string(value)
    if kind is float:
        if value != value:
            return "NaN"
        return _SPECIAL.get(value) or _FLOAT_REPR(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return _INT_REPR(value)
    return _encode_any(value)

_OBJECTIVES: dict[int, tuple[Any, Any, tuple[str, str]]] = {}
_TASKS: dict[int, tuple[Any, tuple[str, str, str]]] = {}
_MEANINGS = {rating: _encode(text) for rating, text in MEANING.items()}


def entry_json(score: ObjectiveScore, metrics: dict[str, Any], strip: Any) -> str:
    """The JSON text of ``score``'s entry (:meth:`~cpx.aar.scorecard.ObjectiveScore.to_dict`)
    without its evidence; ``metrics`` is the entry's ``metrics`` and ``strip`` the function
    that drops ``evidence`` keys from a value (:func:`cpx.batch.scoring._without_evidence`)."""
    objective = score.objective
    head, tail = _objective_parts(objective, score.cell)
    decisive = score.decisive
    tasks = ", ".join([_task_json(t, strip) for t in score.tasks])
    return (f'{head}{_encode(decisive.task.id)}, "id": {_encode(objective.id)}, "metric": '
            f'{_encode(objective.metric)}, "metrics": {_encode(strip(metrics))}, "rating": '
            f'{_encode(score.rating)}, "rating_meaning": {_MEANINGS[score.rating]}, "rule": '
            f'{_task_parts(decisive.task)[2]}, "tasks": [{tasks}]{tail}{_encode(decisive.value)}}}')


def _task_json(task_score: TaskScore, strip: Any) -> str:
    head, middle, _ = _task_parts(task_score.task)
    details = _encode(task_score.details)
    if '"evidence"' in details:  # a key to drop somewhere inside (or only a string that reads so)
        details = _encode(strip(task_score.details))
    return (f'{{"details": {details}{head}{_encode(task_score.rating)}{middle}'
            f'{_encode(task_score.unit)}, "value": {_encode(task_score.value)}}}')


def _objective_parts(objective: Any, cell: str | None) -> tuple[str, str]:
    """The text before ``decided_by``'s value, and from after the tasks to ``value``'s."""
    known = _OBJECTIVES.get(id(objective))
    if known is None or known[0] is not objective or known[1] != cell:
        if len(_OBJECTIVES) > 1024:
            _OBJECTIVES.clear()  # objectives of scenarios no longer scored
        head = f'{{"capability": {_encode(objective.capability)}, '
        if cell is not None:
            head += f'"cell": {_encode(cell)}, '
        head += '"decided_by": '
        tail = f', "title": {_encode(objective.title)}, "value": '
        known = _OBJECTIVES[id(objective)] = (objective, cell, (head, tail))
    return known[2]


def _task_parts(task: Any) -> tuple[str, str, str]:
    """A task's text from ``id`` to ``rating``'s value, from ``task`` to ``unit``'s value,
    and its thresholds (an objective's ``rule`` is its deciding task's thresholds)."""
    known = _TASKS.get(id(task))
    if known is None or known[0] is not task:
        if len(_TASKS) > 4096:
            _TASKS.clear()
        rule = task.rating
        thresholds = _encode({"better": rule.better, "P": rule.P, "S": rule.S, "M": rule.M})
        head = f', "id": {_encode(task.id)}, "measure": {_encode(task.measure)}, "rating": '
        middle = f', "task": {_encode(task.task)}, "thresholds": {thresholds}, "unit": '
        known = _TASKS[id(task)] = (task, (head, middle, thresholds))
    return known[1]

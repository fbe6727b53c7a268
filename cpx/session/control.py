"""Exercise control (EXCON) and evaluators: steering the MSEL, adjudicating, observing.

EXCON holds an inject (it does not fire until released), releases it, fires an
off-timeline inject — typed live or picked from the scenario's ``library`` — and
adjudicates an order's outcome with a reason (:mod:`cpx.engine.rulings`). An evaluator
records observations on the objectives' critical tasks (P/S/M/U and a note), which the
score card and the after-action report show beside the computed rating.

Every accepted action is journaled as its own line (``excon`` or ``observation``) with
its author (the seat's name) and the sim time, before it takes effect; a refused one
changes nothing and is not journaled. :func:`reapply` re-applies a journaled line at
the same point of the stream, so ``cpx replay LOG --verify`` re-simulates the journal
byte for byte and ``cpx serve --resume LOG`` keeps every action::

    answer = excon_action(exercise, {"do": "hold", "inject": "i_journalist"}, author="excon")
    answer = observe(exercise, {"objective": "o1", "task": "t1", "rating": "S",
                                "note": "referral slow"}, author="evaluator-1")
    rows = msel(exercise)        # each inject with its state: pending/held/fired/satisfied

What a player seat receives is unchanged: the EXCON action event, held injects and
observations are EXCON-only (a fired inject reaches its cell as any inject does).
"""

from __future__ import annotations

import re
from typing import Any

from cpx.engine import events as ev
from cpx.errors import CpxError

ACTIONS = ("hold", "release", "fire", "adjudicate", "clock")
CLOCK = ("pause", "resume", "speed")
"""EXCON's clock actions: the server runs the clock; the journal keeps the record."""
RATINGS = ("P", "S", "M", "U")
MAX_TEXT = 2000
"""Longest inject text, reason or note (characters)."""
LIVE_FIELDS = ("id", "to", "from", "text", "channel", "type", "expected_action", "objective",
               "mentions")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class Refused(CpxError):
    """An EXCON action or observation that cannot be taken, with the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, "Refused")
        self.reason = reason


# ---------------------------------------------------------------------- EXCON actions


def excon_action(exercise: Any, action: Any, author: str) -> dict[str, Any]:
    """Take an EXCON action now; the answer ``{"accepted", "reason", "t", ...}``.

    An accepted action is journaled (``excon`` line), announced to EXCON (an
    ``excon.action`` event) and applied; a refused one changes nothing.
    """
    try:
        normal = _check_action(exercise, action)
    except Refused as refused:
        return {"accepted": False, "reason": refused.reason, "t": exercise.now}
    _apply(exercise, normal, author)
    answer: dict[str, Any] = {"accepted": True, "reason": "", "t": exercise.now,
                              "action": normal}
    return answer


def take_cell(exercise: Any, cell: str, author: str) -> bool:
    """A player seat joined ``cell``, which the engine was playing: the engine stops
    playing it from now on. Journaled as an ``excon`` line ``{"do": "seat", "cell"}``
    with the seat as author (EXCON sees an ``excon.action`` event), so a resumed server
    does not hand the cell back to its policy. Only the server takes this action (it is
    not one EXCON may send); nothing happens if the engine was not playing ``cell``."""
    if cell not in exercise.engine_played:
        return False
    _apply(exercise, {"do": "seat", "cell": cell}, author)
    return True


def _check_action(exercise: Any, action: Any) -> dict[str, Any]:
    """The action in its journaled form, or :class:`Refused` with why not."""
    if not isinstance(action, dict):
        raise Refused("an action must be an object with 'do'")
    do = action.get("do")
    if do not in ACTIONS:
        raise Refused(f"'do' must be one of: {', '.join(ACTIONS)}")
    if do == "clock":
        what = action.get("clock")
        if what not in CLOCK:
            raise Refused(f"'clock' must be one of: {', '.join(CLOCK)}")
        if what != "speed":
            return {"do": "clock", "clock": what}
        speed = action.get("speed")
        if not isinstance(speed, (int, float)) or isinstance(speed, bool) or speed <= 0:
            raise Refused("'speed' must be a number above 0")
        return {"do": "clock", "clock": "speed", "speed": speed}
    if exercise.finished:
        raise Refused("ENDEX has passed; the MSEL is closed")
    injects = exercise.injects
    if do in ("hold", "release"):
        inject_id = _text(action, "inject", 64)
        spec = next((i for i in injects.specs if i.id == inject_id), None)
        if spec is None:
            raise Refused(f"no MSEL inject {inject_id!r}" + _msel_hint(exercise, inject_id))
        if do == "hold":
            if inject_id in injects.held:
                raise Refused(f"inject {inject_id} is already held")
            if inject_id in injects.fired_at:
                raise Refused(f"inject {inject_id} has already fired")
        elif inject_id not in injects.held:
            raise Refused(f"inject {inject_id} is not held")
        return {"do": do, "inject": inject_id}
    if do == "fire":
        what = action.get("inject")
        if isinstance(what, str):
            spec = next((i for i in exercise.scenario.library if i.id == what), None)
            if spec is None:
                names = ", ".join(i.id for i in exercise.scenario.library) or "none in this scenario"
                raise Refused(f"no library inject {what!r} (the library: {names})")
            if what in injects.fired_at:
                raise Refused(f"library inject {what} has already been fired")
            return {"do": "fire", "inject": what}
        if isinstance(what, dict):
            return {"do": "fire", "inject": _live_inject(exercise, what)}
        raise Refused("'inject' must name a library inject or give a live inject "
                      "{to, text, from, channel, type, expected_action}")
    # adjudicate
    kind = _text(action, "kind", 20)
    order_id = _text(action, "order", 20)
    ruling = _text(action, "ruling", 20)
    reason = _text(action, "reason", MAX_TEXT)
    refusal = exercise.rulings.refusal(kind, order_id, ruling)
    if refusal:
        raise Refused(refusal)
    return {"do": "adjudicate", "kind": kind, "order": order_id, "ruling": ruling,
            "reason": reason}


def _text(action: dict[str, Any], key: str, limit: int) -> str:
    value = action.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Refused(f"'{key}' is required (text)")
    if len(value) > limit:
        raise Refused(f"'{key}' is longer than {limit} characters")
    return value.strip()


def _msel_hint(exercise: Any, inject_id: str) -> str:
    if any(i.id == inject_id for i in exercise.scenario.library):
        return " (that is a library inject: fire it)"
    return ""


def _live_inject(exercise: Any, given: dict[str, Any]) -> dict[str, Any]:
    """A typed live inject checked as the scenario's own injects are; with its id."""
    from pydantic import ValidationError

    from cpx.scenario.models import Inject

    unknown = sorted(set(given) - set(LIVE_FIELDS))
    if unknown:
        raise Refused(f"a live inject has no field {unknown[0]!r} "
                      f"(fields: {', '.join(LIVE_FIELDS)})")
    data = {"from": "EXCON", "type": "information", "channel": "phone", **given}
    data.setdefault("to", exercise.cells[0])
    if "id" not in data:
        typed = sum(1 for i in exercise.injects.live if i.id.startswith("live"))
        data["id"] = f"live{typed + 1}"
    if not isinstance(data["id"], str) or not _ID.match(data["id"]):
        raise Refused("a live inject's id is lower case letters, digits and _")
    if exercise.injects.spec(data["id"]) is not None:
        raise Refused(f"there is already an inject {data['id']!r}")
    if data["to"] not in exercise.cells:
        raise Refused(f"'to' must be a player cell: {', '.join(exercise.cells)}")
    if isinstance(data.get("text"), str) and len(data["text"]) > MAX_TEXT:
        raise Refused(f"'text' is longer than {MAX_TEXT} characters")
    try:
        inject = Inject.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "inject"
        raise Refused(f"{where}: {first['msg']}") from None
    names = {o.id for o in exercise.scenario.objectives}
    if inject.objective is not None and inject.objective not in names:
        raise Refused(f"no objective {inject.objective!r}")
    for entity in [*inject.mentions,
                   *([inject.expected_action.target] if inject.expected_action
                     and inject.expected_action.target else [])]:
        if exercise.injects._name(entity)[1] == "other":
            raise Refused(f"nothing in the scenario has the id {entity!r}")
    # the journaled form: what the director gave, with the defaults made explicit
    return inject.model_dump(mode="json", by_alias=True, exclude_none=True,
                             include={"id", "to", "from_", "text", "channel", "type",
                                      "expected_action", "objective", "mentions"})


def _apply(exercise: Any, action: dict[str, Any], author: str) -> None:
    """Journal, announce and apply an action already checked."""
    if exercise.journal is not None:
        exercise.journal.write_excon(exercise.now, author, action)
    do = action["do"]
    payload: dict[str, Any] = {"action": do, "author": author}
    injects = exercise.injects
    if do == "seat":
        # a player took the cell: whoever played it for the engine stops (no-op in a re-run)
        exercise.emit(ev.EXCON_ACTION, {**payload, "cell": action["cell"]})
        exercise.release_cell(action["cell"])
    elif do == "clock":
        # the wall clock is the server's; the record of who paused when is the journal's
        payload.update({k: v for k, v in action.items() if k != "do"})
        exercise.emit(ev.EXCON_ACTION, payload)
    elif do in ("hold", "release"):
        payload["inject_id"] = action["inject"]
        exercise.emit(ev.EXCON_ACTION, payload)
        (injects.hold if do == "hold" else injects.release)(action["inject"])
    elif do == "fire":
        what = action["inject"]
        if isinstance(what, str):
            spec = next(i for i in exercise.scenario.library if i.id == what)
        else:
            from cpx.scenario.models import Inject

            spec = Inject.model_validate(what)
        payload["inject_id"] = spec.id
        payload["live"] = not isinstance(what, str)
        exercise.emit(ev.EXCON_ACTION, payload)
        injects.fire_live(spec)
    else:
        payload.update({"kind": action["kind"], "order_id": action["order"],
                        "ruling": action["ruling"], "reason": action["reason"]})
        exercise.emit(ev.EXCON_ACTION, payload)
        exercise.rulings.apply(action["kind"], action["order"], action["ruling"])


# ---------------------------------------------------------------------- observations


def observe(exercise: Any, observation: Any, author: str) -> dict[str, Any]:
    """Record an evaluator's observation now; journaled (``observation`` line) if valid.

    ``{"objective", "task", "rating" (P/S/M/U), "note"}``; an unknown objective or task
    or a bad rating is refused with the reason. It changes nothing in the world or in
    the computed ratings: the score card shows it beside them.
    """
    try:
        normal = check_observation(exercise.scenario, observation)
    except Refused as refused:
        return {"accepted": False, "reason": refused.reason, "t": exercise.now}
    if exercise.journal is not None:
        exercise.journal.write_observation(exercise.now, author, normal)
    return {"accepted": True, "reason": "", "t": exercise.now, "observation": normal}


def check_observation(scenario: Any, observation: Any) -> dict[str, str]:
    """The observation in its journaled form, or :class:`Refused` naming the problem."""
    if not isinstance(observation, dict):
        raise Refused("an observation is an object {objective, task, rating, note}")
    objective_id = _text(observation, "objective", 64)
    objectives = {o.id: o for o in scenario.objectives}
    objective = objectives.get(objective_id)
    if objective is None:
        raise Refused(f"no objective {objective_id!r} (objectives: {', '.join(objectives) or 'none'})")
    task_id = _text(observation, "task", 64)
    tasks = [t.id for t in objective.critical_tasks]
    if task_id not in tasks:
        raise Refused(f"objective {objective_id} has no critical task {task_id!r} "
                      f"(its tasks: {', '.join(tasks)})")
    rating = observation.get("rating")
    if rating not in RATINGS:
        raise Refused("'rating' must be one of P, S, M, U")
    note = observation.get("note", "")
    if not isinstance(note, str) or len(note) > MAX_TEXT:
        raise Refused(f"'note' must be text of at most {MAX_TEXT} characters")
    return {"objective": objective_id, "task": task_id, "rating": rating, "note": note.strip()}


# ---------------------------------------------------------------------- re-simulation


def reapply(exercise: Any, record: Any) -> None:
    """Re-apply a journaled ``excon`` or ``observation`` line (replay --verify, resume).

    A line the exercise refuses at that moment (an edited journal) stops the re-run with
    the reason, as an order the engine cannot take does.
    """
    from cpx.journal.reader import ExconRecord

    if isinstance(record, ExconRecord) and record.action.get("do") == "seat":
        cell = record.action.get("cell")
        if cell not in exercise.cells:
            raise CpxError(f"line {record.line_no}: no player cell {cell!r} to take",
                           "Journal")
        _apply(exercise, {"do": "seat", "cell": cell}, record.author)
    elif isinstance(record, ExconRecord):
        answer = excon_action(exercise, record.action, record.author)
        if not answer["accepted"] or answer["action"] != record.action:
            raise CpxError(f"line {record.line_no}: the EXCON action cannot be re-applied "
                           f"({answer['reason'] or 'it differs'})", "Journal")
    else:
        answer = observe(exercise, {"objective": record.objective, "task": record.task,
                                    "rating": record.rating, "note": record.note},
                         record.author)
        if not answer["accepted"]:
            raise CpxError(f"line {record.line_no}: the observation cannot be re-applied "
                           f"({answer['reason']})", "Journal")


# ---------------------------------------------------------------------- what EXCON sees


def msel(exercise: Any) -> list[dict[str, Any]]:
    """Every inject of the MSEL and every one EXCON fired, with its state, in time order.

    ``state`` is ``pending``, ``held``, ``fired`` or ``satisfied`` (its expected action
    was taken before it was delivered).
    """
    from cpx.scenario.timefmt import clock_to_minutes

    injects = exercise.injects
    rows = []
    for source, specs in (("msel", injects.specs), ("live", injects.live)):
        for spec in specs:
            at = (clock_to_minutes(spec.at, exercise.startex_minute)
                  if spec.at is not None else None)
            fired = injects.fired_at.get(spec.id)
            when = ("on call" if source == "live" else
                    f"on {spec.when.event}" if spec.when is not None else
                    "contingency" if spec.contingency_for else "")
            rows.append({
                "id": spec.id, "source": source, "at": at,
                "clock": exercise.clock(at) if at is not None else when,
                "fired_at": fired, "fired_clock": exercise.clock(fired) if fired is not None else None,
                "to": spec.to, "from": spec.from_,
                "channel": spec.channel, "text": spec.text,
                "expected": (f"{spec.expected_action.order}"
                             + (f" {spec.expected_action.target}"
                                if spec.expected_action.target else "")
                             if spec.expected_action else ""),
                "objective": spec.objective,
                "state": injects.state_of(spec),
                "due": any(i.id == spec.id for i in injects.due_held),
            })
    far = exercise.end + 1
    rows.sort(key=lambda r: (r["fired_at"] if r["fired_at"] is not None else
                             r["at"] if r["at"] is not None else far))
    return rows


def library(exercise: Any) -> list[dict[str, Any]]:
    """The scenario's library injects EXCON may fire, and whether each has been."""
    fired = exercise.injects.fired_at
    return [{"id": i.id, "to": i.to, "from": i.from_, "channel": i.channel, "text": i.text,
             "objective": i.objective, "fired": i.id in fired}
            for i in exercise.scenario.library]


def orders_of(exercise: Any, cell: str) -> list[dict[str, Any]]:
    """The orders a cell gave, accepted and refused, as its own stream records them."""
    rows = []
    for event in exercise.events_for(cell):
        if event.kind == ev.ORDER_ACCEPTED:
            order = event.payload["order"]
            rows.append({"t": event.t, "clock": exercise.clock(event.t),
                         "order_id": event.payload["order_id"], "verb": order["verb"],
                         "unit": order.get("unit"), "target": order.get("target"),
                         "accepted": True, "reason": ""})
        elif event.kind == ev.ORDER_REJECTED:
            order = event.payload["order"]
            rows.append({"t": event.t, "clock": exercise.clock(event.t), "order_id": None,
                         "verb": order.get("verb"),
                         "unit": order.get("unit"), "target": order.get("target"),
                         "accepted": False, "reason": event.payload.get("reason", "")})
    return rows


def truth(exercise: Any) -> dict[str, Any]:
    """Ground truth for EXCON and evaluators: the world as it is, every cell's orders and
    picture, the MSEL with each inject's state, the library, and the rulings so far."""
    return {
        "now": exercise.now, "clock": exercise.clock(),
        "world": exercise.truth(),
        "cells": {cell: {"orders": orders_of(exercise, cell), "picture": exercise.picture(cell)}
                  for cell in exercise.cells},
        "msel": msel(exercise),
        "library": library(exercise),
        "rulings": {"warrant": dict(exercise.rulings.warrant), "raid": dict(exercise.rulings.raid)},
        "objectives": [{"id": o.id, "title": o.title,
                        "tasks": [{"id": t.id, "task": t.task} for t in o.critical_tasks]}
                       for o in exercise.scenario.objectives],
    }

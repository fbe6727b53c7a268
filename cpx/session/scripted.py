"""Playing an exercise headless: every cell by a policy, plus a scripted orders file.

What ``cpx run``, ``cpx validate --calibrate``, sweeps and tests use::

    session = ExerciseSession.start(scenario, seed=7, writer=writer)
    play(session.exercise, {"trainee": "baseline", "border_police": "passive"})

Each cell is played by its policy (``cpx.engine.policies``), asked in the order of the
exercise's cells; scripted orders (an orders file, sorted by time) are given at their
time, by the cell each names (default: the first cell), before the policies look at
the world again, so an orders file and policies combine. Orders are journaled with
their cell and sim time, so ``cpx replay LOG --verify`` re-simulates the run without
any policy.
"""

from __future__ import annotations

from typing import Any, Iterable

from cpx.engine.exercise import Exercise
from cpx.engine.orders import order_dict
from cpx.engine.policies import Passive, make_policy


def policies_for(exercise: Exercise, policy: str) -> dict[str, str]:
    """``{cell: policy}`` for every cell: ``policy`` for all, or with ``scenario`` the
    policy each cell's ``cells:`` entry names (``passive`` when it names none)."""
    from cpx.scenario.cells import policy_of

    if policy == "scenario":
        return {cell: policy_of(exercise.scenario, cell) for cell in exercise.cells}
    return {cell: policy for cell in exercise.cells}


def run_exercise(
    scenario: Any,
    seed: int,
    policy: str | dict[str, str] = "passive",
    planned: Iterable[Any] = (),
    until: int | None = None,
    journal: Any = None,
    results: list[dict[str, Any]] | None = None,
) -> Exercise:
    """Build the exercise of ``scenario`` and ``seed``, :func:`play` it, and return it."""
    from cpx.session.exercise_session import ExerciseSession

    session = ExerciseSession.start(scenario, seed, journal)
    play(session.exercise, policy, planned, until, results)
    return session.exercise


def play(
    exercise: Exercise,
    policy: str | dict[str, str] = "passive",
    planned: Iterable[Any] = (),
    until: int | None = None,
    results: list[dict[str, Any]] | None = None,
) -> None:
    """Play ``exercise`` to ``until`` (default ENDEX) with policies and scripted orders.

    ``policy`` is one policy name for every cell, or ``{cell: name}``. Each order and
    its answer are appended to ``results`` if given.
    """
    until = exercise.end if until is None else min(int(until), exercise.end)
    names = policies_for(exercise, policy) if isinstance(policy, str) else dict(policy)
    players = [(cell, make_policy(names[cell], exercise, cell)) for cell in exercise.cells
               if names.get(cell, "passive") != "passive"]
    queue = list(planned)

    def give(order: Any, cell: str | None, item: Any = None) -> None:
        result = exercise.submit(order, cell)
        if results is not None:
            record = {"order": order if isinstance(order, dict) else order.to_dict(),
                      "result": result.to_dict()}
            if item is not None:
                record["planned"] = item  # the orders file's item, for the list of rejected
            results.append(record)

    # Policies that keep the built-in hourly rhythm (Passive.next_decision: the next
    # whole hour) need not each be asked when they want to decide next.
    hourly = all(type(player).next_decision is Passive.next_decision for _c, player in players)
    submit = exercise.submit
    # Giving an order or a message never moves the clock: ``now`` is read once a turn.
    now = exercise.now
    while now < until:
        stop = until
        if queue:
            stop = min(stop, queue[0].t)
        if hourly:
            if players:  # one answer for all: the rhythm they share
                stop = min(stop, max(int(players[0][1].next_decision(exercise)), now + 1))
        else:
            for _cell, player in players:
                # a policy that asks for no time would stall the clock: at least a minute
                stop = min(stop, max(int(player.next_decision(exercise)), now + 1))
        exercise.run_until(max(stop, now))
        now = exercise.now
        while queue and queue[0].t <= now:
            item = queue.pop(0)
            give(item.order, getattr(item, "cell", None), item)
        if now < until:
            for cell, player in players:
                for order in player.decide(exercise):
                    if results is None:
                        submit(order, cell)
                    else:  # give(order, cell) written out: a policy's order is an Order
                        answer = submit(order, cell)
                        # (order_dict: order.to_dict(), called directly when compiled)
                        results.append({"order": order_dict(order), "result": answer.to_dict()})
                for to, text in player.messages(exercise):
                    exercise.message(cell, to, text)
    if until >= exercise.end:
        exercise.run_until(exercise.end)  # ENDEX is announced even when nothing is due

"""The world lane's shortcuts are the plain computations they replace.

The network's snapshot counts statuses in one pass where the code runs compiled
(:func:`cpx.engine.network.status_counts`), a military-police case keeps what the
patrols' hour reads of its client group (:class:`cpx.engine.force_mp.ForceCase`), and the
world's figures are rounded by arithmetic where it gives Python's own ``round``
(:func:`cpx.engine.rounding.rounded`). Each is compared here with the plain computation,
on worlds whose statuses hypothesis sets, the bundled scenarios' own client groups, and
floats hypothesis draws (near decimal halves too).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine.exercise import Exercise
from cpx.engine.force_mp import ForceCase
from cpx.engine.network import ACTIVE, status_counts
from cpx.engine.rounding import rounded
from cpx.journal.scenario_source import open_scenario

SCENARIOS = ("glass_lantern", "bitter_harvest", "tutorial")
_SCENARIO = open_scenario("scenarios/glass_lantern.yaml").scenario
MEMBER_STATUSES = st.sampled_from(["at_large", "released", "arrested", "charged", "dead",
                                   "fled", "acquitted"])
PERSON_STATUSES = st.sampled_from(["held", "in_transit", "met", "referred", "harmed",
                                   "interdicted", "in_custody"])


def plain_counts(world) -> tuple[int, int, int]:
    """The snapshot's counts, each by its own plain reading of the world."""
    active = sum(1 for m in world.members.values() if m.status in ACTIVE)
    arrested = sum(1 for m in world.members.values() if m.status in ("arrested", "charged"))
    held = sum(1 for p in world.people.values() if p.is_victim and p.status == "held")
    return active, arrested, held


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**16), data=st.data())
def test_status_counts_in_one_pass_are_the_plain_counts(seed, data):
    ex = Exercise(_SCENARIO, seed=seed)
    ex.run_until(60)  # the people present at STARTEX are placed
    world = ex.world
    for member in world.members.values():
        member.status = data.draw(MEMBER_STATUSES)
    for person in world.people.values():
        person.status = data.draw(PERSON_STATUSES)
    expected = plain_counts(world)
    assert status_counts(world, one_pass=True) == expected
    assert status_counts(world, one_pass=False) == expected
    ex.dispose()


@pytest.mark.parametrize("name", SCENARIOS)
@settings(max_examples=40, deadline=None)
@given(defiant=st.integers(0, 500), visits=st.floats(0.01, 1000.0), count=st.integers(1, 500))
def test_a_case_keeps_its_groups_patrol_rate(name, defiant, visits, count):
    groups = open_scenario(f"scenarios/{name}.yaml").scenario.network.clients
    for group in groups:
        group = group.model_copy(update={"visits_per_week": visits, "count": count})
        case = ForceCase(group, "cell", "o1", defiant)
        # the rate as the patrols' hour first computed it, off the scenario's group
        plain = group.visits_per_week / 168 * case.defiant / group.count
        rate = case.hourly * case.defiant / case.count
        assert rate == plain and math.exp(-rate) == math.exp(-plain)
        assert case.venues == list(group.venues)


DIGITS = st.sampled_from([0, 1, 2, 3, 4])


def same_float(a, b) -> bool:
    """The same value, type and sign of zero (what a journal's JSON would show)."""
    return type(a) is type(b) and (a == b or (a != a and b != b)) and \
        math.copysign(1.0, a) == math.copysign(1.0, b)


@settings(max_examples=3000, deadline=None)
@given(x=st.floats(allow_nan=True, allow_infinity=True), digits=DIGITS)
def test_rounded_is_pythons_round_on_any_float(x, digits):
    assert same_float(rounded(x, digits), round(x, digits))


@settings(max_examples=3000, deadline=None)
@given(x=st.floats(-3.0, 3.0), digits=DIGITS)
def test_rounded_is_pythons_round_on_the_worlds_figures(x, digits):
    assert same_float(rounded(x, digits), round(x, digits))


@settings(max_examples=3000, deadline=None)
@given(n=st.integers(-10**6, 10**6), digits=DIGITS, ulps=st.integers(-40, 40))
def test_rounded_is_pythons_round_near_halves(n, digits, ulps):
    # a float at (or a few ulps from) a decimal half: where the arithmetic must give way
    x = (n + 0.5) / 10**digits
    for _ in range(abs(ulps)):
        x = math.nextafter(x, math.inf if ulps > 0 else -math.inf)
    assert same_float(rounded(x, digits), round(x, digits))


@settings(max_examples=500, deadline=None)
@given(x=st.one_of(st.integers(-10**6, 10**6), st.booleans()), digits=st.integers(-2, 6))
def test_rounded_leaves_anything_but_a_float_to_round(x, digits):
    a, b = rounded(x, digits), round(x, digits)
    assert type(a) is type(b) and a == b


def test_rounded_keeps_the_sign_of_a_zero():
    for x in (-1e-9, -0.0, 0.0, 1e-9, -0.00004, 0.00004):
        for digits in range(5):
            assert same_float(rounded(x, digits), round(x, digits))

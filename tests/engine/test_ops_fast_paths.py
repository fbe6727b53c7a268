"""The order desk's, the informants' and the agencies' kept answers are the plain ones.

Giving orders, grading reports, surveillance and shifts keep what does not change (the
verbs' checks, typed details, checked ids, codenames, the doctrine's reactions by
trigger, agencies by kind, duty rosters, whether bribes were cut; per scenario: travel
times and the towns a wrong report may name), index what would otherwise be scanned (a
cell's ledger by fact and by source) and read uniform draws ahead in batches. Each is
compared here with the plain computation it replaces, on random input and during real
runs of the flagship: a stale or wrong fast path would silently change what happens.
"""

from __future__ import annotations

import gc
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.commands.run import play
from cpx.engine import doctrine as doctrine_module
from cpx.engine import leaks as leaks_module
from cpx.engine import scenario_memo
from cpx.engine.draws import UniformDraws
from cpx.engine.exercise import Exercise
from cpx.engine.grading import FRESH, OWN, Assessment, Ledger, Statement
from cpx.engine.informants import other_towns
from cpx.engine.orders import Order, _check_key
from cpx.engine.region import RegionGraph
from cpx.engine.rng import Streams
from cpx.engine.scenario_memo import kept
from cpx.journal.scenario_source import open_scenario
from cpx.scenario.orders import DEFINITIONS, OrderProblem, _reference, check_id

UNTIL = 2 * 24 * 60


@pytest.fixture(scope="module")
def flagship():
    return open_scenario("glass_lantern").scenario


# --------------------------------------------------------------------------- the ledger


class PlainLedger:
    """The ledger as first written: every question answered by scanning every report."""

    def __init__(self) -> None:
        self.statements: list[Statement] = []
        self.observed: dict[str, tuple[Any, int]] = {}

    def assess(self, source, subject, facts, now, known, names=None) -> Assessment:
        names = names or {}
        confirmed, contradicted, disputed, by = set(), set(), set(), []
        for aspect, value in facts.items():
            seen = self.observed.get(aspect)
            if seen is not None and now - seen[1] <= FRESH:
                (confirmed if seen[0] == value else contradicted).add(aspect)
                if seen[0] == value and OWN not in by:
                    by.append(OWN)
                continue
            for other in self.statements:
                if other.source == source or aspect not in other.facts \
                        or now - other.t > FRESH:
                    continue
                if other.facts[aspect] == value:
                    confirmed.add(aspect)
                    name = names.get(other.source, other.source)
                    if name not in by:
                        by.append(name)
                else:
                    disputed.add(aspect)
        disputed -= confirmed
        if contradicted:
            return Assessment(5, by, "your own observation says otherwise")
        if confirmed and len(confirmed) == len(facts):
            return Assessment(1, by, "confirmed by " + " and ".join(by))
        if confirmed and not disputed:
            return Assessment(2, by, "partly confirmed by " + " and ".join(by))
        if confirmed:
            return Assessment(3, by, "partly confirmed, partly disputed")
        if disputed:
            return Assessment(4, [], "another source says otherwise")
        if known:
            return Assessment(3, [], "consistent with what your cell knows; not confirmed")
        return Assessment(6, [], "nothing your cell knows bears on it")

    def state(self, statement: Statement) -> list[Statement]:
        borne = []
        for other in self.statements:
            if other.source == statement.source or other.verdict is not None \
                    or statement.t - other.t > FRESH:
                continue
            shared = set(other.facts) & set(statement.facts)
            if shared and all(other.facts[a] == statement.facts[a] for a in shared):
                borne.append(other)
        self.statements.append(statement)
        if borne:
            borne.append(statement)
        for s in borne:
            s.verdict = True
        return borne

    def observe(self, aspect, value, now) -> list[Statement]:
        self.observed[aspect] = (value, now)
        checked = []
        for s in self.statements:
            if aspect in s.facts and now - s.t <= FRESH:
                verdict = s.facts[aspect] == value
                if s.verdict is None or (s.verdict and not verdict):
                    s.verdict = verdict
                    checked.append(s)
        return checked

    def tally(self, source):
        mine = [s.verdict for s in self.statements if s.source == source]
        return sum(v is True for v in mine), sum(v is False for v in mine)


_ASPECTS = ["held:bar", "count:bar", "minors:bar", "where:m1", "role:m1", "link:m1:m2",
            "route:r1"]
_facts = st.dictionaries(st.sampled_from(_ASPECTS), st.integers(0, 2), min_size=1, max_size=3)
_step = st.one_of(
    st.tuples(st.just("state"), st.sampled_from(["inf_a", "inf_b", "inf_c"]), _facts,
              st.integers(0, 3 * FRESH // 2)),
    st.tuples(st.just("observe"), st.sampled_from(_ASPECTS), st.integers(0, 2),
              st.integers(0, 3 * FRESH // 2)),
)


def _shown(statements: list[Statement]) -> list[tuple[str, bool | None]]:
    return [(s.report_id, s.verdict) for s in statements]


@settings(max_examples=150, deadline=None)
@given(st.lists(_step, max_size=30))
def test_indexed_ledger_answers_as_the_full_scan(steps):
    fast, plain = Ledger(), PlainLedger()
    names = {"inf_a": "ALPHA", "inf_b": "BRAVO"}
    now = 0
    for n, step in enumerate(steps):
        now += step[3] // 10  # time moves on, sometimes past FRESH
        if step[0] == "state":
            _kind, source, facts, _dt = step
            for known in (True, False):
                assert fast.assess(source, "bar", facts, now, known, names) == \
                    plain.assess(source, "bar", facts, now, known, names)
            a = fast.state(Statement(source, f"r{n}", "bar", dict(facts), now))
            b = plain.state(Statement(source, f"r{n}", "bar", dict(facts), now))
        else:
            _kind, aspect, value, _dt = step
            a, b = fast.observe(aspect, value, now), plain.observe(aspect, value, now)
        assert _shown(a) == _shown(b)
        assert _shown(fast.statements) == _shown(plain.statements)
        for source in ("inf_a", "inf_b", "inf_c"):
            assert fast.tally(source) == plain.tally(source)


# --------------------------------------------------------------------------- orders


_ORDERS = [
    Order("surveil", "u1", "m1", {}), Order("surveil", "u1", "m1", {"hours": 4}),
    Order("surveil", "u2", "bar", {"hours": 4}), Order("surveil", "u1", "m1", {"hours": 12}),
    Order("raid", "u1", "bar", {"urgent": True}), Order("raid", "u1", "bar", {}),
    Order("residence_permit", None, "p1", {"basis": "cooperation"}),
    Order("residence_permit", None, "p1", {}),
    Order("integrity_check", None, "m1", {"approach": "overt"}),
    Order("public_statement", None, "bar", {"line": "victim_centred"}),
    Order("border_alert", None, "x1", {"hours": 24}),
]


def test_memoised_details_are_the_details_read_afresh():
    for _round in range(2):  # the second round is answered from the memo
        for order in _ORDERS:
            assert order.details() == DEFINITIONS[order.verb].read_params(order.params)
    # 1, 1.0 and True are equal in Python but not as details: kept apart.
    assert Order("surveil", "u1", "m1", {"hours": 1}).details().hours == 1
    assert type(Order("surveil", "u1", "m1", {"hours": 2.0}).details().hours) is int


def test_the_desks_kept_checks_are_the_ones_made_afresh(flagship):
    ex = Exercise(flagship, 1)
    desk = ex.desk
    play(ex, "baseline", until=6 * 60)
    kept = dict(desk._checks)
    assert set(kept) == set(DEFINITIONS)
    fresh = desk._build_checks()
    for verb, check in fresh.items():
        if hasattr(check, "func") and hasattr(check, "args"):  # a pathway check: a partial
            assert (kept[verb].func, kept[verb].args) == (check.func, check.args)
            assert check.args == (ex,)
        else:
            assert kept[verb] == check and check.__self__ is desk


# --------------------------------------------------------------------------- during play


def test_kept_facts_match_plain_computation_during_a_run(flagship, monkeypatch):
    """Codenames, towns, agencies by kind, reactions by trigger and the duty roster, each
    against the plain computation, at every rise of alert and every hourly shift check."""
    compared = {"pressure": 0, "shifts": 0}
    original_pressure = doctrine_module.Doctrine.pressure

    def checked_pressure(self, cell, trigger, factor=1.0):
        plain = [r for r in self.rules.reactions if r.trigger == trigger]
        kept = list(self._reactions.get(trigger, ()))
        assert [entry[0] for entry in kept] == plain
        # and the rule's own values, read once (delay and lasts as the minutes used)
        assert [entry[1:] for entry in kept] == [
            (r.threshold, r.action, r.probability, int(r.delay),
             int(r.lasts) if r.lasts is not None else 1440) for r in plain]
        assert self._raise == dict(self.rules.alert_raise)
        compared["pressure"] += 1
        return original_pressure(self, cell, trigger, factor)

    monkeypatch.setattr(doctrine_module.Doctrine, "pressure", checked_pressure)
    ex = Exercise(flagship, 5)

    def checked_shifts():
        """Just after the agencies' own hourly check (same minute, scheduled later)."""
        agencies = ex.agencies
        # A unit on duty round the clock, left out of the roster, is never off duty.
        for unit in ex.world.units.values():
            if unit.shift_hours >= 24:
                assert unit.status != "off_duty"
            elif unit.status == "off_duty":
                assert not agencies.on_duty(unit)
            elif unit.status == "available":
                assert agencies.on_duty(unit)
        compared["shifts"] += 1

    ex.every(60, checked_shifts, offset=60 - ex.minute_of_day(0) % 60)
    play(ex, "baseline", until=UNTIL)
    assert compared["pressure"] > 0 and compared["shifts"] >= UNTIL // 60 - 1

    informants = ex.informants
    assert informants.codenames() == {i.id: i.codename for i in ex.world.informants.values()}
    for place in ex.region.locations:
        plain = sorted(loc for loc, spec in ex.region.locations.items()
                       if loc != place and spec.kind in ("capital", "city", "town", "village"))
        assert other_towns(ex.region.locations, place) == plain
    for place, towns in informants._towns.items():
        assert towns == other_towns(ex.region.locations, place)
    for kinds in [("prosecutor", "court"), ("ngo",), ("border_police",), ("nothing",)]:
        plain = [a.id for a in flagship.agencies if a.kind in kinds]
        assert ex.agencies.of_kind(*kinds) == plain
        assert ex.agencies.of_kind(*kinds) == plain  # kept, and not spoilt by a caller
        ex.agencies.of_kind(*kinds).append("spoilt")
        assert ex.agencies.of_kind(*kinds) == plain


def test_kept_ledger_and_orders_leave_a_run_as_it_was(flagship):
    """The same seed played twice in one process (the second time from the memos) gives
    the same events, and the desk's ledger agrees with a full scan of it."""
    runs = []
    for _ in range(2):
        ex = Exercise(flagship, 7)
        play(ex, "baseline", until=UNTIL)
        runs.append([(e.t, e.kind, e.payload) for e in ex.events])
        for ledger in ex.informants.ledgers.values():
            plain = PlainLedger()
            plain.statements = list(ledger.statements)
            for source in {s.source for s in ledger.statements}:
                assert ledger.tally(source) == plain.tally(source)
    assert runs[0] == runs[1]


# --------------------------------------------------------------------------- draws, ids


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 70), st.integers(0, 300))
def test_draws_read_ahead_are_the_scalar_draws(seed, batch, n):
    scalar = np.random.Generator(np.random.PCG64(seed))
    ahead = UniformDraws(np.random.Generator(np.random.PCG64(seed)), batch)
    assert [ahead.random() for _ in range(n)] == [scalar.random() for _ in range(n)]


def test_streams_read_ahead_give_the_scalar_draws_and_nobody_else_draws(flagship, monkeypatch):
    """Over a real run, each wrapped stream hands out what scalar draws would have given,
    and nothing else draws from it (else the scalar draws would have been shifted): the
    stream stands exactly where the batches read ahead left it."""
    drawn: dict[int, list[float]] = {}
    original = UniformDraws.random

    def recording(self):
        value = original(self)
        drawn.setdefault(id(self), []).append(value)
        return value

    monkeypatch.setattr(UniformDraws, "random", recording)
    ex = Exercise(flagship, 11)
    wrapped = {"operations.surveillance": ex.desk.surveillance_draws,
               "doctrine": ex.doctrine.rng, "leaks": ex.leaks.rng}
    play(ex, "baseline", until=5 * 24 * 60)
    for name, draws in wrapped.items():
        values = drawn.get(id(draws), [])
        fresh = Streams(ex.seed).get(name)
        assert values == [fresh.random() for _ in values], name
        if draws._ahead:
            fresh.random(len(draws._ahead))
        assert fresh.bit_generator.state == ex.streams.get(name).bit_generator.state, name
    assert all(drawn.get(id(draws)) for draws in wrapped.values())


def _plain_check_key(order: Order):
    """The memo key as first written."""
    if type(order.verb) is not str or type(order.params) is not dict:
        return None
    parts: list[Any] = [order.verb]
    for name, value in order.params.items():
        parts += (name, type(value), value)
    for part in parts:
        if type(part) not in (str, int, float, bool, type(None)) and not isinstance(part, type):
            return None
    return tuple(parts)


_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=5), st.lists(st.integers(), max_size=2))
_names = st.one_of(st.text(max_size=4), st.integers(0, 3), st.none())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(DEFINITIONS)), st.dictionaries(_names, _values, max_size=4))
def test_order_memo_key_is_the_plain_one(verb, params):
    order = Order(verb, "u1", "t1", params)
    assert _check_key(order) == _plain_check_key(order)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=70), st.integers(), st.none()))
def test_checked_ids_are_the_ids_checked_afresh(value):
    def plain():
        try:
            return ("ok", _reference(value))
        except ValueError:
            return ("bad", None)
    for _twice in range(2):  # the second time from the memo
        try:
            got = ("ok", check_id(value, "target"))
        except OrderProblem:
            got = ("bad", None)
        assert got == plain()


# --------------------------------------------------------------------------- per scenario


def test_travel_times_kept_per_scenario_are_the_shortest_roads(flagship):
    first, second = Exercise(flagship, 1), Exercise(flagship, 2)
    assert first.agencies._travel_times is second.agencies._travel_times  # one per scenario
    fresh = RegionGraph(flagship.region)
    places = sorted(loc.id for loc in flagship.region.locations)
    for origin in places:
        for destination in places:
            assert first.agencies.travel_time(origin, destination) == \
                fresh.travel(origin, destination)
            assert second.agencies.travel_time(origin, destination) == \
                fresh.travel(origin, destination)


def test_facts_are_kept_per_scenario_object_and_dropped_with_it():
    class Scenario:  # any object that can be referred to weakly
        pass

    made = []
    one, two = Scenario(), Scenario()
    assert kept(one, "x", lambda: made.append(1) or len(made)) == 1
    assert kept(one, "x", lambda: made.append(1) or len(made)) == 1  # kept, not made again
    assert kept(two, "x", lambda: made.append(1) or len(made)) == 2  # another scenario
    key = id(one)
    del one
    gc.collect()
    assert key not in scenario_memo._FACTS


def test_leak_chance_kept_is_the_plain_chance(flagship, monkeypatch):
    compared = []
    original = leaks_module.Leaks.chance

    def checked(self, official):
        bribes_cut = any(m.assets_frozen for m in self.ex.world.members.values())
        plain = official.leak_probability * (0.5 if bribes_cut else 1.0)
        got = original(self, official)
        assert got == plain
        compared.append(bribes_cut)
        return got

    monkeypatch.setattr(leaks_module.Leaks, "chance", checked)
    for seed in (1, 2):
        ex = Exercise(flagship, seed)
        play(ex, "baseline", until=5 * 24 * 60)
    assert compared

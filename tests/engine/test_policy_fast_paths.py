"""The baseline's cheaper ways of working out its hour give the plain answers.

The baseline picks units from candidates worked out once per capability (instead of a
look along every available unit), picks out its available units in C, keeps its waits
in a heap (instead of a look at every wait), skips the map's places when looking for
venues to watch, ranks whose money to follow with keys made in C, looks for the
corruption cues in one pass, and joins the tables touched once per distinct kind; the
play loop works out the next whole hour once for policies keeping the hourly rhythm. Each is compared here with the plain computation it replaces, on
random input and at every hour of real runs: a wrong fast path would silently change
the orders (and benchmarks/journal_identity.py would then catch it too late).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine.exercise import Exercise
from cpx.engine.picture import DANGER_FRESH
from cpx.engine.policies import INFINITY, TOWNS, Baseline, _candidates
from cpx.engine.policy_views import ALL, TOUCHES, PictureChanges, _MASKS
from cpx.journal.scenario_source import open_scenario

CAPABILITIES = ("interview", "arrest", "surveillance", "financial", "intervention")
KINDS = ("police", "special_police", "border_police", "ngo")


def plain_free(caps: dict[str, tuple[list[str], str]], free: list[str], capability: str,
               used: list[str], prefer: str = "") -> str | None:
    """The first free unit with the capability (one of kind ``prefer`` if any), as the
    baseline first looked for it: along every available unit."""
    fallback = None
    for unit in free:
        if unit in used or capability not in caps[unit][0]:
            continue
        if caps[unit][1] == prefer:
            used.append(unit)
            return unit
        fallback = fallback or unit
    if fallback is not None:
        used.append(fallback)
    return fallback


def plain_can_free(caps, free: list[str], capability: str, used: list[str]) -> bool:
    return any(unit not in used and capability in caps[unit][0] for unit in free)


class _Shell(Baseline):
    """A baseline made from unit tables alone (only what _take reads)."""

    def __init__(self, caps: dict[str, tuple[list[str], str]]) -> None:  # noqa: D107
        self.caps = caps
        self.own_units = sorted(caps)
        self._candidates = _candidates(self.own_units, caps)


units_strategy = st.dictionaries(
    st.sampled_from([f"u{i}" for i in range(8)]),
    st.tuples(st.lists(st.sampled_from(CAPABILITIES), max_size=3, unique=True),
              st.sampled_from(KINDS)),
    max_size=8)


@settings(max_examples=150, deadline=None)
@given(units_strategy, st.data())
def test_taking_a_unit_from_the_candidates_picks_the_plain_one(raw, data):
    caps = {u: (list(c), k) for u, (c, k) in raw.items()}
    shell = _Shell(caps)
    available = [u for u in shell.own_units if data.draw(st.booleans(), label=u)]
    free, used = set(available), []
    asks = data.draw(st.lists(st.tuples(st.sampled_from(CAPABILITIES),
                                        st.sampled_from(("",) + KINDS)), max_size=10))
    for capability, prefer in asks:
        can = not free.isdisjoint(shell._candidates.get((capability, ""), ()))
        assert can == plain_can_free(caps, available, capability, used)
        assert shell._take(free, capability, prefer) == plain_free(
            caps, available, capability, used, prefer)
        assert free == set(available) - set(used)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(sorted(TOUCHES) + ["an.unlisted.kind"]), max_size=40),
       st.integers(0, 40))
def test_the_tables_touched_are_joined_as_one_kind_at_a_time(kinds, seen):
    class Pic:
        pass

    pic = Pic()
    pic.kinds = []
    changes = PictureChanges()
    assert changes.since_last(pic) == ALL and changes.rebuilt
    seen = min(seen, len(kinds))
    pic.kinds.extend(kinds[:seen])
    changes.since_last(pic)
    pic.kinds.extend(kinds[seen:])
    plain = 0
    for kind in kinds[seen:]:
        plain |= _MASKS.get(kind, ALL)
    assert changes.since_last(pic) == plain
    assert not changes.rebuilt and changes.since_last(pic) == 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(sorted(TOUCHES) + ["an.unlisted.kind"]), max_size=40),
       st.integers(0, 40))
def test_the_compiled_way_of_joining_the_tables_touched_gives_the_plain_mask(kinds, seen):
    """(The loop a compiled build takes, chosen by COMPILED, run here in the interpreter:
    each kind read in place, stopping once every table is touched.)"""
    from cpx.engine import policy_views

    class Pic:
        pass

    seen = min(seen, len(kinds))
    plain = 0
    for kind in kinds[seen:]:
        plain |= _MASKS.get(kind, ALL)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(policy_views, "COMPILED", True)
        pic = Pic()
        pic.kinds = list(kinds[:seen])
        changes = PictureChanges()
        changes.since_last(pic)
        pic.kinds.extend(kinds[seen:])
        assert changes.since_last(pic) == plain
        assert changes.since_last(pic) == 0


def plain_available(policy: Baseline, pic) -> list[str]:
    return [u for u in policy.own_units
            if (row := pic.units.get(u)) is not None and row["status"] == "available"]


def plain_next_change(policy: Baseline, pic, now: int) -> int | float:
    soonest: int | float = INFINITY
    for when in policy.due.values():
        if now < when < soonest:
            soonest = when
    for report in pic.danger.values():
        stale = report["t"] + DANGER_FRESH + 1
        if now < stale < soonest:
            soonest = stale
    return soonest


def plain_surveil_targets(policy: Baseline, pic) -> list[str]:
    """Venues not yet raided and suspects at large, in our area and short of a case, as
    first written: every place looked at, the area by each location's jurisdiction."""
    cases, places, people = pic.cases, pic.places, pic.people
    ranked = []
    for target, row in places.items():
        if row["kind"] in TOWNS or "raided_at" in row:
            continue
        case = cases.get(target)
        strength = case.get("strength", 0.0) if case is not None else 0.0
        if strength >= policy.threshold \
                or policy.jurisdiction_of.get(row["location"]) not in policy.jurisdictions:
            continue
        ranked.append((-strength, -len((people.get(target) or row)["reports"]), target))
    for target, row in people.items():
        if row["status"] != "at_large" or not row["location"]:
            continue
        case = cases.get(target)
        strength = case.get("strength", 0.0) if case is not None else 0.0
        where = (places.get(target) or row)["location"]
        if strength >= policy.threshold \
                or policy.jurisdiction_of.get(where) not in policy.jurisdictions:
            continue
        ranked.append((-strength, -len(row["reports"]), target))
    ranked.sort()
    return [target for _s, _r, target in ranked]


class CheckedBaseline(Baseline):
    """The baseline, checking each fast path against the plain computation as it plays."""

    checks: dict[str, int]

    def _available(self, table: dict[str, Any]) -> list[str]:
        units = super()._available(table)
        assert units == plain_available(self, self._pic)
        self.checks["available"] += 1
        return units

    def _next_change(self, pic, now: int) -> int | float:
        soonest = super()._next_change(pic, now)
        assert soonest == plain_next_change(self, pic, now)
        self.checks["next_change"] += 1
        return soonest

    def _surveil_targets(self, pic) -> list[str]:
        targets = super()._surveil_targets(pic)
        assert targets == plain_surveil_targets(self, pic)
        self.checks["surveil"] += self._skip_towns > 0
        return targets

    def decide(self, ex: Exercise):
        self._pic = ex.picture_of(self.cell)
        return super().decide(ex)


@pytest.mark.parametrize("name,seed", [("glass_lantern", 1), ("glass_lantern", 4),
                                       ("bitter_harvest", 2), ("tutorial", 1)])
def test_the_fast_paths_answer_as_the_plain_computations_in_real_runs(name, seed):
    exercise = Exercise(open_scenario(f"scenarios/{name}.yaml").scenario, seed)
    checks = {"available": 0, "next_change": 0, "surveil": 0}
    players = []
    for cell in exercise.cells:
        policy = CheckedBaseline(exercise, cell)
        policy.checks = checks
        players.append((cell, policy))
    while exercise.now < exercise.end:
        for cell, policy in players:
            for order in policy.decide(exercise):
                exercise.submit(order, cell)
            for to, text in policy.messages(exercise):
                exercise.message(cell, to, text)
        exercise.run_until(min(exercise.end, (exercise.now // 60 + 1) * 60))
    # every fast path was taken often (else the comparison proves little)
    assert checks["available"] >= 10 and checks["next_change"] >= 5 and checks["surveil"] >= 3, checks


class _OwnRhythm(Baseline):
    """The baseline asking, through its own next_decision, for the next whole hour: the
    play loop then asks each policy when to decide next (no shortcut)."""

    def next_decision(self, ex: Exercise) -> int:
        return (ex.now // 60 + 1) * 60


@pytest.mark.parametrize("name,seed", [("glass_lantern", 2), ("tutorial", 3)])
def test_the_play_loop_shortcut_for_hourly_policies_plays_as_asking_each(name, seed, monkeypatch):
    from cpx.engine import policies
    from cpx.session.scripted import play

    scenario = open_scenario(f"scenarios/{name}.yaml").scenario
    runs = []
    for cls in (Baseline, _OwnRhythm):
        monkeypatch.setitem(policies.POLICIES, "baseline", cls)
        exercise = Exercise(scenario, seed)
        results: list[dict] = []
        play(exercise, "baseline", [], None, results)
        plain = Exercise(scenario, seed)
        play(plain, "baseline")  # no results kept: orders submitted directly
        assert [e.to_dict() for e in plain.events] == [e.to_dict() for e in exercise.events]
        runs.append(([e.to_dict() for e in exercise.events], results))
    assert runs[0] == runs[1]
    assert len(runs[0][1]) >= 5  # orders were given


person_rows = st.dictionaries(
    st.text("abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=6),
    st.fixed_dictionaries({
        "roles_suspected": st.lists(st.sampled_from(
            ["money_launderer", "recruiter", "corrupt_official", "driver"]), max_size=3),
        "reports": st.lists(st.integers(0, 99), max_size=6)}),
    max_size=25)


@settings(max_examples=200, deadline=None)
@given(person_rows)
def test_the_people_whose_money_is_followed_are_the_plain_three(people):
    import heapq

    from cpx.engine.policies import _most_followed

    assert _most_followed(people) == heapq.nsmallest(3, people, key=lambda p: (
        "money_launderer" not in people[p]["roles_suspected"], -len(people[p]["reports"]), p))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the ", "envelope", "bribe", "corrupt", "on their payroll",
                                 "on the", " payroll", "tells them before", "tips them",
                                 " off", "warns them", "paid off", "takes money from",
                                 "protects the", "brib", "x", "\n", "É"]), max_size=12))
def test_the_corruption_cues_are_found_as_by_looking_for_each(parts):
    from cpx.engine.policy_duties import CORRUPTION_CUES, CUES

    text = "".join(parts).lower()
    assert bool(CUES.search(text)) == any(cue in text for cue in CORRUPTION_CUES)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the ", "Envelope", "bribe", "CORRUPT", "on their payroll",
                                 "tells them before", "tips them", " off", "x", "É"]),
                max_size=8))
def test_a_text_looked_at_again_is_cued_as_by_looking_for_each(parts):
    from cpx.engine.policy_duties import CORRUPTION_CUES, cued

    text = "".join(parts)
    plain = any(cue in text.lower() for cue in CORRUPTION_CUES)
    assert cued(text) is plain
    assert cued(text) is plain  # from the memo, the second time


@settings(max_examples=200, deadline=None)
@given(person_rows)
def test_the_people_suspected_as_corrupt_officials_are_the_plain_ones(people):
    from cpx.engine.policy_duties import CORRUPT_ROLE, suspected_corrupt

    assert suspected_corrupt(people) == [p for p in sorted(people)
                                         if CORRUPT_ROLE in people[p]["roles_suspected"]]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(
    st.text("abc123", min_size=1, max_size=3),
    st.fixed_dictionaries({
        "roles_suspected": st.lists(st.sampled_from(["money_launderer", "driver"]), max_size=2),
        "reports": st.lists(st.integers(0, 9), max_size=40)}),
    max_size=40))
def test_the_money_ranking_is_the_plain_one_with_many_reports_and_ties(people):
    import heapq

    from cpx.engine.policies import _most_followed

    assert _most_followed(people) == heapq.nsmallest(3, people, key=lambda p: (
        "money_launderer" not in people[p]["roles_suspected"], -len(people[p]["reports"]), p))


def test_a_cells_setup_is_worked_out_once_per_scenario_as_it_would_be_afresh():
    from cpx.engine.policies import _Setup

    names = ("threshold", "caps", "own_units", "jurisdictions", "support", "crossings",
             "jurisdiction_of", "ours_at", "town_ids", "candidates")
    for name in ("glass_lantern", "bitter_harvest", "glass_lantern"):
        scenario = open_scenario(f"scenarios/{name}.yaml").scenario
        exercise = Exercise(scenario, 1)
        for cell in exercise.cells:
            first, again = Baseline(exercise, cell), Baseline(Exercise(scenario, 2), cell)
            assert first.caps is again.caps  # shared by the scenario's runs
            commands = frozenset(u.id for u in exercise.world.units.values() if u.cell == cell)
            fresh = _Setup(scenario, cell, commands)
            kept = {"threshold": first.threshold, "caps": first.caps,
                    "own_units": first.own_units, "jurisdictions": first.jurisdictions,
                    "support": first.support, "crossings": first.crossings,
                    "jurisdiction_of": first.jurisdiction_of, "ours_at": first._ours_at,
                    "town_ids": first._town_ids, "candidates": first._candidates}
            assert kept == {n: getattr(fresh, n) for n in names}, (name, cell)


@settings(max_examples=100, deadline=None)
@given(person_rows)
def test_the_plain_loops_taken_when_compiled_answer_as_the_c_pipelines(people):
    """(Pure Python: the compiled build's loops, chosen by COMPILED, against the C ones.)"""
    from cpx.engine import policies, policy_duties

    answers = []
    for compiled in (False, True):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(policies, "COMPILED", compiled)
            patch.setattr(policy_duties, "COMPILED", compiled)
            answers.append((policies._most_followed(people),
                            policy_duties.suspected_corrupt(people)))
    assert answers[0] == answers[1]

"""Scoring indexes a run's events once (by kind, each event's subject once, each filter's
matches once per view) and keeps what it reads of a scenario per scenario object. These
tests hold the shortcuts to what they replace: a filter matched one event at a time, as
the measures did before, and a score card that depends only on its own run."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cpx.aar.measures import JournalView
from cpx.aar.scorecard import score_records
from cpx.journal.summary import summarize
from cpx.scenario.loader import load_scenario
from cpx.scenario.objectives import EventFilter

FLAGSHIP = Path(__file__).resolve().parents[2] / "scenarios" / "glass_lantern.yaml"
_PLACE_KEYS = ("where", "venue", "crossing", "to_venue", "location")


@pytest.fixture(scope="module")
def flagship():
    return load_scenario(FLAGSHIP)


def reference_select(view: JournalView, flt: EventFilter, subjects=None) -> list[dict]:
    """The events matching ``flt``, tested one at a time as the measures used to."""
    def ok(event):
        p = event.get("payload") or {}
        subject = view.subject(event)
        if flt.subjects and subject not in set(flt.subjects):
            return False
        if flt.roles and not (view.roles.get(subject, set()) & set(flt.roles)):
            return False
        if flt.minor is not None or flt.victim is not None or flt.exploitation:
            truth = view.truth.get(subject)
            if truth is None:
                return False
            if flt.minor is not None and bool(truth.get("minor")) != flt.minor:
                return False
            if flt.victim is not None and bool(truth.get("is_victim")) != flt.victim:
                return False
            if flt.exploitation and truth.get("exploitation") not in set(flt.exploitation):
                return False
        if flt.cell and event.get("visibility") not in set(flt.cell):
            return False
        if flt.unit or flt.agency:
            order = view.orders.get(p.get("order_id")) or {}
            unit = p.get("unit") or order.get("unit") or (order.get("order") or {}).get("unit")
            if flt.unit and unit not in set(flt.unit):
                return False
            if flt.agency and view.agency_of.get(unit, p.get("agency")) not in set(flt.agency):
                return False
        if flt.place:
            at = [p.get(k) for k in _PLACE_KEYS if p.get(k) is not None]
            at.append(subject)
            at += [view.town.get(a) for a in list(at)]
            if not set(flt.place).intersection(a for a in at if a is not None):
                return False
        return all(p.get(k) == v for k, v in flt.payload.items())

    chosen = set(subjects) if subjects is not None else None
    return [e for e in view.by_kind.get(flt.event, ())
            if ok(e) and (chosen is None or view.subject(e) in chosen)]


PEOPLE = ["p1", "p2", "p3", "p4"]
MEMBERS = ["teodor_maran", "ilan_voss", "sabine_kerr"]
SUBJECTS = PEOPLE + MEMBERS + ["bar_lotus", "kestrel_street_flats"]
KINDS = ["person.met", "victim.referred", "arrest.made", "raid.result", "order.accepted",
         "order.completed", "cell.message", "reply"]
UNITS = ["cid_team_a", "uniform_patrol", None]
CELLS = ["trainee", "border_police", "excon"]


@st.composite
def streams(draw):
    """A made-up run: the truth about four people, then events of several kinds."""
    events = []
    for pid in PEOPLE:
        events.append(("truth.person", "excon", {
            "person_id": pid, "is_victim": draw(st.booleans()), "minor": draw(st.booleans()),
            "exploitation": draw(st.sampled_from(["sexual", "labour"]))}))
    for n in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(KINDS))
        subject = draw(st.sampled_from(SUBJECTS))
        payload = {"person_id": subject, "member": subject, "venue": subject,
                   "unit": draw(st.sampled_from(UNITS)), "step": draw(st.sampled_from(["a", "b"])),
                   "order_id": f"o{draw(st.integers(0, 4))}"}
        if kind == "order.accepted":
            payload["order"] = {"target": subject, "unit": draw(st.sampled_from(UNITS))}
        events.append((kind, draw(st.sampled_from(CELLS)), payload))
    return [{"type": "event", "t": 10 * n, "seq": n, "kind": kind, "visibility": cell, "payload": p}
            for n, (kind, cell, p) in enumerate(events)]


@st.composite
def filters(draw):
    spec = {"event": draw(st.sampled_from(KINDS))}
    if draw(st.booleans()):
        spec["subjects"] = draw(st.lists(st.sampled_from(SUBJECTS), min_size=1, max_size=3))
    if draw(st.booleans()):
        spec[draw(st.sampled_from(["minor", "victim"]))] = draw(st.booleans())
    if draw(st.booleans()):
        spec["cell"] = draw(st.lists(st.sampled_from(CELLS), min_size=1, max_size=2))
    if draw(st.booleans()):
        spec["unit"] = draw(st.lists(st.sampled_from(UNITS[:2]), min_size=1, max_size=2))
    if draw(st.booleans()):
        spec["payload"] = {"step": draw(st.sampled_from(["a", "b"]))}
    if draw(st.booleans()):
        spec["roles"] = ["boss"]
    if draw(st.booleans()):
        spec["place"] = ["bar_lotus"]
    return EventFilter.model_validate(spec)


@settings(max_examples=60, deadline=None)
@given(events=streams(), flts=st.lists(filters(), min_size=1, max_size=4),
       subjects=st.none() | st.lists(st.sampled_from(SUBJECTS), max_size=3))
def test_a_view_selects_what_matching_one_event_at_a_time_selects(flagship, events, flts, subjects):
    view = JournalView(events, flagship)
    for flt in flts + flts:  # the second time from what the view remembers
        assert view.select(flt) == reference_select(view, flt)
        assert view.select(flt, subjects) == reference_select(view, flt, subjects)
        first = {}
        for e in reference_select(view, flt, subjects):
            first.setdefault(view.subject(e), e)
        first.pop(None, None)
        assert view.first_by_subject(flt, subjects) == first
        assert [view.matcher(flt)(e) for e in view.by_kind.get(flt.event, ())] == \
            [any(e is m for m in reference_select(view, flt)) for e in view.by_kind.get(flt.event, ())]


def test_a_card_depends_only_on_its_own_run(flagship):
    """The per-scenario and per-view memory never carries one run's events into another's card."""
    from cpx.commands.run import run_exercise

    first = run_exercise(flagship, 1, "baseline", [], 2 * 1440)
    second = run_exercise(flagship, 2, "baseline", [], 2 * 1440)
    alone = score_records({"seed": 1}, first.events, flagship).to_json()
    score_records({"seed": 2}, second.events, flagship)
    assert score_records({"seed": 1}, first.events, flagship).to_json() == alone
    # the same events as a journal's dicts give the same card
    as_read = [{"type": "event", **e.to_dict()} for e in first.events]
    assert score_records({"seed": 1}, as_read, flagship).to_json() == alone


def test_summary_counts_every_event_and_reads_a_generator_as_a_list(flagship):
    from cpx.commands.run import run_exercise

    run = run_exercise(flagship, 3, "baseline", [], 1440)
    summary = summarize(run.events)
    assert summary == summarize(iter(run.events))
    assert summary["events"] == len(run.events) == sum(summary["events_by_kind"].values())
    assert summary["sim_minutes"] == max(e.t for e in run.events)
    assert summary["victims"]["met"] == len({e.payload["person_id"] for e in run.events
                                             if e.kind == "person.met"})

"""Scoring on small hand-written journals: each metric and the rating its rule gives."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aar_journals import JournalBuilder, flagship_journal, load_world, victim
from cpx.aar import score_journal
from cpx.aar.logfile import scan_journal
from cpx.aar.metrics import palermo_sufficient
from cpx.aar.ratings import rate
from cpx.aar.scorecard import score_records
from cpx.scenario.models import RatingRule


def rating_of(card, objective_id):
    return next(o for o in card.objectives if o.id == objective_id)


@pytest.fixture
def builder(tmp_path):
    return JournalBuilder(tmp_path / "run.jsonl")


def test_minor_identified_without_means_is_correct_adult_is_not(builder):
    b = builder
    victim(b, "girl", minor=True)
    victim(b, "woman")
    victim(b, "barman", is_victim=False)
    b.at(60).event("victim.identified", person_id="girl", decision=True,
                   elements={"act": True, "means": False, "purpose": True})
    b.event("victim.identified", person_id="woman", decision=True,
            elements={"act": True, "means": False, "purpose": True})
    b.event("victim.identified", person_id="barman", decision=True,
            elements={"act": True, "means": True, "purpose": True})
    card = score_journal(b.close())
    right, wrong = rating_of(card, "obj_identify"), rating_of(card, "obj_wrong")
    assert right.measure.value == 1 and right.rating == "M"
    assert wrong.measure.value == 2 and wrong.rating == "M"
    assert set(wrong.measure.details["reasons"]) == {"woman", "barman"}
    assert "MEANS" in wrong.measure.details["reasons"]["woman"]


def test_victim_decided_not_a_victim_counts_as_wrong(builder):
    victim(builder, "v1")
    builder.at(30).event("victim.identified", person_id="v1", decision=False,
                         elements={"act": False, "means": False, "purpose": False})
    card = score_journal(builder.close())
    assert rating_of(card, "obj_wrong").measure.value == 1
    assert rating_of(card, "obj_wrong").rating == "S"


def test_no_identification_decision_is_not_a_clean_record(builder):
    victim(builder, "v1")  # met, never decided on
    card = score_journal(builder.close())
    assert rating_of(card, "obj_wrong").rating == "N/O"


def test_referral_time_median_and_minors_first(builder):
    b = builder
    victim(b, "a1")
    victim(b, "m1", minor=True)
    victim(b, "m2", minor=True)
    b.at(120).event("victim.referred", person_id="m1", agency="ngo_haven", shelter="velin")
    b.at(600).event("victim.referred", person_id="a1", agency="ngo_haven", shelter="velin")
    card = score_journal(b.close())
    time = rating_of(card, "obj_refer_time")
    assert time.measure.value == 6.0  # median of 2 h and 10 h
    assert time.rating == "P"
    minors = rating_of(card, "obj_minors")
    assert minors.measure.value == 0.5 and minors.rating == "M"
    assert minors.measure.details["minors_first"] is True
    assert rating_of(card, "obj_refer").rating == "S"


def test_victims_met_but_none_referred_is_unable(builder):
    victim(builder, "a1")
    card = score_journal(builder.close())
    assert rating_of(card, "obj_refer_time").rating == "U"
    assert rating_of(card, "obj_refer").rating == "U"
    assert rating_of(card, "obj_minors").rating == "N/O"  # no minor was ever met


def test_disruption_weighted_by_centrality_and_release_undoes_it(builder):
    b = builder
    b.event("member.arrested", member="lt", centrality=0.4)
    b.event("member.arrested", member="lookout", centrality=0.1)
    b.at(90).event("suspect.released", member="lookout", reason="detention limit")
    card = score_journal(b.close())
    disruption = rating_of(card, "obj_disrupt")
    # lt: degree 4/5 + betweenness 9/10 + floor 1/6, over the sum for all six members
    # (manager 2/5 + 4/10 + 1/6; four leaves 1/5 + 0 + 1/6 each) = 1.8667 / 4.3
    assert disruption.measure.value == pytest.approx(1.8667 / 4.3, abs=1e-3)
    assert disruption.rating == "S"


def test_arresting_everyone_disrupts_the_whole_network(builder):
    for member in load_world().network.members:
        builder.event("member.arrested", member=member.id, centrality=0.0)
    card = score_journal(builder.close())
    assert rating_of(card, "obj_disrupt").measure.value == pytest.approx(1.0)


def test_case_strength_is_the_mean_over_cases(builder):
    b = builder
    b.event("evidence.added", evidence_id="e1", suspect="lt", kind="intercept", weight=0.6, text="")
    b.event("evidence.added", evidence_id="e2", suspect="lt", kind="document", weight=0.7, text="")
    b.event("arrest.made", order_id="o1", member="driver", unit="tactical")
    card = score_journal(b.close())
    case = rating_of(card, "obj_case")
    assert case.measure.details["per_suspect"] == {"driver": 0.0, "lt": 1.0}
    assert case.measure.value == 0.5 and case.rating == "S"
    assert case.measure.details["max"] == 1.0


@pytest.mark.parametrize(
    ("kind", "count", "objective", "expected"),
    [
        ("unlawful.act", 0, "obj_lawful", "N/O"),  # never raided, arrested or met anyone
        ("unlawful.act", 1, "obj_lawful", "M"),
        ("unlawful.act", 2, "obj_lawful", "U"),
        ("leak", 1, "obj_leaks", "S"),
        ("leak", 3, "obj_leaks", "U"),
        ("informant.burned", 1, "obj_informants", "M"),
        ("victim.harmed", 2, "obj_harm", "M"),
    ],
)
def test_counted_failures(builder, kind, count, objective, expected):
    for n in range(count):
        builder.at(10 * n).event(kind, kind_detail="x", informant=f"inf{n}",
                                 person_id=f"v{n}", subject=f"s{n}")
    card = score_journal(builder.close())
    score = rating_of(card, objective)
    assert score.rating == expected
    assert len(score.evidence) == count


def test_lawful_conduct_is_rated_once_the_cell_has_acted(builder):
    builder.event("raid.result", order_id="o1", venue="bar", people_found=[], arrested=[],
                  seized=[], text="")
    card = score_journal(builder.close())
    assert rating_of(card, "obj_lawful").rating == "P"


def test_expected_actions_late_counts_half_and_missed_none(builder):
    b = builder
    b.event("inject.expected_taken", inject_id="i1", order_id="o1", late=False, minutes=30)
    b.event("inject.expected_taken", inject_id="i2", order_id="o2", late=True, minutes=900)
    b.event("inject.expected_missed", inject_id="i3")
    b.event("inject.expected_missed", inject_id="i4")
    card = score_journal(b.close())
    expected = rating_of(card, "obj_expected")
    assert expected.measure.value == pytest.approx(1.5 / 4)
    assert expected.rating == "U"
    assert expected.measure.details["missed_injects"] == ["i3", "i4"]


def test_misconduct_never_reported_with_soldiers_present_is_unable(builder):
    card = score_journal(builder.close())
    assert rating_of(card, "obj_misconduct").rating == "U"
    assert rating_of(card, "obj_expected").rating == "N/O"


def test_json_has_one_entry_per_objective(tmp_path, capsys):
    from cpx.cli import main

    path = flagship_journal(tmp_path / "flag.jsonl")
    assert main(["score", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [entry["id"] for entry in data["objectives"]]
    assert ids == [o.id for o in load_world().objectives]
    for entry in data["objectives"]:
        assert entry["rating"] in {"P", "S", "M", "U", "N/O"}
        assert entry["metric"] in entry["metrics"]
        assert isinstance(entry["evidence"], list)


def test_same_journal_same_score(tmp_path):
    path = flagship_journal(tmp_path / "flag.jsonl")
    first = score_journal(path).to_json()
    assert score_journal(path).to_json() == first
    scan = scan_journal(path)  # every record, not only the kinds the scorer reads
    assert score_records(scan.header, reversed(scan.records), load_world()).to_json() == first


def test_palermo_rule():
    assert palermo_sufficient({"act": True, "purpose": True}, minor=True)
    assert not palermo_sufficient({"act": True, "purpose": True}, minor=False)
    assert palermo_sufficient({"act": True, "means": True, "purpose": True}, minor=False)
    assert not palermo_sufficient({"act": True, "means": True}, minor=True)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(-100, 100, allow_nan=False),
    st.lists(st.floats(-50, 50, allow_nan=False), min_size=3, max_size=3),
    st.sampled_from(["higher", "lower"]),
)
def test_rating_is_monotonic_in_the_value(value, thresholds, better):
    """A better value never gets a worse rating, whatever the thresholds."""
    ordered = sorted(thresholds, reverse=(better == "higher"))
    rule = RatingRule(better=better, P=ordered[0], S=ordered[1], M=ordered[2])
    step = 1.0 if better == "higher" else -1.0
    scale = "PSMU"
    assert scale.index(rate(value + step, rule)) <= scale.index(rate(value, rule))

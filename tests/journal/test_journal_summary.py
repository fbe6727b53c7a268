"""The run summary counts what the events say happened."""

from __future__ import annotations

from cpx.journal.events import EXCON, Event
from cpx.journal.summary import format_summary, summarize


def ev(seq, kind, payload, visibility=EXCON, t=None):
    return Event(t=seq * 10 if t is None else t, seq=seq, kind=kind, visibility=visibility, payload=payload)


EVENTS = [
    ev(0, "person.met", {"person_id": "p1"}, "trainee"),
    ev(1, "person.met", {"person_id": "p2"}, "trainee"),
    ev(2, "person.met", {"person_id": "p1"}, "trainee"),  # met twice, one person
    ev(3, "victim.identified", {"person_id": "p1", "decision": True}, "trainee"),
    ev(4, "victim.identified", {"person_id": "p2", "decision": False}, "trainee"),
    ev(5, "identification.scored", {"person_id": "p1", "decision": True, "correct": False}),
    ev(6, "victim.referred", {"person_id": "p1", "agency": "ngo", "shelter": "s"}, "trainee"),
    ev(7, "arrest.made", {"member": "boss", "unit": "u1", "order_id": "o1"}, "trainee"),
    ev(8, "informant.exposure", {"informant": "owl", "exposure": 0.2}),
    ev(9, "informant.exposure", {"informant": "owl", "exposure": 0.6}),
    ev(10, "informant.burned", {"informant": "owl", "fate": "silent"}),
    ev(11, "leak", {"official": "m9", "agency": "police", "order_id": "o2", "target": "bar"}),
    ev(12, "network.reaction", {"action": "move_victims", "subject": "bar", "details": {}, "trigger": "leak"}),
    ev(13, "network.reaction", {"action": "move_victims", "subject": "club", "details": {}}),
    ev(14, "network.reaction", {"action": "go_quiet", "subject": "boss", "details": {}}),
]


def test_counts():
    orders = [{"order": {}, "result": {"accepted": True}}, {"order": {}, "result": {"accepted": False}}]
    summary = summarize(EVENTS, orders)
    assert summary["events"] == 15 and summary["events_by_kind"]["person.met"] == 3
    assert summary["victims"] == {"met": 2, "identified": 1, "identified_wrongly": 1, "referred": 1}
    assert summary["arrests"] == 1 and summary["arrested"] == ["boss"]
    assert summary["informant_exposure"] == {"owl": 0.6}  # the latest value
    assert summary["informants_burned"] == {"owl": "silent"}
    assert summary["leaks"] == 1 and summary["leaked"][0]["target"] == "bar"
    assert summary["network_reactions"] == {"go_quiet": 1, "move_victims": 2}
    assert summary["orders"] == {"accepted": 1, "rejected": 1}
    assert summary["sim_minutes"] == 140
    assert summary["network_adaptations"][0] == {"t": 120, "action": "move_victims", "subject": "bar", "trigger": "leak"}


def test_text_has_every_headline():
    text = format_summary(summarize(EVENTS), "run")
    for words in ("2 met, 1 identified (1 wrongly), 1 referred", "arrests      1 (boss)", "leaks        1",
                  "go_quiet 1, move_victims 2", "owl 0.60", "burned       owl silent"):
        assert words in text


def test_adaptations_are_listed_with_time_and_cause():
    text = format_summary(summarize(EVENTS), "run", clock=lambda t: f"T{t}", adaptations=2)
    assert "T120  move_victims bar (after leak)" in text
    assert "T130  move_victims club" in text and "… and 1 more" in text


def test_nothing_happened():
    summary = summarize([])
    assert summary["events"] == 0 and summary["victims"]["met"] == 0
    assert "reactions    none" in format_summary(summary, "empty")

"""An expected action taken before its inject satisfies it; a contingency whose
expectation is already met does not fire (HSEEP: contingencies steer play back, they
do not remind a cell of what it has done)."""

from __future__ import annotations

from cpx.engine import Exercise

from engine_world import kinds, scenario


def _early_word(raw) -> None:
    # The cell hears of the soldiers at 09:00, before the journalist's call at 14:00.
    raw["injects"].append({"id": "i_early", "at": "D1 09:00", "from": "ngo_hope",
                           "text": "Soldiers from Camp Eagle are seen at the Red Door.",
                           "mentions": ["eagle_soldiers", "red_door"]})


def _run(change, report_at: int | None) -> Exercise:
    ex = Exercise(scenario(change), seed=1)
    if report_at is not None:
        ex.run_until(report_at)
        assert ex.submit({"verb": "report_misconduct", "target": "eagle_soldiers"}).accepted
    ex.run_until(ex.end)
    return ex


def test_action_before_the_inject_counts_as_taken_and_holds_the_contingency():
    ex = _run(_early_word, report_at=3 * 60)  # D1 11:00, three hours before the call
    taken = [e.payload for e in kinds(ex.events, "inject.expected_taken")]
    assert [(p["inject_id"], p["before"], p["minutes"]) for p in taken] == [("i_journalist", True, 0)]
    assert not kinds(ex.events, "inject.expected_missed")
    fired = [e.payload["inject_id"] for e in kinds(ex.events, "inject")]
    assert "i_journalist" in fired and "i_reminder" not in fired


def test_without_the_action_the_contingency_fires():
    ex = _run(_early_word, report_at=None)
    assert [e.payload["inject_id"] for e in kinds(ex.events, "inject.expected_missed")] == ["i_journalist"]
    assert "i_reminder" in [e.payload["inject_id"] for e in kinds(ex.events, "inject")]


def test_contingency_whose_own_expectation_is_met_does_not_fire():
    def change(raw) -> None:
        _early_word(raw)
        for inject in raw["injects"]:
            if inject["id"] == "i_journalist":  # now expects a surveillance nobody gives
                inject["expected_action"] = {"order": "surveil", "target": "red_door", "within": "2h"}
            if inject["id"] == "i_reminder":
                inject["expected_action"] = {"order": "report_misconduct",
                                             "target": "eagle_soldiers", "within": "1d"}
    ex = _run(change, report_at=3 * 60)
    assert [e.payload["inject_id"] for e in kinds(ex.events, "inject.expected_missed")] == ["i_journalist"]
    assert "i_reminder" not in [e.payload["inject_id"] for e in kinds(ex.events, "inject")]

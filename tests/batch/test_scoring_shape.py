"""The results file keeps whatever the score card says: today's objectives with one metric,
and objectives with critical tasks (each with its measure, value and rating)."""

from __future__ import annotations

from cpx.batch.scoring import objective_rows


def test_an_objective_with_one_metric():
    [row] = objective_rows([{"id": "obj_a", "rating": "S", "value": 0.5, "metric": "victims_referred",
                             "metrics": {"victims_referred": 0.5, "met": 4, "note": "text"},
                             "evidence": [1, 2, 3]}])
    assert (row["objective"], row["rating"], row["value"]) == ("obj_a", "S", 0.5)
    assert ("", "met", 4.0, None) in row["measures"] and ("", "victims_referred", 0.5, None) in row["measures"]
    assert all(m[1] != "note" for m in row["measures"])  # text is not a measure
    assert "evidence" not in row["result"]  # event numbers point into a journal a sweep does not keep


def test_an_objective_with_critical_tasks():
    entry = {"id": "obj_b", "rating": "M", "value": None, "decided_by": "t2",
             "metrics": {"t1": 0.9, "t2": None},
             "tasks": [{"id": "t1", "task": "Refer minors", "measure": "share", "value": 0.9, "rating": "P",
                        "thresholds": {"P": 0.8}, "evidence": [5]},
                       {"id": "t2", "task": "Arrest the boss", "measure": "any_of", "value": None,
                        "rating": "M", "evidence": []}]}
    [row] = objective_rows([entry])
    assert row["rating"] == "M" and row["value"] is None
    assert row["measures"] == [("t1", "share", 0.9, "P"), ("t2", "any_of", None, "M")]
    assert row["result"]["tasks"][0]["thresholds"] == {"P": 0.8}
    assert "evidence" not in row["result"]["tasks"][0]

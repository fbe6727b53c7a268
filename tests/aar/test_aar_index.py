"""The replay's byte-offset index agrees with a plain reading of the journal."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aar_journals import JournalBuilder, flagship_journal
from cpx.aar.journal_index import JournalIndex
from cpx.aar.logfile import scan_journal

KINDS = ["unit.status", "leak", "inject", "report.informant", "truth.person", "victim.referred"]

events = st.lists(
    st.tuples(st.integers(0, 30), st.sampled_from(KINDS), st.sampled_from(["squad", "tactical", None]),
              st.booleans(), st.text(alphabet="ab\"\\é,:{}", max_size=8)),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events)
def test_index_columns_match_the_records(items):
    with tempfile.TemporaryDirectory() as tmp:
        builder = JournalBuilder(Path(tmp) / "j.jsonl")
        clock = 0
        for gap, kind, unit, as_order, text in items:
            clock += gap
            builder.at(clock)
            if as_order:
                builder.order("surveil", unit, "blue_gate")
            payload = {"text": text, "inject_id": "i_tip"}
            if unit:
                payload["unit"] = unit
            builder.event(kind, **payload)
        path = builder.close()
        records = scan_journal(path).records
        index = JournalIndex(path, expected_injects=["i_tip"])
        assert index.problem is None and len(index) == len(records)
        for row, record in enumerate(records):
            assert index.t[row] == record["t"]
            assert index.kind_name(row) == record.get("kind", "order")
            assert index.record(row)["t"] == record["t"]
            unit = (record.get("payload") or record.get("order") or {}).get("unit")
            assert (index.units[index.unit[row]] if index.unit[row] >= 0 else None) == unit
            assert bool(index.decision[row]) == (record.get("kind", "order") in ("order", "inject"))
        index.close()


def test_moment_counts_by_audience(tmp_path):
    index = JournalIndex(flagship_journal(tmp_path / "flag.jsonl"))
    leak = index.row_of_seq(5)
    moment = index.moment(leak)
    assert moment.excon["leak"] == 1 and "leak" not in moment.trainee
    assert moment.trainee["order"] == 1
    assert index.moment(len(index) - 1).trainee["victim.referred"] == 2
    index.close()


def test_select_by_kind_prefix_and_visibility(tmp_path):
    index = JournalIndex(flagship_journal(tmp_path / "flag.jsonl"))
    victims = index.select(kinds=["victim"])
    assert {index.kind_name(int(r)) for r in victims} == {"victim.identified", "victim.referred"}
    excon = index.select(visibility="excon")
    assert all(index.record(int(r))["visibility"] == "excon" for r in excon)
    assert len(index.select()) == len(index)
    index.close()

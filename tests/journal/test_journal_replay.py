"""Replaying journals: verify re-simulates and finds the first forged line; resume continues."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.errors import CpxError
from cpx.journal.reader import JournalError, OrderRecord, read_journal, read_prefix
from cpx.session.resimulate import catch_up, drive, resume_exercise, verify
from journal_runs import forge, journaled_run

UNTIL = 1440


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """One baseline run of the flagship's first day, journaled; (path, lines, exercise)."""
    path = tmp_path_factory.mktemp("orig") / "run.jsonl"
    exercise = journaled_run(path, seed=3, until=UNTIL)
    return path, path.read_text(encoding="utf-8").splitlines(), exercise


def test_an_untouched_journal_verifies(original):
    path, lines, _ = original
    result = verify(path)
    assert result.ok and result.complete and result.first_difference is None
    assert result.lines == len(lines)
    assert any(isinstance(r, OrderRecord) for r in read_journal(path)), "the baseline gave no orders"


def test_a_forged_event_is_found_at_its_line(original, tmp_path):
    path, lines, _ = original
    index = next(i for i, line in enumerate(lines) if '"type":"event"' in line and i > len(lines) // 2)
    forged = forge(lines, index, lambda record: record["payload"].update(forged=True))
    target = tmp_path / "forged.jsonl"
    target.write_text("\n".join(forged) + "\n", encoding="utf-8")
    list(read_journal(target))  # the re-sealed chain itself is intact …
    result = verify(target)  # … only re-simulation shows the forgery
    assert not result.ok
    assert result.first_difference.line_no == index + 1
    assert '"forged":true' in result.first_difference.expected
    assert '"forged"' not in result.first_difference.got


def test_a_forged_order_changes_what_follows(original, tmp_path):
    path, lines, _ = original
    index = next(i for i, line in enumerate(lines) if '"type":"order"' in line)
    forged = forge(lines, index, lambda record: record["order"].update(unit="no_such_unit"))
    target = tmp_path / "forged.jsonl"
    target.write_text("\n".join(forged) + "\n", encoding="utf-8")
    result = verify(target)
    assert not result.ok and result.first_difference.line_no == index + 1


def test_a_changed_scenario_is_refused(original, tmp_path):
    path, _, _ = original
    from cpx.journal.reader import load_header

    scenario_path = load_header(path).scenario.path
    changed = tmp_path / "glass_lantern.yaml"
    text = open(scenario_path, encoding="utf-8").read()
    changed.write_text(text.replace('version: "1.0"', 'version: "1.0-edited"', 1), encoding="utf-8")
    with pytest.raises(CpxError, match="Scenario changed|differs"):
        verify(path, scenario_file=str(changed))


def test_a_damaged_journal_is_verified_up_to_the_damage(original, tmp_path):
    path, lines, _ = original
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[: len(lines) // 2]) + "\n" + lines[len(lines) // 2][:10], encoding="utf-8")
    result = verify(cut)
    # the intact prefix re-simulates identically, but a cut journal is never "ok" (exit 2)
    assert result.identical and not result.complete and result.problem.why == "truncated"
    assert not result.ok and result.exit_code == 2 and result.integrity == "incomplete"
    assert result.lines == len(lines) // 2


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(0.0, 1.0))
def test_resume_after_a_cut_anywhere_continues_identically(original, tmp_path_factory, fraction):
    path, lines, finished = original
    data = path.read_bytes()
    cut_at = int(fraction * len(data))
    target = tmp_path_factory.mktemp("resume") / "run.jsonl"
    target.write_bytes(data[:cut_at])
    if cut_at < len(lines[0]) + 1:
        with pytest.raises(CpxError):
            resume_exercise(target)
        return
    before = read_prefix(target)
    keep = before.valid_bytes
    if before.complete:
        keep -= len(before.records[-1].text.encode("utf-8")) + 1
    exercise = resume_exercise(target)
    writer = exercise.journal
    # the rest of the exercise: the orders the cut lost, given where they were given
    kept = len(read_prefix(target).records)
    records = list(read_journal(path))
    drive(exercise, [r for r in records if isinstance(r, OrderRecord) and r.line_no > kept], writer)
    end = records[-1]
    catch_up(exercise, end.t, end.events, writer)
    writer.close(t=exercise.now, state_hash=exercise.state_hash())
    assert exercise.state_hash() == finished.state_hash()
    assert target.read_bytes() == data
    # what followed the valid lines (a half line, the old end line) is kept aside
    tails = sorted(target.parent.glob("run.jsonl.tail-*"))
    assert b"".join(t.read_bytes() for t in tails) == data[keep:cut_at]


def test_a_journal_from_another_cpx_version_differs_at_the_header(original, tmp_path):
    path, lines, _ = original
    target = tmp_path / "old.jsonl"
    target.write_text("\n".join(forge(lines, 0, lambda record: record.update(cpx="0.0.1"))) + "\n", encoding="utf-8")
    result = verify(target)
    assert not result.ok and result.first_difference.line_no == 1
    assert '"cpx":"0.0.1"' in result.first_difference.expected


def test_resuming_a_forged_journal_stops_at_the_forgery(original, tmp_path):
    path, lines, _ = original
    index = len(lines) // 3
    while '"type":"event"' not in lines[index]:
        index += 1
    forged = forge(lines, index, lambda record: record["payload"].update(forged=True))
    target = tmp_path / "forged.jsonl"
    target.write_text("\n".join(forged[:-1]) + "\n", encoding="utf-8")  # no end line: cut short
    before = target.read_bytes()
    with pytest.raises(JournalError) as caught:
        resume_exercise(target)
    assert caught.value.why == "diverged" and caught.value.line_no == index + 1
    assert target.read_bytes() == before  # nothing appended, nothing lost


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moves=st.lists(
        st.one_of(st.just("step"), st.integers(1, 240), st.just("orders")), min_size=5, max_size=40
    )
)
def test_verify_follows_any_way_of_driving_the_clock(tmp_path_factory, moves):
    """The UI steps, runs in chunks and gives orders between events; verify keeps up."""
    from cpx.engine.exercise import Exercise
    from cpx.engine.policies import make_policy
    from cpx.journal.scenario_source import open_scenario
    from cpx.journal.writer import JournalWriter

    source = open_scenario("glass_lantern")
    path = tmp_path_factory.mktemp("drive") / "ui.jsonl"
    writer = JournalWriter(path, source.scenario, 11, source.sha256, str(source.path), durable=False)
    exercise = Exercise(source.scenario, 11, journal=writer)
    policy = make_policy("baseline", exercise)
    for move in moves:
        if move == "step":
            exercise.step()
        elif move == "orders":
            for order in policy.decide(exercise):
                exercise.submit(order)
        else:
            exercise.run_until(exercise.now + move)
    writer.close(t=exercise.now, state_hash=exercise.state_hash())
    result = verify(path)
    assert result.ok, result.first_difference


def test_an_order_the_engine_cannot_take_is_a_difference_not_a_crash(original, tmp_path):
    path, lines, _ = original
    index = next(i for i, line in enumerate(lines) if '"type":"order"' in line)
    forged = forge(lines, index, lambda record: record["order"].update(verb="dance"))
    target = tmp_path / "forged.jsonl"
    target.write_text("\n".join(forged) + "\n", encoding="utf-8")
    result = verify(target)
    assert not result.ok and result.first_difference.line_no == index + 1
    assert "re-run stopped" in result.first_difference.got

"""The journal writer and reader: canonical lines, the hash chain, damage found at its line."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.errors import CpxError
from cpx.journal.chain import GENESIS, line_hash
from cpx.journal.reader import (
    EndRecord,
    EventRecord,
    Header,
    JournalError,
    OrderRecord,
    load_header,
    read_journal,
    read_prefix,
)
from cpx.journal.writer import JournalWriter

from journal_samples import make_events

ORDER = {"verb": "surveil", "unit": "vpr1", "target": "club", "params": {}}
RESULT = {"accepted": True, "reason": None, "order_id": "o1"}


def write_sample(path, scenario, events=12, order_after=5):
    with JournalWriter(path, scenario, 7, "ab" * 32, "scenarios/tiny.yaml") as writer:
        for i, event in enumerate(make_events(events)):
            if i == order_after:
                writer.write_order(event.t, ORDER, RESULT)
            writer.write_event(event)
        writer.close(t=500, state_hash="cd" * 32)
    return path.read_bytes().splitlines(keepends=True)


def test_lines_are_canonical_and_chained(tmp_path, scenario):
    lines = write_sample(tmp_path / "j.jsonl", scenario)
    assert len(lines) == 1 + 12 + 1 + 1
    prev = GENESIS
    for raw in lines:
        text = raw.decode("utf-8").rstrip("\n")
        record = json.loads(text)
        assert record["prev"] == prev
        assert text == json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        prev = line_hash(text)
    header = json.loads(lines[0])
    assert header["type"] == "header" and header["format"] == 1 and header["seed"] == 7
    assert header["scenario"] == {"id": "tiny", "version": "1", "sha256": "ab" * 32, "path": "scenarios/tiny.yaml"}
    assert "Ženа" in lines[1].decode("utf-8")  # kept as UTF-8, not escaped


def test_reader_yields_typed_records(tmp_path, scenario):
    path = tmp_path / "j.jsonl"
    write_sample(path, scenario)
    records = list(read_journal(path))
    assert isinstance(records[0], Header) and records[0].seed == 7
    order = next(r for r in records if isinstance(r, OrderRecord))
    assert order.order == ORDER and order.result == RESULT and order.events_before == 5
    events = [r.event for r in records if isinstance(r, EventRecord)]
    assert events == make_events(12)
    end = records[-1]
    assert isinstance(end, EndRecord)
    assert (end.t, end.orders, end.events, end.state_hash) == (500, 1, 12, "cd" * 32)
    assert load_header(path).scenario.path == "scenarios/tiny.yaml"


def test_existing_journal_is_never_overwritten(tmp_path, scenario):
    path = tmp_path / "j.jsonl"
    write_sample(path, scenario)
    before = path.read_bytes()
    with pytest.raises(CpxError, match="never overwritten"):
        JournalWriter(path, scenario, 7, "ab" * 32)
    assert path.read_bytes() == before


def test_orders_are_on_disk_before_close(tmp_path, scenario):
    path = tmp_path / "j.jsonl"
    writer = JournalWriter(path, scenario, 1, "ab" * 32)
    for event in make_events(3):
        writer.write_event(event)
    writer.write_order(30, ORDER, RESULT)
    # another reader sees every line up to the order while the writer is still open
    prefix = read_prefix(path)
    assert [type(r).__name__ for r in prefix.records] == ["Header"] + ["EventRecord"] * 3 + ["OrderRecord"]
    assert prefix.problem.why == "incomplete" and not prefix.complete
    writer.close()
    assert read_prefix(path).complete


def test_writer_closes_with_error_reason_on_exception(tmp_path, scenario):
    path = tmp_path / "j.jsonl"
    with pytest.raises(RuntimeError):
        with JournalWriter(path, scenario, 1, "ab" * 32) as writer:
            writer.write_event(make_events(1)[0])
            raise RuntimeError("boom")
    assert list(read_journal(path))[-1].reason == "error"


def test_lines_after_the_end_are_refused(tmp_path, scenario):
    path = tmp_path / "j.jsonl"
    lines = write_sample(path, scenario)
    path.write_bytes(b"".join(lines) + lines[-1])
    with pytest.raises(JournalError) as caught:
        list(read_journal(path))
    assert caught.value.line_no == len(lines) + 1


@pytest.mark.parametrize(
    "damage, why, line_no",
    [
        (lambda lines, i: lines[:i] + [lines[i][:-5]], "truncated", 7),
        (lambda lines, i: lines[:i], "incomplete", 7),
        (lambda lines, i: lines[:i] + [lines[i].replace(b'"t":', b'"t": ')] + lines[i + 1 :], "tampered", 7),
        (lambda lines, i: lines[:i] + [lines[i].replace(b'"t":', b'"t":1')] + lines[i + 1 :], "tampered", 7),
        (lambda lines, i: lines[:i] + [b"\x00garbage\n"] + lines[i + 1 :], "not_json", 7),
        # the gap shows at line 7; line 6 can no longer be vouched for either
        (lambda lines, i: lines[:i] + lines[i + 1 :], "tampered", 6),
    ],
    ids=["cut-mid-line", "cut-at-line", "reformatted", "value-changed", "corrupted", "line-removed"],
)
def test_each_damage_is_named(tmp_path, scenario, damage, why, line_no):
    path = tmp_path / "j.jsonl"
    lines = write_sample(path, scenario)
    path.write_bytes(b"".join(damage(lines, 6)))
    with pytest.raises(JournalError) as caught:
        list(read_journal(path))
    assert caught.value.why == why
    assert caught.value.line_no == line_no
    assert f"line {line_no}" in str(caught.value)
    assert len(read_prefix(path).records) == line_no - 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_is_found_at_or_before_its_line(tmp_path_factory, scenario, data):
    path = tmp_path_factory.mktemp("j") / "j.jsonl"
    lines = write_sample(path, scenario, events=30, order_after=11)
    index = data.draw(st.integers(0, len(lines) - 1), label="damaged line index")
    line = lines[index]
    how = data.draw(st.sampled_from(["flip", "cut"]), label="how")
    if how == "flip":
        # flip one bit of one byte (never the newline, which would split the line)
        pos = data.draw(st.integers(0, len(line) - 2), label="byte")
        bit = data.draw(st.integers(0, 7), label="bit")
        flipped = line[pos] ^ (1 << bit)
        if flipped == ord("\n"):
            flipped ^= 0x80
        damaged = lines[:index] + [line[:pos] + bytes([flipped]) + line[pos + 1 :]] + lines[index + 1 :]
    else:
        cut = data.draw(st.integers(0, len(line) - 1), label="cut at byte")
        damaged = lines[:index] + [line[:cut]]
    path.write_bytes(b"".join(damaged))
    with pytest.raises(JournalError) as caught:
        list(read_journal(path))
    assert caught.value.line_no <= index + 1
    prefix = read_prefix(path)
    assert prefix.problem is not None and len(prefix.records) <= index
    assert path.read_bytes()[: prefix.valid_bytes] == b"".join(lines[: len(prefix.records)])


def test_continuing_writer_checks_then_appends(tmp_path, scenario):
    path = tmp_path / "j.jsonl"
    writer = JournalWriter(path, scenario, 7, "ab" * 32)
    events = make_events(6)
    for event in events[:3]:
        writer.write_event(event)
    writer.write_order(20, ORDER, RESULT)  # flushed: the first 5 lines are on disk
    existing = path.read_text(encoding="utf-8").splitlines()
    # the same world re-writes the same lines: checked, not written twice; then appends
    again = JournalWriter.continuing(path, existing, scenario, 7, "ab" * 32)
    for event in events[:3]:
        again.write_event(event)
    assert again.catching_up
    again.write_order(20, ORDER, RESULT)
    assert not again.catching_up and again.lines_reproduced == 5
    for event in events[3:]:
        again.write_event(event)
    again.close(t=60)
    records = list(read_journal(path))
    assert [r.event for r in records if isinstance(r, EventRecord)] == events
    # a different world is caught at the first line it gets wrong
    with pytest.raises(JournalError) as caught:
        diverging = JournalWriter.continuing(path, existing, scenario, 7, "ab" * 32)
        diverging.write_event(events[0])
        diverging.write_event(events[2])
    assert caught.value.why == "diverged" and caught.value.line_no == 3


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payloads=st.lists(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5), min_size=1, max_size=6))
def test_any_json_payload_round_trips(tmp_path_factory, scenario, payloads):
    from cpx.journal.events import Event

    path = tmp_path_factory.mktemp("rt") / "j.jsonl"
    events = [Event(t=i, seq=i, kind="k.any", visibility="trainee", payload=p) for i, p in enumerate(payloads)]
    with JournalWriter(path, scenario, 1, "ab" * 32, durable=False) as writer:
        for event in events:
            writer.write_event(event)
    assert [r.event for r in read_journal(path) if isinstance(r, EventRecord)] == events
    assert len(path.read_bytes().splitlines()) == len(events) + 2  # no payload breaks a line

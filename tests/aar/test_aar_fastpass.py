"""The fast pass (fields here, hash chain in worker processes) gives the exact pass's answer."""

from __future__ import annotations

import gc
import hashlib

import pytest

from aar_journals import flagship_journal, long_journal
from cpx.aar import chain_check
from cpx.aar.chain_check import ChainCheck, split_ranges
from cpx.aar.fast_pass import FastIndexPass, FastScanPass, fast_scan, paused_gc
from cpx.aar.index_pass import exact_scan
from cpx.aar.journal_index import JournalIndex
from cpx.aar.logfile import scan_journal
from cpx.aar.metrics import KINDS_USED

KINDS = set(KINDS_USED) | {"order", "unit.status"}


@pytest.fixture
def parallel(monkeypatch):
    """Check the chain in worker processes even for a small journal."""
    monkeypatch.setattr(chain_check, "MIN_PARALLEL_BYTES", 0)


def lines_of(path):
    return path.read_bytes().split(b"\n")[:-1]


def fast_path_used(run, chunk_size=4096) -> bool:
    steps = run._fast_steps(chunk_size)
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return bool(stop.value)


def test_intact_journal_takes_the_fast_path_in_parallel(tmp_path, parallel):
    path = long_journal(tmp_path / "long.jsonl")
    assert fast_path_used(FastIndexPass(path, {"i_tip"}, workers=3))
    assert fast_path_used(FastScanPass(path, KINDS, workers=3))
    fast, exact = fast_scan(path, KINDS, workers=3), exact_scan(path, KINDS)
    assert fast.records == exact.records and fast.records
    assert (fast.problem, fast.valid_lines, fast.complete, fast.end_t) == (
        exact.problem, exact.valid_lines, exact.complete, exact.end_t)


def test_ranges_start_at_line_starts(tmp_path):
    path = long_journal(tmp_path / "long.jsonl", rounds=10)
    data = path.read_bytes()
    ranges = split_ranges(path, 0, len(data), 4)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(data) and len(ranges) > 1
    for (_, stop), (start, _) in zip(ranges, ranges[1:]):
        assert stop == start and data[start - 1:start] == b"\n"


@pytest.mark.parametrize("where", [0.3, 0.75, "boundary"])
def test_workers_find_a_tampered_line_and_the_exact_pass_names_it(tmp_path, parallel, where):
    path = long_journal(tmp_path / "long.jsonl")
    lines = lines_of(path)
    header = len(lines[0]) + 1
    if where == "boundary":  # the last line of the first worker's range: only the join sees it
        start = split_ranges(path, header, path.stat().st_size, 2)[1][0]
        number = path.read_bytes()[:start].count(b"\n")
    else:
        number = int(len(lines) * where)
    lines[number - 1] = lines[number - 1].replace(b'"t":', b'"t":1', 1)
    path.write_bytes(b"\n".join(lines) + b"\n")
    first_prev = hashlib.sha256(lines[0]).hexdigest()
    check = ChainCheck(path, header, path.stat().st_size, first_prev, workers=2)
    assert len(check.ranges) == 2 and not check.intact()
    index = JournalIndex(path, expected_injects=["i_tip"], workers=2)
    assert index.problem is not None and index.problem.line == number
    assert len(index) == len(scan_journal(path).records)
    index.close()
    fast, plain = fast_scan(path, KINDS, workers=2), scan_journal(path, kinds=KINDS)
    assert fast.records == plain.records
    assert (fast.problem, fast.valid_lines) == (plain.problem, plain.valid_lines)


def test_a_worker_that_cannot_start_is_replaced_by_a_check_here(tmp_path, parallel, monkeypatch):
    path = long_journal(tmp_path / "long.jsonl", rounds=20)
    monkeypatch.setattr(chain_check, "WORKER", tmp_path / "missing.py")  # the script fails
    first = lines_of(path)[0]
    check = ChainCheck(path, len(first) + 1, path.stat().st_size,
                       hashlib.sha256(first).hexdigest(), workers=2)
    assert check.intact()


def test_unit_and_agency_are_read_on_first_use(tmp_path):
    path = flagship_journal(tmp_path / "flag.jsonl")
    index = JournalIndex(path)
    records = scan_journal(path).records
    agencies = [index.agencies[a] if a >= 0 else None for a in index.agency]
    assert agencies == [(r.get("payload") or {}).get("agency") for r in records]
    assert len(index.select(units=["tactical"])) == sum(
        (r.get("payload") or r.get("order") or {}).get("unit") == "tactical" for r in records)
    index.close()


def test_paused_gc_restores_the_collector():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.parametrize("chunk_size", [64, 1000])
def test_lines_longer_than_a_chunk(tmp_path, chunk_size):
    path = long_journal(tmp_path / "long.jsonl", rounds=5)
    scan = FastScanPass(path, KINDS)
    assert fast_path_used(scan, chunk_size)
    assert scan.records == exact_scan(path, KINDS).records
    index = FastIndexPass(path, {"i_tip"})
    assert fast_path_used(index, chunk_size)
    assert index.columns.size == len(scan_journal(path).records)

"""Scoring while the chain is checked: kept only when the chain proves intact.

:func:`cpx.aar.scorecard.score_journal` computes the card as soon as the fast pass has
read every row, while the chain workers are still hashing. These tests hold that this
speculation never changes the answer: on an intact journal the card is the exact pass's
card; on a journal broken anywhere (in particular in the second half, which the reader
has already parsed when the workers find the break) the speculative card is thrown away
and the valid prefix is scored, with the located warning.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aar_journals import long_journal
from cpx.aar import chain_check, verified
from cpx.aar.fast_pass import fast_scan_while_checking
from cpx.aar.index_pass import exact_scan
from cpx.aar.metrics import KINDS_USED
from cpx.aar.scenario_ref import load_scenario_for
from cpx.aar.scorecard import score_journal, score_records


@pytest.fixture
def parallel(monkeypatch):
    """Check the chain in worker processes even for a small journal."""
    monkeypatch.setattr(chain_check, "MIN_PARALLEL_BYTES", 0)


def exact_card(path):
    """The card the line-exact pass gives (the reference: no speculation, no workers)."""
    scan = exact_scan(path, KINDS_USED)
    scenario, _ = load_scenario_for(scan.header, path)
    return score_records(scan.header, scan.records, scenario, warning=scan.warning)


def tamper(path, number):
    """Edit line ``number`` (1-based) so its hash no longer matches the next line's link."""
    lines = path.read_bytes().split(b"\n")[:-1]
    lines[number - 1] = lines[number - 1].replace(b'"t":', b'"t":1', 1)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return len(lines)


class Early:
    """An ``early`` computation that remembers whether it ran, and on what."""

    def __init__(self):
        self.calls = 0

    def __call__(self, header, records):
        self.calls += 1
        return ("early", len(records))


def test_intact_journal_keeps_the_card_computed_while_checking(tmp_path, parallel):
    path = long_journal(tmp_path / "long.jsonl")
    early = Early()
    scan, result = fast_scan_while_checking(path, KINDS_USED, early, workers=2)
    assert early.calls == 1 and result == ("early", len(scan.records))
    assert scan.problem is None and scan.complete
    assert score_journal(path).to_json() == exact_card(path).to_json()


@pytest.mark.parametrize("where", [0.6, 0.9])
def test_break_in_the_second_half_discards_the_early_card(tmp_path, parallel, where):
    path = long_journal(tmp_path / "long.jsonl")
    count = sum(1 for _ in path.open("rb"))
    number = int(count * where)
    tamper(path, number)
    early = Early()
    scan, result = fast_scan_while_checking(path, KINDS_USED, early, workers=2)
    # every row was read (a tampered line has the canonical shape) before the workers
    # answered: the card was computed, then thrown away
    assert early.calls == 1 and result is None
    assert scan.problem is not None and scan.problem.line == number
    card = score_journal(path)
    assert card.warning and f"line {number}" in card.warning
    assert card.to_json() == exact_card(path).to_json()


def test_an_error_while_checking_stops_the_workers(tmp_path, parallel, monkeypatch):
    path = long_journal(tmp_path / "long.jsonl")
    checks = []
    real = chain_check.ChainCheck

    def recording(*args, **kwargs):
        checks.append(real(*args, **kwargs))
        return checks[-1]

    monkeypatch.setattr("cpx.aar.fast_pass.ChainCheck", recording)

    def boom(header, records):
        raise RuntimeError("the scoring failed")

    with pytest.raises(RuntimeError):
        fast_scan_while_checking(path, KINDS_USED, boom, workers=2)
    assert checks and all(p is None or p.poll() is not None for c in checks for p in c._procs)


def test_a_changed_scenario_is_still_refused_after_the_journal_is_checked(tmp_path, parallel):
    path = long_journal(tmp_path / "long.jsonl")
    tamper(path, 40)
    other = tmp_path / "other.yaml"
    other.write_text("not: a scenario\n")
    # strict: the damaged journal is the error the user hears first, as before
    with pytest.raises(Exception) as error:
        score_journal(path, scenario_path=other, strict=True)
    assert "line 40" in str(getattr(error.value, "message", error.value))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.02, max_value=0.98), intact=st.booleans())
def test_score_is_the_exact_pass_card_wherever_the_break(tmp_path_factory, fraction, intact):
    chain_check.MIN_PARALLEL_BYTES, saved = 0, chain_check.MIN_PARALLEL_BYTES
    try:
        path = long_journal(tmp_path_factory.mktemp("j") / "long.jsonl", rounds=20)
        count = sum(1 for _ in path.open("rb"))
        if not intact:
            tamper(path, max(2, int(count * fraction)))
        assert score_journal(path).to_json() == exact_card(path).to_json()
    finally:
        chain_check.MIN_PARALLEL_BYTES = saved


# ---------------------------------------------------------------- journals verified before


def count_chain_checks(monkeypatch):
    """Counts the full chain checks that were waited for (ChainCheck.intact calls)."""
    calls = []
    real = chain_check.ChainCheck.intact

    def intact(self):
        calls.append(self.path)
        return real(self)

    monkeypatch.setattr(chain_check.ChainCheck, "intact", intact)
    return calls


@pytest.fixture
def settled(monkeypatch):
    """Note journals at once (they are written a moment before they are scored here)."""
    monkeypatch.setattr(verified, "SETTLED_NS", 0)


def notes():
    folder = verified.cache_dir()
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_the_same_file_is_checked_once(tmp_path, parallel, settled, monkeypatch):
    path = long_journal(tmp_path / "long.jsonl")
    calls = count_chain_checks(monkeypatch)
    first = score_journal(path).to_json()
    assert len(calls) == 1 and len(notes()) == 1
    assert score_journal(path).to_json() == first  # the replay's score after its index, say
    assert len(calls) == 1
    assert first == exact_card(path).to_json()


@pytest.mark.parametrize("how", ["rewritten", "edited in place"])
def test_a_journal_changed_after_it_was_verified_is_checked_again(tmp_path, parallel, settled,
                                                                   monkeypatch, how):
    path = long_journal(tmp_path / "long.jsonl")
    score_journal(path)
    assert len(notes()) == 1
    time.sleep(0.02)  # past the file clock's tick
    if how == "rewritten":
        tamper(path, 50)  # one byte longer
        line = 50
    else:  # same size, same inode: one digit of line 30's time changed
        data = path.read_bytes()
        at = sum(len(x) + 1 for x in data.split(b"\n")[:29])
        t_at = data.index(b'"t":', at) + 4
        with path.open("r+b") as stream:
            stream.seek(t_at)
            stream.write(b"9" if data[t_at:t_at + 1] != b"9" else b"8")
        line = 30
    calls = count_chain_checks(monkeypatch)
    card = score_journal(path)
    assert calls and card.warning and f"line {line}" in card.warning
    assert card.to_json() == exact_card(path).to_json()
    assert len(notes()) == 1  # the damaged state was not noted


def test_a_file_just_written_is_not_noted(tmp_path, parallel):
    path = long_journal(tmp_path / "long.jsonl")
    score_journal(path)
    assert notes() == []


def test_an_unwritable_cache_only_costs_time(tmp_path, parallel, settled, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    monkeypatch.setenv("CPX_CACHE_DIR", str(blocker / "verified"))  # cannot be a folder
    path = long_journal(tmp_path / "long.jsonl")
    calls = count_chain_checks(monkeypatch)
    assert score_journal(path).to_json() == score_journal(path).to_json() == exact_card(path).to_json()
    assert len(calls) == 2

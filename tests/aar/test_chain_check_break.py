"""The parallel chain check fails a journal whose break sits in the first chunk a range
reads — such a range counts no line, and must not be skipped as an empty one."""

from __future__ import annotations

import hashlib

import pytest

from cpx.aar.chain_check import ChainCheck
from cpx.cli import main


@pytest.fixture(scope="module")
def journal(tmp_path_factory):
    path = tmp_path_factory.mktemp("chain") / "run.jsonl"
    assert main(["run", "tutorial", "--seed", "2", "--policy", "baseline",
                 "--journal", str(path)]) == 0
    return path.read_bytes()


def check(data: bytes, tmp_path) -> bool:
    path = tmp_path / "j.jsonl"
    path.write_bytes(data)
    first = data.index(b"\n") + 1
    end = data.rstrip(b"\n").rfind(b"\n") + 1
    return ChainCheck(path, first, end, hashlib.sha256(data[:first - 1]).hexdigest(),
                      workers=0).intact()


def test_an_intact_journal_is_intact(journal, tmp_path):
    assert check(journal, tmp_path)


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_a_line_cut_in_half_breaks_the_chain(journal, tmp_path, where):
    lines = journal.split(b"\n")
    k = max(1, int(len(lines) * where))
    lines[k] = lines[k][: len(lines[k]) // 2]
    assert not check(b"\n".join(lines), tmp_path)

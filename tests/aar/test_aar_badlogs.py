"""Damaged journals: a clear error naming the line; the valid part still scored and indexed."""

from __future__ import annotations

import shutil

import pytest

from aar_journals import WORLD, flagship_journal
from cpx.aar import score_journal
from cpx.aar.fast_pass import fast_scan
from cpx.aar.journal_index import JournalIndex
from cpx.aar.logfile import scan_journal
from cpx.errors import CpxError


@pytest.fixture
def flagship(tmp_path):
    return flagship_journal(tmp_path / "flag.jsonl")


def lines_of(path):
    return path.read_bytes().split(b"\n")[:-1]


def write(path, lines, final_newline=True):
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline else b""))
    return path


def damaged(flagship, how):
    lines = lines_of(flagship)
    if how == "truncated":  # the file stops in the middle of line 21
        return write(flagship, lines[:20] + [lines[20][:40]], final_newline=False), 21
    if how == "corrupted":  # line 15 is garbage
        return write(flagship, lines[:14] + [b"\x00\xffnot json"] + lines[15:]), 15
    if how == "tampered":  # line 12 edited: a seized item quietly removed
        lines[11] = lines[11].replace(b'"t":', b'"t":1', 1)
        return write(flagship, lines), 12
    if how == "deleted":  # line 18 removed: line 18 (was 19) no longer follows line 17
        return write(flagship, lines[:17] + lines[18:]), 17
    if how == "appended":  # a unit report after the end line
        unit_line = next(ln for ln in lines if ln.startswith(b'{"kind":"unit.status"'))
        return write(flagship, lines + [unit_line]), len(lines) + 1
    if how == "incomplete":  # cut at a line boundary: no end line
        return write(flagship, lines[:-1]), len(lines)
    raise AssertionError(how)


HOW = ["truncated", "corrupted", "tampered", "deleted", "appended", "incomplete"]


@pytest.mark.parametrize("how", HOW)
def test_strict_scoring_names_the_line(flagship, how):
    path, line = damaged(flagship, how)
    with pytest.raises(CpxError) as error:
        score_journal(path, strict=True)
    assert f"line {line}" in error.value.message
    assert error.value.title == "Damaged journal"


@pytest.mark.parametrize("how", HOW)
def test_valid_part_is_scored_with_a_warning(flagship, how):
    path, line = damaged(flagship, how)
    card = score_journal(path)
    assert card.warning and f"line {line}" in card.warning
    scan = scan_journal(path)
    assert scan.valid_lines == line - 1
    assert all(r.get("type") in ("event", "order") for r in scan.records)


@pytest.mark.parametrize("how", HOW)
def test_index_agrees_with_the_scanner(flagship, how):
    path, line = damaged(flagship, how)
    index = JournalIndex(path)
    assert index.problem is not None and index.problem.line == line
    assert len(index) == len(scan_journal(path).records)  # every intact row, none after
    index.close()
    kinds = {"order", "leak", "unit.status", "victim.referred", "truth.person"}
    plain, fast = scan_journal(path, kinds=kinds), fast_scan(path, kinds)
    assert fast.records == plain.records
    assert (fast.problem, fast.valid_lines, fast.complete) == (
        plain.problem, plain.valid_lines, plain.complete)


def test_an_intact_journal_has_no_warning(flagship):
    assert score_journal(flagship, strict=True).warning is None
    index = JournalIndex(flagship)
    assert index.problem is None and index.complete
    index.close()


def test_tampered_leak_cannot_be_hidden(flagship):
    """Deleting the leak line (to hide it) is caught at the very next line."""
    lines = lines_of(flagship)
    leak = next(i for i, ln in enumerate(lines) if ln.startswith(b'{"kind":"leak"'))
    path = write(flagship, lines[:leak] + lines[leak + 1:])
    with pytest.raises(CpxError, match=f"line {leak}"):
        score_journal(path, strict=True)


def test_a_changed_scenario_is_refused_with_the_reason(tmp_path):
    world = tmp_path / "aar_world.yaml"
    shutil.copy(WORLD, world)
    from aar_journals import JournalBuilder

    builder = JournalBuilder(tmp_path / "run.jsonl", scenario_path=world)
    path = builder.close()
    world.write_text(world.read_text().replace('version: "1"', 'version: "2"'))
    with pytest.raises(CpxError) as error:
        score_journal(path)
    assert error.value.title == "Scenario changed"
    assert "version 1" in error.value.message


def test_not_a_journal_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(CpxError, match="line 1"):
        score_journal(path)
    with pytest.raises(CpxError, match="line 1"):
        JournalIndex(path)


def test_cli_warns_and_scores(flagship, capsys):
    from cpx.cli import main

    path, line = damaged(flagship, "truncated")
    assert main(["score", str(path)]) == 0
    captured = capsys.readouterr()
    assert f"line {line}" in captured.err and "Score card" in captured.out
    assert main(["score", str(path), "--strict"]) == 2
    assert f"line {line}" in capsys.readouterr().err

"""Damage and forgery, each caught with its exit code, through the real ``cpx`` command.

``cpx replay LOG --verify``: 0 intact and identical, 1 the re-run differs, 2 damaged or
incomplete (the JSON names the line), 3 with ``--key`` origin not proven. ``cpx score``
and ``cpx report`` say at the top when they rate part of a journal; ``--strict`` refuses.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from cpx.cli import main
from cpx.journal.chain import canonical_json, line_hash
from cpx.journal.reader import end_check
from journal_runs import forge

pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.fixture
def private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("CPX_CACHE_DIR", str(tmp_path_factory.mktemp("cache") / "verified"))


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """Two days of the flagship with the baseline policy: orders, events and leaks."""
    path = tmp_path_factory.mktemp("orig") / "run.jsonl"
    assert main(["run", "glass_lantern", "--seed", "1", "--policy", "baseline", "--until", "2d",
                 "--journal", str(path), "--json"]) == 0
    lines = path.read_bytes().split(b"\n")[:-1]
    assert any(b'"kind":"leak"' in line for line in lines), "the run needs leaks for the forgery case"
    return path, lines


def write(path: Path, lines: list[bytes], newline: bool = True) -> Path:
    path.write_bytes(b"\n".join(lines) + (b"\n" if newline else b""))
    return path


def verify_json(capsys, path, *extra):
    code, out, err = cli(capsys, "replay", path, "--verify", "--json", *extra)
    assert "Traceback" not in err
    return code, json.loads(out)


def middle(lines):
    """An event line in the middle of the journal (0-based index)."""
    return next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith(b'{"kind":'))


def test_an_intact_journal_exits_0(original, capsys):
    path, lines = original
    code, report = verify_json(capsys, path)
    assert code == 0 and report["ok"] and report["integrity"] == "intact"
    assert report["lines"] == report["total_lines"] == len(lines)
    assert report["origin"]["state"] == "unsigned"
    code, out, _ = cli(capsys, "replay", path, "--verify")
    assert code == 0 and "unsigned: origin not proven" in out


def damage(lines, how):
    """``(damaged lines, line the damage must be named at or before, last line newline?)``."""
    k = middle(lines)
    lines = list(lines)
    if how == "changed":  # one byte of an event's time
        lines[k] = lines[k].replace(b'"t":', b'"t":1', 1)
        return lines, k + 1, True
    if how == "deleted":
        return lines[:k] + lines[k + 1:], k + 1, True
    if how == "swapped":
        lines[k], lines[k + 1] = lines[k + 1], lines[k]
        return lines, k + 1, True
    if how == "cut in the middle":  # half a line, then the rest of the journal
        lines[k] = lines[k][: len(lines[k]) // 2]
        return lines, k + 1, True
    if how == "truncated tail":  # the file stops inside a line
        cut = len(lines) * 2 // 3
        return lines[:cut] + [lines[cut][:25]], cut + 1, False
    if how == "no end line":
        return lines[:-1], len(lines), True
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["changed", "deleted", "swapped", "cut in the middle",
                                 "truncated tail", "no end line"])
def test_damage_exits_2_and_names_the_line(original, tmp_path, capsys, how):
    path, lines = original
    bad, at, newline = damage(lines, how)
    target = write(tmp_path / "bad.jsonl", bad, newline)
    code, report = verify_json(capsys, target)
    assert code == 2 and report["exit"] == 2 and not report["ok"]
    assert report["integrity"] in ("damaged", "incomplete")
    line = report["damage"]["line"]
    assert at - 1 <= line <= at, (how, line, at)
    assert report["lines"] == line - 1 or how in ("no end line",)
    code, out, _ = cli(capsys, "replay", target, "--verify")
    label = "INCOMPLETE" if report["integrity"] == "incomplete" else "DAMAGED"
    assert code == 2 and f"verdict:  {label}" in out and f"line {line}" in out

    # the score card and the report say it first, with the lines rated
    code, out, err = cli(capsys, "score", target)
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("!! ") and ("DAMAGED" in first or "UNFINISHED" in first)
    total = len(bad)
    found = re.search(r"rated on lines 1–(\d+) of (\d+)", first)
    assert found and int(found.group(2)) == total, first
    rated = int(found.group(1))
    assert at - 2 <= rated <= at  # at or before the damage (a chain break blames both lines)
    from cpx.aar import score_journal

    # the banner's count is the count scoring used
    assert f"the {rated} intact lines" in score_journal(target).warning
    if "DAMAGED" in first:
        assert f"damaged at line {rated + 1}" in first
    code, out, _ = cli(capsys, "score", target, "--json")
    card = json.loads(out)
    assert code == 0 and card["integrity"]["intact_lines"] == rated and card["warning"] == first[3:]
    code, out, _ = cli(capsys, "report", target)
    assert code == 0
    head = out.split("## 1.")[0]
    assert f"rated on lines 1–{rated} of {total}" in head
    assert cli(capsys, "score", target, "--strict")[0] == 2
    assert cli(capsys, "report", target, "--strict")[0] == 2


def without_leaks(lines: list[bytes]) -> list[bytes]:
    """A careful forger's journal: the leak lines removed, every count and hash recomputed."""
    records = [json.loads(line) for line in lines]
    kept = [r for r in records if r.get("kind") != "leak"]
    assert len(kept) < len(records)
    seq = 0
    prev = records[0]["prev"]
    out = []
    for record in kept:
        if record["type"] == "event":
            record["seq"] = seq
            seq += 1
        if record["type"] == "end":
            record["events"] = seq
        record["prev"] = prev
        if record["type"] == "end":
            record["check"] = end_check(record)
        text = canonical_json(record)
        out.append(text.encode())
        prev = line_hash(text)
    return out


def test_leaks_removed_and_the_chain_recomputed_is_caught_by_rerun(original, tmp_path, capsys):
    _, lines = original
    target = write(tmp_path / "clean.jsonl", without_leaks(lines))
    code, report = verify_json(capsys, target)
    assert report["integrity"] == "intact"  # the chain alone cannot tell …
    assert code == 1 and report["verdict"] == "different"  # … re-simulation can
    assert '"kind":"leak"' in report["first_difference"]["got"]


def test_a_forged_order_is_exit_1(original, tmp_path, capsys):
    _, lines = original
    text = [line.decode() for line in lines]
    index = next(i for i, line in enumerate(text) if '"type":"order"' in line)
    forged = forge(text, index, lambda record: record["order"].update(verb="dance"))
    target = tmp_path / "forged.jsonl"
    target.write_text("\n".join(forged) + "\n", encoding="utf-8")
    code, report = verify_json(capsys, target)
    assert code == 1 and report["first_difference"]["line"] == index + 1


def test_a_note_planted_in_the_cache_does_not_skip_the_chain_check(original, tmp_path, capsys,
                                                                     monkeypatch):
    """Whatever is placed in the verification cache, a damaged journal is found damaged."""
    from cpx.aar import verified

    path, lines = original
    monkeypatch.setattr(verified, "SETTLED_NS", 0)
    good = tmp_path / "good.jsonl"
    shutil.copyfile(path, good)
    assert cli(capsys, "score", good)[0] == 0
    folder = verified.cache_dir()
    genuine = folder / verified.content_hash(good)
    assert genuine.is_file(), "an intact journal is noted, by its content hash"

    bad, at, _ = damage(lines, "changed")
    target = write(tmp_path / "bad.jsonl", bad)
    digest = verified.content_hash(target)
    # a note named by the damaged content's hash: once with a made-up MAC, once a
    # genuine note's MAC copied over; and a hint sending the pass straight to it
    hint = verified.VerifiedNote(target, bad[0] + b"\n", bad[-1] + b"\n")._hint
    verified.hints_dir().mkdir(parents=True, exist_ok=True)
    (verified.hints_dir() / hint).write_text(digest + "\n")
    for planted in ("cpx-verified-v1 " + "0" * 64 + "\n", genuine.read_text()):
        (folder / digest).write_text(planted)
        code, out, _ = cli(capsys, "score", target)
        assert code == 0 and out.startswith("!! DAMAGED JOURNAL") and f"damaged at line {at}" in out
        assert cli(capsys, "score", target, "--strict")[0] == 2


def test_the_cache_is_bounded(tmp_path, monkeypatch):
    from cpx.aar import verified

    folder = verified.cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(20):
        note = folder / f"{n:064x}"
        note.touch()
        os.utime(note, ns=(n * 10**9, n * 10**9))
    verified._prune(folder, keep=5)
    assert sorted(p.name for p in folder.iterdir()) == [f"{n:064x}" for n in range(15, 20)]


def test_non_regular_files_are_refused_quickly(capsys):
    for argv in (["replay", "/dev/zero", "--verify"], ["score", "/dev/zero"],
                 ["report", "/dev/zero"], ["replay", "/dev/zero", "--summary"]):
        code, _, err = cli(capsys, *argv)
        assert code == 2 and "not a regular file" in err and "Traceback" not in err


def test_a_huge_line_is_refused_not_read_into_memory(tmp_path, capsys):
    from cpx.journal.chain import MAX_LINE_BYTES

    target = tmp_path / "huge.jsonl"
    with target.open("wb") as out:
        out.write(b"{" + b" " * (MAX_LINE_BYTES + 10))
    code, report = verify_json(capsys, target)
    assert code == 2 and report["damage"] == {
        "line": 1, "why": "too_long", "message": f"is longer than {MAX_LINE_BYTES} bytes: not a journal line"}


def test_the_cache_is_keyed_by_content(original, tmp_path, capsys, monkeypatch):
    from cpx.aar import chain_check, verified

    path, _ = original
    first = tmp_path / "first.jsonl"
    shutil.copyfile(path, first)
    monkeypatch.setattr(verified, "SETTLED_NS", 0)
    checks = []  # chain checks started
    real = chain_check.ChainCheck.__init__
    monkeypatch.setattr(chain_check.ChainCheck, "__init__",
                        lambda self, *a, **k: checks.append(1) or real(self, *a, **k))
    card = cli(capsys, "score", first, "--json")[1]
    assert len(checks) == 1 and (verified.cache_dir() / verified.content_hash(first)).is_file()
    assert cli(capsys, "score", first, "--json")[1] == card
    assert len(checks) == 1  # the same bytes: no second check
    with first.open("r+b") as out:  # the same size, one byte changed in the middle
        middle_at = first.stat().st_size // 2
        out.seek(middle_at)
        byte = out.read(1)
        out.seek(middle_at)
        out.write(b"7" if byte != b"7" else b"8")
    code, out, _ = cli(capsys, "score", first)
    assert len(checks) == 2 and out.startswith("!! DAMAGED JOURNAL")


def test_a_journal_whose_scenario_cannot_be_found_is_exit_2_with_json(original, tmp_path, capsys):
    _, lines = original
    records = [json.loads(line) for line in lines]
    records[0]["scenario"]["id"] = "no_such_scenario"
    records[0]["scenario"]["path"] = str(tmp_path / "gone.yaml")
    target = tmp_path / "orphan.jsonl"
    prev = records[0]["prev"]
    out = []
    for record in records:
        record["prev"] = prev
        if record["type"] == "end":
            record["check"] = end_check(record)
        text = canonical_json(record)
        out.append(text)
        prev = line_hash(text)
    target.write_text("\n".join(out) + "\n")
    code, report = verify_json(capsys, target)
    assert code == 2 and report["verdict"] == "unchecked" and "cannot find scenario" in report["problem"]

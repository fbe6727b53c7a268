"""Sealed journals: a director's key proves a journal is the record of that exercise.

Everything through the real ``cpx`` command (``cpx key new``, ``cpx run --key``,
``cpx replay --verify --key``) and, for play, the play session the UI opens.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from cpx.cli import main
from cpx.engine.orders import Order
from cpx.journal.chain import canonical_json, line_hash
from cpx.journal.reader import end_check
from cpx.journal.seal import load_key, seal_path

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = str(ROOT / "scenarios" / "tutorial.yaml")


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def verify(capsys, log, *extra):
    code, out, _ = cli(capsys, "replay", log, "--verify", "--json", *extra)
    return code, json.loads(out)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    assert main(["key", "new", str(folder / "director.key")]) == 0
    assert main(["key", "new", str(folder / "other.key")]) == 0
    return folder / "director.key", folder / "other.key"


@pytest.fixture(scope="module")
def sealed(tmp_path_factory, keys):
    """A sealed and an unsealed run of the same exercise, same orders."""
    folder = tmp_path_factory.mktemp("runs")
    common = ["run", "tutorial", "--seed", "5", "--policy", "baseline", "--until", "2d", "--json"]
    assert main(common + ["--journal", str(folder / "sealed.jsonl"), "--key", str(keys[0])]) == 0
    assert main(common + ["--journal", str(folder / "plain.jsonl")]) == 0
    return folder / "sealed.jsonl", folder / "plain.jsonl"


def copy(journal: Path, folder: Path, with_seal: bool = True) -> Path:
    target = folder / journal.name
    shutil.copyfile(journal, target)
    if with_seal:
        shutil.copyfile(seal_path(journal), seal_path(target))
    return target


def test_key_new_writes_a_private_key_and_never_overwrites(tmp_path, capsys):
    key = tmp_path / "k.key"
    code, out, _ = cli(capsys, "key", "new", key)
    assert code == 0 and "key id" in out
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    code, _, err = cli(capsys, "key", "new", key)
    assert code == 2 and "already exists" in err and key.read_bytes() == before
    assert cli(capsys, "key", "new", key, "--force")[0] == 0
    assert key.read_bytes() != before and stat.S_IMODE(key.stat().st_mode) == 0o600
    key.chmod(0o644)  # a key others can read is refused when used
    code, _, err = cli(capsys, "run", "tutorial", "--until", "1h", "--key", key,
                       "--journal", tmp_path / "x.jsonl")
    assert code == 2 and "chmod 600" in err


def test_a_sealed_journal_is_proven_with_its_key(sealed, keys, capsys):
    log, _ = sealed
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(seal_path(log).stat().st_mode) == 0o600
    code, report = verify(capsys, log, "--key", keys[0])
    assert code == 0 and report["origin"]["state"] == "proven"
    assert report["origin"]["proven_lines"] == report["total_lines"]
    code, out, _ = cli(capsys, "replay", log, "--verify", "--key", keys[0])
    assert code == 0 and "origin:   proven" in out


def test_without_the_key_origin_is_not_checked(sealed, capsys):
    sealed_log, plain_log = sealed
    code, report = verify(capsys, sealed_log)
    assert code == 0 and report["origin"]["state"] == "sealed_no_key"
    assert "sealed, but no key given: origin not checked" in report["origin"]["message"]
    code, report = verify(capsys, plain_log)
    assert code == 0 and report["origin"]["message"].startswith("unsigned: origin not proven")


def test_sealing_leaves_every_event_line_as_an_unsealed_run_writes_it(sealed):
    """What re-simulation compares: the records; only the header's seal and the links differ."""
    sealed_log, plain_log = sealed

    def records(path):
        out = []
        for line in path.read_text().splitlines():
            record = json.loads(line)
            for field in ("prev", "check", "seal"):
                record.pop(field, None)
            out.append(record)
        return out

    assert records(sealed_log) == records(plain_log)
    assert "seal" in json.loads(sealed_log.read_text().splitlines()[0])
    assert "seal" not in json.loads(plain_log.read_text().splitlines()[0])


def test_another_key_a_missing_or_forged_seal_is_exit_3(sealed, keys, tmp_path, capsys):
    log, _ = sealed
    assert verify(capsys, log, "--key", keys[1])[0] == 3
    (tmp_path / "bare").mkdir()
    bare = copy(log, tmp_path / "bare", with_seal=False)
    code, report = verify(capsys, bare, "--key", keys[0])
    assert code == 3 and "missing" in report["origin"]["message"]
    (tmp_path / "forged").mkdir()
    forged = copy(log, tmp_path / "forged")
    seals = seal_path(forged).read_text().splitlines()
    last = json.loads(seals[-1])
    last["mac"] = "0" * 64
    seal_path(forged).write_text("\n".join(seals[:-1] + [canonical_json(last)]) + "\n")
    code, report = verify(capsys, forged, "--key", keys[0])
    assert code == 3 and "not made with this key" in report["origin"]["message"]
    plain = sealed[1]
    code, report = verify(capsys, plain, "--key", keys[0])
    assert code == 3 and report["origin"]["state"] == "not_proven"


def rechain(records: list[dict]) -> str:
    prev = records[0]["prev"]
    out = []
    for record in records:
        record["prev"] = prev
        if record["type"] == "end":
            record["check"] = end_check(record)
        text = canonical_json(record)
        out.append(text)
        prev = line_hash(text)
    return "\n".join(out) + "\n"


def test_an_edited_sealed_journal_is_caught_even_with_the_chain_recomputed(sealed, keys, tmp_path, capsys):
    log, _ = sealed
    target = copy(log, tmp_path)
    records = [json.loads(line) for line in target.read_text().splitlines()]
    index = next(i for i, r in enumerate(records) if r.get("kind") and i > len(records) // 2)
    records[index]["payload"]["edited"] = True
    target.write_text(rechain(records))
    code, report = verify(capsys, target, "--key", keys[0])
    assert code == 1 and report["origin"]["state"] == "not_proven"


def test_a_journal_re_simulated_with_other_orders_lacks_valid_seals(sealed, keys, tmp_path, capsys):
    """A trainee re-runs the exercise with better orders, dresses the journal up as sealed."""
    log, _ = sealed
    other = tmp_path / "other.jsonl"
    assert main(["run", "tutorial", "--seed", "5", "--policy", "passive", "--until", "2d",
                 "--journal", str(other), "--json"]) == 0
    capsys.readouterr()
    records = [json.loads(line) for line in other.read_text().splitlines()]
    records[0]["seal"] = json.loads(log.read_text().splitlines()[0])["seal"]
    other.write_text(rechain(records))
    shutil.copyfile(seal_path(log), seal_path(other))
    code, report = verify(capsys, other)
    assert code == 0  # intact and identical to its own re-run: the chain cannot tell …
    code, report = verify(capsys, other, "--key", keys[0])
    assert code == 3 and report["origin"]["state"] == "not_proven"  # … the seal can


def test_a_sealed_play_resumed_with_its_key_stays_proven(keys, tmp_path, capsys):
    from cpx.tui.driver import ExerciseDriver
    from cpx.tui.session import open_session

    key = load_key(keys[0])
    log = tmp_path / "play.jsonl"
    session = open_session(TUTORIAL, 3, log, key=key)
    driver = ExerciseDriver(session)
    driver.run_to(60)
    driver.submit(Order("surveil", "tut_surveillance", "bar_nightingale"))
    driver.run_to(200)
    session.writer.flush()  # the trainee quits; the process dies without an end line
    session.writer.abandon()
    assert verify(capsys, log, "--key", keys[0])[0] == 2  # unfinished
    with pytest.raises(Exception, match="sealed"):
        open_session(resume=log)  # a sealed journal goes on only with its key
    resumed = open_session(resume=log, key=key)
    driver = ExerciseDriver(resumed)
    driver.run_to(400)
    resumed.close()
    code, report = verify(capsys, log, "--key", keys[0])
    assert code == 0 and report["origin"]["state"] == "proven", report

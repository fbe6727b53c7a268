"""EXCON and evaluator seats over the wire: a real ``cpx serve`` and real WebSocket clients.

EXCON holds, releases and fires injects and adjudicates; evaluators record observations;
both read the MSEL and ground truth. A player seat asking for any of it gets ``forbidden``
and never data; players never receive EXCON actions, held injects or observations. After
``kill -9`` the resumed server keeps every action and observation.
"""

from __future__ import annotations

import json
import subprocess
import sys

from cpx.journal.reader import ExconRecord, ObservationRecord, read_prefix
from tests.server.conftest import Server, ask, collect, join

HOLD = {"type": "excon", "action": {"do": "hold", "inject": "t03_task_informant"}, "ref": 7}
OBSERVE = {"type": "observe", "observation": {"objective": "obj_identification", "task": "reach",
                                              "rating": "S", "note": "the evaluator saw this"}}
SECRET_TEXT = "EXCON live inject about the harbour"


def test_excon_and_evaluators_steer_and_observe_and_players_get_errors_never_data(tmp_path):
    server = Server(["tutorial", "--seed", "3", "--speed", "600", "--paused",
                     "--journal", "live.jsonl"], tmp_path)
    try:
        with join(server.url, server.token("excon")) as (excon, welcome), \
                join(server.url, server.token("evaluator")) as (evaluator, _), \
                join(server.url, server.token("player")) as (player, _):
            assert welcome["role"] == "excon"
            # a player seat asks for everything EXCON has: errors only
            for message in (HOLD, OBSERVE, {"type": "msel"}, {"type": "truth"},
                            {"type": "excon", "action": {"do": "fire", "inject": {"text": "x"}}}):
                answer = ask(player, message, ("error", "excon_result", "observe_result",
                                               "msel", "truth"))
                assert answer["type"] == "error" and answer["code"] == "forbidden", answer
                assert set(answer) <= {"type", "code", "message", "ref"}
            # roles are kept apart: the evaluator does not steer, EXCON does not rate
            assert ask(evaluator, HOLD, ("error", "excon_result"))["code"] == "forbidden"
            assert ask(excon, OBSERVE, ("error", "observe_result"))["code"] == "forbidden"
            # malformed messages
            bad = ask(excon, {"type": "excon", "action": "hold"}, ("error",))
            assert bad["code"] == "bad_message"

            held = ask(excon, HOLD, "excon_result")
            assert held["accepted"] and held["ref"] == 7 and held["clock"] == "D1 08:00"
            table = ask(evaluator, {"type": "msel"}, "msel")
            states = {row["id"]: row["state"] for row in table["injects"]}
            assert states["t03_task_informant"] == "held"
            assert states["t01_welcome"] in ("pending", "fired")
            refused = ask(excon, {"type": "excon", "action": {"do": "release", "inject": "t01_welcome"}},
                          "excon_result")
            assert not refused["accepted"] and "not held" in refused["reason"]
            fired = ask(excon, {"type": "excon", "action": {"do": "fire", "inject": {
                "text": SECRET_TEXT, "from": "harbour master"}}}, "excon_result")
            assert fired["accepted"], fired
            noted = ask(evaluator, OBSERVE, "observe_result")
            assert noted["accepted"] and noted["observation"]["rating"] == "S"
            wrong = ask(evaluator, {"type": "observe", "observation": {
                "objective": "obj_identification", "task": "reach", "rating": "X"}}, "observe_result")
            assert not wrong["accepted"] and "P, S, M, U" in wrong["reason"]
            truth = ask(excon, {"type": "truth"}, "truth")
            assert "trainee" in truth["cells"] and truth["world"]
            assert {row["id"] for row in truth["msel"]} >= {"t03_task_informant", "live1"}

            # run the clock past the held inject's time (D1 09:30)
            ask(excon, {"type": "control", "action": "resume"}, "clock")
            mine = []
            while not any(e["t"] > 120 for e in mine):
                mine += collect(player, since=len(mine), quiet=0.5)
            ask(excon, {"type": "control", "action": "pause"}, "clock")
            mine += collect(player, since=len(mine), quiet=0.5)
            text = json.dumps(mine)
            ids = [e["payload"].get("inject_id") for e in mine if e["kind"] == "inject"]
            assert "live1" in ids and SECRET_TEXT in text      # a fired inject reaches its cell
            assert "t03_task_informant" not in ids             # a held one does not
            assert "excon.action" not in text and "inject.held_due" not in text
            assert "the evaluator saw this" not in text and "evaluator-1" not in text
            everything = collect(excon, quiet=0.5)
            assert any(e["kind"] == "excon.action" for e in everything)
            assert any(e["kind"] == "inject.held_due" for e in everything)
    finally:
        assert server.stop() == 0
    journal = tmp_path / "live.jsonl"
    records = read_prefix(journal).records
    actions = [(r.author, r.action["do"], r.action.get("clock")) for r in records
               if isinstance(r, ExconRecord)]
    assert actions == [("excon", "hold", None), ("excon", "fire", None),
                       ("excon", "clock", "resume"), ("excon", "clock", "pause")]
    assert [(r.author, r.rating) for r in records if isinstance(r, ObservationRecord)] == [
        ("evaluator-1", "S")]
    done = subprocess.run([sys.executable, "-m", "cpx.cli", "replay", str(journal), "--verify"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    score = subprocess.run([sys.executable, "-m", "cpx.cli", "score", str(journal)],
                           capture_output=True, text=True, timeout=600)
    assert "observed S by evaluator-1" in score.stdout, score.stdout + score.stderr


def test_kill_9_then_resume_keeps_every_excon_action_and_observation(tmp_path):
    server = Server(["tutorial", "--seed", "4", "--speed", "600", "--paused",
                     "--journal", "live.jsonl"], tmp_path)
    with join(server.url, server.token("excon")) as (excon, _), \
            join(server.url, server.token("evaluator")) as (evaluator, _):
        assert ask(excon, HOLD, "excon_result")["accepted"]
        assert ask(evaluator, OBSERVE, "observe_result")["accepted"]
        assert ask(excon, {"type": "excon", "action": {"do": "fire", "inject": {"text": "Call."}}},
                   "excon_result")["accepted"]
    server.kill9()
    resumed = Server(["--resume", "live.jsonl"], tmp_path)
    try:
        with join(resumed.url, resumed.token("excon")) as (excon, _):
            states = {row["id"]: row["state"] for row in ask(excon, {"type": "msel"}, "msel")["injects"]}
            assert states["t03_task_informant"] == "held" and states["live1"] == "fired"
            released = ask(excon, {"type": "excon", "action": {"do": "release",
                                                               "inject": "t03_task_informant"}},
                           "excon_result")
            assert released["accepted"], released
    finally:
        assert resumed.stop() == 0
    records = read_prefix(tmp_path / "live.jsonl").records
    assert [r.action["do"] for r in records if isinstance(r, ExconRecord)] == ["hold", "fire", "release"]
    assert sum(isinstance(r, ObservationRecord) for r in records) == 1
    done = subprocess.run([sys.executable, "-m", "cpx.cli", "replay", str(tmp_path / "live.jsonl"),
                           "--verify"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

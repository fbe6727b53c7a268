"""A real ``cpx serve`` with real WebSocket clients: who may see and do what.

Every seat connects with its own token and tries to get more than it may: another
cell's or EXCON's events, old sequence numbers, malformed and oversized messages, a
wrong or missing token. It gets errors, never data.
"""

from __future__ import annotations

import json
import os
import stat
import time

import pytest
from websockets.exceptions import ConnectionClosed

from tests.server.conftest import SURVEIL, ask, collect, join


def run_clock(server, seconds: float) -> None:
    """EXCON lets the clock run for ``seconds`` of real time, then pauses it."""
    with join(server.url, server.token("excon")) as (excon, _):
        assert ask(excon, {"type": "control", "action": "resume"}, "clock")["paused"] is False
        time.sleep(seconds)
        assert ask(excon, {"type": "control", "action": "pause"}, "clock")["paused"] is True


def test_seats_file_is_private_and_has_one_seat_per_role(served):
    mode = stat.S_IMODE(os.stat(served.seats_file()).st_mode)
    assert mode == 0o600
    seats = json.loads(served.seats_file().read_text())
    assert sorted(s["role"] for s in seats) == ["evaluator", "excon", "player"]
    assert len({s["token"] for s in seats}) == 3
    assert next(s for s in seats if s["role"] == "player")["cell"] == "trainee"


def test_each_token_joins_as_its_own_seat(served):
    for role, cell in (("player", "trainee"), ("excon", "excon"), ("evaluator", "excon")):
        with join(served.url, served.token(role)) as (ws, welcome):
            assert welcome["type"] == "welcome"
            assert (welcome["role"], welcome["cell"], welcome["protocol"]) == (role, cell, 1)
            assert welcome["scenario"]["id"] == "tutorial"


@pytest.mark.parametrize("hello", [
    {"type": "hello", "protocol": 1, "token": "not-a-seat-token-at-all"},
    {"type": "hello", "protocol": 1},
    {"type": "hello", "protocol": 1, "token": ""},
    {"type": "subscribe", "since": 0},
    {"type": "hello", "protocol": 99, "token": "x"},
])
def test_a_wrong_or_missing_token_is_refused_with_a_code_and_no_data(served, hello):
    from websockets.sync.client import connect

    with connect(served.url, open_timeout=30) as ws:
        ws.send(json.dumps(hello))
        answer = json.loads(ws.recv(timeout=30))
        assert answer["type"] == "error"
        assert answer["code"] in ("bad_token", "hello_first", "bad_protocol")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=30)
        assert closed.value.rcvd.code == 4401


def test_a_player_sees_exactly_its_cells_events_and_no_ground_truth(served):
    run_clock(served, 1.5)  # let the network act: EXCON-only events are produced
    with join(served.url, served.token("excon")) as (excon, _):
        everything = collect(excon)
    with join(served.url, served.token("player")) as (player, _):
        mine = collect(player)
    truth = [e for e in everything if e["visibility"] == "excon"]
    assert truth, "the clock ran: ground-truth events exist to be withheld"
    own = [{k: e[k] for k in ("t", "kind", "payload")} for e in everything
           if e["visibility"] == "trainee"]
    assert [{k: e[k] for k in ("t", "kind", "payload")} for e in mine] == own
    assert [e["n"] for e in mine] == list(range(len(mine)))
    for event in mine:
        assert "seq" not in event and "visibility" not in event


def test_a_player_asking_for_another_view_gets_an_error_never_events(served):
    with join(served.url, served.token("player")) as (player, _):
        for view in ("excon", "border_police", ""):
            answer = ask(player, {"type": "subscribe", "since": 0, "cell": view},
                         ("error", "events"))
            assert answer["type"] == "error" and answer["code"] == "forbidden"
        # still its own stream only, nothing more arrived
        with pytest.raises(TimeoutError):
            player.recv(timeout=0.5)


def test_a_player_and_an_evaluator_cannot_steer_the_clock(served):
    for role in ("player", "evaluator"):
        with join(served.url, served.token(role)) as (ws, _):
            answer = ask(ws, {"type": "control", "action": "resume"}, "error")
            assert answer["code"] == "forbidden"
    with join(served.url, served.token("excon")) as (excon, welcome):
        assert welcome["paused"] is True
        assert ask(excon, {"type": "ping"}, "pong")["paused"] is True


def test_an_evaluator_sees_everything_but_gives_no_orders(served):
    with join(served.url, served.token("evaluator")) as (ws, _):
        events = collect(ws)
        assert {e["visibility"] for e in events} >= {"excon", "trainee"}
        answer = ask(ws, {"type": "order", "order": SURVEIL}, ("error", "order_result"))
        assert answer["type"] == "error" and answer["code"] == "forbidden"


@pytest.mark.parametrize("raw, code", [
    ("this is not json", "bad_json"),
    ("[1, 2, 3]", "bad_json"),
    ('{"type": "steal"}', "unknown_type"),
    ('{"type": "subscribe", "since": -5}', "bad_since"),
    ('{"type": "subscribe", "since": "0"}', "bad_since"),
    ('{"type": "subscribe", "since": true}', "bad_since"),
    ('{"type": "order", "order": "raid everything"}', "bad_message"),
    ('{"type": "control", "action": "explode"}', "bad_message"),
    ('{"type": "hello", "protocol": 1, "token": "again"}', "bad_message"),
    ('{"type": "ping", "pad": "' + "x" * 20_000 + '"}', "too_large"),
])
def test_malformed_messages_get_their_error_code_and_the_seat_stays(served, raw, code):
    with join(served.url, served.token("player")) as (ws, _):
        answer = ask(ws, raw, ("error", "events"))
        assert answer == {"type": "error", "code": code, "message": answer["message"]}
        assert ask(ws, {"type": "ping"}, "pong")["type"] == "pong"


def test_a_message_beyond_the_hard_limit_closes_the_connection(served):
    with join(served.url, served.token("player")) as (ws, _):
        ws.send("x" * (2 * 1024 * 1024))
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=30)
        assert closed.value.rcvd is None or closed.value.rcvd.code == 1009


def test_orders_are_answered_with_a_reason_and_stamped_with_sim_time(served):
    with join(served.url, served.token("player")) as (ws, welcome):
        accepted = ask(ws, {"type": "order", "ref": "a", "order": SURVEIL}, "order_result")
        assert accepted["accepted"] is True and accepted["order_id"].startswith("o")
        assert accepted["ref"] == "a" and accepted["t"] >= welcome["now"]
        wrong = dict(SURVEIL, unit="no_such_unit")
        rejected = ask(ws, {"type": "order", "ref": 7, "order": wrong}, "order_result")
        assert rejected["accepted"] is False and "no_such_unit" in rejected["reason"]
        assert rejected["ref"] == 7
        bad = ask(ws, {"type": "order", "order": {"verb": "fly"}}, "order_result")
        assert bad["accepted"] is False and "'fly' is not an order" in bad["reason"]


def test_a_seat_that_rejoins_gets_its_picture_from_the_start_or_where_it_was(served):
    with join(served.url, served.token("player")) as (first, _):
        before = collect(first)
    assert before
    with join(served.url, served.token("player")) as (again, _):
        replayed = collect(again)
        assert replayed[: len(before)] == before
    middle = len(before) // 2
    with join(served.url, served.token("player")) as (third, _):
        tail = collect(third, since=middle)
        assert tail[: len(before) - middle] == before[middle:]
        beyond = collect(third, since=10**9)
        assert beyond == []


def test_excon_pauses_and_the_clock_stands_still(served):
    with join(served.url, served.token("excon")) as (excon, _):
        stopped = ask(excon, {"type": "control", "action": "pause"}, "clock")
        time.sleep(0.6)
        assert ask(excon, {"type": "ping"}, "pong")["now"] == stopped["now"]
        fast = ask(excon, {"type": "control", "action": "speed", "speed": 600}, "clock")
        assert fast["speed"] == 600
        ask(excon, {"type": "control", "action": "resume"}, "clock")
        time.sleep(1.0)
        moved = ask(excon, {"type": "control", "action": "pause"}, "clock")
        assert moved["now"] > stopped["now"]
        refused = ask(excon, {"type": "control", "action": "speed", "speed": -1}, "error")
        assert refused["code"] == "bad_message"


def test_the_scenario_a_seat_gets_is_its_briefing_never_the_network(served):
    from cpx.server.public_scenario import scenario_from_public

    with join(served.url, served.token("player")) as (ws, _):
        answer = ask(ws, {"type": "scenario"}, "scenario")
    data = answer["scenario"]
    assert answer["cell"] == "trainee"
    assert set(data) == {"meta", "region", "agencies", "informants"}
    assert data["informants"] and all(set(i) == {"id", "codename", "handler", "reliability"}
                                      for i in data["informants"])
    text = json.dumps(data)
    for secret in ("accuracy", "exposure_risk", "network", "skill", "warrant_threshold",
                   "is_victim", "truth"):
        assert f'"{secret}"' not in text, secret
    assert scenario_from_public(data).meta.id == "tutorial"

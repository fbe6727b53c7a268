"""``cpx seat``: the line-oriented client, as a real process against a real server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.server.conftest import SURVEIL


def seat(url: str, token: str | None, stdin: str, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("CPX_TOKEN", None)
    if token is not None:
        env["CPX_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "cpx.cli", "seat", "--connect", url, *extra],
                          input=stdin, capture_output=True, text=True, timeout=300, env=env)


def test_a_refused_seat_gets_one_clear_line_and_exit_1(served):
    done = seat(served.url, "wrong-token-wrong-token", "")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == ["cpx seat: refused: the token is wrong or missing"]


def test_no_server_is_one_line_and_exit_1(served):
    done = seat("ws://127.0.0.1:9", "x" * 20, "")
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1


def test_a_player_seat_subscribes_and_gives_an_order(served, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(served.token("player"))
    lines = [json.dumps({"type": "subscribe", "since": 0}),
             json.dumps({"type": "order", "ref": "r1", "order": dict(SURVEIL, unit="ghost")})]
    done = seat(served.url, None, "\n".join(lines) + "\n", "--token-file", str(token_file),
                "--linger", "1.5")
    assert done.returncode == 0, done.stderr
    messages = [json.loads(line) for line in done.stdout.splitlines()]
    assert messages[0]["type"] == "welcome" and messages[0]["role"] == "player"
    kinds = {m["type"] for m in messages}
    assert {"events", "order_result"} <= kinds
    result = next(m for m in messages if m["type"] == "order_result")
    assert result["ref"] == "r1" and result["accepted"] is False and "ghost" in result["reason"]
    for message in messages:
        for event in message.get("events", []):
            assert "visibility" not in event

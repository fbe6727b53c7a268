"""The EXCON and evaluator consoles, driven through Pilot against a real ``cpx serve``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cpx.excon.app import ExconConsole
from cpx.journal.reader import ExconRecord, ObservationRecord, read_prefix
from tests.server.conftest import Server, ask, join


LIBRARY = """
library:
  - id: lib_hotline
    from: ngo
    text: The hotline had a call from a woman at the Nightingale.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("excon")
    tutorial = Path(__file__).parents[2] / "scenarios" / "tutorial.yaml"
    (folder / "tutorial_lib.yaml").write_text(tutorial.read_text() + LIBRARY)
    running = Server(["tutorial_lib.yaml", "--seed", "6", "--speed", "60", "--paused",
                      "--journal", "live.jsonl"], folder)
    yield running
    running.stop()


async def wait_for(pilot, condition, seconds: float = 20) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    raise AssertionError("the console did not get there")


async def type_line(pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])
    await pilot.press("enter")


def journal_lines(server, kind):
    return [r for r in read_prefix(server.journal()).records if isinstance(r, kind)]


async def test_excon_console_holds_fires_steers_the_clock_and_shows_truth(server):
    app = ExconConsole(server.url, server.token("excon"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.injects and app.truth)
        assert app.role == "excon"
        ids = [row["id"] for row in app.injects]
        for _ in range(ids.index("t03_task_informant")):
            await pilot.press("down")
        await pilot.press("h")
        await wait_for(pilot, lambda: {r["id"]: r["state"] for r in app.injects}
                       ["t03_task_informant"] == "held")
        await pilot.press("f")
        await type_line(pilot, "from=harbourmaster A crate has been left at the quay")
        await wait_for(pilot, lambda: any(r["id"] == "live1" for r in app.injects))
        live = next(r for r in app.injects if r["id"] == "live1")
        assert live["text"] == "A crate has been left at the quay" and live["from"] == "harbourmaster"
        assert "done" in str(app.query_one("#answer").render())
        # the library's injects are listed below the MSEL: select one, f, Enter fires it
        app.query_one("#msel-table").focus()
        rows = [row["id"] for row in app.injects]
        assert rows[-1] == "lib_hotline" and app.injects[-1]["state"] == "library"
        await pilot.pause()
        await pilot.press(*["down"] * len(rows))
        await pilot.press("f")
        assert app.query_one("#command").value == "fire lib_hotline"
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(r["id"] == "lib_hotline" and r["state"] == "fired"
                                          for r in app.injects))
        # a ruling on an order nobody gave is refused, with the reason on screen
        await pilot.press("a")
        await type_line(pilot, "o9 granted because")
        await wait_for(pilot, lambda: "no accepted order" in str(app.query_one("#answer").render()))
        # ground truth and the cells' pictures are on their tabs
        await pilot.press("escape")
        app.query_one("#msel-table").focus()
        await pilot.press("2")
        assert "GROUND TRUTH" in str(app.query_one("#truth").render())
        assert "VICTIMS" in str(app.query_one("#truth").render())
        await pilot.press("3")
        assert "CELL trainee" in str(app.query_one("#cells").render())
        await pilot.press("space")                      # resume the clock for everyone
        with join(server.url, server.token("player")) as (player, _):
            await wait_for(pilot, lambda: ask(player, {"type": "ping"}, "pong")["paused"] is False)
        await pilot.press("space")
        await wait_for(pilot, lambda: app.clock.get("paused") is True)
        await app.action_quit()
    actions = [(r.author, r.action["do"]) for r in journal_lines(server, ExconRecord)]
    assert ("excon", "hold") in actions and actions.count(("excon", "fire")) == 2


async def test_the_evaluator_console_is_read_only_and_records_observations(server):
    app = ExconConsole(server.url, server.token("evaluator"))
    before = len(journal_lines(server, ExconRecord))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.injects and app.truth)
        assert app.role == "evaluator"
        await pilot.press("h")                           # no steering from an evaluator seat
        await wait_for(pilot, lambda: "evaluator seat watches" in str(app.query_one("#answer").render()))
        await pilot.press("5")
        assert "obj_identification" in str(app.query_one("#objectives").render())
        await pilot.press("o")
        await type_line(pilot, "obj_identification reach M went in without an interpreter")
        await wait_for(pilot, lambda: "observation recorded" in str(app.query_one("#answer").render()))
        await pilot.press("o")
        await type_line(pilot, "obj_identification reach Q nonsense")
        await wait_for(pilot, lambda: "P, S, M, U" in str(app.query_one("#answer").render()))
        await app.action_quit()
    observations = journal_lines(server, ObservationRecord)
    assert [(o.author, o.rating, o.note) for o in observations] == [
        ("evaluator-1", "M", "went in without an interpreter")]
    assert len(journal_lines(server, ExconRecord)) == before


@pytest.mark.parametrize("who", ["nobody", "player"])
def test_a_refused_seat_gets_one_line_and_exit_1(server, who):
    token = "not-a-token-at-all" if who == "nobody" else server.token("player")
    done = subprocess.run([sys.executable, "-m", "cpx.cli", "excon", "--connect", server.url,
                           "--token", token], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("cpx excon: ")
    assert token not in done.stderr


def test_cpx_evaluate_refuses_the_excon_token(server):
    done = subprocess.run([sys.executable, "-m", "cpx.cli", "evaluate", "--connect", server.url,
                           "--token", server.token("excon")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "for evaluator seats" in done.stderr

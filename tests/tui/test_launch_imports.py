"""Launch to a readable briefing stays fast: what ``cpx play`` imports before the first
frame holds none of the heavy packages (issue 11). The engine, the scenario models
(pydantic), numpy, SimPy and networkx are imported when the exercise is opened, behind
the briefing; the time itself is measured by benchmarks/ui_startup.py."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys

import pytest

FIRST_FRAME = ("cpx.cli", "cpx.commands.play", "cpx.tui.app", "cpx.tui.briefing_text",
               "cpx.tui.screens.briefing", "cpx.tui.screens.loading", "cpx.tui.session")
HEAVY = ("numpy", "simpy", "pydantic", "networkx", "cpx.engine", "cpx.scenario.models",
         "cpx.scenario.loader")


def test_the_first_frame_imports_no_engine_models_or_numerics():
    code = (f"import importlib, json, sys\nfor name in {FIRST_FRAME!r}:\n"
            "    importlib.import_module(name)\n"
            "import cpx.cli\ncpx.cli.build_parser()\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], "imported before the briefing is drawn: " + ", ".join(heavy[:8])


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    done = subprocess.run([sys.executable, "-c", code + "\nimport json, sys\n"
                           "print(json.dumps(sorted(sys.modules)))"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_cpx_play_builds_the_parser_of_no_other_command():
    # `cpx play` parses its own arguments only: importing every command's module to
    # build the whole parser cost a fifth of the launch (the journal readers, asyncio)
    loaded = loaded_after("import contextlib, io, cpx.cli\n"
                          "with contextlib.redirect_stdout(io.StringIO()):\n"
                          "    try:\n"
                          "        cpx.cli.main(['play', 'tutorial', '--help'])\n"
                          "    except SystemExit:\n"
                          "        pass")
    commands = sorted(m for m in loaded if m.startswith("cpx.commands."))
    assert commands == ["cpx.commands.play"]
    assert not any(m.startswith("cpx.journal") for m in loaded)


def _help(parser, argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args(argv)
    return out.getvalue()


def test_the_parser_built_for_one_command_is_the_whole_parser_for_it():
    import cpx.cli

    whole = cpx.cli.build_parser()
    for name in cpx.cli.COMMANDS:
        own = cpx.cli.build_parser(name)
        assert _help(own, [name, "--help"]) == _help(whole, [name, "--help"])
        assert _help(own, ["--help"]) == _help(whole, ["--help"])  # every command listed

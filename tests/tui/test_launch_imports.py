"""Launch to a readable briefing stays fast: what ``cpx play`` imports before the first
frame holds none of the heavy packages (issue 11). The engine, the scenario models
(pydantic), numpy, SimPy and networkx are imported when the exercise is opened, behind
the briefing; the time itself is measured by benchmarks/ui_startup.py."""

from __future__ import annotations

import json
import subprocess
import sys

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

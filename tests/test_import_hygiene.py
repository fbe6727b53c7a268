"""The headless layers never import the terminal UI libraries.

Every module of cpx.scenario, cpx.journal, cpx.engine and cpx.aar is imported in a fresh
interpreter (this process may already have Textual loaded by other tests), and neither
``textual`` nor ``rich`` may be in ``sys.modules`` afterwards. The commands that run
headless (``cpx run``, ``cpx replay --verify``) are checked the same way.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEADLESS = ("cpx.scenario", "cpx.journal", "cpx.engine", "cpx.aar")

PROBE = """
import importlib, json, pkgutil, sys
names = []
for package_name in {packages!r}:
    package = importlib.import_module(package_name)
    names.append(package_name)
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        importlib.import_module(info.name)
        names.append(info.name)
{extra}
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(json.dumps({{"imported": names, "ui": ui}}))
"""


def probe(packages: tuple[str, ...], extra: str = "") -> dict:
    code = PROBE.format(packages=packages, extra=extra)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_headless_packages_do_not_import_textual_or_rich():
    found = probe(HEADLESS)
    assert {"cpx.journal.writer", "cpx.journal.reader", "cpx.journal.replay"} <= set(found["imported"])
    assert any(name.startswith("cpx.engine.") for name in found["imported"])
    assert found["ui"] == []


def test_headless_commands_do_not_import_textual_or_rich():
    found = probe((), "import cpx.cli, cpx.commands.run, cpx.commands.replay\ncpx.cli.build_parser()")
    # building the parser imports every command module; only the play UI may pull Textual
    # in, and only when it runs
    assert found["ui"] == []


def test_the_journal_layer_imports_no_engine():
    """The journal layer sits below the engine (DESIGN.md §2): importing every module of
    cpx.journal loads no cpx.engine module (re-simulation lives in cpx.session)."""
    code = """
import importlib, json, pkgutil, sys
import cpx.journal
for info in pkgutil.walk_packages(cpx.journal.__path__, "cpx.journal."):
    importlib.import_module(info.name)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("cpx.engine", "cpx.session")))))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    above = json.loads(done.stdout.strip().splitlines()[-1])
    assert above == [], f"cpx.journal imports the layers above it: {above}"

"""A scenario's ``library:`` of ready-made injects EXCON fires on call: validated with located errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLED = Path(__file__).parents[2] / "scenarios"


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpx.cli", "validate", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_library_mistakes_are_reported_at_their_line_and_column(tmp_path):
    text = (BUNDLED / "tutorial.yaml").read_text()
    start = text.count("\n") + 1
    text += ("library:\n"
             "  - id: lib_x\n"
             "    at: \"D1 09:00\"\n"
             "    from: journalist\n"
             "    text: A call.\n"
             "    to: border\n"
             "  - id: t01_welcome\n"
             "    from: journalist\n"
             "    text: A second welcome.\n"
             "  - id: lib_y\n"
             "    from: journalist\n"
             "    text: About somewhere.\n"
             "    mentions: [bar_nightingal]\n")
    path = tmp_path / "lib.yaml"
    path.write_text(text)
    done = validate(path)
    assert done.returncode == 1
    out = done.stdout + done.stderr
    assert f"{path}:{start + 2}:9: library[0].at: library inject 'lib_x' fires only when EXCON fires it" in out
    assert f"{path}:{start + 5}:9: library[0].to: 'border' is not a player cell" in out
    assert "library[1].id: the id 't01_welcome' is already used by an inject (injects[0])" in out
    assert "did you mean 'bar_nightingale'" in out


def test_the_flagship_library_validates():
    done = validate(BUNDLED / "glass_lantern.yaml")
    assert done.returncode == 0, done.stdout + done.stderr

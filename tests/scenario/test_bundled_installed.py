"""An install that is not editable carries the bundled scenarios and finds them.

In a checkout the scenarios sit beside the package; a wheel carries them as data files
under ``PREFIX/share/cpx/scenarios`` (pyproject's data-files), where
:func:`cpx.scenario.library.bundled_scenarios_dir` looks when there is no checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import cpx.scenario.library as library

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_carries_every_bundled_scenario(tmp_path):
    # built from a copy: a build leaves build/ and egg-info behind in the tree it reads
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".*", "build", "dist", "runs", "tests", "benchmarks", "docs", "*.egg-info", "__pycache__", "*.so"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("cpx-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    carried = {Path(n).name for n in names if "/data/share/cpx/scenarios/" in n}
    assert carried == {p.name for p in (ROOT / "scenarios").glob("*.yaml")}
    assert carried  # the flagship, the tutorial and the others


def test_without_a_checkout_the_installed_copy_is_used(tmp_path, monkeypatch):
    installed = tmp_path / "share" / "cpx" / "scenarios"
    installed.mkdir(parents=True)
    (installed / "glass_lantern.yaml").write_text("meta: {}\n")
    monkeypatch.setattr(library, "__file__", str(tmp_path / "lib" / "site-packages" / "cpx" / "scenario" / "library.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert library.bundled_scenarios_dir() == installed
    assert library.bundled_scenarios() == [installed / "glass_lantern.yaml"]


def test_a_checkout_uses_its_own_scenarios():
    assert library.bundled_scenarios_dir() == ROOT / "scenarios"

"""``benchmarks/fuzz.py`` runs and counts (a handful of cases; the long run is by hand)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.fuzz import main, make_case  # noqa: E402


def test_the_fuzz_counts_its_cases(tmp_path, capsys):
    code = main(["--scenarios", "3", "--orders", "3", "--workers", "1", "--json",
                 "--out", str(tmp_path / "failures")])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    for kind in ("scenario", "orders"):
        counts = report[kind]
        assert counts["cases"] == 3 == counts["refused"] + counts["ran"]
        assert counts["traceback"] == counts["hang"] == counts["memory"] == 0


def test_cases_are_reproducible():
    assert make_case("scenario", 7, 1) == make_case("scenario", 7, 1)
    assert make_case("orders", 7, 1) == make_case("orders", 7, 1)
    assert make_case("orders", 7, 1) != make_case("orders", 7, 2)

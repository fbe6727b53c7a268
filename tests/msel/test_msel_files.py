"""The files open cleanly in spreadsheets, and a bad sheet is refused cell by cell."""

from __future__ import annotations

import csv
import datetime
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[2]


def cpx(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpx.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


def test_csv_has_a_bom_and_the_hseep_columns_and_xlsx_cells_are_text(tmp_path):
    assert cpx("msel", "export", "glass_lantern", "-o", tmp_path / "m.csv").returncode == 0
    assert cpx("msel", "export", "glass_lantern", "-o", tmp_path / "m.xlsx").returncode == 0
    raw = (tmp_path / "m.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][:10] == ["Event No.", "Scenario Time", "Method", "From", "To", "Inject",
                            "Expected Player Action", "Objective / Capability", "Trigger", "Notes"]
    assert rows[1][1] == "D1 08:00" and rows[1][2] == "document"
    assert any(r[8].startswith("Conditional: ") for r in rows[1:])
    assert any(r[8].startswith("Contingency for ") for r in rows[1:])
    book = load_workbook(tmp_path / "m.xlsx")
    sheet = book["MSEL"]
    assert sheet.freeze_panes == "B2"
    times = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "D1 08:00" in times and all(isinstance(t, str) for t in times if t is not None)
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None)


def _edit(source: Path, target: Path, edits: dict[tuple[int, str], str]) -> None:
    rows = list(csv.reader(source.read_text(encoding="utf-8-sig").splitlines()))
    for (row, header), value in edits.items():
        rows[row - 1][rows[0].index(header)] = value
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_every_problem_is_located_with_a_suggestion_and_nothing_is_written(tmp_path):
    good, bad, out = tmp_path / "m.csv", tmp_path / "bad.csv", tmp_path / "new.yaml"
    assert cpx("msel", "export", "glass_lantern", "-o", good).returncode == 0
    _edit(good, bad, {
        (2, "Scenario Time"): "D9 10:00",
        (3, "Mentions"): "club_auroraa, hotel_panorama",
        (4, "Expected Player Action"): "raid yana_petrel within 6h: raid the flat",
        (5, "Method"): "pigeon",
        (6, "Trigger"): "Conditional: 2h after a riad",
        (7, "Expected Player Action"): "surveil kestrel_street_flatz within 2h",
    })
    done = cpx("msel", "import", bad, "--into", "glass_lantern", "-o", out)
    assert done.returncode == 1
    assert not out.exists()
    err = done.stderr
    assert f"{bad}:2:B: Scenario Time: D9 10:00 is after ENDEX" in err
    assert f"{bad}:3:M: Mentions:" in err and "did you mean 'club_aurora'" in err
    assert f"{bad}:4:G: Expected Player Action: 'raid' needs a venue" in err and "'yana_petrel' is a member" in err
    assert f"{bad}:5:C: Method: 'pigeon'" in err
    assert f"{bad}:6:I: Trigger:" in err and "did you mean 'a raid'" in err
    assert f"{bad}:7:G:" in err and "did you mean 'kestrel_street_flats'" in err
    assert "Traceback" not in err


def test_a_time_the_spreadsheet_made_a_date_is_located(tmp_path):
    from openpyxl import Workbook

    assert cpx("msel", "export", "tutorial", "-o", tmp_path / "m.xlsx").returncode == 0
    book = load_workbook(tmp_path / "m.xlsx")
    book["MSEL"]["B3"] = datetime.datetime(2026, 5, 2, 14, 0)
    book.save(tmp_path / "dated.xlsx")
    done = cpx("msel", "import", tmp_path / "dated.xlsx", "--into", "tutorial", "-o", tmp_path / "n.yaml")
    assert done.returncode == 1 and "dated.xlsx:3:B:" in done.stderr and "date" in done.stderr
    assert Workbook  # openpyxl writes real workbooks here, no stand-ins


def test_import_never_overwrites_its_scenario(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text((REPO / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert cpx("msel", "export", scenario, "-o", tmp_path / "m.csv").returncode == 0
    done = cpx("msel", "import", tmp_path / "m.csv", "--into", scenario, "-o", scenario)
    assert done.returncode == 1 and "is an input" in done.stderr

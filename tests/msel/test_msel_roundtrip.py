"""The MSEL goes out as a spreadsheet and comes back as the same injects.

Through the real CLI: export then import gives back the very file (byte for byte) for the
bundled scenarios, from CSV and from XLSX. A property test holds it for any inject: the
row's words read back as the same inject, also through a CSV file and an XLSX workbook.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.msel.cells import inject_cells, inject_from_cells
from cpx.msel.columns import EVENT_WORDS, METHODS, TYPES
from cpx.msel.export import csv_text, xlsx_bytes
from cpx.msel.sheet import read_sheet
from cpx.scenario.models import Inject, OrderVerb
from cpx.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[2]


def cpx(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpx.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("name", ["glass_lantern", "tutorial"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_gives_back_the_same_file(tmp_path, name, suffix):
    scenario = REPO / "scenarios" / f"{name}.yaml"
    sheet = tmp_path / f"msel{suffix}"
    out = tmp_path / "again.yaml"
    exported = cpx("msel", "export", name, "-o", sheet)
    assert exported.returncode == 0, exported.stderr
    imported = cpx("msel", "import", sheet, "--into", scenario, "-o", out)
    assert imported.returncode == 0, imported.stderr
    assert load_scenario(out).injects == load_scenario(scenario).injects
    assert out.read_text(encoding="utf-8") == scenario.read_text(encoding="utf-8")  # comments too


def test_an_edited_sheet_changes_only_the_injects(tmp_path):
    scenario = REPO / "scenarios" / "tutorial.yaml"
    sheet, out = tmp_path / "msel.csv", tmp_path / "edited.yaml"
    assert cpx("msel", "export", scenario, "-o", sheet).returncode == 0
    with open(sheet, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][1] = "D1 09:15"  # re-time the first inject
    del rows[2]  # and drop the second
    rows[2][9] = "Controller: check the NGO hotline is staffed"  # a note on the (new) second
    with open(sheet, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    done = cpx("msel", "import", sheet, "--into", scenario, "-o", out)
    assert done.returncode == 0, done.stderr
    before, after = load_scenario(scenario), load_scenario(out)
    assert [i.id for i in after.injects] == [i.id for i in before.injects if i.id != before.injects[1].id]
    assert after.injects[0].at == "D1 09:15"
    assert after.model_copy(update={"injects": []}) == before.model_copy(update={"injects": []})
    text = out.read_text(encoding="utf-8")
    note = text.index("  # Controller: check the NGO hotline is staffed\n")
    assert text.index(f"- id: {after.injects[1].id}") > note > text.index(f"- id: {after.injects[0].id}")
    # everything before the injects section is the original, byte for byte
    head = scenario.read_text(encoding="utf-8").split("\ninjects:")[0]
    assert text.startswith(head)


# ------------------------------------------------------------------ any inject, any sheet

ids = st.from_regex(r"[a-z][a-z0-9_]{0,14}", fullmatch=True)
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
    lambda s: s.strip())
durations = st.sampled_from(["0m", "30m", "2h", "6h", "1d", "1d 6h", "3d"])


@st.composite
def injects(draw):
    inject = {"id": draw(ids)}
    timed = draw(st.booleans())
    if timed:
        inject["at"] = f"D{draw(st.integers(1, 9))} {draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    kind = draw(st.sampled_from(["none", "when", "contingency"] if timed else ["when", "contingency"]))
    if kind == "when":
        when = {"event": draw(st.sampled_from(sorted(EVENT_WORDS))), "after": draw(durations)}
        if draw(st.booleans()):
            when["subject"] = draw(ids)
        inject["when"] = when
    elif kind == "contingency":
        inject["contingency_for"] = draw(ids)
    inject["type"] = draw(st.sampled_from(TYPES))
    inject["channel"] = draw(st.sampled_from(sorted(METHODS)))
    inject["from"] = draw(ids)
    inject["to"] = draw(ids)
    inject["text"] = draw(text)
    if draw(st.booleans()):
        action = {"order": draw(st.sampled_from(get_args(OrderVerb))), "within": draw(durations.filter(lambda d: d != "0m"))}
        if draw(st.booleans()):
            action["target"] = draw(ids)
        if draw(st.booleans()):
            action["description"] = draw(text)
        inject["expected_action"] = action
    if draw(st.booleans()):
        inject["objective"] = draw(ids)
    inject["mentions"] = draw(st.lists(ids, max_size=3))
    inject["danger_at"] = draw(st.lists(ids, max_size=2))
    return inject


def _model(inject: dict) -> Inject:
    model = Inject.model_validate(inject)
    strip = {"text": model.text.strip()}
    if model.expected_action is not None:
        strip["expected_action"] = model.expected_action.model_copy(
            update={"description": model.expected_action.description.strip()})
    return model.model_copy(update=strip)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(injects())
def test_any_inject_reads_back_from_its_row(inject):
    cells = inject_cells(inject, 1, {})
    back, problems = inject_from_cells(cells)
    assert problems == []
    assert _model(back) == _model(inject)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(injects(), min_size=1, max_size=5))
def test_any_injects_survive_a_csv_file_and_an_xlsx_workbook(tmp_path, batch):
    rows = [inject_cells(inject, n, {}) for n, inject in enumerate(batch, 1)]
    csv_path, xlsx_path = tmp_path / "m.csv", tmp_path / "m.xlsx"
    csv_path.write_bytes(("\ufeff" + csv_text(rows)).encode("utf-8"))
    xlsx_path.write_bytes(xlsx_bytes(rows, "t"))
    for path in (csv_path, xlsx_path):
        sheet = read_sheet(path)
        assert sheet.problems == []
        back = [inject_from_cells(row.cells) for row in sheet.rows]
        assert all(problems == [] for _, problems in back)
        assert [_model(b) for b, _ in back] == [_model(i) for i in batch]

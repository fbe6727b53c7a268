"""The sweep report and summary: self-contained HTML drawn from a real results file, the
difficulty notes' rules, and a progress display that suits terminals and logs."""

from __future__ import annotations

import io
import re
import sqlite3

from cpx.batch.difficulty import difficulty_notes
from cpx.batch.progress import Progress

from .conftest import cpx_sweep


def test_report_is_self_contained_and_shows_every_objective_and_series(tmp_path, tutorial):
    results, report = tmp_path / "r.sqlite", tmp_path / "sweep.html"
    done = cpx_sweep(tutorial, "--seeds", "4", "--until", "12h", "-o", results, "--report", report)
    assert done.returncode == 0, done.stderr
    html = report.read_text(encoding="utf-8")
    with sqlite3.connect(results) as db:
        objectives = [o for (o,) in db.execute("SELECT DISTINCT objective FROM objectives")]
        ratings = db.execute("SELECT series, rating, COUNT(*) FROM objectives WHERE objective = ? "
                             "GROUP BY series, rating", (objectives[0],)).fetchall()
    assert objectives
    for objective in objectives:
        assert f"<h3>{objective}:" in html
    assert html.count("<svg") >= len(objectives)  # a rating chart per objective at least
    for series, rating, count in ratings:  # the bars say what the file holds
        assert f"{series}: {rating} in {count} of 4 runs" in html
    assert "<script" not in html and not re.search(r"(src|href)=\"https?:", html)
    assert "@media print" in html
    assert "cpx run " in html and "--seed " in html  # how to replay a run of the median
    # the summary printed at the end names the series and objectives
    assert "passive" in done.stdout and "baseline" in done.stdout and objectives[0] in done.stdout
    # a report can be made again from the file alone: nothing left to run
    again = cpx_sweep(tutorial, "--seeds", "4", "--until", "12h", "-o", results, "--report", tmp_path / "2.html")
    assert again.returncode == 0 and "nothing to do" in again.stdout
    assert (tmp_path / "2.html").read_text(encoding="utf-8") == html


def _row(series, policy, shares, orders=None):
    ratings = {r: int(round(s * 100)) for r, s in shares.items()}
    full = {r: shares.get(r, 0.0) for r in ("P", "S", "M", "U", "N/O")}
    return {"series": series, "policy": policy, "orders_file": orders, "shares": full,
            "ratings": {r: ratings.get(r, 0) for r in full}, "rated": 100}


def test_notes_flag_an_objective_doing_nothing_passes_and_one_nobody_reaches():
    summary = {"failed": 0, "objectives": [
        {"id": "obj_safe", "series": [_row("passive", "passive", {"P": 0.96, "U": 0.04}),
                                      _row("baseline", "baseline", {"P": 0.5, "S": 0.5})]},
        {"id": "obj_hard", "series": [_row("passive", "passive", {"U": 1.0}),
                                      _row("baseline", "baseline", {"U": 0.95, "M": 0.05})]},
        {"id": "obj_dice", "series": [_row("passive", "passive", {"U": 1.0}),
                                      _row("baseline", "baseline", {"P": 0.3, "S": 0.25, "M": 0.25, "U": 0.2})]},
        {"id": "obj_fine", "series": [_row("passive", "passive", {"U": 0.9, "M": 0.1}),
                                      _row("baseline", "baseline", {"P": 0.8, "S": 0.2})]},
    ]}
    notes = {(n["objective"], n["kind"]): n["text"] for n in difficulty_notes(summary)}
    assert notes[("obj_safe", "cannot fail")] == ("passive is rated P on obj_safe in 96 % of seeds: the objective "
                                                  "cannot fail — doing nothing must not pass")
    assert ("obj_hard", "out of reach") in notes and "95 %" in notes[("obj_hard", "out of reach")]
    assert ("obj_hard", "no contrast") in notes
    assert ("obj_dice", "seed decides") in notes
    assert not [key for key in notes if key[0] == "obj_fine"]


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_in_a_log():
    tty, log = io.StringIO(), io.StringIO()
    bar, lines = Progress(3, stream=tty, tty=True), Progress(3, stream=log, tty=False, interval=0)
    for progress in (bar, lines):
        for _ in range(3):
            progress.advance()
        progress.finish()
    assert "\r[" in tty.getvalue() and "3/3 runs" in tty.getvalue() and "ETA" in tty.getvalue()
    assert "\r" not in log.getvalue()
    assert log.getvalue().splitlines()[-1].startswith("3/3 runs  100%")
    assert "runs/s" in log.getvalue()

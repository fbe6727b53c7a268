"""What a results file says about a scenario's difficulty: ratings, spreads, warnings.

:func:`sweep_summary` reads a results file (:mod:`cpx.batch.store`) into plain data: per
objective and series the share of each rating, the spread of the objective's measure,
the seeds most and least like the median; per series the outcome figures; and
:func:`difficulty_notes`, the sentences a director acts on ("passive is rated P on
obj_x in 96 % of seeds: the objective cannot fail"). The HTML report and the summary
``cpx sweep`` prints are both drawn from it.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
from typing import Any

from cpx.batch.outcomes import FIGURES
from cpx.batch.store import rows_of

RATING_ORDER = ("P", "S", "M", "U", "N/O")
"""Ratings best first; N/O (not observed) last."""

CANNOT_FAIL = 0.9
"""Share of seeds at or above which passive play rated P or S means the objective cannot fail."""
OUT_OF_REACH = 0.9
"""Share of seeds at or above which active play rated U means no scripted play reaches it."""
SEED_DECIDES = 0.5
"""When a series' most common rating has less than this share, the seed decides the rating."""


def sweep_summary(db: sqlite3.Connection) -> dict[str, Any]:
    """Everything the report shows, read from an open results file."""
    params = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM sweep")}
    series = rows_of(db, "SELECT name, policy, orders_file FROM series ORDER BY rowid")
    counts = {(s, st): n for s, st, n in db.execute("SELECT series, status, COUNT(*) FROM runs GROUP BY 1, 2")}
    for s in series:
        s["ok"] = counts.get((s["name"], "ok"), 0)
        s["failed"] = counts.get((s["name"], "failed"), 0)
        s["figures"] = _figures(db, s["name"])
    series = [s for s in series if s["ok"] or s["failed"]]
    objective_ids = list(params.get("objectives") or [])
    for (oid,) in db.execute("SELECT DISTINCT objective FROM objectives ORDER BY objective"):
        if oid not in objective_ids:
            objective_ids.append(oid)
    objectives = [_objective(db, oid, series) for oid in objective_ids]
    failures = rows_of(db, "SELECT series, seed, error FROM runs WHERE status = 'failed' ORDER BY series, seed LIMIT 20")
    summary = {"params": params, "series": series, "objectives": objectives, "failures": failures,
               "runs": sum(counts.values()), "failed": sum(n for (_, st), n in counts.items() if st == "failed")}
    summary["notes"] = difficulty_notes(summary)
    return summary


def _figures(db: sqlite3.Connection, series: str) -> dict[str, dict[str, float]]:
    found = {}
    for name in FIGURES:
        values = [v for (v,) in db.execute(
            f"SELECT {name} FROM runs WHERE series = ? AND status = 'ok' AND {name} IS NOT NULL ORDER BY {name}",
            (series,))]
        found[name] = _spread(values) if values else {}
    return found


def _objective(db: sqlite3.Connection, oid: str, series: list[dict[str, Any]]) -> dict[str, Any]:
    sample = db.execute("SELECT result FROM objectives WHERE objective = ? LIMIT 1", (oid,)).fetchone()
    entry = json.loads(sample[0]) if sample and sample[0] else {}
    per_series = []
    for s in series:
        ratings = {r: 0 for r in RATING_ORDER}
        for rating, n in db.execute("SELECT rating, COUNT(*) FROM objectives WHERE objective = ? AND series = ? "
                                    "GROUP BY rating", (oid, s["name"])):
            ratings[str(rating)] = ratings.get(str(rating), 0) + n
        rated = sum(ratings.values())
        values = db.execute("SELECT seed, value FROM objectives WHERE objective = ? AND series = ? "
                            "AND value IS NOT NULL ORDER BY value, seed", (oid, s["name"])).fetchall()
        spread = _spread([v for _, v in values]) if values else {}
        typical = atypical = None
        if values:
            median = spread["median"]
            by_distance = sorted(values, key=lambda sv: (abs(sv[1] - median), sv[0]))
            typical = {"seed": by_distance[0][0], "value": by_distance[0][1]}
            far = max(values, key=lambda sv: (abs(sv[1] - median), -sv[0]))
            atypical = {"seed": far[0], "value": far[1]}
        per_series.append({"series": s["name"], "policy": s["policy"], "orders_file": s["orders_file"],
                           "ratings": ratings, "rated": rated,
                           "shares": {r: (n / rated if rated else 0.0) for r, n in ratings.items()},
                           "spread": spread, "measured": len(values), "typical": typical, "atypical": atypical})
    return {"id": oid, "title": entry.get("title") or oid, "capability": entry.get("capability") or "",
            "measure": entry.get("metric") or _first_measure(entry), "series": per_series}


def _first_measure(entry: dict[str, Any]) -> str:
    tasks = entry.get("tasks") or []
    if tasks and isinstance(tasks[0], dict):
        measure = tasks[0].get("measure")
        return str(measure.get("name") if isinstance(measure, dict) else measure or "")
    return ""


def _spread(values: list[float]) -> dict[str, float]:
    """min, quartiles, median, max and mean of sorted ``values``."""
    if len(values) == 1:
        q1 = med = q3 = values[0]
    else:
        q1, med, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"min": values[0], "q1": q1, "median": med, "q3": q3, "max": values[-1],
            "mean": statistics.fmean(values), "n": len(values)}


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def difficulty_notes(summary: dict[str, Any]) -> list[dict[str, str]]:
    """The sentences a director acts on, each with its objective and a severity.

    * passive play (no orders) rated P or S in ``CANNOT_FAIL`` of the seeds: the
      objective cannot fail — inaction is never success (DOMAIN §8);
    * an active series rated U in ``OUT_OF_REACH`` of the seeds: no scripted play reaches it;
    * not observed in nearly every run: play rarely gives the task its occasion;
    * a series' ratings spread so that none has half the seeds: the seed decides;
    * passive and active play rated alike: the objective does not tell them apart.
    """
    notes: list[dict[str, str]] = []
    for objective in summary["objectives"]:
        oid = objective["id"]
        rows = [row for row in objective["series"] if row["rated"]]
        passive = [r for r in rows if r["policy"] == "passive" and not r["orders_file"]]
        active = [r for r in rows if r not in passive]
        for row in passive:
            good = row["shares"]["P"] + row["shares"]["S"]
            if good >= CANNOT_FAIL:
                best = "P" if row["shares"]["P"] >= row["shares"]["S"] else "S"
                both = f" (P or S in {_percent(good)})" if good > row["shares"][best] else ""
                notes.append(_note(oid, "cannot fail",
                                   f"{row['series']} is rated {best} on {oid} in {_percent(row['shares'][best])} "
                                   f"of seeds{both}: the objective cannot fail — doing nothing must not pass"))
        for row in active:
            if row["shares"]["U"] >= OUT_OF_REACH:
                notes.append(_note(oid, "out of reach",
                                   f"{row['series']} is rated U on {oid} in {_percent(row['shares']['U'])} of seeds: "
                                   "no scripted play reaches it — check its thresholds and injects"))
        if rows and all(r["shares"]["N/O"] >= OUT_OF_REACH for r in rows):
            least = min(r["shares"]["N/O"] for r in rows)
            share = "every run" if least >= 1 else f"{_percent(least)} or more of the runs"
            notes.append(_note(oid, "rarely observed",
                               f"{oid} is not observed (N/O) in {share} of every series: play rarely gives it "
                               "its occasion"))
        for row in rows:
            top = max(row["shares"].values())
            spread = [r for r in RATING_ORDER if row["shares"][r] >= 0.1]
            if top < SEED_DECIDES and len(spread) >= 3:
                parts = ", ".join(f"{r} {_percent(row['shares'][r])}" for r in RATING_ORDER if row["ratings"][r])
                notes.append(_note(oid, "seed decides",
                                   f"on {oid}, {row['series']}'s rating depends on the seed ({parts})"))
        for p in passive:
            for a in active:
                distance = sum(abs(p["shares"][r] - a["shares"][r]) for r in RATING_ORDER) / 2
                if distance < 0.1:
                    notes.append(_note(oid, "no contrast",
                                       f"{oid} rates {p['series']} and {a['series']} alike (ratings differ in "
                                       f"{_percent(distance)} of seeds): it does not tell doing nothing from play"))
    if summary.get("failed"):
        notes.append(_note("", "failed runs",
                           f"{summary['failed']} run(s) raised an error and are stored as failed "
                           "(select * from runs where status = 'failed')"))
    return notes


def _note(objective: str, kind: str, text: str) -> dict[str, str]:
    return {"objective": objective, "kind": kind, "text": text}


def format_summary(summary: dict[str, Any]) -> str:
    """The few lines ``cpx sweep`` prints: ratings per objective and series, then the notes."""
    lines = []
    names = [s["name"] for s in summary["series"]]
    if summary["objectives"] and names:
        width = max(len(o["id"]) for o in summary["objectives"])
        lines.append(f"{'objective':<{width}}  " + "  ".join(f"{n:<26}" for n in names))
        for objective in summary["objectives"]:
            cells = []
            for row in objective["series"]:
                cells.append(" ".join(f"{r}{row['shares'][r] * 100:.0f}" for r in RATING_ORDER
                                      if row["ratings"][r]) or "-")
            lines.append(f"{objective['id']:<{width}}  " + "  ".join(f"{c:<26}" for c in cells))
    for note in summary["notes"]:
        lines.append(f"! {note['text']}")
    return "\n".join(lines)

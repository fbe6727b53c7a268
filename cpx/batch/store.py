"""The results file of a sweep: one SQLite database, one row per run, appended as runs end.

Why SQLite: it is one file in the standard library; the ``sqlite3`` shell, DB Browser for
SQLite, LibreOffice Base, pandas (``pd.read_sql("select * from runs", con)``) and R all
open it; and every run is stored in its own transaction, so a sweep stopped at any moment
(Ctrl+C, a crash, a power cut) leaves only whole runs behind, and resuming is a query for
the runs already there. Parquet would need pyarrow and rewriting files to append.

Tables (the schema is in :data:`SCHEMA`):

* ``sweep`` — the sweep's parameters (scenario id, version, digest, ``until``, cpx version)
  as key/value JSON; a resumed sweep must match them.
* ``series`` — each series' name, policy and orders file (with the file's digest).
* ``runs`` — one row per (series, seed): ``status`` ok/failed, ``error``, the outcome
  figures (:data:`cpx.batch.outcomes.FIGURES`) and the final state hash.
* ``objectives`` — per run and objective: its rating, headline value and the score card's
  entry as JSON (``result``), whatever shape the scorer gives.
* ``measures`` — per run, objective and critical task (``task`` is ``''`` for the
  objective's own measures): the measure's name, value and the task's rating.
* ``ratings`` (a view) — one row per run with a column per objective holding its rating.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterable

from cpx.batch.outcomes import FIGURES
from cpx.errors import CpxError

SCHEMA_VERSION = 1

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sweep (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS series (
    name TEXT PRIMARY KEY, policy TEXT NOT NULL, orders_file TEXT, orders_sha256 TEXT);
CREATE TABLE IF NOT EXISTS runs (
    series TEXT NOT NULL, seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')), error TEXT,
    {", ".join(f"{name} INTEGER" for name in FIGURES)},
    events INTEGER, orders_accepted INTEGER, orders_rejected INTEGER, sim_minutes INTEGER,
    state_hash TEXT,
    PRIMARY KEY (series, seed));
CREATE TABLE IF NOT EXISTS objectives (
    series TEXT NOT NULL, seed INTEGER NOT NULL, objective TEXT NOT NULL,
    rating TEXT, value REAL, result TEXT,
    PRIMARY KEY (series, seed, objective));
CREATE TABLE IF NOT EXISTS measures (
    series TEXT NOT NULL, seed INTEGER NOT NULL, objective TEXT NOT NULL, task TEXT NOT NULL,
    measure TEXT NOT NULL, value REAL, rating TEXT,
    PRIMARY KEY (series, seed, objective, task, measure));
"""

_RUN_COLUMNS = ("series", "seed", "status", "error", *FIGURES, "events", "orders_accepted",
                "orders_rejected", "sim_minutes", "state_hash")


class ResultsStore:
    """A sweep's results file, open for appending runs (use as a context manager)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            if self.path.exists() and not _is_sqlite(self.path):
                raise CpxError(f"{self.path} exists and is not a cpx results file; give a new -o path",
                               "Results file")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")  # readers (a report) never block the sweep
            self.db.execute("PRAGMA synchronous=NORMAL")  # a run committed survives a crash of cpx
            with self.db:
                self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as error:
            raise CpxError(f"cannot use {self.path} as a results file: {error}", "Results file") from None
        except OSError as error:
            raise CpxError(f"cannot write {self.path}: {error.strerror or error}", "Results file") from None

    def __enter__(self) -> "ResultsStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file, folding the write-ahead log back in: one file to copy or mail."""
        try:
            self.db.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error:
            pass  # another reader holds the log open; SQLite folds it in later
        self.db.close()

    # ------------------------------------------------------------- parameters

    def parameters(self) -> dict[str, Any]:
        return {key: json.loads(value) for key, value in self.db.execute("SELECT key, value FROM sweep")}

    def series(self) -> dict[str, dict[str, Any]]:
        rows = self.db.execute("SELECT name, policy, orders_file, orders_sha256 FROM series ORDER BY rowid")
        return {r[0]: {"name": r[0], "policy": r[1], "orders_file": r[2], "orders_sha256": r[3]} for r in rows}

    def bind(self, plan: Any) -> None:
        """Record the plan's parameters (after :meth:`check`) and its series."""
        self.check(plan)
        recorded = self.parameters()
        known = self.series()
        meta = plan.scenario.meta
        with self.db:
            if not recorded:
                wanted = self._wanted(plan)
                wanted["cpx_version"] = _cpx_version()
                wanted["started"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
                wanted["objectives"] = [o.id for o in plan.scenario.objectives]
                wanted["scenario_title"] = meta.title
                wanted["scenario_path"] = plan.payload.path
                self.db.executemany("INSERT INTO sweep VALUES (?, ?)",
                                    [(k, json.dumps(v)) for k, v in wanted.items()])
            for series in plan.series:
                if series.name not in known:
                    d = series.describe()
                    self.db.execute("INSERT INTO series VALUES (?, ?, ?, ?)",
                                    (d["name"], d["policy"], d["orders_file"], d["orders_sha256"]))
            self._ratings_view([o.id for o in plan.scenario.objectives])

    @staticmethod
    def _wanted(plan: Any) -> dict[str, Any]:
        meta = plan.scenario.meta
        return {
            "format": SCHEMA_VERSION,
            "scenario_id": meta.id,
            "scenario_version": meta.version,
            "scenario_sha256": plan.payload.sha256,
            "until": plan.until,
        }

    def check(self, plan: Any) -> None:
        """Check that the plan may add runs to this file.

        Refuses (with a one-line :class:`CpxError`) a scenario that changed since the
        file was started, another ``--until``, or a series name that now means another
        policy or another orders file: their runs would not be comparable.
        """
        recorded = self.parameters()
        if recorded:
            if recorded.get("format") != SCHEMA_VERSION:
                raise CpxError(f"{self.path} was written by another version of cpx sweep (format "
                               f"{recorded.get('format')}); give a new -o path", "Results file")
            if recorded.get("scenario_sha256") != plan.payload.sha256:
                raise CpxError(
                    f"{self.path} holds runs of scenario {recorded.get('scenario_id')!r} v"
                    f"{recorded.get('scenario_version')} (sha256 {str(recorded.get('scenario_sha256'))[:12]}…), "
                    f"but {plan.payload.name} is now sha256 {plan.payload.sha256[:12]}…; runs of a changed "
                    "scenario are not mixed: give a new -o path", "Scenario changed")
            if recorded.get("until") != plan.until:
                raise CpxError(f"{self.path} holds runs to minute {recorded.get('until')}, not {plan.until}; "
                               "give the same --until or a new -o path", "Results file")
        known = self.series()
        for series in plan.series:
            before = known.get(series.name)
            if before is not None and (before["policy"], before["orders_sha256"]) != (
                    series.policy, series.orders_sha256):
                raise CpxError(f"{self.path} already has a series {series.name!r} played differently "
                               f"({before['policy']}, {before['orders_file'] or 'no orders file'}"
                               f"{', another version of the file' if before['orders_file'] else ''}); "
                               "give a new -o path", "Results file")

    def _ratings_view(self, objective_ids: list[str]) -> None:
        columns = "".join(
            f", MAX(CASE WHEN o.objective = {_sql_text(oid)} THEN o.rating END) AS {_sql_name(oid)}"
            for oid in objective_ids)
        self.db.execute("DROP VIEW IF EXISTS ratings")
        self.db.execute(f"CREATE VIEW ratings AS SELECT r.series, r.seed, r.status{columns} "
                        "FROM runs r LEFT JOIN objectives o ON o.series = r.series AND o.seed = r.seed "
                        "GROUP BY r.series, r.seed")

    # ------------------------------------------------------------------ runs

    def done(self) -> set[tuple[str, int]]:
        """The (series, seed) pairs already stored, ok or failed."""
        return {(s, int(n)) for s, n in self.db.execute("SELECT series, seed FROM runs")}

    def add(self, row: dict[str, Any]) -> None:
        """Store one run, with its objectives and measures, in one transaction."""
        figures = row.get("figures") or {}
        values = [row["series"], row["seed"], row["status"], row.get("error")]
        values += [figures.get(name) for name in _RUN_COLUMNS[4:-1]]
        values.append(row.get("state_hash"))
        key = (row["series"], row["seed"])
        with self.db:
            self.db.execute("DELETE FROM runs WHERE series = ? AND seed = ?", key)
            self.db.execute("DELETE FROM objectives WHERE series = ? AND seed = ?", key)
            self.db.execute("DELETE FROM measures WHERE series = ? AND seed = ?", key)
            self.db.execute(f"INSERT INTO runs ({', '.join(_RUN_COLUMNS)}) VALUES "
                            f"({', '.join('?' * len(_RUN_COLUMNS))})", values)
            self.db.executemany(
                "INSERT INTO objectives VALUES (?, ?, ?, ?, ?, ?)",
                [(*key, o["objective"], o["rating"], o["value"],
                  o["result_json"] if "result_json" in o else result_text(o["result"]))
                 for o in row.get("objectives") or []])
            self.db.executemany(
                "INSERT INTO measures VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(*key, o["objective"], task, measure, value, rating)
                 for o in row.get("objectives") or [] for task, measure, value, rating in o["measures"]])

    def counts(self) -> dict[str, int]:
        return {status: n for status, n in self.db.execute("SELECT status, COUNT(*) FROM runs GROUP BY status")}


def result_text(result: Any) -> str:
    """An objective's entry as the ``objectives.result`` column holds it (JSON text).

    The sweep's workers call this themselves (:func:`cpx.batch.runner.run_one` sends the
    text as ``result_json``): encoding was about 60 % of storing a row, work the sweep's
    one process did between rows while both workers' cores were busy."""
    return json.dumps(result, sort_keys=True, ensure_ascii=False, default=str)


def open_results(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to an existing results file (for the report)."""
    path = Path(path)
    if not path.is_file() or not _is_sqlite(path):
        raise CpxError(f"{path} is not a cpx results file", "Results file")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def rows_of(db: sqlite3.Connection, query: str, args: Iterable[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(query, tuple(args))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _is_sqlite(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(16)
    return head == b"SQLite format 3\x00" or head == b""


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_name(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cpx_version() -> str:
    from cpx import __version__

    return __version__

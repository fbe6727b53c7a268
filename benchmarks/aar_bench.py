"""Benchmark of the after-action tools on a generated 1,000,000-event journal.

Each figure is the median of ``--repeat`` runs, each run in a fresh Python process (so
its peak memory is its own; the chain-check workers' peak is reported beside it):

* ``index_s`` — open + index the whole journal, hash chain verified (aim < 3 s), and
  ``index_peak_mb`` its peak memory (aim < 500 MB); ``index_first_chunk_ms`` — the
  progressive open the replay does (its first chunk on screen, the rest in a worker);
* ``score_s`` — score it, chain verified, scenario loaded (aim < 2 s); every run is
  cold: the chain is checked in full; ``score_warm_s`` — the same for a journal whose
  very bytes a previous pass verified (:mod:`cpx.aar.verified`: the replay's index, an
  earlier score or report), where a whole-file digest replaces the per-line check;
* ``scrub_ms`` — one scrub step of the replay's data layer: move one hour on, read the
  row, summarise "what you knew vs. what was true" (aim < 50 ms);
* ``filter_columns_s`` — reading the unit and agency columns, which the index leaves to
  the first filter that needs them;
* same-run references: ``sha256_floor_s`` (hashing every line and nothing else, on one
  core: the floor of any single-process pass that verifies the chain) and
  ``*_exact_s``, the line-exact passes of :mod:`cpx.aar.index_pass` (the previous
  implementation, still the fallback for damaged journals) — compare with these, not
  with figures from another day: timings on shared machines swing 2–3×.

With ``--flagship`` it measures instead the scoring of a real 5-day flagship log (the
baseline policy, seed 3): ``flagship_score_s`` — ``score_journal`` cold, after imports
(aim < 0.5 s), and ``flagship_score_kept_scenario_s`` the same with the scenario kept by
an earlier score (:mod:`cpx.aar.scenario_cache`; the chain still checked in full); the
parts ``flagship_scenario_load_s`` (reading and checking the scenario
file the journal names) and ``flagship_measures_s`` (every metric, task and rating from
the records already read; median of 20 in the same process).

Run: ``python benchmarks/aar_bench.py [--events 1000000] [--repeat 3] [--keep FILE]
[--json] [--before DIR] [--flagship]``; ``--before`` also scores with the ``cpx`` package under DIR
(the previous code), interleaved with the other runs. The journal is written with the real journal writer against the
after-action test world (``tests/aar/aar_world.yaml``), with a realistic mix of kinds;
with ``--keep`` an existing file is reused.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
WORLD = ROOT / "tests" / "aar" / "aar_world.yaml"

UNITS = [("squad", "SQUAD 1"), ("tactical", "TAC 2")]
STATUSES = ["available", "en_route", "on_task", "resting"]


def generate(path: Path, events: int, seed: int = 1) -> Path:
    """Write a journal of ``events`` events (a deterministic mix of every common kind)."""
    from cpx.journal.events import Event
    from cpx.journal.scenario_source import open_scenario
    from cpx.journal.writer import JournalWriter

    source = open_scenario(WORLD)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, 100, size=events)
    writer = JournalWriter(path, source.scenario, seed, source.sha256, WORLD, durable=False)
    t = 0
    people = 0
    for seq in range(events):
        if seq % 40 == 0:
            t += 1
        pick = int(picks[seq])
        if pick < 35:
            unit, callsign = UNITS[pick % 2]
            event = Event(t, seq, "unit.status", "trainee", {
                "unit": unit, "callsign": callsign, "status": STATUSES[pick % 4],
                "location": "velin", "task": None, "eta": None})
        elif pick < 55:
            event = Event(t, seq, "network.activity", "excon", {
                "member": "lt", "activity": "meeting", "with": "manager", "place": "velin"})
        elif pick < 70:
            event = Event(t, seq, "report.informant", "trainee", {
                "report_id": f"r{seq}", "informant": "inf_heron", "codename": "HERON",
                "source_grade": "C", "credibility": 3, "subject_kind": "member",
                "subject": "manager", "text": "The manager was seen collecting money at the bar."})
        elif pick < 78:
            event = Event(t, seq, "network.snapshot", "excon", {
                "active_members": 6, "arrested_members": 0, "victims_held": 3,
                "venues_active": 1, "revenue_total": seq})
        elif pick < 84:
            people += 1
            event = Event(t, seq, "truth.person", "excon", {
                "person_id": f"p{people}", "is_victim": pick % 2 == 0, "minor": pick % 3 == 0,
                "age": 17, "sex": "f", "origin": "north", "exploitation": "sexual",
                "act": True, "means": ["deception"], "purpose": True,
                "documents_withheld": True, "debt": 2000, "venue": "blue_gate"})
        elif pick < 88:
            event = Event(t, seq, "person.met", "trainee", {
                "person_id": f"p{max(1, people)}", "where": "blue_gate",
                "description": "a young woman"})
        elif pick < 91:
            event = Event(t, seq, "victim.identified", "trainee", {
                "person_id": f"p{max(1, people)}", "decision": True,
                "elements": {"act": True, "means": pick % 2 == 0, "purpose": True}})
        elif pick < 93:
            event = Event(t, seq, "victim.referred", "trainee", {
                "person_id": f"p{max(1, people)}", "agency": "ngo_haven", "shelter": "velin"})
        elif pick < 96:
            event = Event(t, seq, "evidence.added", "trainee", {
                "evidence_id": f"e{seq}", "suspect": "manager", "kind": "observation",
                "weight": 0.01, "text": "Seen at the bar."})
        elif pick < 98:
            event = Event(t, seq, "inject", "trainee", {
                "inject_id": "i_tip", "from": "ngo_haven", "channel": "phone",
                "type": "information", "text": "A call about the bar.", "mentions": []})
        else:
            writer.write_order(t, {"verb": "surveil", "unit": "squad", "target": "blue_gate",
                                   "params": {}}, {"accepted": True, "reason": "", "order_id": f"o{seq}"})
            event = Event(t, seq, "order.accepted", "trainee", {
                "order_id": f"o{seq}", "order": {"verb": "surveil", "unit": "squad",
                                                 "target": "blue_gate"}, "unit": "squad"})
        writer.write_event(event)
    writer.close(t=t)
    return path


AIMS = {"index_s": 3.0, "index_peak_mb": 500.0, "score_s": 2.0, "scrub_ms": 50.0}


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def child(what: str, path: Path) -> dict:
    """One measurement, in this (fresh) process."""
    from cpx.aar.index_pass import IndexPass, exact_scan
    from cpx.aar.journal_index import JournalIndex
    from cpx.aar.metrics import KINDS_USED
    from cpx.aar.scenario_ref import load_scenario_for
    from cpx.aar.scorecard import score_journal, score_records
    from cpx.aar.truth_picture import compare_at

    figures: dict = {}
    before = {who: resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)}
    start = time.perf_counter()
    if what == "floor":
        import hashlib

        with path.open("rb") as stream:
            for line in stream:
                hashlib.sha256(line).digest()
    elif what == "index":
        index = JournalIndex(path, expected_injects=["i_tip"], progressive=True)
        for _ in index.growth(chunks_per_step=1):  # as the replay does, in its worker
            if index.rows_read and "rows_read_s" not in figures:
                figures["rows_read_s"] = time.perf_counter() - start
        figures["rows"] = len(index)
        assert index.problem is None and index.complete, index.problem
    elif what == "index_exact":
        run = IndexPass(path, {"i_tip"})
        run.run()
        run.columns.final()
    elif what == "first_chunk":
        JournalIndex(path, expected_injects=["i_tip"], progressive=True)
    elif what == "score":
        card = score_journal(path)
        figures["ratings"] = {o.id: o.rating for o in card.objectives}
    elif what == "flagship_score":
        card = score_journal(path)
        figures["ratings"] = {o.id: o.rating for o in card.objectives}
    elif what == "flagship_parts":
        from cpx.aar.fast_pass import fast_scan
        from cpx.aar.scorecard import kinds_for
        from cpx.scenario.loader import load_scenario
        begin = time.perf_counter()
        scenario = load_scenario(ROOT / "scenarios" / "glass_lantern.yaml")
        figures["scenario_load_s"] = time.perf_counter() - begin
        scan = fast_scan(path, kinds_for(scenario))
        runs = []
        for _ in range(20):
            begin = time.perf_counter()
            score_records(scan.header, scan.records, scenario)
            runs.append(time.perf_counter() - begin)
        figures["seconds"] = statistics.median(runs)
    elif what == "score_exact":
        scan = exact_scan(path, KINDS_USED)
        scenario, _ = load_scenario_for(scan.header, path)
        score_records(scan.header, scan.records, scenario)
    elif what == "scrub":
        index = JournalIndex(path, expected_injects=["i_tip"])
        steps, row = [], 0
        for _ in range(50):
            begin = time.perf_counter()
            target = int(np.searchsorted(index.t, index.t[row] + 60, side="left"))
            row = min(len(index) - 1, target)
            index.record(row)
            compare_at(index, row)
            steps.append(time.perf_counter() - begin)
        figures["scrub_max_ms"] = max(steps) * 1000
        figures["seconds"] = statistics.median(steps)
        begin = time.perf_counter()
        index.select(units=["squad"])
        figures["filter_columns_s"] = time.perf_counter() - begin
        index.close()
    else:
        raise SystemExit(f"unknown measurement {what}")
    figures.setdefault("seconds", time.perf_counter() - start)
    for who, name in ((resource.RUSAGE_SELF, "cpu_s"), (resource.RUSAGE_CHILDREN, "workers_cpu_s")):
        usage, then = resource.getrusage(who), before[who]
        figures[name] = usage.ru_utime + usage.ru_stime - then.ru_utime - then.ru_stime
    figures["peak_mb"] = _peak_mb(resource.RUSAGE_SELF)
    figures["workers_peak_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    return figures


def _run_child(what: str, path: Path, before: Path | None, cache: Path | None = None) -> dict:
    """One fresh-process run; ``before``: a source tree whose ``cpx`` is imported instead;
    ``cache``: the verified-journal notes (:mod:`cpx.aar.verified`) — by default an empty
    folder, so every run checks the chain in full (cold)."""
    env = dict(os.environ)
    if before is not None:
        env["CPX_BENCH_SRC"] = str(before)
    with tempfile.TemporaryDirectory() as empty:
        env["CPX_CACHE_DIR"] = str(cache or empty)
        out = subprocess.run([sys.executable, __file__, "--child", what, str(path)], check=True,
                             capture_output=True, text=True, cwd=ROOT, env=env).stdout
    return json.loads(out.splitlines()[-1])


def measure_all(whats: list[str], path: Path, repeat: int, before: Path | None = None) -> dict:
    """The median of ``repeat`` fresh-process runs of each measurement (peaks: the maximum).

    The runs are interleaved (each round runs every measurement once), so a change in the
    machine's load during the benchmark touches every figure alike. Every run is cold (no
    note that the journal was verified before) except ``score_warm``: scoring a journal
    whose chain a previous pass verified (the replay's index, an earlier ``cpx score``).
    ``score_before`` is ``score`` run with the ``cpx`` package of ``before`` (say, the
    previous commit's, from ``git archive HEAD cpx``).
    """
    runs: dict[str, list[dict]] = {what: [] for what in whats}
    with tempfile.TemporaryDirectory() as warm:
        if "score_warm" in whats:
            _run_child("score", path, None, Path(warm))  # verifies the chain, notes it
        for _ in range(repeat):
            for what in whats:
                if what == "score_before":
                    runs[what].append(_run_child("score", path, before))
                elif what == "score_warm":
                    runs[what].append(_run_child("score", path, None, Path(warm)))
                else:
                    runs[what].append(_run_child(what, path, None))
    return {what: _summary(got) for what, got in runs.items()}


def _summary(runs: list[dict]) -> dict:
    result = dict(runs[-1])
    result["seconds"] = statistics.median(r["seconds"] for r in runs)
    result["all_seconds"] = [round(r["seconds"], 4) for r in runs]
    for key in ("peak_mb", "workers_peak_mb", "filter_columns_s", "rows_read_s", "cpu_s",
                "workers_cpu_s"):
        if key in runs[0]:
            result[key] = max(r[key] for r in runs) if key.endswith("mb") else statistics.median(
                r[key] for r in runs)
    return result


def flagship(repeat: int, as_json: bool) -> int:
    """Score a 5-day flagship log (baseline policy, seed 3) in fresh processes."""
    from cpx.cli import main as cpx_main

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "glass_lantern.jsonl"
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            cpx_main(["run", str(ROOT / "scenarios" / "glass_lantern.yaml"), "--policy",
                      "baseline", "--seed", "3", "--journal", str(path)])
        lines = sum(1 for _ in path.open("rb"))
        got = measure_all(["flagship_score", "flagship_parts"], path, repeat, None)
        # The scenario kept from an earlier score (cpx.aar.scenario_cache), the chain
        # still checked in full: a fresh cache folder holding only the scenario entry.
        kept = Path(tmp) / "kept"
        _run_child("flagship_score", path, None, kept)
        cached_runs = []
        for n in range(repeat):
            folder = Path(tmp) / f"cold{n}"
            shutil.copytree(Path(tmp) / "kept.scenarios", Path(tmp) / f"cold{n}.scenarios")
            cached_runs.append(_run_child("flagship_score", path, None, folder))
        got["flagship_score_kept"] = _summary(cached_runs)
    figures = {
        "journal_lines": lines, "cores": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2),
        "flagship_score_s": round(got["flagship_score"]["seconds"], 3),
        "flagship_score_kept_scenario_s": round(got["flagship_score_kept"]["seconds"], 3),
        "flagship_scenario_load_s": round(got["flagship_parts"]["scenario_load_s"], 3),
        "flagship_measures_s": round(got["flagship_parts"]["seconds"], 4),
        "runs": {k: v["all_seconds"] for k, v in got.items()},
    }
    if as_json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"5-day flagship log ({lines} lines); {figures['cores']} cores, load average "
          f"{figures['load_average']}; median of {repeat} fresh-process runs each")
    met = "met" if figures["flagship_score_s"] < 0.5 else "NOT met"
    print(f"  {'score, chain verified, scenario loaded':44s} {figures['flagship_score_s']:>8.3f} s  < 0.5 s  {met}")
    print(f"  {'  of which: the scenario file read and checked':44s} {figures['flagship_scenario_load_s']:>8.3f} s")
    kept_met = "met" if figures["flagship_score_kept_scenario_s"] < 0.5 else "NOT met"
    print(f"  {'score, chain verified, scenario kept':44s} {figures['flagship_score_kept_scenario_s']:>8.3f} s  < 0.5 s  {kept_met}")
    print(f"  {'  of which: metrics, tasks and ratings':44s} {figures['flagship_measures_s']:>8.4f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="write the journal here and keep it")
    parser.add_argument("--json", action="store_true", help="print only the figures, as JSON")
    parser.add_argument("--no-baseline", action="store_true", help="skip the exact passes")
    parser.add_argument("--before", type=Path, default=None,
                        help="also score with the cpx package under this directory (the old code)")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--flagship", action="store_true",
                        help="score a real 5-day flagship log instead (aim < 0.5 s)")
    args = parser.parse_args(argv)
    sys.path.insert(0, os.environ.get("CPX_BENCH_SRC") or str(ROOT))
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return 0
    if args.flagship:
        return flagship(args.repeat, args.json)
    say = (lambda *a: None) if args.json else print
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "million.jsonl"
        if not path.exists():
            start = time.perf_counter()
            generate(path, args.events)
            say(f"generated {args.events:,} events ({path.stat().st_size / 1e6:.0f} MB) "
                f"in {time.perf_counter() - start:.1f} s")
        n = args.repeat
        journal_mb = round(path.stat().st_size / 1e6)
        got = measure_all(["floor", "index", "first_chunk", "score", "score_warm", "scrub"]
                          + ([] if args.no_baseline else ["index_exact", "score_exact"])
                          + (["score_before"] if args.before else []), path, n, args.before)
    figures = {
        "events": args.events, "journal_mb": journal_mb,
        "cores": os.cpu_count(), "load_average": round(os.getloadavg()[0], 2),
        "index_s": round(got["index"]["seconds"], 3),
        "index_rows_read_s": round(got["index"]["rows_read_s"], 3),
        "index_peak_mb": round(got["index"]["peak_mb"]),
        "index_workers_peak_mb": round(got["index"]["workers_peak_mb"]),
        "index_first_chunk_ms": round(got["first_chunk"]["seconds"] * 1000, 1),
        "index_cpu_s": [round(got["index"]["cpu_s"], 2), round(got["index"]["workers_cpu_s"], 2)],
        "score_s": round(got["score"]["seconds"], 3),
        "score_cpu_s": [round(got["score"]["cpu_s"], 2), round(got["score"]["workers_cpu_s"], 2)],
        "score_peak_mb": round(got["score"]["peak_mb"]),
        "score_warm_s": round(got["score_warm"]["seconds"], 3),
        "score_warm_cpu_s": [round(got["score_warm"]["cpu_s"], 2),
                             round(got["score_warm"]["workers_cpu_s"], 2)],
        "scrub_ms": round(got["scrub"]["seconds"] * 1000, 2),
        "scrub_max_ms": round(got["scrub"]["scrub_max_ms"], 2),
        "filter_columns_s": round(got["scrub"]["filter_columns_s"], 3),
        "sha256_floor_s": round(got["floor"]["seconds"], 3),
        "index_exact_s": round(got["index_exact"]["seconds"], 3) if "index_exact" in got else None,
        "score_exact_s": round(got["score_exact"]["seconds"], 3) if "score_exact" in got else None,
        "score_before_s": round(got["score_before"]["seconds"], 3) if "score_before" in got else None,
        "score_before_cpu_s": [round(got["score_before"]["cpu_s"], 2),
                               round(got["score_before"]["workers_cpu_s"], 2)] if "score_before" in got else None,
        "runs": {k: v["all_seconds"] for k, v in got.items()},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{args.events:,} events ({journal_mb} MB); {figures['cores']} cores, load average "
          f"{figures['load_average']} at the end; median of {n} fresh-process runs each")
    rows = [
        ("open + index, chain verified", f"{figures['index_s']:.2f} s", "< 3 s", figures["index_s"] < 3),
        ("  every row indexed (chain check finishing)", f"{figures['index_rows_read_s']:.2f} s", "", None),
        ("  peak memory (reader; each chain worker)",
         f"{figures['index_peak_mb']} MB; {figures['index_workers_peak_mb']} MB", "< 500 MB",
         figures["index_peak_mb"] < 500),
        ("  CPU s: reader; chain workers",
         "{}; {}".format(*figures["index_cpu_s"]), "", None),
        ("  first chunk on screen (progressive)", f"{figures['index_first_chunk_ms']:.0f} ms", "", None),
        ("score, chain verified", f"{figures['score_s']:.2f} s", "< 2 s", figures["score_s"] < 2),
        ("  CPU s: reader; chain workers",
         "{}; {}".format(*figures["score_cpu_s"]), "", None),
        ("score again (chain verified before: same bytes)", f"{figures['score_warm_s']:.2f} s",
         "< 2 s", figures["score_warm_s"] < 2),
        ("  CPU s: reader; chain workers", "{}; {}".format(*figures["score_warm_cpu_s"]), "", None),
        ("scrub step (median; max)", f"{figures['scrub_ms']:.1f} ms; {figures['scrub_max_ms']:.1f} ms",
         "< 50 ms", figures["scrub_ms"] < 50),
        ("unit/agency columns, on first filter", f"{figures['filter_columns_s']:.2f} s", "", None),
        ("reference: sha256 of every line, one core", f"{figures['sha256_floor_s']:.2f} s", "", None),
    ]
    if figures["index_exact_s"] is not None:
        rows += [("reference: exact index pass (before)", f"{figures['index_exact_s']:.2f} s", "", None),
                 ("reference: exact scan + score (before)", f"{figures['score_exact_s']:.2f} s", "", None)]
    if figures["score_before_s"] is not None:
        rows += [("reference: score with --before's code", f"{figures['score_before_s']:.2f} s", "", None),
                 ("  CPU s: reader; chain workers", "{}; {}".format(*figures["score_before_cpu_s"]),
                  "", None)]
    for label, value, aim, met in rows:
        mark = "" if met is None else ("met" if met else "NOT met")
        print(f"  {label:44s} {value:>18s}  {aim:>9s}  {mark}")
    print("runs (s):", json.dumps(figures["runs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the after-action tools on a generated 1,000,000-event journal.

Measures (median of ``--repeat`` runs, figures vary ±30–50 % on shared machines):

* open the journal progressively (the replay shows its first chunk while the rest is
  indexed in a worker), then open + index it whole (aim < 3 s, < 500 MB peak memory);
* score it (aim < 2 s);
* one scrub step of the replay's data layer — move one hour on, read the row, summarise
  "what you knew vs. what was true" at that moment (aim < 50 ms).

Run: ``python benchmarks/aar_bench.py [--events 1000000] [--repeat 3] [--keep FILE]``.
The journal is written with the real journal writer against the after-action test
world (``tests/aar/aar_world.yaml``), with a realistic mix of kinds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
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


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="write the journal here and keep it")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from cpx.aar.journal_index import JournalIndex
    from cpx.aar.scorecard import score_journal
    from cpx.aar.truth_picture import compare_at

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "million.jsonl"
        if not path.exists():
            start = time.perf_counter()
            generate(path, args.events)
            print(f"generated {args.events:,} events ({path.stat().st_size / 1e6:.0f} MB) "
                  f"in {time.perf_counter() - start:.1f} s")
        def hash_floor() -> None:
            import hashlib

            with path.open("rb") as stream:
                for line in stream:
                    hashlib.sha256(line).digest()

        floor_s, _ = timed(hash_floor, args.repeat)
        print(f"reference: sha256 of every line alone {floor_s:.2f} s (the floor of any pass "
              "that verifies the chain; compare the figures below with it)")
        first_s, first = timed(lambda: JournalIndex(path, expected_injects=["i_tip"], progressive=True),
                               args.repeat)
        print(f"open (progressive, first chunk on screen): {first_s * 1000:.0f} ms "
              f"(median of {args.repeat}); {len(first):,} rows ready")
        first.close()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        index_s, index = timed(lambda: JournalIndex(path, expected_injects=["i_tip"]), args.repeat)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"open + index: {index_s:.2f} s (median of {args.repeat}); "
              f"peak RSS {rss_after:.0f} MB (before: {rss_before:.0f} MB); rows {len(index):,}")
        score_s, card = timed(lambda: score_journal(path), args.repeat)
        print(f"score: {score_s:.2f} s (median of {args.repeat}); "
              + ", ".join(f"{o.id}={o.rating}" for o in card.objectives[:4]) + " …")
        steps = []
        row = 0
        for _ in range(50):
            start = time.perf_counter()
            target = int(np.searchsorted(index.t, index.t[row] + 60, side="left"))
            row = min(len(index) - 1, target)
            index.record(row)
            compare_at(index, row)
            steps.append(time.perf_counter() - start)
        print(f"scrub step (+1 h, read row, knew-vs-true): median {statistics.median(steps) * 1000:.1f} ms, "
              f"max {max(steps) * 1000:.1f} ms over 50 steps")
        index.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

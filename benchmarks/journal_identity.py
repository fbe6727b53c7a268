"""Journal identity check: a performance change must leave every journal byte-identical.

Plays the flagship (glass_lantern), bitter_harvest and the tutorial for seeds 1–5 under the
baseline and passive policies, each to its scenario's end, journaled exactly as ``cpx run``
journals, and writes a manifest: per run the journal's SHA-256, its final state hash and a
digest of its scored objective rows. Make a manifest on main, another on a branch, and
compare::

    python -m benchmarks.journal_identity -o before.json          # on main
    python -m benchmarks.journal_identity --compare before.json   # on the branch: exit 1 on any difference

``tests/perf/test_journal_identity.py`` keeps a smaller form of this check in the suite: a
run with a journal and the same run without one give the same events and state hash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

SCENARIOS = ("glass_lantern", "bitter_harvest", "tutorial")
POLICIES = ("baseline", "passive")
SEEDS = range(1, 6)


def one_run(name: str, seed: int, policy: str, folder: Path) -> dict[str, Any]:
    """Play one run journaled to ``folder`` and return its fingerprints."""
    from cpx.batch.scoring import objective_rows, score_run
    from cpx.commands.run import run_exercise
    from cpx.journal.scenario_source import open_scenario
    from cpx.journal.writer import JournalWriter

    source = open_scenario(f"scenarios/{name}.yaml")
    scenario = source.scenario
    path = folder / f"{name}-{policy}-{seed}.jsonl"
    # a fixed scenario path in the header, so manifests from two worktrees compare
    writer = JournalWriter(path, scenario, seed, source.sha256, f"scenarios/{name}.yaml")
    exercise = run_exercise(scenario, seed, policy, [], int(scenario.meta.duration), writer, [])
    state_hash = exercise.state_hash()
    writer.close(t=exercise.now, state_hash=state_hash)
    rows = objective_rows(score_run(scenario, seed, exercise.events))
    return {
        "journal_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "state_hash": state_hash,
        "events": len(exercise.events),
        "scores_sha256": hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest(),
    }


def manifest() -> dict[str, Any]:
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="cpx-identity-") as folder:
        for name in SCENARIOS:
            for policy in POLICIES:
                for seed in SEEDS:
                    found[f"{name}/{policy}/{seed}"] = one_run(name, seed, policy, Path(folder))
                    print(f"{name}/{policy}/{seed}", file=sys.stderr, flush=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", help="write the manifest here")
    parser.add_argument("--compare", help="compare with this manifest; exit 1 on any difference")
    args = parser.parse_args(argv)
    found = manifest()
    if args.output:
        Path(args.output).write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
    if args.compare:
        expected = json.loads(Path(args.compare).read_text())
        differ = [key for key in sorted(set(expected) | set(found)) if expected.get(key) != found.get(key)]
        for key in differ:
            print(f"DIFFERS {key}: {expected.get(key)} != {found.get(key)}")
        print(f"{len(found) - len(differ)} of {len(found)} runs identical")
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

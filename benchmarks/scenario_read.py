"""Reading a large scenario file within the size cap: wall seconds to check it.

The file is the starter scenario (``cpx new``) with 5,000 more network members, about
half a megabyte, read and checked by :func:`cpx.scenario.check_bytes` as ``cpx validate``
does (libyaml composing, the models, the cross-reference checks). Median of N runs.
The unit test ``tests/scenario/test_bad_input.py`` checks the work grows in proportion
to the file; the time is measured here, not in a test.

    python benchmarks/scenario_read.py [--runs 3] [--members 5000] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time


def measure(runs: int, members: int) -> dict[str, float]:
    from cpx.scenario import check_bytes
    from cpx.scenario.starter import starter_text

    extra = "".join(f"    - {{id: m{i}, name: Person {i}, roles: [lookout], home: tovar}}\n"
                    for i in range(members))
    text = starter_text().replace("  members:\n", "  members:\n" + extra).encode()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = check_bytes(text, "big.yaml")
        times.append(time.perf_counter() - started)
        assert result.ok, [str(p) for p in result.problems[:3]]
    return {"bytes": len(text), "members": members + 3,
            "check_s": round(statistics.median(times), 3), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.runs, args.members)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"checked {result['bytes']:,} bytes ({result['members']:,} members) in "
              f"{result['check_s']:.3f} s (median of {result['runs']}; aim: seconds, not minutes)")


if __name__ == "__main__":
    main()

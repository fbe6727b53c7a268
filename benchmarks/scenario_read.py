"""Reading a large scenario file within the size cap, and refusing hostile ones: wall seconds.

The file is the starter scenario (``cpx new``) with 5,000 more network members, about
half a megabyte, read and checked by :func:`cpx.scenario.check_bytes` as ``cpx validate``
does (libyaml composing, the models, the cross-reference checks). Median of N runs.

Then the hostile files ``cpx validate`` must refuse in seconds, not minutes (median of
N runs each): an alias bomb (nine lists of nine aliases, 9**9 values once expanded), a
50 MB file (refused from its size), a million nested brackets and a thousand nested
block lists (both refused as nesting too deeply).

The unit tests ``tests/scenario/test_bad_input.py`` check the work done (it grows in
proportion to a file; a hostile file is refused after bounded work); the time is
measured here, not in a test.

    python benchmarks/scenario_read.py [--runs 3] [--members 5000] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

ALIAS_BOMB = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
     *(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]"
       for prev, name in zip("abcdefgh", "bcdefghi"))]).encode()
"""Nine lists of nine aliases of the list before: 9**9 values once expanded."""


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


def refusals(runs: int) -> dict[str, float]:
    """Median wall seconds to refuse each hostile file (each must be refused)."""
    from cpx.scenario import check_bytes, check_file

    def median_seconds(check) -> float:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            result = check()
            times.append(time.perf_counter() - started)
            assert not result.ok
        return round(statistics.median(times), 4)

    flow = b"[" * 1_000_000 + b"]" * 1_000_000
    block = "".join(" " * level + "- \n" for level in range(0, 2_000, 2)).encode()
    with tempfile.TemporaryDirectory(prefix="cpx-read-bench-") as folder:
        big = Path(folder) / "big.yaml"
        with big.open("wb") as handle:
            handle.truncate(50 * 1024 * 1024)
        return {
            "alias_bomb_s": median_seconds(lambda: check_bytes(ALIAS_BOMB, "bomb.yaml")),
            "file_50mb_s": median_seconds(lambda: check_file(big)),
            "flow_nesting_s": median_seconds(lambda: check_bytes(flow, "flow.yaml")),
            "block_nesting_s": median_seconds(lambda: check_bytes(block, "block.yaml")),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.runs, args.members)
    refused = refusals(args.runs)
    if args.json:
        print(json.dumps({**result, **refused}))
    else:
        print(f"checked {result['bytes']:,} bytes ({result['members']:,} members) in "
              f"{result['check_s']:.3f} s (median of {result['runs']}; aim: seconds, not minutes)")
        for name, seconds in refused.items():
            print(f"refused {name.removesuffix('_s').replace('_', ' ')} in {seconds:.4f} s")


if __name__ == "__main__":
    main()

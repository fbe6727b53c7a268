"""The hash-chain check of a whole journal, on the other cores, while the caller reads it.

:class:`ChainCheck` splits the lines after the header into line-aligned byte ranges and
starts one :mod:`cpx.aar.chain_worker` process per range at once; :meth:`ChainCheck.intact`
waits for them and joins their reports: the first range must follow from the header,
each range from the one before, and every range must be intact inside.

Plain subprocesses rather than ``multiprocessing``: nothing is pickled, nothing is
re-imported, and starting one is safe from a thread of a running Textual app (forking a
threaded process is not). Where a process cannot be started the ranges are checked in
this process instead — slower, the same answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cpx.aar import chain_worker

WORKER = Path(chain_worker.__file__)
MIN_PARALLEL_BYTES = 4 << 20
"""Below this the range is checked in this process: starting one costs more than hashing."""


def default_workers() -> int:
    """One worker per core but the reader's own, at least 1 and at most 4."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


def split_ranges(path: Path, start: int, stop: int, parts: int) -> list[tuple[int, int]]:
    """``[start, stop)`` cut into up to ``parts`` ranges, each beginning at a line start."""
    cuts = [start]
    with path.open("rb") as stream:
        for k in range(1, parts):
            guess = start + (stop - start) * k // parts
            if guess <= cuts[-1]:
                continue
            stream.seek(guess - 1)
            probe = stream.read(1 << 16)
            newline = probe.find(b"\n")
            if newline < 0:
                continue
            cut = guess + newline
            if cuts[-1] < cut < stop:
                cuts.append(cut)
    cuts.append(stop)
    return list(zip(cuts[:-1], cuts[1:]))


class ChainCheck:
    """Checks the chain of the lines in ``[start, stop)`` of ``path`` in worker processes.

    ``first_prev`` is the hash of the line before ``start`` (the header), as hex text.
    """

    def __init__(self, path: str | Path, start: int, stop: int, first_prev: str,
                 workers: int | None = None) -> None:
        self.path = Path(path)
        self.first_prev = first_prev
        workers = default_workers() if workers is None else workers
        in_process = stop - start < MIN_PARALLEL_BYTES or workers < 1
        self.ranges = split_ranges(self.path, start, stop, 1 if in_process else workers)
        self._procs: list[subprocess.Popen | None] = []
        for begin, end in self.ranges:
            if in_process:
                self._procs.append(None)
                continue
            try:
                proc = subprocess.Popen(
                    [sys.executable, str(WORKER), str(self.path), str(begin), str(end)],
                    stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
            except OSError:
                proc = None
            self._procs.append(proc)
        self._result: bool | None = None

    def _report(self, k: int) -> dict | None:
        proc = self._procs[k]
        if proc is not None:
            out, _ = proc.communicate()
            if proc.returncode == 0:
                try:
                    return json.loads(out)
                except ValueError:
                    pass
        begin, end = self.ranges[k]  # the worker failed: check the range here
        return chain_worker.check_range(str(self.path), begin, end)

    def intact(self) -> bool:
        """Whether every line in the range follows from the one before it (waits)."""
        if self._result is None:
            expected = self.first_prev
            ok = True
            for k in range(len(self.ranges)):
                report = self._report(k)
                if report["lines"] == 0 and report["intact"]:
                    continue  # an empty range links nothing; a broken one (0 lines counted
                    # because its first chunk already failed) must still fail the chain
                ok = ok and report["intact"] and report["first_link"] == expected
                expected = report["last_hash"]
            self._result = ok
        return self._result

    def close(self) -> None:
        """Stop the workers still running (the caller no longer needs the answer)."""
        for proc in self._procs:
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()

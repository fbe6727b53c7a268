"""The sweep's progress: a bar with runs done, rate and ETA on a terminal; plain lines otherwise.

On a terminal the bar is redrawn in place at most ten times a second. When the output is a
file or a pipe (CI, ``nohup``), a plain line is written every ``interval`` seconds and at
the end, so a log shows progress without carriage returns.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts runs as they end and shows the rate and the time left."""

    def __init__(self, total: int, already: int = 0, stream: TextIO | None = None,
                 interval: float = 5.0, tty: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.total = total
        """Runs this call has to do (not counting those already in the file)."""
        self.already = already
        self.done = 0
        self.failed = 0
        self.interval = interval if not self.tty else 0.1
        self.started = time.monotonic()
        self._shown = 0.0

    def advance(self, failed: bool = False) -> None:
        """One more run ended."""
        self.done += 1
        self.failed += failed
        now = time.monotonic()
        if now - self._shown >= self.interval or self.done == self.total:
            self._shown = now
            self._show(now)

    def rate(self, now: float | None = None) -> float:
        elapsed = (now or time.monotonic()) - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self, now: float | None = None) -> str:
        """``412/1000 runs  41 %  37.2 runs/s  ETA 0:16`` (with failures, if any)."""
        rate = self.rate(now)
        left = (self.total - self.done) / rate if rate > 0 else None
        share = self.done / self.total if self.total else 1.0
        text = f"{self.done}/{self.total} runs  {share:4.0%}  {rate:5.1f} runs/s  ETA {_clock(left)}"
        if self.failed:
            text += f"  ({self.failed} failed)"
        return text

    def _show(self, now: float) -> None:
        if self.tty:
            width = 24
            filled = int(width * self.done / self.total) if self.total else width
            bar = "#" * filled + "." * (width - filled)
            self.stream.write(f"\r[{bar}] {self.line(now)} ")
        else:
            self.stream.write(self.line(now) + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """End the bar's line on a terminal."""
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

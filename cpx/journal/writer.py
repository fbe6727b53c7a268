"""The journal writer: an exercise's orders and events as append-only, hash-chained JSON Lines.

The engine is handed a :class:`JournalWriter` (``Exercise(scenario, seed, journal=w)``)
and calls :meth:`~JournalWriter.write_order` for every order submitted and
:meth:`~JournalWriter.write_event` for every event emitted, in emission order. The file
holds, one canonical JSON object per line (see :mod:`cpx.journal.chain`)::

    {"type":"header","format":1,"cpx":"0.1.0","scenario":{"id","version","sha256","path"},"seed":7,"prev":…}
    {"type":"order","t":60,"order":{…},"result":{…},"prev":…}
    {"type":"event","t":61,"seq":0,"kind":"…","visibility":"…","payload":{…},"prev":…}
    {"type":"excon","t":90,"author":"excon","action":{"do":"hold","inject":"…"},"prev":…}
    {"type":"observation","t":95,"author":"evaluator-1","objective":…,"task":…,"rating":"S","note":…,"prev":…}
    {"type":"end","t":7200,"orders":3,"events":812,"reason":"closed","state_hash":…,"prev":…,"check":…}

The end line marks the journal complete; having no successor whose ``prev`` vouches for
it, it carries ``check``, the hash of its own text without ``check``.

Given a director's key (``key=``), the header also names it (``"seal"``) and the writer
keeps ``LOG.seal`` beside the journal: keyed checkpoints and a final seal
(:mod:`cpx.journal.seal`). A new journal (and its seal file) is created with mode 0600.

Nothing written is ever rewritten: a new journal is opened exclusively (an existing file
is refused, not overwritten) and a resumed one is appended to. Every order line is
flushed and fsync'ed before ``write_order`` returns, so a crash loses at most the events
since the last order — and those are re-created exactly by re-simulation
(:func:`cpx.session.resimulate.resume_exercise`).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cpx import __version__
from cpx.errors import CpxError
from cpx.journal.chain import FORMAT, GENESIS, canonical_json, line_hash
from cpx.journal.events import Event
from cpx.journal.reader import JournalError, end_check
from cpx.journal.seal import CHECKPOINT_EVERY, SealKey, SealWriter, header_seal
from cpx.safe_files import create_exclusive, open_append


class JournalWriter:
    """Writes one exercise's journal; use as a context manager or call :meth:`close`.

    ``scenario`` is the loaded scenario model (its ``meta.id`` and ``meta.version`` go in
    the header), ``scenario_digest`` the SHA-256 of its file (what a replay checks) and
    ``scenario_path`` where it was loaded from (where a replay looks first).
    ``durable=False`` skips the fsync (for throw-away journals such as a replay check).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        scenario: Any,
        seed: int,
        scenario_digest: str,
        scenario_path: str | os.PathLike[str] | None = None,
        *,
        durable: bool = True,
        key: SealKey | None = None,
        seal_info: dict[str, Any] | None = None,
        fork: dict[str, Any] | None = None,
        _expected: Iterable[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.durable = durable
        self.orders = 0
        self.events = 0
        self.last_t = 0
        self.closed = False
        self._prev = GENESIS
        # Lines already in the file that re-simulation must reproduce before new lines
        # are appended (resuming a journal); each one produced is checked, not written.
        self._expected: deque[str] = deque(_expected or ())
        self._expected_total = len(self._expected)
        self._diverged: JournalError | None = None
        self.lines = 0
        """How many lines the journal holds so far (reproduced ones included)."""
        self._seal: SealWriter | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if _expected is not None:
                self._file = open_append(self.path)
            else:
                # mode 0600: a live journal holds the exercise's ground truth
                self._file = create_exclusive(self.path, 0o600)
        except FileExistsError:
            raise CpxError(
                f"{self.path} already exists; a journal is never overwritten. "
                "Give another --journal path or move the old one away.",
                "Journal exists",
            ) from None
        except OSError as error:
            raise CpxError(f"cannot write {self.path}: {error.strerror}", "Journal") from None
        meta = scenario.meta
        header: dict[str, Any] = {
            "type": "header",
            "format": FORMAT,
            "cpx": __version__,
            "scenario": {
                "id": meta.id,
                "version": meta.version,
                "sha256": scenario_digest,
                "path": None if scenario_path is None else str(scenario_path),
            },
            "seed": int(seed),
        }
        if fork is not None:
            # a "what if" branch names its parent journal and the moment it left it
            # (cpx.journal.fork); only forks carry it, so other journals keep their bytes
            header["fork"] = dict(fork)
        if key is not None:
            seal_info = header_seal(key)
        if seal_info is not None:
            # only sealed journals carry it, so unsealed journals keep their bytes
            header["seal"] = dict(seal_info)
        if key is not None:
            try:
                self._seal = SealWriter(
                    self.path, key, continuing=_expected is not None,
                    keep_lines=self._expected_total,
                )
            except BaseException:
                self._file.close()
                raise
        self._write(header)
        self._sync()

    @classmethod
    def continuing(
        cls,
        path: str | os.PathLike[str],
        existing_lines: list[str],
        scenario: Any,
        seed: int,
        scenario_digest: str,
        scenario_path: str | os.PathLike[str] | None = None,
        key: SealKey | None = None,
        seal_info: dict[str, Any] | None = None,
        fork: dict[str, Any] | None = None,
    ) -> "JournalWriter":
        """A writer that appends to a journal whose valid lines are ``existing_lines``.

        The re-simulated exercise writes through it from the header on: each line it
        produces must equal the next existing line (a :class:`~cpx.journal.reader.JournalError`
        if not: the world is not the one that wrote the journal); once they are used up,
        lines are appended. The file must already end after the last existing line.
        """
        return cls(
            path, scenario, seed, scenario_digest, scenario_path, key=key,
            seal_info=seal_info, fork=fork, _expected=existing_lines,
        )

    @property
    def catching_up(self) -> bool:
        """Whether re-simulation has not yet reproduced every line already in the file."""
        return bool(self._expected)

    @property
    def lines_reproduced(self) -> int:
        """How many of the lines already in the file re-simulation has reproduced."""
        return self._expected_total - len(self._expected)

    # ------------------------------------------------------------------ engine calls

    def write_order(self, t: int, order: dict[str, Any], result: dict[str, Any]) -> None:
        """Record an order given at sim time ``t`` and what the engine answered; made durable."""
        self.orders += 1
        self.last_t = int(t)
        self._write({"type": "order", "t": int(t), "order": order, "result": result})
        self._sync(checkpoint=True)

    def write_excon(self, t: int, author: str, action: dict[str, Any]) -> None:
        """Record an EXCON action (hold, release, fire, adjudicate) at sim time ``t``; durable."""
        self.last_t = int(t)
        self._write({"type": "excon", "t": int(t), "author": author, "action": action})
        self._sync(checkpoint=True)

    def write_observation(self, t: int, author: str, observation: dict[str, Any]) -> None:
        """Record an evaluator's observation at sim time ``t``; made durable at once."""
        self.last_t = int(t)
        self._write({"type": "observation", "t": int(t), "author": author, **observation})
        self._sync(checkpoint=True)

    def write_event(self, event: Event) -> None:
        """Record one event (buffered; made durable with the next order or at close)."""
        self.events += 1
        if event.t != self.last_t and not self._expected and not self.closed:
            # the clock moved on: hand the lines of the moment before to the OS, so a
            # killed process (kill -9) still leaves the journal up to its last moment
            self._file.flush()
        self.last_t = event.t
        record = event.to_dict()
        record["type"] = "event"
        self._write(record)

    def flush(self) -> None:
        """Push buffered lines to the file and the disk now (the UI calls it when pausing)."""
        self._sync(checkpoint=True)

    def close(
        self, t: int | None = None, state_hash: str | None = None, reason: str = "closed"
    ) -> None:
        """Write the end line and close the file; idempotent.

        ``t`` is the sim time the exercise reached (default: the last record's time) and
        ``state_hash`` the engine's :meth:`state_hash` there, which a replay also checks.
        The end line marks the journal complete: a journal without one was cut short.
        """
        if self.closed:
            return
        try:
            self._write(
                {
                    "type": "end",
                    "t": self.last_t if t is None else int(t),
                    "orders": self.orders,
                    "events": self.events,
                    "reason": reason,
                    "state_hash": state_hash,
                },
                self_check=True,
            )
            self._sync()
            if self._seal is not None:
                self._seal.seal("final", self.lines, self._prev)
        finally:
            self.closed = True
            self._file.close()
            if self._seal is not None:
                self._seal.close()

    def abandon(self) -> None:
        """Close the file without an end line (a resume that failed leaves the journal as it was)."""
        if not self.closed:
            self.closed = True
            self._file.close()
            if self._seal is not None:
                self._seal.close()

    def __enter__(self) -> "JournalWriter":
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None and not self.closed:
            # What was written is still a faithful record up to the failure; say so.
            self.close(reason="error")
        else:
            self.close()

    # ------------------------------------------------------------------ internals

    def _write(self, record: dict[str, Any], self_check: bool = False) -> None:
        if self.closed:
            raise CpxError(f"{self.path} is closed; nothing more can be written", "Journal")
        if self._diverged is not None:
            raise self._diverged  # the world went another way: nothing after it can match
        record["prev"] = self._prev
        if self_check:
            record["check"] = end_check(record)
        text = canonical_json(record)
        self._prev = line_hash(text)
        self.lines += 1
        if self._expected:
            self._check_against_existing(text)
            return
        self._file.write(text + "\n")
        if self._seal is not None and self.lines - self._seal.sealed_lines >= CHECKPOINT_EVERY:
            self._sync(checkpoint=True)

    def _check_against_existing(self, text: str) -> None:
        line_no = self._expected_total - len(self._expected) + 1
        expected = self._expected.popleft()
        if text != expected:
            self._diverged = JournalError(
                line_no,
                "diverged",
                f"re-simulation produced a different line {line_no} than the journal holds; "
                "the scenario, seed or cpx version is not the one that wrote it",
            )
            raise self._diverged

    def _sync(self, checkpoint: bool = False) -> None:
        if self._expected_total and self._expected:
            return  # still reproducing lines that are already on disk
        self._file.flush()
        if self.durable or self._seal is not None:
            os.fsync(self._file.fileno())
        if checkpoint and self._seal is not None and not self.closed:
            # after the fsync: a seal never names a line a crash could still take away
            self._seal.seal("checkpoint", self.lines, self._prev)

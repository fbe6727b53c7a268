"""Instructor notes: remarks attached to journal events, kept beside the log.

The journal is append-only and hash-chained, so notes never go into it. They live in
``<log>.notes.json`` — ``{"log": name, "notes": [{"seq", "t", "text"}]}`` sorted by
sequence number — and the after-action report carries them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cpx.errors import CpxError
from cpx.safe_files import replace_atomically


@dataclass(frozen=True)
class Note:
    """An instructor's remark on one event."""

    seq: int
    """The event it is attached to."""
    t: int
    """The event's sim time (so the report can place it without the journal)."""
    text: str
    """The remark."""


def notes_path(log: str | os.PathLike[str]) -> Path:
    """Where the notes of ``log`` are kept: ``<log>.notes.json``."""
    return Path(f"{os.fspath(log)}.notes.json")


def load_notes(log: str | os.PathLike[str]) -> dict[int, Note]:
    """The notes of ``log`` by event sequence number (empty when there are none)."""
    path = notes_path(log)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        notes = [Note(int(n["seq"]), int(n["t"]), str(n["text"])) for n in data["notes"]]
    except (ValueError, KeyError, TypeError) as error:
        raise CpxError(
            f"{path} is not a notes file cpx wrote ({error}); move it away to start afresh",
            "Bad notes file",
        ) from None
    return {note.seq: note for note in notes}


def save_notes(log: str | os.PathLike[str], notes: dict[int, Note]) -> Path:
    """Write the notes of ``log`` (atomically: a crash never leaves half a file)."""
    path = notes_path(log)
    data = {
        "log": Path(log).name,
        "notes": [
            {"seq": n.seq, "t": n.t, "text": n.text}
            for n in sorted(notes.values(), key=lambda n: n.seq)
            if n.text.strip()
        ],
    }
    # a fresh temporary name (O_EXCL), then a rename: never through a link planted at a
    # fixed name such as LOG.notes.json.tmp (cpx.safe_files)
    return replace_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n", mode=0o600)

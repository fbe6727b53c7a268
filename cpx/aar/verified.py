"""Journals whose hash chain was already checked, remembered by the file's identity.

Checking the chain costs one SHA-256 per line (about 1–2 CPU s for a million lines). Once
a fast pass has found a journal's chain intact, a note is written whose name is a digest
of the file's identity — device, inode, size, modification *and change* times, and the
bytes of its header and end lines. The next pass over the unchanged file (the score card
after the replay's index, ``cpx score`` again, ``cpx report``) finds the note before it
starts, and skips the per-line check.

Why the identity is enough: any write to the file — appending, editing a line in place,
truncating, replacing it — sets its change time (``st_ctime_ns``), which, unlike the
modification time, no ordinary tool can set back; a copy is another inode. So a changed
journal never matches its old note and gets the full check, which names the bad line.
(The chain has no secret key: it detects damage and naive edits, not a forger who
recomputes every hash; the note does not weaken that.) The identity is taken again after
the pass has read the file, and a note is used or written only if it did not move.
The file clock is coarse (a few milliseconds), so a write in the same tick as the last
one might leave the times unchanged: a file changed less than :data:`SETTLED_NS` ago is
therefore not noted (it is checked in full each time until it has settled).

The notes live in ``$CPX_CACHE_DIR`` or else ``$XDG_CACHE_HOME/cpx/verified`` (default
``~/.cache/cpx/verified``): one empty file per verified journal, named by the digest.
A cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

SETTLED_NS = 2_000_000_000
"""A file is noted only if its last change is at least this old (see the module docstring)."""


def cache_dir() -> Path:
    """Where the notes of verified journals are kept."""
    explicit = os.environ.get("CPX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cpx" / "verified"


def identity(path: Path, header: bytes, end_line: bytes) -> str:
    """The digest naming this very file in this very state (see the module docstring)."""
    st = os.stat(path)
    who = f"{os.path.realpath(path)}\0{st.st_dev}\0{st.st_ino}\0{st.st_size}\0" \
          f"{st.st_mtime_ns}\0{st.st_ctime_ns}\0".encode()
    return hashlib.sha256(who + header + b"\0" + end_line).hexdigest()


class VerifiedNote:
    """Whether a journal was verified before, taken when a pass starts."""

    def __init__(self, path: Path, header: bytes, end_line: bytes) -> None:
        self.path, self._lines = path, (header, end_line)
        try:
            self.key: str | None = identity(path, header, end_line)
        except OSError:
            self.key = None

    def _still(self) -> bool:
        """Whether the file is as it was when the pass started."""
        try:
            return self.key is not None and identity(self.path, *self._lines) == self.key
        except OSError:
            return False

    def found(self) -> bool:
        """Whether a note says these bytes were found intact (the file has not moved)."""
        return self.key is not None and (cache_dir() / self.key).is_file()

    def still_found(self) -> bool:
        """:meth:`found`, and the file did not change while the pass read it."""
        return self.found() and self._still()

    def remember(self) -> None:
        """Note the file as intact (only after the full chain check said so)."""
        if not self._still():
            return  # changed while being read: what was checked is not this file
        try:
            if time.time_ns() - os.stat(self.path).st_ctime_ns < SETTLED_NS:
                return  # a write in the same clock tick would not show: not settled yet
        except OSError:
            return
        try:
            folder = cache_dir()
            folder.mkdir(parents=True, exist_ok=True)
            (folder / self.key).touch()
        except OSError:
            pass  # a read-only home: the next pass checks the chain again, that is all

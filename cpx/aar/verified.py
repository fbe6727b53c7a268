"""Journals whose hash chain was already checked, remembered by their content.

Checking the chain costs one SHA-256 per line (about 1–2 CPU s for a million lines), in
worker processes. Once a pass has found a journal's chain intact, a note is kept whose
name is the hash (BLAKE2b-256) of the journal's **content** (every byte of the file,
hashed in one call per MiB: a fraction of the per-line check). The next pass over the same bytes —
the score card after the replay's index, ``cpx score`` again, ``cpx report`` — finds
the note and starts no chain worker.

A pass does not wait for the content hash to decide whether to start the chain
workers: a small *hint*, named by the file's identity (device, inode, size, times, first
and last lines) and holding the content hash noted for it, says whether a note probably
exists; the content hash, computed in a thread while the pass reads the rows, must then
match a genuine note, or the pass falls back to the exact line-by-line check. A copy of
a journal (another identity) is checked in full once and then finds its note.

Why a note cannot be planted: its content is an HMAC-SHA256, under a random key of this
cache (``verified.key`` beside the notes folder, mode 0600), of the content hash it is
named by. A file placed in the folder by hand — even one named by the right hash — has
no valid MAC and is ignored: the chain is checked in full and a damaged journal is
named as damaged. (Someone who can read the cache key can forge a note; the same person
can also recompute the unkeyed chain itself. Neither proves where a journal came from:
only a seal does — ``docs/security.md``.)

The identity of the file (device, inode, size, modification and change times) is taken
when the pass starts and again before a note is used or written: a file that changed
while it was read is neither trusted from a note nor noted. The file clock is coarse, so
a file changed less than :data:`SETTLED_NS` ago is not noted (it is checked in full
each time until it has settled).

Where: ``$CPX_CACHE_DIR``, else ``$XDG_CACHE_HOME/cpx/verified``, else
``~/.cache/cpx/verified``; one small file per journal, at most :data:`MAX_NOTES` (the
least recently used go first); the hints in ``verified.hints`` beside it, as many. A cache that cannot be read or written is simply not
used: the chain is checked every time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import threading
import time
from pathlib import Path

SETTLED_NS = 2_000_000_000
"""A file is noted only if its last change is at least this old (see the module docstring)."""

MAX_NOTES = 256
"""At most this many notes are kept; writing one more removes the least recently used."""

_MAGIC = b"cpx-verified-v1"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def cache_dir() -> Path:
    """Where the notes of verified journals are kept."""
    explicit = os.environ.get("CPX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cpx" / "verified"


def key_path() -> Path:
    """The cache's own key (beside the notes folder, so the folder holds only notes)."""
    folder = cache_dir()
    return folder.with_name(folder.name + ".key")


def content_hash(path: Path) -> str:
    """The BLAKE2b-256 of every byte of the file, hex.

    BLAKE2b rather than SHA-256: as collision-resistant, and about twice as fast here
    without SHA instructions (1.0 against 1.85 CPU s for 290 MB on the loaded test VM);
    hashlib releases the GIL for each MiB, so it runs beside the pass that reads rows.
    """
    digest = hashlib.blake2b(digest_size=32)
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def hints_dir() -> Path:
    """Where each journal's identity points to the content hash it had when noted."""
    folder = cache_dir()
    return folder.with_name(folder.name + ".hints")


def _identity(path: Path) -> tuple[int, ...]:
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _cache_key(create: bool) -> bytes | None:
    """The cache's secret; created (0600, exclusively) when ``create``; None if unusable."""
    path = key_path()
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        if not create:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(32))
        except FileExistsError:
            pass  # another process made it a moment ago: read theirs
        except OSError:
            return None
        return _cache_key(create=False)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        # a key others could read or write, or owned by someone else, vouches for nothing
        if (not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
                or (hasattr(os, "getuid") and info.st_uid != os.getuid())):
            return None
        secret = handle.read(64)
    return secret if len(secret) == 32 else None


def _mac(secret: bytes, digest: str) -> bytes:
    return hmac.new(secret, _MAGIC + b"\n" + digest.encode("ascii"), hashlib.sha256).hexdigest().encode()


class VerifiedNote:
    """Whether a journal's bytes were verified before, taken when a pass starts.

    The content hash is computed in a thread from the start, beside the pass that reads
    the rows. :meth:`found` answers at once from a *hint* — the content hash last noted
    for this very file (identity and first and last lines) — so a file seen before
    starts no chain worker; :meth:`still_found`, which the pass asks once it has read
    every row, then requires the content hash to be that of a genuine note. A hint is
    only a guess: a wrong or planted one costs the exact line-by-line pass, never trust.
    """

    def __init__(self, path: Path, header: bytes = b"", end_line: bytes = b"") -> None:
        self.path = Path(path)
        self._digest: str | None = None
        self._candidate: str | None = None
        try:
            self._identity: tuple[int, ...] | None = _identity(self.path)
        except OSError:
            self._identity = None
        who = repr((os.path.realpath(self.path), self._identity)).encode()
        self._hint = hashlib.sha256(who + b"\0" + header + b"\0" + end_line).hexdigest()
        self._hashing: threading.Thread | None = None
        if self._identity is not None:
            self._hashing = threading.Thread(target=self._hash, daemon=True)
            self._hashing.start()

    def _hash(self) -> None:
        try:
            self._digest = content_hash(self.path)
        except OSError:
            self._digest = None

    @property
    def key(self) -> str | None:
        """The content hash naming this journal's note (waits for the hashing thread)."""
        if self._hashing is not None:
            self._hashing.join()
        return self._digest

    def _still(self) -> bool:
        """Whether the file is as it was when the pass started."""
        try:
            return self._identity is not None and _identity(self.path) == self._identity
        except OSError:
            return False

    def found(self) -> bool:
        """Whether a genuine note probably covers these bytes (answers without waiting).

        Confirmed or refuted by :meth:`still_found` once the content hash is known.
        """
        secret = _cache_key(create=False)
        if secret is None or self._identity is None:
            return False
        candidate = _read_small(hints_dir() / self._hint)
        if candidate is None or not _genuine(secret, candidate.decode("ascii", "replace")):
            return False
        self._candidate = candidate.decode("ascii")
        return True

    def still_found(self) -> bool:
        """Whether a genuine note names these very bytes, and the file did not change
        while the pass read it."""
        secret = _cache_key(create=False)
        if secret is None or self._candidate is None:
            return False
        digest = self.key
        if digest is None or not hmac.compare_digest(digest, self._candidate):
            return False
        if not (_genuine(secret, digest) and self._still()):
            return False
        try:
            os.utime(cache_dir() / digest)  # recently used: kept longest
        except OSError:
            pass
        return True

    def remember(self) -> None:
        """Note the file as intact (only after the full chain check said so)."""
        if not self._still():
            return  # changed while being read: what was checked is not this file
        try:
            if time.time_ns() - os.stat(self.path).st_ctime_ns < SETTLED_NS:
                return  # a write in the same clock tick would not show: not settled yet
        except OSError:
            return
        digest = self.key
        if digest is None or not self._still():
            return
        secret = _cache_key(create=True)
        if secret is None:
            return
        try:
            from cpx.safe_files import replace_atomically

            for folder, name, content in ((cache_dir(), digest, _MAGIC + b" " + _mac(secret, digest)),
                                          (hints_dir(), self._hint, digest.encode())):
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                replace_atomically(folder / name, content + b"\n", mode=0o600)
                _prune(folder)
        except Exception:  # noqa: BLE001 - a read-only home: the chain is checked again, that is all
            pass


def _read_small(path: Path) -> bytes | None:
    """The stripped content of a small regular file (never through a link), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return handle.read(200).strip()
    except OSError:
        return None


def _genuine(secret: bytes, digest: str) -> bool:
    """Whether the note named ``digest`` exists and carries the MAC only this cache can make."""
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        return False
    written = _read_small(cache_dir() / digest)
    return written is not None and hmac.compare_digest(written, _MAGIC + b" " + _mac(secret, digest))


def _prune(folder: Path, keep: int | None = None) -> None:
    """Keep the ``keep`` most recently used notes (default :data:`MAX_NOTES`)."""
    keep = MAX_NOTES if keep is None else keep
    entries = []
    for entry in os.scandir(folder):
        try:
            entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
        except OSError:
            continue
    if len(entries) <= keep:
        return
    entries.sort()
    for _, old in entries[: len(entries) - keep]:
        try:
            os.unlink(old)
        except OSError:
            pass

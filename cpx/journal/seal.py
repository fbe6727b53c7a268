"""Sealed journals: keyed checkpoints that prove which exercise wrote a journal.

The hash chain (:mod:`cpx.journal.chain`) finds damage, but it has no secret: anyone can
edit a journal and recompute every hash, or re-simulate the exercise with other orders
and get a journal whose chain is perfect. A **seal** closes that gap for exercises run
with a director's key (``cpx key new FILE``; ``cpx run --key FILE``, ``cpx play --key
FILE``):

* the journal's header names the key (``"seal": {"alg": "HMAC-SHA256", "key_id": …}``,
  the id a hash of the key, never the key);
* while the exercise runs, the writer appends **checkpoints** to ``LOG.seal`` beside the
  journal — after every order line (made durable with it), every
  :data:`CHECKPOINT_EVERY` lines and whenever the journal is flushed — and a **final
  seal** once the end line is written. Each seal line is
  ``{"type": "checkpoint" | "final", "lines": N, "chain": H, "mac": M}``: ``H`` is the
  hash of journal line ``N`` (which, through the chain, commits to lines 1…N) and ``M``
  the HMAC-SHA256 under the key of ``(type, N, H)``;
* ``cpx replay LOG --verify --key FILE`` checks every seal line against the journal and
  the key, and calls the origin proven only when all match and a final seal covers the
  end line. An edited journal (chain recomputed or not) or one re-simulated with other
  orders has a different hash at the sealed lines, and without the key no one can make
  a MAC for it.

Why a file beside the journal rather than seal lines inside it: the journal's own lines
are then exactly those of an unsealed run (only the header names the key), so a sealed
journal re-simulates byte for byte, and every reader of journals — scoring, the replay
index — reads it unchanged. Seal positions need not be reproducible (a flush in the UI
adds one); each seal is checked on its own against the line it names.

The threat model — what this does and does not prove — is in ``docs/security.md``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.journal.chain import MAX_LINE_BYTES, canonical_json
from cpx.safe_files import create_exclusive, open_append, open_regular, replace_atomically, write_output

ALGORITHM = "HMAC-SHA256"
"""The MAC of seal lines, as the header names it."""

KEY_BYTES = 32
"""A key is 256 random bits."""

KEY_MAGIC = "cpx-journal-key-v1"
"""The first word of a key file."""

CHECKPOINT_EVERY = 1000
"""A checkpoint at least every this many journal lines (besides those at orders)."""


# ---------------------------------------------------------------------- keys


@dataclass(frozen=True)
class SealKey:
    """A director's key: the secret and its public id (what a journal header records)."""

    secret: bytes
    path: Path | None = None

    @property
    def key_id(self) -> str:
        """16 hex digits naming the key; revealing it reveals nothing of the secret."""
        return hashlib.sha256(b"cpx-key-id\0" + self.secret).hexdigest()[:16]

    def mac(self, kind: str, lines: int, chain: str) -> str:
        """The MAC of a seal line of ``kind`` over journal line ``lines`` whose hash is ``chain``."""
        message = f"cpx-seal-v1\n{kind}\n{lines}\n{chain}".encode("ascii")
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()


def new_key_file(path: str | os.PathLike[str], force: bool = False) -> SealKey:
    """Write a new random key to ``path`` (mode 0600); refuse an existing file without ``force``."""
    key = SealKey(secrets.token_bytes(KEY_BYTES), Path(path))
    text = f"{KEY_MAGIC} {key.secret.hex()}\n"
    write_output(path, text, force=force, mode=0o600)
    return key


def load_key(path: str | os.PathLike[str]) -> SealKey:
    """The key in ``path``; refused if it is not a key file or others may read it."""
    path = Path(path)
    with open_regular(path, "key file") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        raw = handle.read(4096)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CpxError(
            f"{path} can be read by other users (mode {stat.S_IMODE(mode):04o}); a key "
            f"must be private: chmod 600 {path}",
            "Key not private",
        )
    words = raw.decode("ascii", "replace").split()
    try:
        if len(words) != 2 or words[0] != KEY_MAGIC:
            raise ValueError
        secret = bytes.fromhex(words[1])
        if len(secret) != KEY_BYTES:
            raise ValueError
    except ValueError:
        raise CpxError(f"{path} is not a cpx key file (write one with: cpx key new FILE)",
                       "Bad key file") from None
    return SealKey(secret, path)


def header_seal(key: SealKey) -> dict[str, str]:
    """What a sealed journal's header records about its key."""
    return {"alg": ALGORITHM, "key_id": key.key_id}


def seal_path(journal: str | os.PathLike[str]) -> Path:
    """Where the seal lines of ``journal`` are kept: ``<journal>.seal``."""
    return Path(f"{os.fspath(journal)}.seal")


# ---------------------------------------------------------------------- writing


class SealWriter:
    """Appends seal lines for one journal; the :class:`~cpx.journal.writer.JournalWriter` drives it."""

    def __init__(self, journal: Path, key: SealKey, *, continuing: bool = False,
                 keep_lines: int = 0) -> None:
        self.key = key
        self.path = seal_path(journal)
        self.sealed_lines = 0
        """The highest journal line a seal covers so far."""
        try:
            if continuing and self.path.exists():
                self._trim(keep_lines)
                self._file = open_append(self.path)
            else:
                self._file = create_exclusive(self.path)
        except FileExistsError:
            raise CpxError(f"{self.path} already exists; a seal file is never overwritten",
                           "Seal exists") from None
        except OSError as error:
            raise CpxError(f"cannot write {self.path}: {error.strerror or error}", "Seal") from None

    def _trim(self, keep_lines: int) -> None:
        """Drop seals over lines a resume cut back (they name lines that will be rewritten).

        The dropped seal lines are kept beside it (``.seal.tail-N``), never thrown away.
        """
        kept, dropped = [], []
        for line in read_seal_lines(self.path):
            (kept if isinstance(line.get("lines"), int) and line["lines"] <= keep_lines
             else dropped).append(line)
        if not dropped:
            self.sealed_lines = max((line["lines"] for line in kept), default=0)
            return
        number = 1
        while (aside := Path(f"{self.path}.tail-{number}")).exists():
            number += 1
        write_output(aside, "".join(canonical_json(d) + "\n" for d in dropped), mode=0o600)
        replace_atomically(self.path, "".join(canonical_json(d) + "\n" for d in kept), mode=0o600)
        self.sealed_lines = max((line["lines"] for line in kept), default=0)

    def seal(self, kind: str, lines: int, chain: str) -> None:
        """Append a seal of ``kind`` over journal line ``lines`` (hash ``chain``) and make it durable.

        Called only after the journal line itself is on disk, so a seal never names a
        line the journal might lose in a crash.
        """
        if lines <= self.sealed_lines and kind == "checkpoint":
            return
        record = {"type": kind, "lines": lines, "chain": chain, "mac": self.key.mac(kind, lines, chain)}
        self._file.write(canonical_json(record) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self.sealed_lines = lines

    def close(self) -> None:
        self._file.close()


# ---------------------------------------------------------------------- checking


def read_seal_lines(path: Path) -> list[dict[str, Any]]:
    """The seal lines of a seal file (a line that is not a JSON object is kept as ``{}``)."""
    lines: list[dict[str, Any]] = []
    with open_regular(path, "seal file") as handle:
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            try:
                data = json.loads(raw)
            except ValueError:
                data = {}
            lines.append(data if isinstance(data, dict) else {})
            if len(lines) > 10_000_000:
                break
    return lines


@dataclass(frozen=True)
class Origin:
    """What the seal of a journal proves (see :func:`check_origin`)."""

    state: str
    """``proven``, ``unsigned``, ``sealed_no_key`` or ``not_proven``."""
    message: str
    """One sentence for the user."""
    key_id: str | None = None
    """The key the header names, if any."""
    proven_lines: int = 0
    """How many leading journal lines valid seals cover."""

    @property
    def proven(self) -> bool:
        return self.state == "proven"

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "message": self.message, "key_id": self.key_id,
                "proven_lines": self.proven_lines}


def check_origin(journal: Path, header_seal_info: dict[str, Any] | None, line_hashes: list[str],
                 complete: bool, key: SealKey | None) -> Origin:
    """What the seal file of ``journal`` proves about its intact lines.

    ``line_hashes`` are the hashes of the journal's intact lines (line 1 first) and
    ``complete`` whether the last of them is the end line. With no ``key`` nothing is
    proven: the answer only says whether the journal claims a seal.
    """
    seals = seal_path(journal)
    key_id = (header_seal_info or {}).get("key_id") if isinstance(header_seal_info, dict) else None
    if key is None:
        if header_seal_info is None and not seals.exists():
            return Origin("unsigned", "unsigned: origin not proven (the exercise was run without a key)")
        return Origin("sealed_no_key", "sealed, but no key given: origin not checked "
                      "(give the director's key with --key)", key_id)
    if header_seal_info is None:
        return Origin("not_proven", "unsigned: the journal's header names no key, so nothing "
                      "proves it came from an exercise run with this key")
    if key_id != key.key_id:
        return Origin("not_proven", f"the journal was sealed with key {key_id}, not with the key "
                      f"given ({key.key_id})", key_id)
    if not seals.is_file():
        return Origin("not_proven", f"the seal file {seals.name} is missing: origin not proven", key_id)
    proven = 0
    final = False
    for number, seal in enumerate(read_seal_lines(seals), start=1):
        kind, lines, chain, mac = (seal.get(k) for k in ("type", "lines", "chain", "mac"))
        if (kind not in ("checkpoint", "final") or not isinstance(lines, int) or lines < 1
                or not isinstance(chain, str) or not isinstance(mac, str)):
            return Origin("not_proven", f"{seals.name} line {number} is not a seal line "
                          "(the seal file was altered)", key_id, proven)
        if lines > len(line_hashes):
            return Origin("not_proven", f"{seals.name} line {number} seals journal line {lines}, "
                          f"but only {len(line_hashes)} lines are intact", key_id, proven)
        if not hmac.compare_digest(mac, key.mac(kind, lines, chain)):
            return Origin("not_proven", f"{seals.name} line {number} was not made with this key "
                          "(forged or altered)", key_id, proven)
        if chain != line_hashes[lines - 1]:
            return Origin("not_proven", f"journal line {lines} is not the line sealed there "
                          f"({seals.name} line {number}): the journal was edited or "
                          "re-simulated with other orders", key_id, proven)
        proven = max(proven, lines)
        final = final or (kind == "final" and lines == len(line_hashes))
    if complete and final:
        return Origin("proven", f"proven: all {len(line_hashes)} lines were sealed with key "
                      f"{key_id} by the exercise run", key_id, proven)
    if complete:
        return Origin("not_proven", f"no final seal covers the end line (sealed up to line "
                      f"{proven} of {len(line_hashes)})", key_id, proven)
    return Origin("not_proven", f"the journal is unfinished; its seals prove lines 1–{proven} "
                  "only", key_id, proven)

"""Safe files: every file cpx writes or reads as a user's input goes through here.

Four rules, each one a way exercise data was lost or a check fooled before:

* **Never overwrite an input.** ``cpx report LOG -o LOG`` must not replace the journal,
  whatever ``--force`` says: :func:`write_output` refuses a target that is the same file
  as any input it is given.
* **Never overwrite an existing file without ``--force``** (a schema, a report, a key).
* **Atomic, and never through a planted symlink.** Content goes to a fresh temporary file
  in the target's folder, created with ``O_EXCL`` under a random name (``mkstemp``), made
  durable, then renamed over the target with ``os.replace`` — which replaces a symlink at
  the target instead of writing where it points. A crash leaves the old file or the new
  one, never half of one; a link someone placed at ``FILE.tmp`` is never opened.
* **Inputs must be regular files.** ``/dev/zero``, a FIFO or a folder given as a journal
  or a scenario is refused before anything reads it (a read would never end, or block).

New journals are created with :func:`create_exclusive` (``O_EXCL | O_NOFOLLOW``, mode
0600: a live journal holds the exercise's ground truth and is for its owner only).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from cpx.errors import CpxError

PathLike = str | os.PathLike[str]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def require_regular(path: PathLike, what: str = "file") -> Path:
    """``path`` as a Path if it is a regular file (symlinks to one are fine), else CpxError.

    Stats without opening, so a FIFO is refused without blocking on it.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CpxError(f"cannot read {path}: no such {what}", "Not found") from None
    except OSError as error:
        raise CpxError(f"cannot read {path}: {error.strerror or error}", "Not readable") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a device, pipe or socket)"
        raise CpxError(f"{path} is {kind}; give the path of a {what}", "Not a file")
    return path


def open_regular(path: PathLike, what: str = "file"):
    """Open ``path`` for binary reading, refusing anything but a regular file.

    Checked on the open descriptor (``fstat``), so the file cannot be swapped for a
    device between the check and the read; ``O_NONBLOCK`` keeps a FIFO from blocking
    the open itself.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise CpxError(f"cannot read {path}: no such {what}", "Not found") from None
    except OSError as error:
        raise CpxError(f"cannot read {path}: {error.strerror or error}", "Not readable") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CpxError(f"{path} is not a regular file; give the path of a {what}", "Not a file")
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def same_file(a: PathLike, b: PathLike) -> bool:
    """Whether ``a`` and ``b`` name one file (through links, ``..`` or hard links)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: PathLike, *, force: bool = False, inputs: tuple[PathLike, ...] = ()) -> Path:
    """Refuse an output path that is an input, an existing file (without ``force``) or a folder."""
    path = Path(path)
    for source in inputs:
        if source is not None and same_file(path, source):
            raise CpxError(
                f"{path} is an input of this command ({source}); write the output elsewhere",
                "Not overwritten",
            )
    if os.path.lexists(path):
        if path.is_dir():
            raise CpxError(f"{path} is a folder; give a file name", "Not written")
        if not force:
            raise CpxError(f"{path} already exists; choose another name or add --force",
                           "Not overwritten")
    return path


def write_output(
    path: PathLike,
    data: bytes | str,
    *,
    force: bool = False,
    inputs: tuple[PathLike, ...] = (),
    mode: int = 0o644,
) -> Path:
    """Write ``data`` to ``path`` atomically, by the rules of the module docstring.

    ``inputs`` are the files the command read: the output may never be one of them.
    ``mode`` is applied to the new file (0600 for anything holding keys or the truth).
    """
    path = check_output(path, force=force, inputs=inputs)
    return replace_atomically(path, data, mode=mode)


def replace_atomically(path: PathLike, data: bytes | str, *, mode: int = 0o644) -> Path:
    """Write ``data`` to a fresh temporary file beside ``path``, then rename it over ``path``.

    For files cpx owns and rewrites (notes, the verification cache); user-facing
    outputs go through :func:`write_output`, which checks the target first.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise CpxError(f"cannot write {path}: {error.strerror or error}", "Not written") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise CpxError(f"cannot write {path}: {error.strerror or error}", "Not written") from None
        raise
    return path


def create_exclusive(path: PathLike, mode: int = 0o600):
    """A new file at ``path`` opened for appending text; refuses any existing name.

    ``O_EXCL`` fails on an existing file *and* on a symlink (even a dangling one), so a
    journal is never written through a link or over another file.
    """
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    return os.fdopen(fd, "a", encoding="utf-8", newline="\n")


def open_append(path: PathLike):
    """An existing regular file opened for appending text, never through a symlink."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | _NOFOLLOW)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CpxError(f"{path} is not a regular file", "Not a file")
        return os.fdopen(fd, "a", encoding="utf-8", newline="\n")
    except BaseException:
        os.close(fd)
        raise

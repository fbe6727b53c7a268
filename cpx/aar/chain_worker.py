"""Checking the hash chain of one byte range of a journal, in a separate process.

Hashing every line (SHA-256) is the one cost of reading a journal that no parsing trick
removes: about 1.5 s for a million lines on one core. :mod:`cpx.aar.chain_check` splits
the file into line-aligned byte ranges and runs this module as a plain script on each
(``python chain_worker.py PATH START STOP``), so the hashing uses the other cores while
the reading process extracts the index's fields.

For its range the worker reports, as one JSON line on stdout: the ``prev`` link of its
first line, the hash of its last line, and whether every other line's ``prev`` is the
hash of the line before it. The caller joins the ranges (the first link of one range
must be the last hash of the range before it). The worker does not locate a break: a
broken chain sends the caller to the exact line-by-line pass, which names the line.

It imports nothing from cpx, so it starts in a few tens of milliseconds.
"""

from __future__ import annotations

import json
import sys
from hashlib import sha256
from operator import itemgetter, methodcaller

CHUNK = 1 << 23
_LINK = b'"prev":"'
_HEX = methodcaller("hexdigest")
_FIRST_64 = itemgetter(slice(0, 64))


def check_range(path: str, start: int, stop: int, chunk_size: int = CHUNK) -> dict:
    """The chain report of the whole lines in ``[start, stop)`` (see the module docstring).

    ``start`` must be a line start and ``stop`` a line start or the file size; the range
    is read in chunks, so memory stays small whatever its size.
    """
    first_link: str | None = None
    last_hash: str | None = None
    intact = True
    lines_seen = 0
    with open(path, "rb") as stream:
        stream.seek(start)
        remaining = stop - start
        rest = b""
        while remaining > 0 and intact:
            chunk = stream.read(min(chunk_size, remaining))
            if not chunk:
                intact = False  # the file shrank under us
                break
            remaining -= len(chunk)
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if remaining <= 0 and cut != len(data):
                intact = False  # the range does not end at a line end
            data, rest = data[:cut], data[cut:]
            if not data:
                continue
            lines = data.split(b"\n")
            lines.pop()  # after the final newline
            # Every line has exactly one link (canonical lines, payload keys are not
            # "prev"), so splitting at the links puts each line's link at the head of a
            # piece. Any other count is a break, or something the exact pass must read.
            # Every step is a C loop (split, map, join): no Python per line.
            pieces = data.split(_LINK)
            if len(pieces) != len(lines) + 1:
                intact = False
                break
            links = b"".join(map(_FIRST_64, pieces[1:]))
            hashes = "".join(map(_HEX, map(sha256, lines))).encode()
            if first_link is None:
                first_link = links[:64].decode("ascii", "replace")
                expected, got = hashes[:-64], links[64:]
            else:
                expected, got = last_hash.encode() + hashes[:-64], links
            if got != expected:
                intact = False
            last_hash = hashes[-64:].decode()
            lines_seen += len(lines)
    return {"first_link": first_link, "last_hash": last_hash, "intact": intact,
            "lines": lines_seen}


def main(argv: list[str]) -> int:
    path, start, stop = argv[0], int(argv[1]), int(argv[2])
    sys.stdout.write(json.dumps(check_range(path, start, stop)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

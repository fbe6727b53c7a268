"""The journal's line format: canonical JSON and the hash chain that links the lines.

Every journal line is one JSON object written canonically — keys sorted, no spaces,
UTF-8 kept as is — so the same record always gives the same bytes and two runs can be
compared byte for byte. Each line carries ``"prev"``: the SHA-256 (hex) of the text of
the line before it (without its newline); the header's ``prev`` is the hash of the
empty string. A cut, an edited or an inserted line therefore breaks the chain at the
first line that is no longer what its successor expects.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

FORMAT = 1
"""The journal format version written in the header; the reader refuses others."""

MAX_LINE_BYTES = 1 << 20
"""The longest line a reader accepts; journal lines are a few hundred bytes."""

GENESIS = hashlib.sha256(b"").hexdigest()
"""The ``prev`` of the header line: the hash of the empty string."""


def canonical_json(record: dict[str, Any]) -> str:
    """The one canonical text of a record: sorted keys, compact, non-ASCII kept.

    ``allow_nan=False`` because NaN and infinities are not JSON: a payload carrying one is
    an engine bug and must fail at the write, not at a later read.
    """
    return json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def line_hash(text: str) -> str:
    """The SHA-256 hex of a line's text (without its newline), as the next line's ``prev``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

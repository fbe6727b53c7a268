"""Reading the fields of many canonical journal lines at once, with numpy.

A canonical event line ends ``"prev":"<64 hex>","seq":N,"t":N,"type":"event",
"visibility":"V"}`` and starts ``{"kind":"K"``. Rather than visit each line in Python,
these helpers look at a whole chunk of lines as one byte array: they find every
``"prev":"`` and take each line's last, read the digits after it, and cut the kind,
visibility, unit and agency out as fixed-width windows that numpy can compare and
count. Lines that do not have the event shape (orders, the end line, anything damaged)
are flagged for the caller to read the slow way.
"""

from __future__ import annotations

import numpy as np

_HEX = np.full(256, 255, dtype=np.uint8)
for _i, _c in enumerate(b"0123456789abcdef"):
    _HEX[_c] = _i
_TAIL_SEQ = np.frombuffer(b'","seq":', np.uint8)
_TAIL_T = np.frombuffer(b',"t":', np.uint8)
_TAIL_TYPE = np.frombuffer(b',"type":"event","visibility":"', np.uint8)
_KIND_HEAD = np.frombuffer(b'{"kind":"', np.uint8)
DIGITS = 12
"""Digits read for a sequence number or a time (10^12 minutes is ample)."""


PAD = 128
"""Zero bytes the caller appends to a chunk so every window stays inside the buffer."""


def windows(buf: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """``width`` bytes from each start, shape (n, width); ``buf`` ends in :data:`PAD` zeros.

    Rows of a sliding-window view are gathered, so no (n, width) index array is built.
    """
    view = np.lib.stride_tricks.sliding_window_view(buf, width)
    return view[np.clip(starts, 0, len(buf) - width)]


def matches(buf: np.ndarray, starts: np.ndarray, pattern: np.ndarray) -> np.ndarray:
    """Whether ``pattern`` stands at each start.

    Compared 8 bytes at a time, as unaligned 64-bit words read straight from the buffer
    (a byte-strided view): a quarter of the work of gathering byte windows.
    """
    size = len(pattern)
    if size < 8:
        return (windows(buf, starts, size) == pattern).all(axis=1)
    words = np.ndarray((len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
    at = np.clip(starts, 0, len(buf) - size)
    found = np.ones(len(starts), dtype=bool)
    text = pattern.tobytes()
    for shift in sorted({*range(0, size - 7, 8), size - 8}):
        found &= words[at + shift] == np.frombuffer(text[shift:shift + 8], "<u8")[0]
    return found


def numbers(buf: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The unsigned decimal integer at each start and its number of digits."""
    win = windows(buf, starts, DIGITS + 1)
    value = np.zeros(len(starts), np.int64)
    length = np.zeros(len(starts), np.int64)
    going = np.ones(len(starts), dtype=bool)
    for k in range(DIGITS):  # Horner, a column at a time, until no number goes on
        digit = win[:, k].astype(np.int64) - 48
        going &= (digit >= 0) & (digit <= 9)
        if not going.any():
            break
        value = np.where(going, value * 10 + digit, value)
        length += going
    return value, length


_MIX = (np.arange(1, 7, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) | np.uint64(1)


def labels(buf: np.ndarray, starts: np.ndarray, stops: np.ndarray, width: int = 48) -> np.ndarray:
    """The text between each start and stop (at most ``width`` bytes) as an ``S`` array."""
    win = windows(buf, starts, width).copy()
    win[np.arange(width)[None, :] >= (stops - starts)[:, None]] = 0
    return np.ascontiguousarray(win).view(f"S{width}").reshape(-1)


def label_keys(values: np.ndarray) -> np.ndarray:
    """A 64-bit key per ``S48`` label, so distinct labels are found by an integer sort."""
    words = np.ascontiguousarray(values).view(np.uint64).reshape(len(values), -1)
    with np.errstate(over="ignore"):
        return (words * _MIX[:words.shape[1]]).sum(axis=1, dtype=np.uint64)


def hex_digests(buf: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The 64 hex characters at each start as 32 raw bytes per row (255s where not hex)."""
    nibbles = _HEX[windows(buf, starts, 64)]
    bad = (nibbles == 255).any(axis=1)
    raw = (nibbles[:, 0::2].astype(np.uint16) * 16 + nibbles[:, 1::2]).astype(np.uint8)
    raw[bad] = 255
    return raw


def event_fields(buf: np.ndarray, link_at: np.ndarray, starts: np.ndarray,
                 ends: np.ndarray, links: bool = True) -> dict[str, np.ndarray]:
    """The fields of every line of an event-shaped chunk; ``shaped`` flags those that are.

    ``link_at`` is where each line's last ``"prev":"`` stands (see :func:`key_positions`).
    ``links=False`` leaves out the links' raw bytes (when another process checks the chain).
    """
    has_link = (link_at >= 0) & (link_at + 72 <= ends)
    seq_at = link_at + 72 + len(_TAIL_SEQ)
    seq, seq_len = numbers(buf, seq_at)
    t_head = seq_at + seq_len
    t, t_len = numbers(buf, t_head + len(_TAIL_T))
    vis_at = t_head + len(_TAIL_T) + t_len + len(_TAIL_TYPE)
    kind_stop = starts + 9 + np.argmax(windows(buf, starts + 9, 48) == 34, axis=1)
    shaped = (has_link & matches(buf, starts, _KIND_HEAD)
              & matches(buf, link_at + 72, _TAIL_SEQ) & (seq_len > 0)
              & matches(buf, t_head, _TAIL_T) & (t_len > 0)
              & matches(buf, t_head + len(_TAIL_T) + t_len, _TAIL_TYPE)
              & (buf[np.maximum(ends - 1, 0)] == 125) & (buf[np.maximum(ends - 2, 0)] == 34)
              & (vis_at <= ends - 2) & (kind_stop < starts + 57))
    return {
        "shaped": shaped, "has_link": has_link,
        "link": hex_digests(buf, link_at + 8) if links else None,
        "seq": seq, "t": t,
        "kind": labels(buf, starts + 9, kind_stop),
        "visibility": labels(buf, vis_at, ends - 2, 24),
    }


def key_positions(lines: list[bytes], starts: np.ndarray) -> tuple[np.ndarray, ...]:
    """Where each line's last ``"prev":"`` and first ``"unit":"`` and ``"agency":"`` stand.

    Buffer positions, -1 where absent. ``bytes.find`` per line, in one pass over the lines,
    beats a vectorised search of the chunk: it stops at the first hit.
    """
    found = np.array([(line.rfind(b'"prev":"'), line.find(b'"unit":"'), line.find(b'"agency":"'))
                      for line in lines], dtype=np.int64).reshape(-1, 3)
    return tuple(np.where(found[:, k] >= 0, starts + found[:, k], -1) for k in range(3))


def key_values(buf: np.ndarray, at: np.ndarray, key: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The string value after each ``"key":"`` at ``at`` (-1: none), and whether there is one."""
    present = at >= 0
    value_at = np.where(present, at, 0) + len(key) + 4
    stop = value_at + np.argmax(windows(buf, value_at, 48) == 34, axis=1)
    return labels(buf, value_at, stop), present


def occurrences(body: bytes, pattern: bytes) -> np.ndarray:
    """The position of every occurrence of ``pattern`` in ``body``, in order.

    ``bytes.split`` finds them in C (a fast substring search); the pieces' lengths give
    the positions, with no Python step per occurrence.
    """
    pieces = body.split(pattern)
    lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
    return np.cumsum(lengths[:-1]) + np.arange(len(pieces) - 1, dtype=np.int64) * len(pattern)


def first_per_line(positions: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each line (its start in ``starts``), the first of ``positions`` in it, or -1."""
    found = np.full(len(starts), -1, dtype=np.int64)
    if len(positions):
        line = np.searchsorted(starts, positions, side="right") - 1
        first = np.concatenate(([True], line[1:] != line[:-1]))
        found[line[first]] = positions[first]
    return found


_Q = ord("q")
_SEQ_KEY = np.frombuffer(b'"seq":', np.uint8)


def last_seq_key(buf: np.ndarray, size: int, starts: np.ndarray) -> np.ndarray:
    """Where each line's last ``"seq":`` stands (buffer positions), -1 where none.

    Found from the rare byte ``q``: one comparison over the chunk gives the candidates,
    a few more keep those that are the key. In a canonical event line the last one is
    the event's own sequence number (it follows the payload).
    """
    q = np.flatnonzero(buf[:size] == _Q)
    q = q[(q >= 3) & (q + 2 < size)]
    at = q - 3
    keep = np.ones(len(at), dtype=bool)
    for k, byte in enumerate(_SEQ_KEY):
        keep &= buf[at + k] == byte
    at = at[keep]
    found = np.full(len(starts), -1, dtype=np.int64)
    if len(at):
        line = np.searchsorted(starts, at, side="right") - 1
        last = np.concatenate((line[1:] != line[:-1], [True]))
        found[line[last]] = at[last]
    return found

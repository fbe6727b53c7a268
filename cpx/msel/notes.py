"""The Notes column and the scenario file's comments: the comment lines above an inject.

HSEEP's Notes column has no field in a scenario, but a scenario file has comments: the
lines of comment just above an inject (``# day 2: leads converge``) are its notes. Export
reads them into the Notes column; import writes a changed note back as those lines and
leaves unchanged ones exactly as they were.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_RULE = re.compile(r"^[-=#~*_ ]+|[-=#~*_ ]+$")


def comment_text(tokens: Any) -> str:
    """The text of ruamel comment tokens: comment marks, blank lines and rule dashes removed."""
    lines = []
    for token in tokens or []:
        value = getattr(token, "value", "") or ""
        for line in value.splitlines():
            line = line.strip()
            if line.startswith("#"):
                text = _RULE.sub("", line.lstrip("#").strip())
                if text:
                    lines.append(text)
    return "\n".join(lines)


def same_note(a: str, b: str) -> bool:
    """Whether two notes say the same (spacing and rule dashes aside)."""
    def norm(text: str) -> str:
        return " ".join(_RULE.sub("", line.strip()) for line in text.splitlines() if line.strip())
    return norm(a) == norm(b)


def tokens_before(seq: Any, index: int) -> Any:
    """The comment tokens above item ``index`` of a ruamel sequence."""
    if index == 0:
        comment = seq.ca.comment
        return comment[1] if comment and len(comment) > 1 else None
    entry = seq.ca.items.get(index)
    return entry[1] if entry and len(entry) > 1 else None


def file_notes(path: str | Path) -> dict[str, str]:
    """Each inject's notes (by id) in a scenario file; {} when the file cannot be read so."""
    from cpx.msel.importer import _section_span, _yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        span = _section_span(text)
        if span is None:
            return {}
        seq = (_yaml().load(text[span[0]:span[1]]) or {}).get("injects") or []
    except Exception:  # notes are a courtesy: a file ruamel cannot read still exports
        return {}
    notes = {}
    for index, item in enumerate(seq):
        if isinstance(item, dict) and "id" in item:
            note = comment_text(tokens_before(seq, index))
            if note:
                notes[str(item["id"])] = note
    return notes


def set_note(seq: Any, index: int, note: str) -> None:
    """Write ``note`` as the comment lines above item ``index`` (a blank line before it)."""
    from ruamel.yaml.tokens import CommentToken
    from ruamel.yaml.error import CommentMark

    lines = [line.strip() for line in note.splitlines() if line.strip()]
    tokens = [CommentToken("\n", CommentMark(0), None)] if index else []
    tokens += [CommentToken(f"# {line}\n", CommentMark(2), None) for line in lines]
    if index == 0:
        seq.ca.comment = [None, tokens] if tokens else None
    else:
        seq.ca.items[index] = [None, tokens, None, None]

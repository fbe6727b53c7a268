"""What the trainee typed → the id the engine and the journal use.

The trainee reads codenames (NIGHTJAR), callsigns (HAWK 1) and names (Ilan Voss) on
screen; the engine and the journal speak ids (``inf_nightjar``, ``hel_surveillance_1``,
``ilan_voss``). Everywhere an id is accepted, so is the name the trainee sees, typed in
any case, with ``_``/``-`` or nothing for its spaces (``hawk1``, ``HAWK_1``,
``ilan-voss``), or by one of its words when that word names one thing only (``voss``).
A near miss raises a :class:`CpxError` that says "did you mean …"; the journal keeps
ids only. Pure functions, no Textual: the command line, its completion and the tests
share them.
"""

from __future__ import annotations

import difflib
import re

from cpx.errors import CpxError
from cpx.tui.viewdata import Vocabulary

NEAR_MISS_CUTOFF = 0.75
"""How alike (difflib ratio) a typed word must be to a known one to be suggested."""


def squash(text: str) -> str:
    """A name as matched: lower case, letters and digits only ('HAWK 1' → 'hawk1')."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def handle(name: str) -> str:
    """A shown name as one word to type: its spaces as ``_`` ('HAWK 1' → 'HAWK_1')."""
    return "_".join(name.split())


class Resolver:
    """Maps typed words to unit and target ids of one :class:`Vocabulary`."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.units = self._index({u: vocabulary.unit_names.get(u, u) for u in vocabulary.units})
        self.targets = self._index({t: vocabulary.target_names.get(t, t)
                                    for t in vocabulary.targets})

    @staticmethod
    def _index(shown: dict[str, str]) -> dict[str, dict[str, list[str]]]:
        """``full``: squashed id or whole name → ids; ``word``: one squashed word → ids."""
        full: dict[str, list[str]] = {}
        words: dict[str, list[str]] = {}
        for ident, name in shown.items():
            for key in dict.fromkeys((squash(ident), squash(name))):
                if key:
                    full.setdefault(key, []).append(ident)
            for word in dict.fromkeys(squash(w) for w in re.split(r"[\s_\-]+", name)):
                if len(word) >= 3:
                    words.setdefault(word, []).append(ident)
        return {"full": full, "word": words, "shown": shown}  # type: ignore[dict-item]

    # ------------------------------------------------------------------ lookups
    def unit(self, word: str) -> str | None:
        """The id of the own unit ``word`` names (its id or whole callsign), or None.

        Not by one word of a callsign: 'tarsk' is the town, not TARSK 10."""
        return self._find(self.units, word, by_word=False)

    def target(self, word: str) -> str | None:
        """The id of the known target ``word`` names (id, name or codename), or None."""
        return self._find(self.targets, word)

    def _find(self, index, word: str, by_word: bool = True) -> str | None:
        if word in index["shown"]:
            return word  # an id typed exactly
        key = squash(word)
        if not key:
            return None
        found = index["full"].get(key, [])
        if len(found) == 1:
            return found[0]
        if not found and by_word:
            found = index["word"].get(key, [])
            if len(found) == 1:
                return found[0]
        if len(found) > 1:
            names = ", ".join(self._shown(index, i) for i in found[:6])
            raise CpxError(f"'{word}' could be {names}; type the one you mean",
                           "Which one?")
        return None

    def suggestions(self, word: str, *, units: bool = True, targets: bool = True) -> list[str]:
        """Known things whose id or name is close to ``word``, as the trainee reads them."""
        key = squash(word)
        if not key:
            return []
        pools = ([self.units] if units else []) + ([self.targets] if targets else [])
        out: list[str] = []
        for index in pools:
            keys = list(index["full"]) + list(index["word"])
            for close in difflib.get_close_matches(key, keys, n=4, cutoff=NEAR_MISS_CUTOFF):
                for ident in index["full"].get(close, []) + index["word"].get(close, []):
                    label = self._shown(index, ident)
                    if label not in out:
                        out.append(label)
        return out[:4]

    @staticmethod
    def _shown(index, ident: str) -> str:
        name = index["shown"].get(ident, ident)
        return name if squash(name) == squash(ident) else f"{name} ({ident})"

    def did_you_mean(self, word: str, what: str, *, units: bool = True,
                     targets: bool = True) -> None:
        """Raise "did you mean …" when ``word`` is a near miss of something known."""
        close = self.suggestions(word, units=units, targets=targets)
        if close:
            raise CpxError(f"'{word}' is not {what} — did you mean {' or '.join(close)}?",
                           "Did you mean")

    # --------------------------------------------------------------- completion
    def unit_matches(self, prefix: str) -> list[tuple[str, str]]:
        """(id, word to insert) of own units whose id or callsign starts with ``prefix``."""
        return self._matches(self.units, prefix)

    def target_matches(self, prefix: str) -> list[tuple[str, str]]:
        """(id, word to insert) of known targets whose id or name starts with ``prefix``."""
        return self._matches(self.targets, prefix)

    def _matches(self, index, prefix: str) -> list[tuple[str, str]]:
        key = squash(prefix)
        lowered = prefix.lower()
        out = []
        for ident, name in index["shown"].items():
            words = [squash(w) for w in re.split(r"[\s_\-]+", name)]
            if ident.lower().startswith(lowered) and not squash(name).startswith(key) \
                    and not any(w.startswith(key) for w in words):
                out.append((ident, ident))  # typed as the id: complete the id
            elif key and (squash(name).startswith(key) or any(w.startswith(key) for w in words)):
                out.append((ident, self.word_for(ident, index)))
        return out

    def word_for(self, ident: str, index=None) -> str:
        """What completion inserts for ``ident``: the name shown, as one word, when that
        word names it alone; else the id."""
        if index is None:
            index = self.units if ident in self.units["shown"] else self.targets
        word = handle(index["shown"].get(ident, ident))
        try:
            if self._find(index, word) == ident:
                return word
        except CpxError:
            pass
        return ident

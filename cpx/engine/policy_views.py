"""What changed in a cell's picture since a policy last looked, and views kept across hours.

The baseline decides every hour from the whole picture, but most hours only a few of its
tables change (a unit's status, an order completed, a source's report). The picture
records the kind of every event it folds in (:attr:`cpx.engine.picture.Picture.kinds`);
:class:`PictureChanges` turns the kinds that arrived since the last look into the set
of tables they may have written, so the policy recomputes only what depends on those.

:data:`TOUCHES` names, for the kinds that arrive most hours, the tables their picture
handlers write (rows or keys). Any kind not listed counts as touching every table: a
kind added later, or a handler that starts writing elsewhere, can only make a policy
recompute more, never decide from a stale view — provided a listed kind's entry is
kept in step with its handler in ``picture.py`` (tests/engine/test_policy_shortcuts.py
plays flagship runs with and without the views and compares the orders hour by hour).
"""

from __future__ import annotations

from typing import Any, Callable, Final, Protocol

TABLES = frozenset({"units", "orders", "cases", "warrants", "people", "custody", "roles",
                    "places", "routes", "clients", "danger", "informants", "victims"})
"""The picture's tables a policy reads (``messages`` are read by position instead).
Four are parts of another, each changed by fewer kinds than the whole:

* ``cases``: the cases' evidence and strength (a case opened by a warrant request or
  decision alone, without evidence, reads as no case: strength 0);
* ``warrants``: the warrant state of each case that has one;
* ``custody``: the people no longer at large (arrested, released), with their status;
* ``roles``: the roles each person is suspected in.

Writes to tables no policy reads (``seen``, ``links``) are not tracked."""

PICTURE_WIDE = frozenset({"people", "places", "routes", "clients"})
"""What naming an entity in a message may add or update (``Picture._mention``)."""

TOUCHES: dict[str, frozenset[str]] = {
    "briefing.member": frozenset({"people"}),
    "briefing.place": frozenset({"places"}),
    "briefing.informant": frozenset({"informants"}),
    "informant.regraded": frozenset({"informants"}),
    "unit.status": frozenset({"units"}),
    "order.accepted": frozenset({"orders", "warrants"}),  # a warrant request marks its case
    "order.completed": frozenset({"orders"}),
    "order.rejected": frozenset(),
    "report.informant": PICTURE_WIDE | {"danger", "informants", "roles"},
    "report.surveillance": PICTURE_WIDE,
    "inject": PICTURE_WIDE | {"danger"},
    "reply": PICTURE_WIDE,
    "evidence.added": frozenset({"cases", "people"}),
    "evidence.status": frozenset({"cases", "people"}),
    "warrant.granted": frozenset({"warrants"}),
    "warrant.refused": frozenset({"warrants"}),
    "raid.result": frozenset({"places", "clients"}),
    "inspection.result": frozenset({"places", "people"}),
    "arrest.made": frozenset({"people", "custody"}),
    "suspect.released": frozenset({"people", "custody"}),
    "person.met": frozenset({"victims"}),
    "interview.result": frozenset({"victims"}),
    "victim.identified": frozenset({"victims"}),
    "victim.referred": frozenset({"victims"}),
    "victim.custody": frozenset({"victims"}),
    "victim.reflection": frozenset({"victims"}),
    "victim.consent": frozenset({"victims"}),
    "victim.residence": frozenset({"victims"}),
    "victim.returned": frozenset({"victims"}),
    "victim.compensation": frozenset({"victims"}),
    "person.seen": frozenset(),
    "person.gone": frozenset(),
    "person.came_forward": frozenset(),
    "cell.message": frozenset(),
    "request.received": frozenset(),
}
"""Event kind -> the picture tables its handler may write; unlisted kinds: all."""

BIT: Final = {name: 1 << i for i, name in enumerate(sorted(TABLES))}
"""Each table's bit in a mask of tables (masks are cheaper to join hourly than sets)."""
ALL: Final = sum(BIT.values())
"""The mask of every table."""


def mask(tables: frozenset[str] | set[str]) -> int:
    """The mask of ``tables``."""
    return sum(BIT[name] for name in tables)


_MASKS: Final = {kind: mask(tables) for kind, tables in TOUCHES.items()}


class EventKinds(Protocol):
    """What :class:`PictureChanges` reads of a picture (a :class:`cpx.engine.picture.Picture`
    or anything keeping such a list): the kind of every event folded in, in order."""

    kinds: list[str]


class PictureChanges:
    """Which tables of one cell's picture changed since the last :meth:`since_last`."""

    def __init__(self) -> None:
        self.picture: Any = None
        self.seen = 0  # how many of the picture's kinds have been looked at
        self.rebuilt = True  # whether the last look found a new picture (or the first)

    def since_last(self, pic: EventKinds) -> int:
        """The mask of the tables written since the last call: all of them the first
        time, or when the picture was replaced (a rebuilt picture may hold anything;
        :attr:`rebuilt` then says so)."""
        kinds = pic.kinds
        seen = self.seen
        if pic is not self.picture or len(kinds) < seen:
            self.picture, self.seen, self.rebuilt = pic, len(kinds), True
            return ALL
        self.rebuilt = False
        if len(kinds) == seen:
            return 0
        self.seen = len(kinds)
        # Each kind's mask (ALL for a kind not listed), joined once per kind: most new
        # kinds repeat a few (unit.status, order.accepted, order.completed).
        touched = 0
        masks = _MASKS
        if COMPILED:  # (defined below, once the class is made)
            # compiled: each kind's mask read in place (no slice, no set of them), until
            # every table is touched
            for at in range(seen, len(kinds)):
                touched |= masks.get(kinds[at], ALL)
                if touched == ALL:
                    break
            return touched
        for kind in set(kinds[seen:]):
            touched |= masks.get(kind, ALL)
        return touched


COMPILED: Final = not hasattr(PictureChanges(), "__dict__")
"""Whether the policy modules run compiled (mypyc: a native class keeps no instance
dicts), where a plain loop beats the calls that set up a loop in C (map, compress…)."""


class SortedKeys:
    """A table's keys in sorted order, sorted again only when the table grew.

    The picture's tables only ever gain keys, so an unchanged size means unchanged
    keys; :meth:`clear` forgets everything when the picture is replaced. With
    ``keep=False`` the keys are sorted at every look (no shortcut).
    """

    def __init__(self, key: Callable[[str], Any] | None = None, keep: bool = True) -> None:
        self.key = key
        self.keep = keep
        self.size = -1
        self.keys: list[str] = []

    def of(self, table: dict[str, Any]) -> list[str]:
        """``sorted(table, key=...)``, from the last sort when the table kept its size."""
        if len(table) != self.size or not self.keep:
            self.keys = sorted(table, key=self.key)
            self.size = len(table)
        return self.keys

    def clear(self) -> None:
        """Sort again at the next look."""
        self.size = -1

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

from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from cpx.engine.picture import Picture

TABLES = frozenset({"units", "orders", "cases", "people", "custody", "places", "routes",
                    "clients", "danger", "informants", "victims"})
"""The picture's tables a policy reads (``messages`` are read by position instead), and
``custody``: the people no longer at large (arrested, released), with their ``status``,
which only an arrest or a release changes although many reports add people (at large)
or write their other fields. Writes to tables no policy reads (``seen``, ``links``) are
not tracked."""

PICTURE_WIDE = frozenset({"people", "places", "routes", "clients"})
"""What naming an entity in a message may add or update (``Picture._mention``)."""

TOUCHES: dict[str, frozenset[str]] = {
    "briefing.member": frozenset({"people"}),
    "briefing.place": frozenset({"places"}),
    "briefing.informant": frozenset({"informants"}),
    "informant.regraded": frozenset({"informants"}),
    "unit.status": frozenset({"units"}),
    "order.accepted": frozenset({"orders", "cases"}),  # a warrant request marks its case
    "order.completed": frozenset({"orders"}),
    "order.rejected": frozenset(),
    "report.informant": PICTURE_WIDE | {"danger", "informants"},
    "report.surveillance": PICTURE_WIDE,
    "inject": PICTURE_WIDE | {"danger"},
    "reply": PICTURE_WIDE,
    "evidence.added": frozenset({"cases", "people"}),
    "evidence.status": frozenset({"cases", "people"}),
    "warrant.granted": frozenset({"cases"}),
    "warrant.refused": frozenset({"cases"}),
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

NOTHING: frozenset[str] = frozenset()


class PictureChanges:
    """Which tables of one cell's picture changed since the last :meth:`since_last`."""

    def __init__(self) -> None:
        self.picture: Any = None
        self.seen = 0  # how many of the picture's kinds have been looked at

    def since_last(self, pic: "Picture") -> frozenset[str]:
        """The tables written since the last call: all of them the first time, or when
        the picture was replaced (a rebuilt picture may hold anything)."""
        kinds = pic.kinds
        if pic is not self.picture or len(kinds) < self.seen:
            self.picture, self.seen = pic, len(kinds)
            return TABLES
        if len(kinds) == self.seen:
            return NOTHING
        touched: set[str] = set()
        for kind in kinds[self.seen:]:
            tables = TOUCHES.get(kind)
            if tables is None:
                touched = set(TABLES)
                break
            touched |= tables
        self.seen = len(kinds)
        return frozenset(touched)


class SortedKeys:
    """A table's keys in sorted order, sorted again only when the table grew.

    The picture's tables only ever gain keys, so an unchanged size means unchanged
    keys; :meth:`clear` forgets everything when the picture is replaced.
    """

    def __init__(self, key: Callable[[str], Any] | None = None) -> None:
        self.key = key
        self.size = -1
        self.keys: list[str] = []

    def of(self, table: dict[str, Any]) -> list[str]:
        """``sorted(table, key=...)``, from the last sort when the table kept its size."""
        if len(table) != self.size:
            self.keys = sorted(table, key=self.key)
            self.size = len(table)
        return self.keys

    def clear(self) -> None:
        """Sort again at the next look."""
        self.size = -1

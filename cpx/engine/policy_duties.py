"""The baseline investigator's doctrinal answers to what is not an investigation step.

Read from the cell's picture only (the messages it was sent, its victims' rows), as a
commander would:

* **the press** (an inject of type ``media``): answered victim-first, without operational
  detail (DOMAIN.md §2: victims are protected, not punished) — a ``public_statement``
  with the line ``victim_centred`` about what the question names (or the venue last
  raided, when it names nothing the cell knows);
* **a report that an official works for the network** (a message naming a person in the
  words such reports use, or a source's report of that role): to internal affairs,
  covertly, since questioning the official openly warns the network (§6);
* **a victim who agreed to give evidence**: a temporary residence permit for
  cooperation (CoE Art. 14), so the future does not hang on the case.

Each is given once per subject.
"""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import contains, itemgetter
from typing import TYPE_CHECKING, Any, Final

from cpx.engine.orders import Order, _made
from cpx.engine.policy_views import ALL, BIT, COMPILED, SortedKeys

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.picture import Picture

CORRUPTION_CUES = ("envelope", "bribe", "corrupt", "on their payroll", "on the payroll",
                   "tells them before", "tips them off", "warns them before", "paid off",
                   "takes money from", "protects the")
"""Words by which a message reports that an official works for the network."""
CUES: Final = re.compile("|".join(map(re.escape, CORRUPTION_CUES)))
"""Finds any of the cues in a text in one pass."""
CORRUPT_ROLE: Final = "corrupt_official"
"""The role a source may report a person in."""
ROLES: Final = BIT["roles"]
VICTIMS: Final = BIT["victims"]
_ROLES: Final = itemgetter("roles_suspected")

_CUED: Final[dict[str, bool]] = {}
"""Texts already looked at -> whether a cue is in them (the scenario's injects, the same
texts in every run of a sweep)."""
_CUED_MAX: Final = 4096
"""Texts kept before the memo starts afresh (it must not grow without bound)."""


def cued(text: str) -> bool:
    """Whether ``text`` reports an official working for the network: any of
    :data:`CORRUPTION_CUES` in it, whatever the case — found in one pass (:data:`CUES`),
    once per text."""
    found = _CUED.get(text)
    if found is None:
        if len(_CUED) >= _CUED_MAX:
            _CUED.clear()
        found = _CUED[text] = CUES.search(text.lower()) is not None
    return found


class Duties:
    """What the baseline owes the press, internal affairs and cooperating victims."""

    def __init__(self) -> None:
        self.seen = 0  # how many of the picture's messages have been read
        # (what, target) already ordered (Baseline.remember adds an earlier order's
        # target, typed str | None as Order.target is)
        self.given: set[tuple[str, str | None]] = set()
        self._victims = SortedKeys()

    def forget(self) -> None:
        """Sort the victims again at the next look (a new picture)."""
        self._victims.clear()

    def orders(self, ex: "Exercise", pic: "Picture", touched: int = ALL) -> list[Order]:
        """This hour's orders of these kinds.

        ``touched`` is the mask of the picture's tables written since the last call
        (:mod:`cpx.engine.policy_views`; default: all of them): the people's roles and
        the victims are looked over again only when they changed, since each subject
        is answered once and an unchanged row calls for nothing new.
        """
        out: list[Order] = []
        if len(pic.messages) < self.seen:  # the picture was rebuilt: read all again
            self.seen = 0
        fresh = pic.messages[self.seen:]
        self.seen = len(pic.messages)
        for seq in fresh:  # (most hours none: no map over a bound method to set up)
            event = ex.event(seq)
            if event.kind != "inject":
                continue
            payload = event.payload
            if payload.get("type") == "media":
                target = _statement_target(pic, payload)
                if target and self._once(("statement", target)):
                    out.append(_made("public_statement", None, target, {"line": "victim_centred"}))
                continue
            if cued(str(payload.get("text", ""))):
                for item in payload.get("mentioned", []):
                    if item.get("kind") == "person" and pic.is_person(item["id"]):
                        out.extend(self._integrity(item["id"]))
        if touched & ROLES:
            for pid in suspected_corrupt(pic.people):
                out.extend(self._integrity(pid))
        if touched & VICTIMS:
            victims = pic.victims
            for pid in self._victims.of(victims):
                row = victims[pid]
                if row["status"] == "referred" and row.get("consent") == "agreed" \
                        and not row.get("residence") and self._once(("residence", pid)):
                    out.append(_made("residence_permit", None, pid, {"basis": "cooperation"}))
        return out

    def _integrity(self, pid: str) -> list[Order]:
        if not self._once(("integrity", pid)):
            return []
        return [_made("integrity_check", None, pid, {"approach": "covert"})]

    def _once(self, key: tuple[str, str]) -> bool:
        if key in self.given:
            return False
        self.given.add(key)
        return True


def suspected_corrupt(people: dict[str, dict[str, Any]]) -> list[str]:
    """The people suspected of working for the network as officials, by id: ``[p for p
    in sorted(people) if CORRUPT_ROLE in people[p]["roles_suspected"]]``, picked out in C
    and only those (few) sorted (compiled, by a plain loop: cheaper there)."""
    if COMPILED:
        return sorted([pid for pid, row in people.items()
                       if CORRUPT_ROLE in row["roles_suspected"]])
    return sorted(compress(people, map(contains, map(_ROLES, people.values()),
                                       repeat(CORRUPT_ROLE))))


def _statement_target(pic: "Picture", payload: dict) -> str | None:
    """What a statement answering this question is about: a place or client group the
    question names, else the venue the cell raided last."""
    for item in payload.get("mentioned", []):
        if pic.is_place(item["id"]) or item["id"] in pic.clients:
            return item["id"]
    raided = [(row["raided_at"], vid) for vid, row in pic.places.items()
              if "raided_at" in row]
    return max(raided)[1] if raided else None

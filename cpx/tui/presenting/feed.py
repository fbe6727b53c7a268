"""The message feed and the message detail: one line and one pane per trainee event."""

from __future__ import annotations

from typing import Any

from cpx.journal.events import Event
from cpx.tui.briefing_text import reflow
from cpx.tui.presenting.text import _one_line, _short, _text
from cpx.tui.resolver import handle
from cpx.tui.viewdata import FeedItem, MessageDetail
from cpx.walk_ins import is_walk_in, learn_walk_in, spell_walk_ins

FEED_SOURCES: tuple[str, ...] = ("all", "informants", "units", "injects", "partners", "orders")
"""The feed filters, in the order the filter key cycles through them."""

# kind -> feed source; kinds not listed (unit.status, …) update the boards, not the feed.
_FEED_KINDS: dict[str, str] = {
    "report.informant": "informants",
    "report.surveillance": "units",
    "evidence.added": "units",
    "raid.result": "units",
    "inspection.result": "units",
    "informant.regraded": "informants",
    "person.met": "units",
    "person.seen": "units",
    "person.gone": "units",
    "person.came_forward": "units",
    "interview.result": "units",
    "arrest.made": "units",
    "suspect.released": "partners",
    "inject": "injects",
    "reply": "partners",
    "warrant.granted": "partners",
    "warrant.refused": "partners",
    "victim.referred": "partners",
    "victim.identified": "orders",
    "order.accepted": "orders",
    "order.rejected": "orders",
    "order.completed": "units",
    "exercise.endex": "orders",
    # the victim's pathway and the standing of evidence (cpx.engine.pathway)
    "victim.custody": "units", "victim.reflection": "partners", "victim.consent": "partners",
    "victim.residence": "partners", "victim.returned": "partners",
    "victim.compensation": "partners", "evidence.status": "partners",
    "cell.message": "partners",
    "request.received": "partners",
}
PARTNER_SENDERS = {
    "inspect": "inspectorate", "request_warrant": "prosecutor",
    "refer_victim": "victim support", "report_misconduct": "military police",
    "cross_border_request": "liaison", "financial_investigation": "investigators",
    "residence_permit": "immigration", "assisted_return": "return desk",
    "claim_compensation": "court", "integrity_check": "internal affairs",
    "public_statement": "press office", "border_alert": "border police",
}
"""Who reports an order done when no unit of the cell's carried it out."""

PATHWAY_SENDERS = {
    "victim.custody": "custody", "victim.reflection": "victim support",
    "victim.consent": "victim support", "victim.residence": "immigration",
    "victim.returned": "return desk", "victim.compensation": "court",
}
"""Who tells the cell of each step of a victim's pathway (the feed's sender column)."""

# Trainee events that feed the boards (units, intelligence picture), not the message feed.
BOARD_ONLY_KINDS = frozenset({"unit.status", "briefing.informant", "briefing.member",
                              "briefing.place"})
_FIELD_WORDS = {"minors": "under 18 seen", "count": "how many", "person_id": "person",
                "subject_kind": "about a", "eta": "expected", "order_id": "order id"}
"""Payload keys as the detail pane labels them (words, not field names)."""
_SOURCE_TAG = {"informants": "INF", "units": "UNIT", "injects": "MSG", "partners": "AGCY",
               "orders": "ORD"}


def _sender_short(name: str) -> str:
    """A sender as the feed's narrow column shows it: an agency's acronym ('IPMV'), or
    a name led by one with the initials of the two words after it, so the company and
    its duty officer read alike ('MNSF Military Police Company' and 'MNSF Military
    Police duty officer' → 'MNSF MP'); a name without the words in brackets after it
    ('Open Door (victim-support NGO)' → 'Open Door')."""
    short = _short(name)
    if len(short) > 12 and "(" in short:
        # 'Open Door (victim-support NGO)': the name, without what kind of body it is.
        short = short.split("(")[0].strip() or short
    words = short.split()
    if len(short) <= 12 or len(words) < 2 or not (words[0].isupper() and len(words[0]) >= 2):
        return short
    initials = ""
    for word in words[1:3]:
        if not word[:1].isupper():
            break
        initials += word[0]
    return f"{words[0]} {initials}" if initials else short


class FeedPresenter:
    """Feed lines and message details (a part of :class:`~cpx.tui.presenter.Presenter`)."""

    # Kept by the Presenter: the names the cell knows, which unit each order went to,
    # how each report is cited.
    _names: dict[str, str]
    _order_units: dict[str, str]
    _report_labels: dict[int, str]
    _walk_ins: dict[str, str]
    cell: str

    def feed_item(self, event: Event) -> FeedItem | None:
        """The feed line of a trainee event, or None when it belongs on a board only."""
        if event.visibility != self.cell:
            return None
        source = _FEED_KINDS.get(event.kind)
        if source is None:
            return None
        p = event.payload
        self._learn_payload(p)
        if p.get("person_id"):
            # Named when met (just before they came forward), as the debrief, the replay
            # and the report name them from the journal (cpx.walk_ins.walk_in_names).
            person = str(p["person_id"])
            learn_walk_in(self._names, event.kind, p)
            if is_walk_in(self._names.get(person, "")):
                self._walk_ins[person] = self._names[person]
        if event.kind == "order.accepted" and p.get("order_id"):
            order = p.get("order") or {}
            if order.get("unit"):
                self._order_units[str(p["order_id"])] = str(order["unit"])
            # Unit boards name a task by its order id; show what the order is instead.
            self._names[str(p["order_id"])] = " ".join(
                self.name(order.get(k)) if k == "target" else str(order.get(k)).replace("_", " ")
                for k in ("verb", "target") if order.get(k))
        sender, grade, headline = self._describe(event.kind, p)
        ordered = p.get("order") if isinstance(p.get("order"), dict) else {}
        # Boards cite the reports behind an entry by seq: say when and from whom instead.
        self._report_labels[event.seq] = f"{self.clock(event.t)} {sender}"
        refs = tuple(
            str(p[key]) for key in ("target", "subject", "venue", "person_id", "member",
                                   "suspect", "unit")
            if isinstance(p.get(key), str)
        ) + tuple(str(ordered[key]) for key in ("target", "unit")
                  if isinstance(ordered.get(key), str)) \
            + tuple(str(m) for m in p.get("mentions", ()) or ())
        return FeedItem(
            seq=event.seq, t=event.t, when=self.clock(event.t), source=source,
            tag=_SOURCE_TAG[source], sender=sender, grade=grade,
            headline=_one_line(self.spell(headline)), kind=event.kind, refs=refs,
        )

    def spell(self, text: str) -> str:
        """``text`` with a walk-in's id, where the engine wrote it ('walk_in_worker
        agreed to give evidence'), as the cell calls them ('walk-in 1 agreed …')."""
        return spell_walk_ins(text, self._walk_ins)

    def _describe(self, kind: str, p: dict[str, Any]) -> tuple[str, str, str]:
        """(sender, grade, headline) of one event."""
        name = self.name
        order = p.get("order") or {}
        if kind == "report.informant":
            grade = f"{p.get('source_grade', '')}{p.get('credibility', '')}"
            return p.get("codename") or name(p.get("informant")), grade, _text(p.get("text"))
        if kind == "inject":
            # 'from' is an agency id or a role the SimCell plays ('journalist').
            return (_sender_short(name(p.get("from")).replace("_", " ")), "",
                    _text(p.get("text")))
        if kind == "reply":
            return _sender_short(name(p.get("agency"))), "", _text(p.get("text"))
        if kind == "cell.message":  # between player cells: who wrote, to whom
            if p.get("from") == self.cell:
                return "you", "", f"to {p.get('to_name') or p.get('to')}: {_text(p.get('text'))}"
            return (_sender_short(str(p.get("from_name") or p.get("from"))), "",
                    _text(p.get("text")))
        if kind == "request.received":
            return (_sender_short(str(p.get("from_name") or p.get("from"))), "",
                    _text(p.get("text")))
        if kind == "order.rejected":
            verb = str(order.get("verb", "order")).replace("_", " ")
            return "orders", "", f"REJECTED {verb}: {_text(p.get('reason'))}"
        if kind == "order.accepted":
            verb = str(order.get("verb", "")).replace("_", " ")
            target = f" {name(order.get('target'))}" if order.get("target") else ""
            unit = p.get("unit") or order.get("unit")
            return (name(unit) if unit else "orders"), "", f"order accepted: {verb}{target}"
        if kind == "order.completed":
            # Which order, in words ('border alert Brenna crossing'): two alerts done
            # at once must not read the same.
            what = self._names.get(str(p.get("order_id")),
                                   str(p.get("verb", "")).replace("_", " "))
            partner = PARTNER_SENDERS.get(str(p.get("verb")), "orders")
            return self._sender(p, partner), "", f"{what} done: {_text(p.get('outcome'))}"
        if kind in ("warrant.granted", "warrant.refused"):
            verdict = "granted" if kind == "warrant.granted" else "refused"
            reason = f" — {_text(p.get('reason'))}" if p.get("reason") else ""
            return "prosecutor", "", f"warrant {verdict} for {name(p.get('target'))}{reason}"
        if kind == "victim.identified":
            verdict = "a victim" if p.get("decision") else "not a victim"
            return "cell", "", f"{name(p.get('person_id'))} recorded as {verdict}"
        if kind == "victim.referred":
            shelter = f", shelter in {name(p.get('shelter'))}" if p.get("shelter") else ""
            return _sender_short(name(p.get("agency"))), "", (
                f"{name(p.get('person_id'))} referred to {name(p.get('agency'))}{shelter}")
        if kind == "arrest.made":
            # The name on the suspect's papers when the cell did not know it before.
            member = p.get("member")
            who = name(member) if name(member) != str(member) else (p.get("name") or member)
            return name(p.get("unit")), "", f"arrested {who}"
        if kind in PATHWAY_SENDERS:
            return self._pathway(kind, p)
        if kind == "suspect.released":
            return "custody", "", f"{name(p.get('member'))} released: {_text(p.get('reason'))}"
        if kind == "person.seen":
            # The id first: it is what the trainee types to go back and interview them.
            return self._sender(p, "field"), "", (
                f"{name(p.get('person_id'))} seen at {name(p.get('where'))}, left there: "
                f"{_text(p.get('description'))}")
        if kind == "person.gone":
            return self._sender(p, "field"), "", (
                f"{name(p.get('person_id'))} no longer at {name(p.get('where'))}; nobody "
                "would say where they went")
        if kind == "person.came_forward":
            where = f" at {name(p.get('where'))}" if p.get("where") else ""
            return "walk-in", "", (
                f"{name(p.get('person_id'))} came forward{where} and asks for help: "
                f"{_text(p.get('description'))}")
        if kind == "person.met":
            return "field", "", (
                f"{name(p.get('person_id'))} met at {name(p.get('where'))}: "
                f"{_text(p.get('description'))}")
        if kind == "evidence.added":
            standing = f" [{p['status']}: {_text(p.get('reason'))}]" if p.get("status") else ""
            return "case file", "", (f"{p.get('kind', 'evidence')} against "
                                     f"{name(p.get('suspect'))}: {_text(p.get('text'))}"
                                     + standing)
        if kind == "evidence.status":
            return "case file", "", _text(p.get("text"))
        if kind == "exercise.endex":
            return "EXCON", "", f"ENDEX — {_text(p.get('reason'))}"
        if kind == "inspection.result":
            noticed = ", ".join(str(i).replace("_", " ") for i in p.get("indicators") or ())
            text = _text(p.get("text"))
            # The inspectorate's text often names the venue and the indicators already.
            lead = "" if name(p.get("venue")) in text else f"inspection of {name(p.get('venue'))}: "
            return self._sender(p, "inspectorate"), "", (
                lead + text + (f" (noticed: {noticed})"
                               if noticed and "ndicators noticed" not in text else ""))
        if kind == "informant.regraded":
            return p.get("codename") or name(p.get("informant")), str(
                p.get("source_grade", "")), f"source regraded: {_text(p.get('reason'))}"
        if kind == "interview.result":
            found = ", ".join(str(i).replace("_", " ") for i in p.get("indicators") or ())
            return self._sender(p, "interview"), "", (
                f"interview of {name(p.get('person_id'))}: {_text(p.get('text'))}"
                + (f" ({found})" if found else ""))
        return self._sender(p, kind.split(".")[0]), "", _text(p.get("text") or p.get("outcome"))

    def _pathway(self, kind: str, p: dict[str, Any]) -> tuple[str, str, str]:
        """A step of the victim's pathway, said by whoever takes it, naming the person."""
        who = self.name(p.get("person_id"))
        if kind == "victim.reflection" and isinstance(p.get("ends"), int):
            return PATHWAY_SENDERS[kind], "", (
                f"{who}: recovery and reflection period began, ends {self.clock(p['ends'])}")
        if kind == "victim.custody":
            sender = "custody" if p.get("over_limit") else self._sender(p, "custody")
            return sender, "", _text(p.get("text"))
        return PATHWAY_SENDERS[kind], "", _text(p.get("text"))

    def _sender(self, p: dict[str, Any], fallback: str) -> str:
        """The unit behind a result: named in the payload, or the one its order went to."""
        unit = p.get("unit") or self._order_units.get(str(p.get("order_id")))
        return self.name(unit) if unit else fallback

    def detail(self, event: Event) -> MessageDetail:
        """Everything the cell may read about one message, with what it refers to."""
        item = self.feed_item(event)
        p = event.payload
        title = f"{self.clock(event.t)} · {event.kind}"
        if item is not None:
            title = f"{self.clock(event.t)} · {item.tag} · {item.sender}"
        fields: list[tuple[str, str]] = []
        if item is not None and item.grade:
            fields.append(("grade", f"source {item.grade[:1]} (A best … F untested), "
                                    f"credibility {item.grade[1:]} (1 confirmed … 6 unknown)"))
        # Bookkeeping ids (which inject, which report) mean nothing to the trainee.
        skip = {"text", "codename", "source_grade", "credibility", "mentions", "names",
                "mentioned", "kinds", "locations", "from", "inject_id", "report_id"}
        for key, value in p.items():
            if key in skip or value in (None, "", [], {}):
                continue
            if key == "order_id":
                value = str(value)  # the id the Units panel lists, not what it names
            elif key == "order" and isinstance(value, dict):
                value = " ".join(self.name(value.get(k)) if k in ("unit", "target")
                                 else _text(value.get(k))
                                 for k in ("verb", "unit", "target") if value.get(k))
            elif isinstance(value, bool):
                value = "yes" if value else "no"  # never a raw 'True' on screen
            elif isinstance(value, str):
                value = self.name(value)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = ", ".join(self.name(v) for v in value)
            fields.append((_FIELD_WORDS.get(key, key.replace("_", " ")), _text(value)))
        text = reflow(self.spell(_text(p.get("text")))) or (item.headline if item else "")
        # What each reference is called and, in brackets, what to type for it (a walk-in's
        # name as one word: the author's id is not the cell's to know).
        refs = tuple(f"{self.name(r)} ({handle(self.name(r)) if is_walk_in(self.name(r)) else r})"
                     for r in dict.fromkeys(item.refs if item else ()))
        fields = [(label, self.spell(value)) for label, value in fields]
        return MessageDetail(title=title, fields=tuple(fields), text=text, refs=refs)


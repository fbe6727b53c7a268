"""The measures of critical tasks, computed from a journal's events.

One :class:`JournalView` is built from the events (what each event concerns, who each
person truly is, which order each completion belongs to); every task of the scenario
is then measured on it by :func:`measure_task`, a pure function. Each result carries
the events behind it and the observations the report's findings are built from, so
the findings come from the measure that decided the rating (see
:mod:`cpx.aar.task_findings`). The vocabulary is documented in
:mod:`cpx.scenario.objectives`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from cpx.aar.ratings import NOT_OBSERVED, rate
from cpx.scenario.models import Scenario
from cpx.scenario.objectives import EventFilter

SUBJECT_KEY = {
    **dict.fromkeys(("person.met", "victim.identified", "victim.referred", "victim.harmed",
                     "victim.retrafficked", "victim.arrived", "victim.moved",
                     "victim.interdicted", "truth.person", "identification.scored",
                     "interview.result", "victim.custody", "victim.reflection",
                     "victim.consent", "victim.residence", "victim.returned",
                     "victim.compensation", "victim.willingness"), "person_id"),
    **dict.fromkeys(("member.arrested", "arrest.made", "suspect.released", "member.replaced"),
                    "member"),
    "evidence.added": "suspect", "evidence.status": "suspect",
    "warrant.granted": "target", "warrant.refused": "target",
    "raid.result": "venue", "inspection.result": "venue",
    **dict.fromkeys(("inject", "inject.expected_taken", "inject.expected_missed"), "inject_id"),
    "misconduct.reported": "clients",
    "leak": "target",
    **dict.fromkeys(("informant.exposure", "informant.burned", "briefing.informant",
                     "report.informant", "informant.regraded"), "informant"),
    "unlawful.act": "subject",
    "network.reaction": "subject",
    "network.alert": "cell",
    "surveillance.spotted": "target",
    "briefing.member": "person_id",
    "briefing.place": "place_id",
}
"""The payload key naming what an event of each kind concerns (its subject)."""

_ORDER_KINDS = frozenset({"order.accepted", "order.rejected", "order.completed"})
"""Kinds whose subject is the order's target (see :meth:`JournalView.subject`)."""
_FALLBACK_KEYS = ("person_id", "member", "venue", "target", "subject", "inject_id",
                  "informant", "clients")
_PLACE_KEYS = ("where", "venue", "crossing", "to_venue", "location")

BASE_KINDS = frozenset({
    "truth.person", "victim.arrived", "person.met", "victim.interdicted",
    "victim.retrafficked", "victim.harmed", "unlawful.act", "order.accepted", "victim.custody",
    "order.completed", "warrant.granted", "member.arrested", "arrest.made",
    "suspect.released", "raid.result", "misconduct.reported", "exercise.endex",
})
"""The event kinds the measures read whatever the scenario's filters name."""


@dataclass(frozen=True)
class TaskScore:
    """One critical task, measured and rated, with the events and observations behind it."""

    task: Any
    """The task as the scenario states it (a model of :mod:`cpx.scenario.objectives`)."""
    value: float | None
    """The measured value; None when not measured."""
    rating: str
    """P, S, M, U or N/O."""
    evidence: tuple[int, ...] = ()
    """Sequence numbers of the events behind the value."""
    details: dict[str, Any] = field(default_factory=dict)
    """The parts of the value (counts, subjects that missed …), plain JSON."""
    good: tuple[str, ...] = ()
    """What went well, in the evaluator's words (used only when the rating is P or S)."""
    bad: tuple[str, ...] = ()
    """What fell short (used only when the rating is not P)."""
    unit: str = "count"
    """How the value reads: 'share', 'count' or 'hours'."""

    def __init__(self, task: Any, value: float | None, rating: str, evidence: tuple[int, ...] = (),
                 details: dict[str, Any] | None = None, good: tuple[str, ...] = (),
                 bad: tuple[str, ...] = (), unit: str = "count") -> None:
        # The dataclass's own __init__, written out: in a compiled build the methods the
        # dataclass decorator generates stay interpreted (each field set through a call),
        # the ones written here are compiled (each a plain store).
        object.__setattr__(self, "task", task)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "rating", rating)
        object.__setattr__(self, "evidence", evidence)
        object.__setattr__(self, "details", {} if details is None else details)
        object.__setattr__(self, "good", good)
        object.__setattr__(self, "bad", bad)
        object.__setattr__(self, "unit", unit)

    @property
    def id(self) -> str:
        return self.task.id

    def thresholds(self) -> dict[str, Any]:
        rule = self.task.rating
        return {"better": rule.better, "P": rule.P, "S": rule.S, "M": rule.M}

    def to_dict(self) -> dict[str, Any]:
        """The entry of ``cpx score --json`` (``tasks`` of an objective)."""
        return {
            "id": self.task.id, "task": self.task.task, "measure": self.task.measure,
            "value": self.value, "thresholds": self.thresholds(), "rating": self.rating,
            "unit": self.unit, "details": self.details, "evidence": list(self.evidence),
        }


class JournalView:
    """The events of one exercise, indexed for the measures.

    ``by_kind`` is the events grouped by kind, in order, when the caller has it already
    (:func:`cpx.aar.scorecard.score_records` builds it once for the metrics and the
    measures). Each event's subject is worked out once, and a filter's matches once per
    view: a scenario's tasks select the same events again and again (``person.met`` of
    victims is read by four tasks of the flagship).

    ``sentences`` and ``evidence`` False give a lean view for stored figures (a sweep's
    rows): its task scores carry no ``good``/``bad`` sentences (only the report reads
    them) and, without ``evidence``, no event numbers (a sweep keeps no journal to point
    into); every value, rating and detail is the same.
    """

    def __init__(self, events: list[dict[str, Any]], scenario: Scenario,
                 end: int | None = None, by_kind: dict[str, list[dict]] | None = None,
                 sentences: bool = True, evidence: bool = True) -> None:
        self.scenario = scenario
        self.sentences = sentences
        self.evidence = evidence
        self.events = events
        self.by_kind = by_kind if by_kind is not None else group_by_kind(events)
        # keyed by the payload's id, None when an event names none
        self.truth: dict[Any, dict] = {}
        self.orders: dict[Any, dict] = {}
        for event in self.by_kind.get("truth.person", ()):
            p = event.get("payload") or {}
            self.truth.setdefault(p.get("person_id"), p)
        for event in self.by_kind.get("order.accepted", ()):
            p = event.get("payload") or {}
            self.orders[p.get("order_id")] = p
        endex = self.by_kind.get("exercise.endex")
        # ENDEX: the event, else the time the journal closed (an exercise ended early),
        # else the last event (a journal cut short).
        self.end = endex[0]["t"] if endex else end if end is not None else max(
            (e["t"] for e in events), default=0)
        known = _scenario_facts(scenario)
        self.roles, self.town, self.agency_of, self.names = known
        self._subjects: dict[str, list[Any]] = {}
        self._matches: dict[Any, list[tuple[dict, Any]]] = {}

    def name(self, ident: Any) -> str:
        return self.names.get(ident, str(ident))

    # ------------------------------------------------------------------ subjects

    def subject(self, event: dict[str, Any]) -> Any:
        """What the event concerns (see :data:`SUBJECT_KEY`)."""
        kind = event["kind"]
        p: dict[str, Any] = event.get("payload") or _NO_PAYLOAD  # typed: compiled, direct reads
        if kind in ("order.accepted", "order.rejected"):
            return (p.get("order") or {}).get("target")
        if kind == "order.completed":
            return ((self.orders.get(p.get("order_id")) or {}).get("order") or {}).get("target")
        key = SUBJECT_KEY.get(kind)
        if key is not None:
            return p.get(key)
        for key in _FALLBACK_KEYS:
            if p.get(key) is not None:
                return p[key]
        return None

    def subjects_of(self, kind: str) -> list[Any]:
        """The subject of each event of ``kind``, in the order of ``by_kind[kind]`` (worked out once)."""
        found = self._subjects.get(kind)
        if found is None:
            events = self.by_kind.get(kind, ())
            key = SUBJECT_KEY.get(kind)
            if key is not None and kind not in _ORDER_KINDS:  # what subject() does, per kind
                # (payload or {}).get(key), with the payload typed: compiled, a direct dict read
                p: dict[str, Any] | None = None
                found = [p.get(key) if (p := e.get("payload")) else None for e in events]
            elif kind in ("order.accepted", "order.rejected"):
                found = [((e.get("payload") or {}).get("order") or {}).get("target") for e in events]
            elif kind == "order.completed":  # the target of the order it completes
                orders = self.orders
                found = [((orders.get(p.get("order_id")) or {}).get("order") or {}).get("target")
                         for p in [e.get("payload") or {} for e in events]]
            else:
                found = [self.subject(e) for e in events]
            self._subjects[kind] = found
        return found

    def matcher(self, flt: EventFilter) -> Callable[[dict[str, Any]], bool]:
        """A test of one event against a filter (the kind is checked by the caller)."""
        rule = _compiled(flt)
        return lambda event: self._ok(rule, event, self.subject(event))

    def _ok(self, rule: "_Rule", event: dict[str, Any], subject: Any) -> bool:
        subjects, roles = rule.subjects, rule.roles
        if subjects and subject not in subjects:
            return False
        if roles and not (self.roles.get(subject, set()) & roles):
            return False
        if rule.truth and not self._true(rule, subject):
            return False
        if rule.cells and event.get("visibility") not in rule.cells:
            return False
        p = event.get("payload") or {}
        if rule.units or rule.agencies:
            units, agencies = rule.units, rule.agencies
            order = self.orders.get(p.get("order_id")) or {}
            unit = p.get("unit") or order.get("unit") or (order.get("order") or {}).get("unit")
            if units and unit not in units:
                return False
            if agencies and self.agency_of.get(unit, p.get("agency")) not in agencies:
                return False
        if rule.places:
            at = [p.get(k) for k in _PLACE_KEYS if p.get(k) is not None]
            at.append(subject)
            at += [self.town.get(a) for a in list(at)]
            if not rule.places.intersection(a for a in at if a is not None):
                return False
        for k, v in rule.payload:
            if not p.get(k) == v:
                return False
        return True

    def matches(self, flt: EventFilter) -> list[tuple[dict, Any]]:
        """The events matching a filter with their subjects, in order (once per view and filter)."""
        rule = _compiled(flt)
        known = self._matches.get(rule.key)
        if known is not None:
            return known
        found = list(zip(self.by_kind.get(rule.event, ()), self.subjects_of(rule.event)))
        # One pass a condition, in the order of _ok: an event dropped by one condition is
        # never tested by the next, exactly as _ok returns at its first failed condition.
        if rule.subjects:
            wanted = rule.subjects
            found = [x for x in found if x[1] in wanted]
        if rule.roles:
            roles, wanted = self.roles, rule.roles
            empty: set[str] = set()
            found = [x for x in found if roles.get(x[1], empty) & wanted]
        if rule.truth:
            found = [x for x in found if self._true(rule, x[1])]
        if rule.cells:
            wanted = rule.cells
            found = [x for x in found if x[0].get("visibility") in wanted]
        if rule.units or rule.agencies or rule.places:
            ok = self._ok
            found = [x for x in found if ok(rule, x[0], x[1])]
        else:
            for k, v in rule.payload:
                found = [x for x in found if (x[0].get("payload") or {}).get(k) == v]
        # kept by the filter's conditions: tasks often repeat a filter (the journalist's
        # inject is the start of three tasks of the flagship), each its own object
        self._matches[rule.key] = found
        return found

    def _true(self, rule: "_Rule", subject: Any) -> bool:
        """The filter's conditions on the subject's ground truth (minor, victim, exploitation)."""
        truth = self.truth.get(subject)
        if truth is None:
            return False
        if rule.minor is not None and bool(truth.get("minor")) != rule.minor:
            return False
        if rule.victim is not None and bool(truth.get("is_victim")) != rule.victim:
            return False
        if rule.forms and truth.get("exploitation") not in rule.forms:
            return False
        return True

    def select(self, flt: EventFilter, subjects: list[str] | None = None) -> list[dict]:
        """The events matching a filter (and, if given, concerning one of ``subjects``)."""
        found = self.matches(flt)
        if subjects is None:
            return [e for e, _ in found]
        chosen = set(subjects)
        return [e for e, s in found if s in chosen]

    def first_by_subject(self, flt: EventFilter, subjects: list[str] | None = None) -> dict[Any, dict]:
        """The first matching event of each subject (None is no subject), from :meth:`matches`."""
        first: dict[Any, dict] = {}
        if subjects is None:
            for e, s in self.matches(flt):
                if s not in first:
                    first[s] = e
        else:
            chosen = set(subjects)
            for e, s in self.matches(flt):
                if s in chosen and s not in first:
                    first[s] = e
        first.pop(None, None)
        return first


def group_by_kind(events: Iterable[dict[str, Any]]) -> dict[str, list[dict]]:
    """The events grouped by kind, each group in the events' order."""
    by_kind: dict[str, list[dict]] = {}
    for event in events:
        kind = event["kind"]
        group = by_kind.get(kind)
        if group is None:
            by_kind[kind] = [event]
        else:
            group.append(event)
    return by_kind


@dataclass(frozen=True)
class _Rule:
    """A filter's conditions as sets, made once per filter object."""

    flt: EventFilter
    subjects: frozenset
    roles: frozenset
    forms: frozenset
    agencies: frozenset
    units: frozenset
    cells: frozenset
    places: frozenset
    payload: tuple
    truth: bool
    """Some condition on the subject's ground truth (minor, victim, exploitation)."""
    key: Any = None
    """What the filter's matches depend on: equal for filters with equal conditions (or,
    when a condition's value cannot be hashed, the filter's own identity)."""
    event: str = ""
    minor: bool | None = None
    victim: bool | None = None
    """The filter's kind and conditions on the subject, read once (each read of the
    filter's own field goes through the pydantic model's attribute lookup)."""


_RULES: dict[int, _Rule] = {}


def _compiled(flt: EventFilter) -> _Rule:
    rule = _RULES.get(id(flt))
    if rule is not None and rule.flt is flt:
        return rule
    if len(_RULES) > 4096:
        _RULES.clear()  # filters of scenarios no longer scored
    truth = flt.minor is not None or flt.victim is not None or bool(flt.exploitation)
    subjects, roles, forms, agencies, units, cells, places = sets = [
        frozenset(x) for x in (flt.subjects, flt.roles, flt.exploitation, flt.agency, flt.unit,
                               flt.cell, flt.place)]
    payload = tuple(flt.payload.items())
    key: Any = (flt.event, flt.minor, flt.victim, *sets, payload)
    try:
        hash(key)
    except TypeError:  # a payload condition on a list or a mapping
        key = ("filter", id(flt))  # the rule keeps the filter: its id is not reused meanwhile
    rule = _RULES[id(flt)] = _Rule(flt, subjects, roles, forms, agencies, units, cells, places, payload, truth, key,
                                    flt.event, flt.minor, flt.victim)
    return rule


_FACTS: dict[int, tuple[Scenario, tuple]] = {}


def _scenario_facts(scenario: Scenario) -> tuple:
    """Roles of members, towns of venues, agencies of units and display names: what the
    measures look up in the scenario, built once per scenario object (scenarios are frozen;
    a sweep's worker scores thousands of runs of one)."""
    known = _FACTS.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    net = scenario.network
    roles = {m.id: set(m.roles) for m in net.members}
    town = {v.id: v.location for v in net.venues}
    agency_of = {u.id: a.id for a in scenario.agencies for u in a.units}
    names: dict[str, str] = {}
    for group in (net.members, net.venues, net.routes, scenario.region.locations,
                  scenario.agencies, scenario.informants):
        names.update({item.id: getattr(item, "name", item.id) for item in group})
    for client in net.clients:
        names[client.id] = client.id.replace("_", " ")
    for informant in scenario.informants:
        names[informant.id] = getattr(informant, "codename", informant.id)
    if len(_FACTS) > 64:
        _FACTS.clear()
    facts = (roles, town, agency_of, names)
    _FACTS[id(scenario)] = (scenario, facts)
    return facts


# ---------------------------------------------------------------------- measures


def _count(view: JournalView, task) -> TaskScore:
    found = view.select(task.of)
    bad = []
    if found and view.sentences:
        shown = [view.name(view.subject(e)) for e in found[:6] if view.subject(e) is not None]
        bad.append(f"{len(found)} × {task.of.event}"
                   + (f" ({', '.join(shown)}{' …' if len(found) > 6 else ''})" if any(shown) else "")
                   + ".")
    good = [f"{task.task} — none recorded."] if not found and view.sentences else []
    return _scored(view, task, float(len(found)), [e["seq"] for e in found] if view.evidence else (),
                   {"count": len(found)}, good, bad, "count")


_DONE = {
    "person.met": "met by police", "victim.referred": "referred to victim support",
    "victim.identified": "identified", "identification.scored": "decided on",
    "leak": "leaked", "informant.burned": "burned", "member.arrested": "arrested",
    "arrest.made": "arrested", "raid.result": "raided", "inspection.result": "inspected",
    "misconduct.reported": "reported", "warrant.granted": "granted a warrant",
    "evidence.added": "with evidence on file", "victim.harmed": "harmed",
    "victim.retrafficked": "re-trafficked", "interview.result": "interviewed",
    "order.accepted": "acted on", "inject": "the inject",
}


def done_words(flt: EventFilter) -> str:
    """What having an event of ``flt`` means, in words: 'referred to victim support'."""
    if flt.event == "identification.scored" and "correct" in flt.payload:
        return "decided correctly" if flt.payload["correct"] else "decided wrongly"
    words = _DONE.get(flt.event, f"with {flt.event}")
    extra = ", ".join(f"{k} {v}" for k, v in flt.payload.items())
    return f"{words} ({extra})" if extra else words


def _names(view: JournalView, items: list, limit: int = 8) -> str:
    shown = ", ".join(view.name(s) for s in items[:limit])
    return shown + (" …" if len(items) > limit else "")


def _share(view: JournalView, task) -> TaskScore:
    whole = view.first_by_subject(task.of)
    got = view.first_by_subject(task.got, list(whole))
    if not whole:
        return _not_observed(task, f"no {task.of.event} event: no occasion", "share")
    done = [s for s in whole if s in got]
    missing = [s for s in whole if s not in got]
    seqs = [whole[s]["seq"] for s in whole] + [got[s]["seq"] for s in done] if view.evidence else ()
    n = len(whole)
    good: Iterable[str] = ()
    bad: Iterable[str] = ()
    if not view.sentences:
        pass
    elif task.rating.better == "higher":  # having 'got' is what is wanted
        words = done_words(task.got)
        good = [f"{len(done)} of {n} {words}."] if done else []
        bad = [f"Not {words}: {len(missing)} of {n} ({_names(view, missing)})."] if missing else []
    else:  # having 'got' is the harm: a leak, a burned source, a wrong decision
        words = done_words(task.got)
        good = [f"{len(missing)} of {n} not {words}."] if missing else []
        bad = [f"{words.capitalize()}: {len(done)} of {n} ({_names(view, done)})."] if done else []
    return _scored(view, task, round(len(done) / n, 4), seqs,
                   {"of": n, "got": len(done), "missing": [str(s) for s in missing]},
                   good, bad, "share")


def _deadline(view: JournalView, task) -> TaskScore:
    if task.per == "exercise":
        froms = view.select(task.from_)
        starts = {"exercise": froms[0]} if froms else {}
        tos = view.select(task.to)
        ends = {"exercise": tos[0]} if tos else {}
    else:
        starts = view.first_by_subject(task.from_)
        ends = view.first_by_subject(task.to, list(starts))
    if not starts:
        return _not_observed(task, f"no {task.from_.event} event: no occasion", "share")
    in_time, late, never, open_ = [], [], [], []
    for s, start in starts.items():
        end = ends.get(s)
        if end is not None and end["t"] - start["t"] <= task.within:  # before counts too
            in_time.append(s)
        elif end is not None:
            late.append((s, (end["t"] - start["t"]) / 60))
        elif view.end - start["t"] < task.within:
            open_.append(s)  # the window was still open at ENDEX: left out
        else:
            never.append(s)
    judged = len(in_time) + len(late) + len(never)
    seqs = [starts[s]["seq"] for s in starts] + [e["seq"] for e in ends.values()] \
        if view.evidence else []
    details = {"subjects": judged, "in_time": len(in_time), "late": len(late),
               "never": len(never), "still_open_at_endex": len(open_),
               "per_subject_hours": {str(s): round(h, 2) for s, h in late}}
    hours = task.within / 60
    if not judged:
        return _not_observed(task, f"every {task.from_.event} came within {hours:g} h of ENDEX",
                             "share", seqs, details)
    if not view.sentences:
        return _scored(view, task, round(len(in_time) / judged, 4), seqs, details, (), (), "share")
    after, words = done_words(task.from_), done_words(task.to)
    if task.per == "exercise":
        if task.from_.subjects:
            after = f"{after} {', '.join(view.name(x) for x in task.from_.subjects)}"
        good = [f"{words.capitalize()} within {hours:g} h of {after}."] if in_time else []
        bad = ([f"{words.capitalize()} only after {late[0][1]:.0f} h (due within {hours:g} h of "
                f"{after})."] if late else
               [f"Never {words} after {after} (due within {hours:g} h)."] if never else [])
    else:
        good = [f"{len(in_time)} of {judged} {words} within {hours:g} h of being {after}."] \
            if in_time else []
        bad = []
        if late:
            bad.append(f"{words.capitalize()} after more than {hours:g} h: "
                       + ", ".join(f"{view.name(s)} ({h:.1f} h)" for s, h in late[:6]) + ".")
        if never:
            bad.append(f"Never {words}: {_names(view, never)}.")
    return _scored(view, task, round(len(in_time) / judged, 4), seqs, details, good, bad, "share")


def _named(view: JournalView, task) -> TaskScore:
    hits = view.first_by_subject(task.event, list(task.subjects))
    done = [s for s in task.subjects if s in hits]
    missing = [s for s in task.subjects if s not in hits]
    if task.measure == "any_of":
        value = 1.0 if done else 0.0
    else:
        value = round(len(done) / len(task.subjects), 4)
    good: Iterable[str] = ()
    bad: Iterable[str] = ()
    if view.sentences:
        words = done_words(task.event)
        good = [f"{words.capitalize()}: {_names(view, done)}."] if done else []
        bad = [f"Not {words}: {_names(view, missing)}."] \
            if missing and (task.measure == "all_of" or not done) else []
    return _scored(view, task, value, [hits[s]["seq"] for s in done] if view.evidence else (),
                   {"done": done, "missing": missing}, good, bad, "share")


def _outcome_events(view: JournalView, outcome: str) -> dict[Any, dict]:
    """For each target, the first event showing it has the outcome."""
    found: dict[Any, dict] = {}

    def add(target: Any, event: dict) -> None:
        if target is not None:
            found.setdefault(target, event)

    if outcome == "assets_frozen":
        for e in view.by_kind.get("order.completed", ()):
            p = e["payload"]
            if p.get("verb") == "financial_investigation" and "frozen" in str(p.get("outcome")):
                add(view.subject(e), e)
    elif outcome == "warrant_granted":
        for e in view.by_kind.get("warrant.granted", ()):
            add(e["payload"].get("target"), e)
    elif outcome in ("arrested", "route_cut"):
        arrests = sorted(view.by_kind.get("member.arrested", []) + view.by_kind.get("arrest.made", []),
                         key=lambda e: e["seq"])
        if outcome == "arrested":
            for e in arrests:
                add(e["payload"].get("member"), e)
        else:
            carriers: dict[str, list[str]] = {}
            for route in view.scenario.network.routes:
                for leg in route.legs:
                    if leg.transporter:
                        carriers.setdefault(leg.transporter, []).append(route.id)
            for e in arrests:
                for route_id in carriers.get(e["payload"].get("member"), []):
                    add(route_id, e)
    elif outcome == "raided":
        for e in view.by_kind.get("raid.result", ()):
            add(e["payload"].get("venue"), e)
    elif outcome == "misconduct_reported":
        for e in view.by_kind.get("misconduct.reported", ()):
            add(e["payload"].get("clients"), e)
    elif outcome == "border_alert":
        for e in view.by_kind.get("order.completed", ()):
            if e["payload"].get("verb") == "border_alert":
                add(view.subject(e), e)
    return found


def _outcome(view: JournalView, task) -> TaskScore:
    hits = _outcome_events(view, task.outcome)
    done = [t for t in task.targets if t in hits]
    missing = [t for t in task.targets if t not in hits]
    if task.mode == "any":
        value = 1.0 if done else 0.0
    else:
        value = round(len(done) / len(task.targets), 4)
    good: Iterable[str] = ()
    bad: Iterable[str] = ()
    if view.sentences:
        what = task.outcome.replace("_", " ")
        good = [f"{what.capitalize()}: " + ", ".join(view.name(t) for t in done) + "."] if done else []
        bad = [f"Not {what.replace('assets frozen', 'frozen')} by ENDEX: "
               + ", ".join(view.name(t) for t in missing) + "."] \
            if missing and (task.mode == "all" or not done) else []
    return _scored(view, task, value, [hits[t]["seq"] for t in done] if view.evidence else (),
                   {"outcome": task.outcome, "done": done, "missing": missing}, good, bad, "share")


def victims_in_region(view: JournalView, flt: EventFilter | None) -> dict[str, dict]:
    """Every true victim of the exercise (ground truth), narrowed by ``flt``'s attributes."""
    victims = {}
    for pid, truth in view.truth.items():
        if not truth.get("is_victim"):
            continue
        if flt is not None:
            if flt.minor is not None and bool(truth.get("minor")) != flt.minor:
                continue
            if flt.exploitation and truth.get("exploitation") not in flt.exploitation:
                continue
            if flt.subjects and pid not in flt.subjects:
                continue
        victims[pid] = truth
    return victims


_NO_PAYLOAD: dict[str, Any] = {}
"""The payload of an event without one (read only, never changed)."""

_HELD_KINDS = frozenset({"truth.person", "victim.arrived", "victim.retrafficked", "person.met",
                         "victim.interdicted"})
"""The kinds :func:`exploitation_days` reads: a victim placed, arriving, re-trafficked or met."""


def exploitation_days(view: JournalView, victims: dict[str, dict]) -> tuple[float, float, dict]:
    """Days victims spent held by the network, and days since they were first held.

    A victim is held from STARTEX when placed at a venue at the start, or from arrival;
    is out of the network's hands once met by police (a raid, an inspection, a border
    stop) and held again if re-trafficked. Days are counted to ENDEX.
    """
    held_since: dict[str, int] = {}
    first: dict[str, int] = {}
    held = 0.0
    for e in [e for e in view.events if e["kind"] in _HELD_KINDS]:  # in order: held, freed, held again
        p: dict[str, Any] = e.get("payload") or _NO_PAYLOAD  # typed: compiled, direct reads
        pid = p.get("person_id")
        if pid not in victims:
            continue
        kind, t = e["kind"], e["t"]
        starts = (kind == "truth.person" and p.get("venue") is not None) or \
            kind in ("victim.arrived", "victim.retrafficked")
        if starts and pid not in held_since:
            held_since[pid] = t
            first.setdefault(pid, t)
        elif kind in ("person.met", "victim.interdicted") and pid in held_since:
            held += t - held_since.pop(pid)
    for pid, since in held_since.items():
        held += max(0, view.end - since)
    span = sum(max(0, view.end - t) for t in first.values())
    never_met = sorted((p for p in held_since if p in first), key=lambda p: int(p[1:]) if p[1:].isdigit() else 0)
    return held / 1440, span / 1440, {"never_freed": never_met}


def _harm(view: JournalView, task) -> TaskScore:
    victims = victims_in_region(view, task.victims)
    if not victims:
        return _not_observed(task, "no victim in the region", "share")
    if task.harm == "exploitation":
        held, span, extra = exploitation_days(view, victims)
        if span <= 0:
            return _not_observed(task, "no victim was held during play", "share")
        value = round(held / span, 4)
        still = extra["never_freed"]
        good: Iterable[str] = ()
        bad: Iterable[str] = ()
        if view.sentences:
            bad = [f"Victims spent {value * 100:.0f} % of their {span:.0f} days since STARTEX "
                   f"in the network's hands ({held:.0f} exploitation-days); "
                   f"{len(still)} of {len(victims)} still held at ENDEX."]
            freed = len(victims) - len(still)
            good = [f"{freed} of {len(victims)} victims taken out of the network's hands."] if freed else []
        seqs = [e["seq"] for e in view.by_kind.get("person.met", ())
                if e["payload"].get("person_id") in victims] if view.evidence else ()
        return _scored(view, task, value, seqs, {"exploitation_days": round(held, 2),
                                           "victim_days": round(span, 2),
                                           "victims": len(victims), "still_held": len(still)},
                       good, bad, "share")
    met = {e["payload"].get("person_id"): e for e in view.by_kind.get("person.met", ())
           if e["payload"].get("person_id") in victims}
    base: dict[Any, dict]
    kinds: tuple[str, ...]
    if task.harm == "harmed":
        base, kinds = victims, ("victim.harmed",)
    elif task.harm == "retrafficked":
        base, kinds = met, ("victim.retrafficked",)
    else:
        base, kinds = met, ()
    if not base:
        return _not_observed(task, "no victim was met: no occasion", "share")
    if task.harm == "in_custody":
        # Treated as an offender (arrested, interviewed as a suspect) or held in custody
        # (victim.custody): either breaks non-punishment (DOMAIN.md §2).
        hits = [e for e in view.by_kind.get("unlawful.act", ())
                if e["payload"].get("kind") == "victim_treated_as_offender"
                and e["payload"].get("subject") in base]
        hits += [e for e in view.by_kind.get("victim.custody", ())
                 if e["payload"].get("person_id") in base]
        who = {e["payload"].get("subject") or e["payload"].get("person_id") for e in hits}
    else:
        hits = [e for k in kinds for e in view.by_kind.get(k, ())
                if e["payload"].get("person_id") in base]
        who = {e["payload"].get("person_id") for e in hits}
    value = round(len(who) / len(base), 4)
    good = ()
    bad = ()
    if view.sentences:
        label = {"harmed": "harmed", "retrafficked": "re-trafficked",
                 "in_custody": "treated as offenders"}[task.harm]
        whole = "victims in the region" if task.harm == "harmed" else "victims met"
        bad = [f"{len(who)} of {len(base)} {whole} {label}: "
               + ", ".join(sorted(who, key=str)[:8]) + "."] if who else []
        good = [f"None of {len(base)} {whole} {label}."] if not who else []
    return _scored(view, task, value, [e["seq"] for e in hits] if view.evidence else (),
                   {task.harm: len(who), "of": len(base)}, good, bad, "share")


def _metric(view: JournalView, task, metrics: dict) -> TaskScore:
    m = metrics[task.metric]
    unit = "hours" if task.metric.endswith("_hours") else (
        "share" if task.metric in ("minors_referred", "expected_actions_taken",
                                   "network_disruption", "case_strength") else "count")
    rating = rate(m.value, task.rating, m.due)
    return TaskScore(task, m.value, rating, m.evidence if view.evidence else (), {task.metric: m.value, **m.details},
                     (), (), unit)


def _scored(view: JournalView, task, value: float, seqs: Iterable[int], details: dict,
            good: Iterable[str], bad: Iterable[str], unit: str) -> TaskScore:
    return TaskScore(task, value, rate(value, task.rating),
                     tuple(sorted(set(seqs))) if view.evidence else (), details,
                     tuple(good), tuple(bad), unit)


def _not_observed(task, why: str, unit: str, seqs: list[int] | None = None,
                  details: dict | None = None) -> TaskScore:
    return TaskScore(task, None, NOT_OBSERVED, tuple(sorted(set(seqs or []))),
                     {"not_observed": why, **(details or {})}, (), (f"Not observed: {why}.",), unit)


_MEASURES = {"count": _count, "share": _share, "deadline": _deadline, "any_of": _named,
             "all_of": _named, "outcome": _outcome, "harm": _harm}


def measure_task(view: JournalView, task, metrics: dict | None = None) -> TaskScore:
    """Measure and rate one critical task on the exercise's events."""
    occasions = task.occasion if isinstance(task.occasion, list) else (
        [task.occasion] if task.occasion is not None else [])
    if occasions and not any(view.matches(flt) for flt in occasions):
        kinds = " or ".join(flt.event for flt in occasions)
        return _not_observed(task, f"no {kinds} event: no occasion",
                             "share" if task.measure != "count" else "count")
    if task.measure == "metric":
        return _metric(view, task, metrics or {})
    return _MEASURES[task.measure](view, task)


def kinds_named(scenario: Scenario) -> set[str]:
    """The event kinds the scenario's tasks filter on (for a reader that skips others)."""
    kinds: set[str] = set()
    for objective in scenario.objectives:
        for task in objective.critical_tasks:
            for name in ("of", "got", "from_", "to", "event", "occasion"):
                found = getattr(task, name, None)
                for flt in found if isinstance(found, list) else [found]:
                    if isinstance(flt, EventFilter):
                        kinds.add(flt.event)
    return kinds

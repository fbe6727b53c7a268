"""Admiralty grading as practised (DOMAIN.md §4), from what each cell knows.

Each informant report is broken into the facts it states (people held at a place, a
child among them, where a suspect stays, who meets whom, whether a route is used). A
cell's ledger keeps the facts its sources stated and the facts its own units observed
(surveillance, raids). From the ledger, never from the hidden truth:

- a report's **credibility** (1–6) is judged as it arrives and again when the cell acts
  on it: confirmed by another source or by the cell's own observation, partly confirmed,
  consistent with what the cell knows, disputed by another source, contradicted by the
  cell's own observation, or not to be judged at all;
- a source's **reliability** (A–F) follows its track record both ways: a report the cell
  sees borne out counts for the source, one its own observation proves wrong against it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FRESH = 48 * 60
"""How long a stated or observed fact stands for comparison (minutes): people are moved,
suspects travel, so an older fact neither confirms nor contradicts a new one."""
OWN = "own observation"
PRIOR = {"A": 0.95, "B": 0.85, "C": 0.7, "D": 0.55, "E": 0.35}
"""Share of reports borne out that a STARTEX grade stands for (F: cannot be judged)."""
PRIOR_WEIGHT = 3
"""How many checked reports the STARTEX grade counts for against the track record."""
MIN_CHECKED = 3
"""Checked reports before the handler revises a grade (or judges a source graded F)."""


def facts_of(claim: dict[str, Any]) -> dict[str, Any]:
    """The facts a claim states, as ``aspect -> value``."""
    kind, subject = claim["kind"], claim["subject"]
    if kind == "venue":
        facts: dict[str, Any] = {f"held:{subject}": claim["count"] > 0,
                                 f"count:{subject}": claim["count"]}
        if claim["count"] > 0:
            facts[f"minors:{subject}"] = bool(claim["minors"])
        return facts
    if kind == "member":
        return {f"where:{subject}": claim["location"], f"role:{subject}": claim["role"]}
    if kind == "link":
        return {claim["key"]: True}
    if kind == "moved":  # "the people kept at X were moved to Y"
        return {f"moved:{subject}": claim["partner"], f"held:{claim['partner']}": True}
    return {f"route:{subject}": claim["active"]}


def grade_for(initial: str, right: int, wrong: int) -> str:
    """The source grade a track record supports (A only for a source graded A at STARTEX:
    A is earned over years, not days)."""
    checked = right + wrong
    if checked < MIN_CHECKED:
        return initial  # one or two checks are luck, not a track record
    weight = 0 if initial == "F" else PRIOR_WEIGHT
    share = (PRIOR.get(initial, 0.0) * weight + right) / (weight + checked)
    if share >= 0.9 and initial == "A":
        return "A"
    for grade, floor in (("B", 0.8), ("C", 0.65), ("D", 0.5)):
        if share >= floor:
            return grade
    return "E"


@dataclass
class Statement:
    """One report as the cell received it."""

    source: str
    report_id: str
    subject: str
    facts: dict[str, Any]
    t: int
    verdict: bool | None = None
    """Borne out (True), proven wrong (False) or not yet checked (None)."""


@dataclass
class Assessment:
    """A report's credibility and what it rests on."""

    credibility: int
    confirmed_by: list[str] = field(default_factory=list)
    """Other sources (codenames) or ``own observation`` that confirmed a fact of it."""
    reason: str = ""

    @property
    def corroborated(self) -> bool:
        return bool(self.confirmed_by)


class Ledger:
    """One cell's stated and observed facts, and its sources' track records."""

    def __init__(self) -> None:
        self.statements: list[Statement] = []
        self.by_report: dict[str, Statement] = {}
        self.observed: dict[str, tuple[Any, int]] = {}
        self.record: dict[str, list[int]] = {}
        """informant -> [borne out, proven wrong]."""
        # Indexes of ``statements`` (each list in the order statements were made), so a
        # report is compared only with those that state one of its facts, not with all.
        self._stating: dict[str, list[Statement]] = {}
        """aspect -> the statements stating it."""
        self._of_source: dict[str, list[Statement]] = {}
        """source -> its statements."""
        self._position: dict[int, int] = {}
        """id(statement) -> its place in ``statements``."""

    def assess(self, source: str, subject: str, facts: dict[str, Any], now: int,
               known: bool, names: dict[str, str] | None = None) -> Assessment:
        """The credibility of ``facts`` from ``source`` on what the cell knows at ``now``."""
        names = names or {}
        confirmed: set[str] = set()
        contradicted: set[str] = set()
        disputed: set[str] = set()
        by: list[str] = []
        for aspect, value in facts.items():
            seen = self.observed.get(aspect)
            if seen is not None and now - seen[1] <= FRESH:
                (confirmed if seen[0] == value else contradicted).add(aspect)
                if seen[0] == value and OWN not in by:
                    by.append(OWN)
                continue
            for other in self._stating.get(aspect, ()):
                if other.source == source or now - other.t > FRESH:
                    continue
                if other.facts[aspect] == value:
                    confirmed.add(aspect)
                    name = names.get(other.source, other.source)
                    if name not in by:
                        by.append(name)
                else:
                    disputed.add(aspect)
        disputed -= confirmed
        if contradicted:
            return Assessment(5, by, "your own observation says otherwise")
        if confirmed and len(confirmed) == len(facts):
            return Assessment(1, by, "confirmed by " + " and ".join(by))
        if confirmed and not disputed:
            return Assessment(2, by, "partly confirmed by " + " and ".join(by))
        if confirmed:
            return Assessment(3, by, "partly confirmed, partly disputed")
        if disputed:
            return Assessment(4, [], "another source says otherwise")
        if known:
            return Assessment(3, [], "consistent with what your cell knows; not confirmed")
        return Assessment(6, [], "nothing your cell knows bears on it")

    def state(self, statement: Statement) -> list[Statement]:
        """Record a report; returns earlier reports it bears out (and itself, if any)."""
        borne = []
        for other in self._sharing(statement.facts):
            if other.source == statement.source or other.verdict is not None \
                    or statement.t - other.t > FRESH:
                continue
            shared = set(other.facts) & set(statement.facts)
            if all(other.facts[a] == statement.facts[a] for a in shared):
                borne.append(other)
        self._position[id(statement)] = len(self.statements)
        self.statements.append(statement)
        self.by_report[statement.report_id] = statement
        for aspect in statement.facts:
            self._stating.setdefault(aspect, []).append(statement)
        self._of_source.setdefault(statement.source, []).append(statement)
        if borne:
            borne.append(statement)
        for s in borne:
            s.verdict = True
        return borne

    def observe(self, aspect: str, value: Any, now: int) -> list[Statement]:
        """Record what the cell's own units saw; returns the reports it now checks.

        A report checked this way is borne out when the fact agrees and proven wrong
        when it does not, even if another source had agreed with it before."""
        self.observed[aspect] = (value, now)
        checked = []
        for s in self._stating.get(aspect, ()):
            if now - s.t <= FRESH:
                verdict = s.facts[aspect] == value
                if s.verdict is None or (s.verdict and not verdict):
                    s.verdict = verdict
                    checked.append(s)
        return checked

    def tally(self, source: str) -> tuple[int, int]:
        """(borne out, proven wrong) among the source's reports."""
        mine = [s.verdict for s in self._of_source.get(source, ())]
        return sum(v is True for v in mine), sum(v is False for v in mine)

    def _sharing(self, facts: dict[str, Any]) -> list[Statement]:
        """The statements stating any of ``facts``, in the order they were made."""
        lists = [self._stating[a] for a in facts if a in self._stating]
        if len(lists) == 1:
            return lists[0]
        position, statements = self._position, self.statements
        return [statements[p] for p in sorted({position[id(s)] for found in lists
                                               for s in found})]

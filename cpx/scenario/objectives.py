"""Objectives as HSEEP writes them: critical tasks, each a measure over the journal.

An objective has one or more **critical tasks**. A task names a *measure* — what is
counted in the exercise's journal — thresholds for P / S / M (anything worse is U), and
states when it is **N/O** (not observed: the exercise gave no occasion). The objective
is rated by its worst observed task: that task *decides* the rating, and the report's
findings come from it.

The measures form a small vocabulary that composes (each class below is one; its
docstring is the entry of ``docs/scenario-format.md``):

* ``count`` / ``share`` — events of a kind, filtered by subject, role, victim
  attributes, agency, unit, cell, place or payload field (an :class:`EventFilter`);
* ``deadline`` — per subject, whether B followed A within a duration;
* ``any_of`` / ``all_of`` — over named subjects;
* ``outcome`` — what orders achieved on their targets (assets frozen, route cut …);
* ``harm`` — harm to *every* victim in the region since STARTEX, met or not, so that
  inaction has a cost;
* ``metric`` — one of the older whole-exercise metrics (the form ``metric:`` +
  ``rating:`` on an objective still loads, as a single task of this measure).

Thresholds are shares and durations wherever the measure allows, so that a rule
written for one seed fits every seed. This module holds data only; the measures are
computed in :mod:`cpx.aar.measures` and checked in :mod:`cpx.scenario.objective_checks`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from cpx.scenario.types import Duration, Id, IdList

Metric = Literal[
    "victims_identified_correctly",
    "victims_identified_wrongly",
    "victims_referred",
    "referral_time_hours",
    "minors_referred",
    "victims_harmed",
    "network_disruption",
    "case_strength",
    "unlawful_acts",
    "informants_exposed",
    "leaks",
    "expected_actions_taken",
    "misconduct_reported_hours",
]
"""The whole-exercise metrics of the older one-metric objectives (see :mod:`cpx.aar.metrics`)."""

Outcome = Literal[
    "assets_frozen", "warrant_granted", "arrested", "route_cut", "raided",
    "misconduct_reported", "border_alert",
]
"""What an order can achieve on its target (see :class:`OutcomeTask`)."""

Harm = Literal["exploitation", "harmed", "retrafficked", "in_custody"]
"""The kinds of harm to victims the ``harm`` measure counts (see :class:`HarmTask`)."""

Scalar = Union[bool, int, float, str]

EVENT_KINDS = frozenset({
    "briefing.member", "briefing.place", "briefing.informant", "order.accepted",
    "order.rejected", "order.completed", "unit.status", "report.informant",
    "report.surveillance", "informant.regraded", "evidence.added", "inject", "reply",
    "warrant.granted", "warrant.refused", "raid.result", "inspection.result", "person.met",
    "interview.result", "victim.identified", "victim.referred", "arrest.made",
    "suspect.released", "exercise.endex", "truth.person", "truth.report", "victim.arrived",
    "victim.interdicted", "victim.moved", "victim.harmed", "victim.retrafficked",
    "identification.scored", "network.alert", "network.reaction", "network.revenue",
    "network.snapshot", "network.activity", "client.visits", "surveillance.spotted", "leak",
    "informant.exposure", "informant.burned", "unlawful.act", "inject.expected_taken",
    "inject.expected_missed", "member.arrested", "member.replaced", "misconduct.reported",
    "force.case", "force.compliance", "force.breach", "integrity.check", "media.statement",
    "media.victim_call",
    "false.report",
    "excon.action", "inject.held_due",
    "person.seen", "person.gone", "person.came_forward",
    "victim.custody", "victim.reflection", "victim.consent", "victim.residence",
    "victim.returned", "victim.compensation", "evidence.status", "victim.willingness",
    "cell.message", "request.received",
})
"""Every event kind a filter may name: the engine's catalogue (docs/events.md), written
out here because scenario files are checked without the engine (a test keeps the two equal)."""


class _Model(BaseModel):
    """Strict keys, field docstrings as descriptions (as every scenario model)."""

    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, frozen=True, populate_by_name=True,
    )


class EventFilter(_Model):
    """Which events count: a kind of event, narrowed by what it concerns.

    Every filter given must hold; a list filter holds when any of its values does.
    The *subject* of an event is what it concerns: the person of a ``person.met`` or
    ``victim.referred``, the member of an ``arrest.made``, the venue of a
    ``raid.result``, the inject of an ``inject``, the client group of a
    ``misconduct.reported``, the target of an order.
    """

    event: str
    """The event kind, as listed in docs/events.md, e.g. 'victim.referred'."""
    subjects: IdList = []
    """Only events about these (member, venue, route, client group, inject, informant ids)."""
    roles: list[str] = []
    """Only events about a network member holding one of these roles, e.g. [boss, lieutenant]."""
    minor: bool | None = None
    """Only events about a person who is (true) or is not (false) a minor, in truth."""
    victim: bool | None = None
    """Only events about a person who is (true) or is not (false) really trafficked."""
    exploitation: list[str] = []
    """Only events about a person exploited in one of these forms, e.g. [sexual]."""
    agency: IdList = []
    """Only events of units of these agencies (the unit acting, or the agency replying)."""
    unit: IdList = []
    """Only events of these units."""
    cell: IdList = []
    """Only events seen by these player cells (or 'excon' for ground truth)."""
    place: IdList = []
    """Only events at these venues or locations (a venue also matches its town)."""
    payload: dict[str, Scalar] = {}
    """Only events whose payload has these values, e.g. {kind: victim_treated_as_offender}."""


class RatingRule(_Model):
    """How a measured value becomes a P / S / M / U rating."""

    better: Literal["higher", "lower"] = "higher"
    """Whether a higher or a lower value is better."""
    P: float
    """The value at or beyond which the task was Performed without challenges."""
    S: float
    """… performed with Some challenges."""
    M: float
    """… performed with Major challenges; anything worse is Unable to be performed."""


_BINARY = RatingRule(better="higher", P=1.0, S=1.0, M=1.0)


class _Task(_Model):
    """What every critical task states."""

    id: Id | None = None
    """Names the task in the score card (default: t1, t2 … in order)."""
    task: str = Field(min_length=1)
    """The critical task in the evaluators' words."""
    occasion: EventFilter | list[EventFilter] | None = None
    """The task is N/O (not observed) when no event matches this (or, for a list, any of
    them): the exercise gave no occasion for it. Each measure also has its own N/O rule
    (see its entry)."""


class CountTask(_Task):
    """**count** — the number of events that match ``of``.

    Example: no victim treated as an offender —
    ``{measure: count, of: {event: unlawful.act, payload: {kind: victim_treated_as_offender}},
    rating: {better: lower, P: 0, S: 0, M: 1}}``.
    N/O only through ``occasion`` (say, no one was met); a count of zero is a measured
    zero, so give an occasion when zero would reward doing nothing. Counts are
    headcounts: keep them for zero-tolerance rules and prefer ``share`` otherwise.
    """

    measure: Literal["count"]
    """The measure: 'count'."""
    of: EventFilter
    """The events counted."""
    rating: RatingRule
    """How the count is rated."""


class ShareTask(_Task):
    """**share** — of the subjects of the ``of`` events, the share that also had a ``got`` event.

    Example: minors met who were referred —
    ``{measure: share, of: {event: person.met, minor: true, victim: true},
    got: {event: victim.referred}, rating: {P: 1, S: 0.75, M: 0.5}}``.
    The subject is what each event concerns (a person, a member, a venue …), so ``got``
    counts only for the same subject. N/O when no event matches ``of``.
    """

    measure: Literal["share"]
    """The measure: 'share'."""
    of: EventFilter
    """The events whose subjects make up the whole."""
    got: EventFilter
    """What a subject must also have had to count."""
    rating: RatingRule
    """How the share (0–1) is rated."""


class DeadlineTask(_Task):
    """**deadline** — the share of subjects for which ``to`` followed ``from`` within ``within``.

    Example: victims met are referred within 12 h —
    ``{measure: deadline, from: {event: person.met, victim: true},
    to: {event: victim.referred}, within: 12h, rating: {P: 0.9, S: 0.7, M: 0.5}}``.
    The clock of a subject starts at its first ``from`` event; a ``to`` that came before
    it counts as in time (done before being asked). A subject that never got ``to``
    fails once its window has passed; one whose window was still open at ENDEX and had
    not got ``to`` is left out. With ``per: exercise`` there is one clock, started by the
    first ``from`` event, and any ``to`` event stops it (the journalist calls → the
    soldiers are reported within 12 h): the value is 1 or 0. N/O when no event matches
    ``from``.
    """

    measure: Literal["deadline"]
    """The measure: 'deadline'."""
    from_: EventFilter = Field(alias="from")
    """The event that starts each subject's clock."""
    to: EventFilter
    """The event that must follow, for the same subject."""
    within: Duration
    """How long each subject's clock runs."""
    per: Literal["subject", "exercise"] = "subject"
    """'subject': one clock per subject of ``from``; 'exercise': one clock for the exercise."""
    rating: RatingRule = _BINARY
    """How the share (0–1) is rated."""


class AnyOfTask(_Task):
    """**any_of** — whether any of the named subjects had an ``event``.

    Example: arrest the boss or his lieutenant —
    ``{measure: any_of, event: {event: member.arrested}, subjects: [viktor_hale, rado_brandt]}``.
    The value is 1 or 0; the default rating makes 1 P and 0 U. Never N/O unless an
    ``occasion`` is given: naming the subjects is the occasion.
    """

    measure: Literal["any_of"]
    """The measure: 'any_of'."""
    event: EventFilter
    """What must happen to a subject (its own ``subjects`` are replaced by the list below)."""
    subjects: IdList = Field(min_length=1)
    """The subjects."""
    rating: RatingRule = _BINARY
    """How the value (1 or 0) is rated."""


class AllOfTask(_Task):
    """**all_of** — the share of the named subjects that had an ``event``; 1 when all did.

    Example: every route cut at its transporter —
    ``{measure: all_of, event: {event: member.arrested}, subjects: [ivo_marn, dusan_kral],
    rating: {P: 1, S: 0.5, M: 0.5}}``.
    Never N/O unless an ``occasion`` is given.
    """

    measure: Literal["all_of"]
    """The measure: 'all_of'."""
    event: EventFilter
    """What must happen to each subject."""
    subjects: IdList = Field(min_length=1)
    """The subjects."""
    rating: RatingRule = _BINARY
    """How the share (0–1) is rated."""


class OutcomeTask(_Task):
    """**outcome** — what orders achieved on their targets, by ENDEX.

    ``assets_frozen`` (a financial investigation froze the member's assets),
    ``warrant_granted`` (for the member or venue), ``arrested`` (the member, here or
    abroad), ``route_cut`` (a transporter of the route arrested), ``raided`` (the venue),
    ``misconduct_reported`` (the client group, through the force's channel),
    ``border_alert`` (an alert in force at the crossing). Example: freeze the
    launderer's assets — ``{measure: outcome, outcome: assets_frozen, targets: [clara_mondt]}``.
    The value is the share of ``targets`` with the outcome (``mode: any``: 1 if any
    has it). Never N/O unless an ``occasion`` is given.
    """

    measure: Literal["outcome"]
    """The measure: 'outcome'."""
    outcome: Outcome
    """What must have been achieved."""
    targets: IdList = Field(min_length=1)
    """The members, venues, routes, client groups or crossings it must be achieved on."""
    mode: Literal["all", "any"] = "all"
    """'all': the share of targets; 'any': 1 as soon as one target has it."""
    rating: RatingRule = _BINARY
    """How the value (0–1) is rated."""


class HarmTask(_Task):
    """**harm** — harm to every victim in the region since STARTEX, met by police or not.

    ``exploitation``: the share of victim-days spent in the network's hands (from
    STARTEX, or a victim's arrival, to ENDEX); ``harmed``: the share of victims harmed
    (intimidation, violence); ``retrafficked``: the share of victims met who fell back
    into the network; ``in_custody``: the share of victims met who were treated as
    offenders (detained, charged). Lower is better. Example:
    ``{measure: harm, harm: exploitation, rating: {better: lower, P: 0.6, S: 0.75, M: 0.85}}``.
    ``victims`` narrows the victims counted (``minor``, ``exploitation``). N/O when there
    were no such victims (for ``retrafficked`` and ``in_custody``: none was met). Doing
    nothing is not N/O: the victims the cell never reached are counted.
    """

    measure: Literal["harm"]
    """The measure: 'harm'."""
    harm: Harm
    """Which harm."""
    victims: EventFilter | None = None
    """Which victims count (its ``event`` is ignored; write 'truth.person')."""
    rating: RatingRule
    """How the share (0–1) is rated; give better: lower."""


class MetricTask(_Task):
    """**metric** — one of the older whole-exercise metrics (see :mod:`cpx.aar.metrics`).

    Example: ``{measure: metric, metric: case_strength, rating: {P: 0.65, S: 0.5, M: 0.3}}``.
    N/O as the metric says (``minors_referred`` when no minor was met …). Several of
    these are headcounts that do not scale with the scenario; prefer the measures above.
    """

    measure: Literal["metric"]
    """The measure: 'metric'."""
    metric: Metric
    """The metric."""
    rating: RatingRule
    """How its value is rated."""


CriticalTask = Annotated[
    Union[CountTask, ShareTask, DeadlineTask, AnyOfTask, AllOfTask, OutcomeTask, HarmTask,
          MetricTask],
    Field(discriminator="measure"),
]
"""One critical task; the ``measure`` key says which kind."""

TASK_MODELS = (CountTask, ShareTask, DeadlineTask, AnyOfTask, AllOfTask, OutcomeTask,
               HarmTask, MetricTask)
"""Every kind of task, in the order the reference lists them."""


MEASURES_GUIDE = """\
## Measures: objectives, critical tasks and their ratings

An objective (HSEEP) has one or more **critical tasks**. Each task names a **measure**
— what is counted in the exercise's log — and thresholds for **P** (performed without
challenges), **S** (some challenges) and **M** (major challenges); a value worse than M
is **U** (unable to be performed). A task is **N/O** (not observed) only when the
exercise gave no occasion for it: each measure states when that is, and `occasion:`
(an event filter) lets you say it yourself. The objective takes the rating of its
worst observed task, and the report's strengths and areas for improvement come from
that task.

```yaml
objectives:
  - id: obj_referral
    title: Victims met are referred to support within hours
    tasks:
      - task: Victims met are referred within 12 h of being met
        measure: deadline
        from: {event: person.met, victim: true}   # starts each victim's clock
        to: {event: victim.referred}               # must follow for the same victim
        within: 12h
        rating: {better: higher, P: 0.8, S: 0.6, M: 0.4}
```

Write thresholds as **shares and deadlines**, not headcounts, so that one rule fits
every seed. **Inaction is never success**: a commander who gives no order must not be
rated P on an objective that needs action — measure the harm done meanwhile (`harm`),
which counts every victim in the region whether or not the cell met them. Mark a rule
of restraint (no unlawful act, no leak) `needs_action: false`. `cpx validate
--calibrate FILE` plays the passive and baseline policies over a few seeds and warns
when doing nothing is rated P or the baseline can never reach S.

Event filters name an event kind (see `docs/events.md`) and narrow it by what the event
concerns: `subjects`, `roles`, the victim's `minor`, `victim` and `exploitation` (ground
truth), `agency`, `unit`, `cell`, `place`, or `payload` values. `cpx validate` reports
an unknown kind or a filter that names nothing in the scenario at its line, with the
nearest correct word.

The older form — `metric:` and `rating:` on the objective instead of `tasks:` — still
loads, as one task of the `metric` measure.

| measure | counts | N/O when |
|---|---|---|
| [`count`](#counttask) | events matching a filter | only through `occasion` |
| [`share`](#sharetask) | of the subjects of some events, the share that also had another | no subject |
| [`deadline`](#deadlinetask) | the share of subjects for which B followed A within a duration | no A |
| [`any_of`](#anyoftask) | whether any named subject had an event | only through `occasion` |
| [`all_of`](#alloftask) | the share of named subjects that had an event | only through `occasion` |
| [`outcome`](#outcometask) | targets on which orders achieved an outcome (assets frozen, route cut …) | only through `occasion` |
| [`harm`](#harmtask) | harm to every victim in the region since STARTEX | no such victim (none met, for harm after meeting) |
| [`metric`](#metrictask) | an older whole-exercise metric | as the metric says |
"""
"""The section of docs/scenario-format.md that explains objectives and their measures."""


class Objective(_Model):
    """An exercise objective: one or more critical tasks, rated P / S / M / U.

    The objective takes the rating of its worst observed task; it is N/O only when
    every task is. The older form — ``metric:`` and ``rating:`` instead of ``tasks:`` —
    still loads, as one task of the ``metric`` measure.
    """

    id: Id
    """Referred to by injects."""
    title: str
    """The objective in the evaluators' words."""
    capability: str = ""
    """The capability it belongs to, e.g. 'victim protection'."""
    needs_action: bool = True
    """Whether the cell must act for this objective to be met. A commander who gives no
    order is never rated P on an objective that needs action (cpx validate --calibrate
    checks it); set false for a rule of restraint (no unlawful act, no leak)."""
    tasks: list[CriticalTask] = []
    """The critical tasks."""
    metric: Metric | None = None
    """The older one-metric form: what is measured (give 'tasks' instead)."""
    rating: RatingRule | None = None
    """The older one-metric form: how the metric is rated (give 'tasks' instead)."""
    cell: Id | None = None
    """The player cell rated on this objective (none: the whole exercise, every cell)."""

    _tasks: list = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _one_form(self) -> "Objective":
        if self.tasks and (self.metric is not None or self.rating is not None):
            raise ValueError("give either 'tasks' or the older 'metric' and 'rating', not both")
        tasks = list(self.tasks)
        if not tasks:
            if self.metric is None or self.rating is None:
                raise ValueError("an objective needs 'tasks' (see 'Measures' in "
                                 "docs/scenario-format.md), or the older 'metric' and 'rating'")
            tasks = [MetricTask(measure="metric", task=self.title, metric=self.metric,
                                rating=self.rating)]
        self._tasks = [task if task.id else task.model_copy(update={"id": f"t{n}"})
                       for n, task in enumerate(tasks, start=1)]
        return self

    @property
    def critical_tasks(self) -> list:
        """The tasks, each with an id (the older form gives one ``metric`` task)."""
        return self._tasks

    @property
    def legacy(self) -> bool:
        """Whether the objective is written in the older one-metric form."""
        return self.metric is not None

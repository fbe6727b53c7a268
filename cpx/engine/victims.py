"""People found in the network's hands: their hidden Palermo truth, interviews, scoring.

Trafficking (Palermo Protocol Art. 3, DOMAIN §1): an adult needs ACT + MEANS + PURPOSE,
a child (under 18) ACT + PURPOSE — means are not needed. Interviews reveal indicators of
each element with noise that falls as the person's trust rises.
"""

from __future__ import annotations

import math

import numpy as np

from cpx.engine.rounding import rounded
from cpx.engine.world import PersonState, new_record
from cpx.scenario.models import VictimProfile

MEANS_INDICATORS = {
    "force": "violence_used",
    "threat": "threats_against_family",
    "coercion": "coerced_to_work",
    "abduction": "taken_against_will",
    "fraud": "false_contract",
    "deception": "promised_other_work",
    "abuse_of_power": "controller_in_authority",
    "abuse_of_vulnerability": "exploited_vulnerability",
    "payment_to_controller": "sold_by_controller",
}
"""The ILO-style indicator an interview can reveal for each means."""

ELEMENT_OF: dict[str, str] = {
    "recruited_for_job_abroad": "act",
    "transported_by_network": "act",
    **{ind: "means" for ind in MEANS_INDICATORS.values()},
    # Coercion at destination (ILO/EC indicators, DOMAIN §1): control of documents, debt
    # and movement are means, not the purpose.
    "documents_withheld": "means",
    "debt_bondage": "means",
    "restricted_movement": "means",
    "earnings_taken": "purpose",
    "appears_under_18": "minor",
}
"""Each indicator and the element it speaks for."""

ALL_INDICATORS = tuple(sorted(ELEMENT_OF))
MINOR_WORKER_AGES = (15, 18)
"""Ages (from, below) of a minor among the people not trafficked."""


def is_trafficked(act: bool, means: bool, purpose: bool, minor: bool) -> bool:
    """The Palermo rule: adult ACT+MEANS+PURPOSE; a minor ACT+PURPOSE (no means needed)."""
    return act and purpose and (means or minor)


def draw_person(rng: np.random.Generator, profile: VictimProfile, pid: str,
                route: str | None, venue: str | None, worker: bool,
                controls: np.random.Generator | None = None) -> PersonState:
    """A person of the profile: a trafficked victim, or (``worker``) someone not trafficked.

    Means and the coercive controls (documents withheld, debt bondage, restricted
    movement) come together: a person on whom no means was used is under none of them.
    Some minors are victims by the child rule alone (no means), and some minors among
    the people not trafficked are victims only if they are exploited (purpose).
    ``controls`` draws the minor's means, the minor workers and the controls (default:
    ``rng``); a stream of its own keeps who arrives when, and who they are, as before.
    """
    controls = rng if controls is None else controls
    draw = rng.random  # scalar draws as Python floats: numpy's scalar paths cost more
    sex = "female" if draw() < profile.female_share else "male"
    origin = profile.origins[int(rng.integers(len(profile.origins)))]
    if worker:
        age = int(rng.integers(19, 36))
        act, means, purpose = True, [], bool(draw() < 0.3)
        young, young_age = controls.random(), int(controls.integers(*MINOR_WORKER_AGES))
        minor = bool(young < profile.minor_workers_share)
        age = young_age if minor else age
        docs_draw, debt_draw, draws = 1.0, 0, [1.0, 1.0]  # no means, so no controls
        trust_draw = draw()
    else:
        minor = bool(draw() < profile.minor_share)
        ages = (max(18.0, profile.age.min), max(18.0, profile.age.max) + 1)
        _refuse_bad_range(rng, *ages)
        _refuse_bad_range(rng, profile.debt.min, profile.debt.max)
        # The person's other uniform draws of ``rng`` in one call: the adult's age, the
        # means' picks, documents, debt (when ``controls`` is ``rng``: its three) and
        # trust, which the scalar calls drew one after the other. random(n) reads the
        # stream's next n doubles, as n scalar calls do: the same numbers, the stream
        # left where they leave it (a minor's age, an integer, is drawn first, as before).
        n_means, shared = len(profile.means), controls is rng
        if minor:
            age = int(rng.integers(14, 18))
            mine = rng.random(n_means + 3 + 3 * shared).tolist()
        else:
            mine = rng.random(1 + n_means + 3 + 3 * shared).tolist()
            age = int(_spread(mine[0], *ages))
            del mine[0]
        picks = mine[:n_means]
        means = [m for m, pick in zip(profile.means, picks) if pick < 0.6] or [profile.means[0]]
        docs_draw = mine[n_means]
        debt_draw = int(round(_spread(mine[n_means + 1], profile.debt.min, profile.debt.max), -1))
        act, purpose = True, True
        if shared:
            no_means, *draws = mine[n_means + 2:n_means + 5]
        else:
            no_means, *draws = controls.random(3).tolist()
        if minor and no_means >= profile.minor_means_share:
            means = []
        trust_draw = mine[-1]
    coerced = bool(means)
    docs = coerced and bool(docs_draw < profile.documents_withheld)
    bondage = coerced and bool(draws[0] < profile.debt_bondage)
    restricted = coerced and bool(draws[1] < profile.restricted_movement)
    means = sorted(means)
    return new_record(PersonState, dict(
        id=pid, is_victim=is_trafficked(act, bool(means), purpose, minor), minor=minor,
        age=age, sex=sex, origin=origin, exploitation=profile.exploitation, act=act,
        means=means, purpose=purpose, documents_withheld=docs,
        debt=debt_draw if bondage else 0, profile=profile.id, route=route, venue=venue,
        trust=round(_spread(trust_draw, 0.1, 0.4), 4), debt_bondage=bondage,
        restricted_movement=restricted,
    ))


def _spread(draw: float, low: float, high: float) -> float:
    """What ``rng.uniform(low, high)`` makes of the uniform number ``draw`` it reads:
    ``low + (high - low) * draw`` in doubles (numpy's own arithmetic)."""
    return float(low) + (float(high) - float(low)) * draw


def _refuse_bad_range(rng: np.random.Generator, low: float, high: float) -> None:
    """numpy's own error for a range ``rng.uniform`` refuses (one too wide for a double),
    before anything is drawn for it."""
    if not math.isfinite(float(high) - float(low)):
        rng.uniform(low, high)  # raises OverflowError, as the scalar draw would


def uniform(rng: np.random.Generator, low: float, high: float) -> float:
    """``rng.uniform(low, high)``: the same number from the same draw, without numpy's
    scalar argument handling (numpy computes ``low + (high - low) * random()``)."""
    span = float(high) - float(low)
    if not 0.0 <= span < math.inf:
        return float(rng.uniform(low, high))  # numpy's own error for a bad range
    return float(low) + span * rng.random()


def true_indicators(person: PersonState) -> list[str]:
    """The indicators that hold for the person."""
    found = []
    if person.act:
        found.append("recruited_for_job_abroad")
        if person.route:
            found.append("transported_by_network")
    found.extend(MEANS_INDICATORS[m] for m in person.means)
    if person.documents_withheld:
        found.append("documents_withheld")
    if person.debt_bondage:
        found.append("debt_bondage")
    if person.restricted_movement:
        found.append("restricted_movement")
    if person.purpose:
        found.append("earnings_taken")
    if person.minor:
        found.append("appears_under_18")
    return sorted(set(found))


def interview_indicators(rng: np.random.Generator, person: PersonState,
                         trust: float) -> list[str]:
    """What an interview at ``trust`` reveals: true indicators, some missed, some spurious."""
    truth = true_indicators(person)
    others = [ind for ind in ALL_INDICATORS if ind not in truth]
    # the draws compared as Python floats: the same tests, without numpy's scalars; one
    # call for both lists (a batch holds the numbers two calls in a row would give)
    draws = rng.random(len(truth) + len(others)).tolist()
    reveal = 0.25 + 0.7 * trust
    shown = [ind for ind, r in zip(truth, draws) if r < reveal]
    spurious = 0.12 * (1.0 - trust)
    shown.extend(ind for ind, s in zip(others, draws[len(truth):]) if s < spurious)
    return sorted(shown)


def interview_trust(person: PersonState, skill: float, interpreter: bool, ngo: bool,
                    separated: bool, as_offender: bool, enforcer_present: bool) -> float:
    """The person's trust after an interview in these conditions (DESIGN §5b)."""
    trust = person.trust + 0.1 * skill
    trust += 0.15 if interpreter else -0.05
    trust += 0.15 if ngo else 0.0
    trust += 0.1 if separated else -0.05
    trust -= 0.3 if as_offender else 0.0
    trust -= 0.2 if enforcer_present else 0.0
    return rounded(min(1.0, max(0.0, trust)), 4)

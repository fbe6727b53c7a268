"""What a sweep runs: the scenario, the seeds, the series, the horizon — checked up front.

Every mistake in a sweep's input (an unknown policy, a seed range that runs backwards, an
orders file that does not fit the scenario) is found here, before the first run starts,
and raised as one :class:`~cpx.errors.CpxError` whose message is a single line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpx.errors import CpxError

MAX_SEEDS = 1_000_000
"""More runs than any sweep needs; a guard against a typo such as ``--seeds 1-10000000000``."""


@dataclass(frozen=True)
class Series:
    """One way of playing the scenario, run for every seed: a policy, maybe with orders."""

    name: str
    """How the series is named in the results and the report (``baseline``, ``orders:raid_early``)."""
    policy: str
    """The scripted policy (``passive`` gives no orders of its own)."""
    orders_file: str | None = None
    """The orders file the series plays, as the user named it."""
    orders_sha256: str | None = None
    """The SHA-256 of that file's bytes, so a resumed sweep refuses an edited file."""
    planned: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    """The file's orders (:class:`cpx.journal.orders_file.PlannedOrder`), sorted by time."""

    def describe(self) -> dict[str, Any]:
        """What identifies the series in a results file."""
        return {"name": self.name, "policy": self.policy, "orders_file": self.orders_file,
                "orders_sha256": self.orders_sha256}


@dataclass(frozen=True)
class ScenarioPayload:
    """The scenario as shipped to workers: its text travels, so a worker needs only cpx."""

    sha256: str
    """The scenario's digest (:func:`cpx.scenario.loader.digest`)."""
    text: str
    """The file's text, parsed once per worker process."""
    path: str
    """Where the director's copy is (written into kept journals, so a replay finds it)."""
    name: str
    """The file as the user named it, for messages."""


@dataclass(frozen=True)
class SweepPlan:
    """Everything a sweep needs to run and to be resumed."""

    payload: ScenarioPayload
    scenario: Any
    """The loaded :class:`~cpx.scenario.models.Scenario` (in this process only)."""
    seeds: tuple[int, ...]
    series: tuple[Series, ...]
    until: int
    """Minutes since STARTEX at which every run stops (ENDEX unless ``--until``)."""

    def runs(self) -> list[tuple[str, int]]:
        """Every (series, seed) of the sweep, series by series, in seed order."""
        return [(s.name, seed) for s in self.series for seed in self.seeds]

    def series_named(self, name: str) -> Series:
        return next(s for s in self.series if s.name == name)


def parse_seeds(text: str) -> tuple[int, ...]:
    """``1000`` (seeds 1 to 1000), ``1-1000``, or a list such as ``1,5,9-12``."""
    text = str(text).strip()
    if re.fullmatch(r"\d+", text):
        count = int(text)
        if count < 1:
            raise CpxError("--seeds 0 runs nothing; give a count such as 1000 or a range such as 1-1000", "Bad --seeds")
        _guard(count)
        return tuple(range(1, count + 1))
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        match = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part)
        if match:
            first, last = int(match[1]), int(match[2])
            if last < first:
                raise CpxError(f"the seed range {first}-{last} runs backwards; write {last}-{first}", "Bad --seeds")
            _guard(last - first + 1 + len(seeds))
            seeds.extend(range(first, last + 1))
        elif re.fullmatch(r"\d+", part) and "," in text:
            seeds.append(int(part))
        else:
            raise CpxError(f"{text!r} is not a seed count or range; write 1000, 1-1000 or 1,5,9-12", "Bad --seeds")
    unique = tuple(dict.fromkeys(seeds))
    _guard(len(unique))
    return unique


def _guard(count: int) -> None:
    if count > MAX_SEEDS:
        raise CpxError(f"{count:,} seeds is more than a sweep can hold (at most {MAX_SEEDS:,})", "Bad --seeds")


def parse_policies(texts: list[str] | None, known: tuple[str, ...]) -> list[str]:
    """``--policy passive,baseline`` (repeatable) as a list of known policy names."""
    names: list[str] = []
    for text in texts or []:
        for name in str(text).split(","):
            name = name.strip()
            if not name:
                continue
            if name not in known:
                from cpx.scenario.explain import suggest

                hint = suggest(name, known)
                tip = f"; did you mean {hint!r}?" if hint else ""
                raise CpxError(f"unknown policy {name!r} (known: {', '.join(known)}){tip}", "Bad --policy")
            if name not in names:
                names.append(name)
    return names


def build_plan(
    scenario_spec: str,
    seeds: str,
    policies: list[str] | None,
    orders_files: list[str] | None,
    until: str | None,
) -> SweepPlan:
    """Load and check everything a sweep needs; raises :class:`CpxError` on the first problem."""
    from cpx.batch.orders_fit import check_orders_fit
    from cpx.engine.policies import POLICIES
    from cpx.journal.orders_file import load_orders
    from cpx.journal.scenario_source import open_scenario
    from cpx.scenario.loader import startex_minute_of_day
    from cpx.scenario.problems import ScenarioError
    from cpx.scenario.timefmt import TimeFormatError, parse_duration

    seed_list = parse_seeds(seeds)
    names = parse_policies(policies, tuple(POLICIES))
    try:
        source = open_scenario(scenario_spec)
    except ScenarioError as error:
        first = error.problems[0] if error.problems else None
        more = f" (and {len(error.problems) - 1} more; see cpx validate)" if len(error.problems) > 1 else ""
        raise CpxError(f"{first}{more}" if first else error.message.splitlines()[0], "Scenario cannot be used") from None
    scenario = source.scenario
    horizon = int(scenario.meta.duration)
    if until:
        try:
            horizon = min(horizon, parse_duration(until))
        except TimeFormatError as error:
            raise CpxError(str(error), "Bad --until") from None
        if horizon <= 0:
            raise CpxError(f"--until {until} stops before anything happens", "Bad --until")
    series = [Series(name=name, policy=name) for name in names]
    taken = {s.name for s in series}
    for orders_file in orders_files or []:
        path = Path(orders_file)
        planned = tuple(load_orders(path, startex_minute_of_day(scenario)))
        check_orders_fit(planned, scenario, str(orders_file), horizon)
        name = f"orders:{path.stem}"
        if name in taken:
            name = f"orders:{orders_file}"
        if name in taken:
            raise CpxError(f"the orders file {orders_file} is given twice", "Bad --orders")
        taken.add(name)
        series.append(Series(name=name, policy="passive", orders_file=str(orders_file),
                             orders_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                             planned=planned))
    if not series:
        series = [Series(name="passive", policy="passive"), Series(name="baseline", policy="baseline")]
    from cpx.scenario.source import decode

    text = decode(source.path.read_bytes())
    payload = ScenarioPayload(sha256=source.sha256, text=text, path=str(source.path.resolve()),
                              name=str(scenario_spec))
    return SweepPlan(payload=payload, scenario=scenario, seeds=seed_list, series=tuple(series), until=horizon)

"""Loading a scenario file: every problem in one pass, each located at its line and column.

The public API:

* :func:`load_scenario` returns a :class:`~cpx.scenario.models.Scenario` or raises
  :class:`~cpx.scenario.problems.ScenarioError` listing every problem;
* :func:`check_file` / :func:`check_text` never raise for a bad file: they return a
  :class:`CheckResult` (what ``cpx validate`` prints);
* :func:`digest` fingerprints a scenario for the journal header;
* :func:`clock_minutes` turns ``D2 09:00`` into minutes since STARTEX.

Three passes: the bytes and YAML (:mod:`cpx.scenario.source`), the schema (pydantic,
with messages from :mod:`cpx.scenario.explain`), then the meaning
(:mod:`cpx.scenario.checks`), which runs once the schema holds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from cpx.scenario import checks
from cpx.scenario.explain import explain
from cpx.scenario.models import Scenario
from cpx.scenario.problems import PathPart, Problem, ScenarioError, format_path, sort_problems
from cpx.scenario.source import MAX_BYTES, Located, SourceError, decode, parse
from cpx.scenario.timefmt import clock_to_minutes

# Where each kind of entity sits in the data, for the counts `cpx validate` shows.
_COUNTED: dict[str, tuple[str, ...]] = {
    "jurisdictions": ("region", "jurisdictions"),
    "locations": ("region", "locations"),
    "links": ("region", "links"),
    "members": ("network", "members"),
    "ties": ("network", "ties"),
    "venues": ("network", "venues"),
    "routes": ("network", "routes"),
    "victim_profiles": ("network", "victim_profiles"),
    "clients": ("network", "clients"),
    "corrupt_officials": ("network", "corrupt_officials"),
    "informants": ("informants",),
    "agencies": ("agencies",),
    "injects": ("injects",),
    "objectives": ("objectives",),
}


@dataclass
class CheckResult:
    """The outcome of checking one file."""

    file: str
    """The file as named by the user."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem found, in file order."""
    counts: dict[str, int] = field(default_factory=dict)
    """How many of each kind of entity the file holds (as far as it could be read)."""
    scenario: Scenario | None = None
    """The scenario, when the file has no problems."""
    meaning_checked: bool = False
    """Whether the second pass (references, reachability …) ran; it needs a well-formed file."""

    @property
    def ok(self) -> bool:
        """True when the file can be played."""
        return not self.problems and self.scenario is not None

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of one file in ``cpx validate --json``."""
        return {
            "file": self.file,
            "ok": self.ok,
            "errors": [problem.to_dict() for problem in self.problems],
            "counts": self.counts,
        }


def check_file(path: str | Path) -> CheckResult:
    """Check one scenario file; never raises for anything wrong with the file itself."""
    name = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if not file.is_file():
            return _fail(name, 1, 1, "this is not a file")
        if size > MAX_BYTES:
            return _fail(
                name, 1, 1,
                f"the file is {size / 1_048_576:.1f} MB; scenario files are limited to "
                f"{MAX_BYTES // 1_048_576} MB",
            )
        raw = file.read_bytes()
    except FileNotFoundError:
        return _fail(name, 1, 1, "no such file")
    except OSError as error:
        return _fail(name, 1, 1, f"cannot read the file: {error.strerror or error}")
    return check_bytes(raw, name)


def check_bytes(raw: bytes, name: str = "<scenario>") -> CheckResult:
    """Check the bytes of a scenario file."""
    if len(raw) > MAX_BYTES:
        return _fail(name, 1, 1, f"the file is larger than {MAX_BYTES // 1_048_576} MB")
    try:
        text = decode(raw)
    except SourceError as error:
        return _fail(name, error.line, error.column, error.message)
    return check_text(text, name)


def check_text(text: str, name: str = "<scenario>") -> CheckResult:
    """Check the text of a scenario file: YAML, schema, then meaning."""
    try:
        located = parse(text)
    except SourceError as error:
        return _fail(name, error.line, error.column, error.message)
    result = CheckResult(file=name, counts=_counts(located.data))
    problems = [
        Problem(name, error.line, error.column, format_path(error.path), error.message)
        for error in located.problems
    ]
    if not isinstance(located.data, dict):
        found = "a list" if isinstance(located.data, list) else "plain text"
        problems.append(
            Problem(name, 1, 1, "", f"this is not a scenario: expected sections such as "
                    f"'meta:', 'region:', 'network:' at the top, found {found}")
        )
        result.problems = sort_problems(problems)
        return result
    try:
        scenario = Scenario.model_validate(located.data)
    except ValidationError as error:
        # a value already reported (a forbidden tag, say) is not reported again as missing
        spoiled = [tuple(bad.path) for bad in located.problems]
        problems.extend(
            problem
            for problem, loc in _schema_problems(error, located, name)
            if not any(loc[: len(path)] == path for path in spoiled)
        )
        result.problems = sort_problems(problems)
        return result
    result.meaning_checked = True
    for path, message in checks.check(scenario):
        line, column = located.position(path)
        problems.append(Problem(name, line, column, format_path(path), message))
    result.problems = sort_problems(problems)
    if not result.problems:
        result.scenario = scenario
    return result


def load_scenario(path: str | Path) -> Scenario:
    """The scenario in ``path``; raises :class:`ScenarioError` listing every problem."""
    result = check_file(path)
    if not result.ok or result.scenario is None:
        raise ScenarioError(str(path), result.problems)
    return result.scenario


def digest(scenario: Scenario) -> str:
    """The sha256 of the scenario's canonical JSON: equal for the same world, whatever the layout."""
    data = scenario.model_dump(mode="json", by_alias=True)
    # Fields added later count only when used, so a scenario that does not use them keeps
    # its digest and its journals still replay: player cells (``cells:``, an objective's
    # ``cell``). Only their own default is dropped: any value given still counts.
    if not data.get("cells"):
        data.pop("cells", None)
    for objective in data.get("objectives", []):
        if objective.get("cell") is None:
            objective.pop("cell", None)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def startex_minute_of_day(scenario: Scenario) -> int:
    """The minute of the day (0–1439) at which STARTEX falls."""
    return scenario.meta.startex.hour * 60 + scenario.meta.startex.minute


def clock_minutes(scenario: Scenario, clock: str) -> int:
    """Minutes since STARTEX of an exercise time such as ``D2 09:00``."""
    return clock_to_minutes(clock, startex_minute_of_day(scenario))


def _fail(name: str, line: int, column: int, message: str) -> CheckResult:
    return CheckResult(file=name, problems=[Problem(name, line, column, "", message)])


def _schema_problems(error: ValidationError, located: Located, name: str) -> list[tuple[Problem, tuple]]:
    problems = []
    for item in error.errors(include_url=False):
        loc: tuple[PathPart, ...] = tuple(item["loc"])
        if item["type"] == "extra_forbidden" or loc[-1:] == ("[key]",):
            path = loc[:-1] if loc[-1:] == ("[key]",) else loc
            line, column = located.position(path, key=True)
        elif item["type"] == "missing":
            # a missing item of a pair is reported at the pair, a missing key at its mapping
            path = loc[:-1] if isinstance(loc[-1], int) else loc
            line, column = located.position(loc[:-1])
        else:
            path = loc
            line, column = located.position(loc)
        problems.append((Problem(name, line, column, format_path(path), explain(item)), loc))
    return problems


def _counts(data: object) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind, path in _COUNTED.items():
        value = data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        counts[kind] = len(value) if isinstance(value, list) else 0
    agencies = data.get("agencies") if isinstance(data, dict) else None
    counts["units"] = sum(
        len(agency.get("units") or []) if isinstance(agency, dict) and isinstance(agency.get("units"), list) else 0
        for agency in (agencies if isinstance(agencies, list) else [])
    )
    return counts

"""Importing an MSEL sheet into a scenario: the sheet's rows replace the scenario's injects.

Nothing is written unless the whole result is a valid scenario. The new scenario text is
checked by the project's own loader (:func:`cpx.scenario.loader.check_text`), so every
check of meaning applies, and each problem it finds in an inject is mapped back to the
sheet's row and column: ``msel.csv:7:G: Expected Player Action: …``.

Only the ``injects:`` section of the file is rewritten; the text before and after it is
kept byte for byte, comments included. Within the section, an inject whose id is already
in the scenario keeps its YAML node, so its comments and unchanged values (folded text
blocks, quoted times) stay as they were (ruamel.yaml round-trip).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cpx.errors import CpxError
from cpx.msel.cells import CellProblem, inject_from_cells
from cpx.msel.columns import BY_KEY, TARGET_KINDS
from cpx.msel.sheet import Sheet, read_sheet
from cpx.scenario.explain import suggest

FIELD_COLUMN = {
    "id": "id", "at": "time", "when": "trigger", "contingency_for": "trigger", "type": "type",
    "channel": "method", "from": "from", "from_": "from", "to": "to", "text": "text",
    "expected_action": "expected", "objective": "objective", "mentions": "mentions", "danger_at": "danger_at",
}
"""An inject's field -> the sheet column it comes from."""

DEFAULTS = {"type": "information", "channel": "phone", "to": "trainee"}
"""Fields a new inject leaves out of the file when they hold the default."""


@dataclass(frozen=True)
class ImportProblem:
    """One problem, located in the sheet (or, for the rest of the scenario, by its path)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class MselImportError(CpxError):
    """The sheet cannot be imported; ``problems`` lists every one."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} {noun}; nothing written:\n" + "\n".join(map(str, problems)),
                         "MSEL cannot be imported")


def import_msel(sheet_path: str | Path, scenario_path: str | Path) -> tuple[str, int]:
    """The scenario text with the sheet's injects, and how many; raises :class:`MselImportError`."""
    sheet = read_sheet(sheet_path)
    scenario_path = Path(scenario_path)
    original = scenario_path.read_text(encoding="utf-8-sig")
    from cpx.scenario.loader import check_text

    base = check_text(original, str(scenario_path))
    if not base.ok or base.scenario is None:
        first = base.problems[0] if base.problems else "it does not load"
        raise CpxError(f"the scenario to import into has problems of its own: {first}", "MSEL")
    scenario = base.scenario
    problems: list[ImportProblem] = []
    for row, column, message in sheet.problems:
        problems.append(ImportProblem(f"{sheet.name}:{row}:{column}", message))
    injects: list[dict[str, Any]] = []
    rows = []
    for number, row in enumerate(sheet.rows, 1):
        inject, cell_problems = inject_from_cells(row.cells)
        if not inject["id"]:
            inject["id"] = f"msel_{row.cells.get('number', '').strip() or number}"
            inject["id"] = re.sub(r"[^A-Za-z0-9_]", "_", inject["id"])
        cell_problems += fit_problems(inject, scenario)
        inject["_notes"] = row.cells.get("notes", "").strip()  # the comment above it (cpx.msel.notes)
        for problem in cell_problems:
            problems.append(_at(sheet, row.number, problem.column, problem.message))
        injects.append(inject)
        rows.append(row.number)
    seen: dict[str, int] = {}
    for inject, number in zip(injects, rows):
        if inject["id"] in seen:
            problems.append(_at(sheet, number, "id", f"the id {inject['id']!r} is already used in row {seen[inject['id']]}"))
        seen.setdefault(inject["id"], number)
    # the loader's checks run even when some cells are wrong, so every problem shows at once
    text = splice_injects(original, injects, scenario)
    checked = check_text(text, str(scenario_path))
    reported = {problem.where for problem in problems}
    for problem in checked.problems:
        mapped = _mapped(problem, sheet, rows)
        if mapped.where not in reported:
            problems.append(mapped)
    if problems:
        raise MselImportError(_sorted(_unique(problems)))
    return text, len(injects)


def _at(sheet: Sheet, row: int, key: str, message: str) -> ImportProblem:
    letter = sheet.letters.get(key)
    header = BY_KEY[key].header
    if letter is None:  # the sheet has no such column: point at the row
        return ImportProblem(f"{sheet.name}:{row}:A", f"{header}: {message}")
    return ImportProblem(f"{sheet.name}:{row}:{letter}", f"{header}: {message}")


def _mapped(problem: Any, sheet: Sheet, rows: list[int]) -> ImportProblem:
    """A loader problem in the new scenario, at the sheet cell it came from where it has one."""
    match = re.match(r"injects\[(\d+)\](?:\.(\w+))?", problem.path or "")
    if match and int(match[1]) < len(rows):
        key = FIELD_COLUMN.get(match[2] or "", "id")
        return _at(sheet, rows[int(match[1])], key, problem.message)
    where = f"{problem.file}: {problem.path}" if problem.path else problem.file
    return ImportProblem(where, f"{problem.message} (in the scenario with the sheet's injects)")


def _sorted(problems: list[ImportProblem]) -> list[ImportProblem]:
    """Sheet problems by row and column, then the rest."""
    def key(problem: ImportProblem) -> tuple:
        parts = problem.where.rsplit(":", 2)
        if len(parts) == 3 and parts[1].isdigit():
            return (0, int(parts[1]), len(parts[2]), parts[2])
        return (1, 0, 0, problem.where)
    return sorted(problems, key=key)


def _unique(problems: list[ImportProblem]) -> list[ImportProblem]:
    return list(dict.fromkeys(problems))


def fit_problems(inject: dict[str, Any], scenario: Any) -> list[CellProblem]:
    """Does the expected action's order fit its target (a raid on a venue, an arrest of a member)?"""
    action = inject.get("expected_action")
    if not action or not action.get("target"):
        return []
    kinds = entity_kinds(scenario)
    target, verb = action["target"], action["order"]
    kind = kinds.get(target)
    fitting = TARGET_KINDS.get(verb)
    if kind is None or fitting is None or kind in fitting:
        return []  # an unknown id is reported by the scenario's own checks, with a suggestion
    candidates = sorted(i for i, k in kinds.items() if k in fitting)
    hint = suggest(target, candidates)
    mentioned = [m for m in inject.get("mentions") or [] if kinds.get(m) in fitting]
    if not hint and mentioned:
        hint = mentioned[0]
    return [CellProblem("expected", f"'{verb}' needs {' or '.join(_a(k) for k in fitting)} as its target, but "
                                    f"{target!r} is {_a(kind)}" + (f"; did you mean {hint!r}?" if hint else ""))]


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def entity_kinds(scenario: Any) -> dict[str, str]:
    """Every id in the scenario -> what it names (member, venue, location …)."""
    region, network = scenario.region, scenario.network
    groups = (("jurisdiction", region.jurisdictions), ("location", region.locations),
              ("member", network.members), ("venue", network.venues), ("route", network.routes),
              ("victim profile", network.victim_profiles), ("client group", network.clients),
              ("informant", scenario.informants), ("agency", scenario.agencies), ("inject", scenario.injects),
              ("objective", scenario.objectives))
    kinds = {item.id: kind for kind, items in groups for item in items}
    kinds.update({unit.id: "unit" for agency in scenario.agencies for unit in agency.units})
    kinds.update({i.person.id: "person" for i in scenario.injects
                  if getattr(i, "person", None) is not None and i.person.id})
    return kinds


# ------------------------------------------------------------------------- the YAML text


def _yaml():
    from ruamel.yaml import YAML

    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096  # never re-wrap a long line of the original
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def _section_span(text: str) -> tuple[int, int] | None:
    """Where the top-level ``injects:`` section is in ``text`` (start of its line, end of its value)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value != "injects":
            continue
        start = text.rfind("\n", 0, key.start_mark.index) + 1
        last = value.value[-1] if isinstance(value, yaml.SequenceNode) and value.value else value
        mark = last.end_mark
        end = mark.index
        if mark.column != 0:  # a scalar that ends inside a line: keep the rest of that line in
            newline = text.find("\n", end)
            end = len(text) if newline < 0 else newline + 1
        return start, end
    return None


def splice_injects(text: str, injects: list[dict[str, Any]], scenario: Any) -> str:
    """``text`` with its ``injects:`` section replaced by ``injects`` (the rest kept as it was)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    handler = _yaml()
    span = _section_span(text)
    old_items: dict[str, tuple[int, Any]] = {}
    old_seq: Any = None
    if span is not None:
        section = handler.load(text[span[0]:span[1]]) or {}
        old_seq = section.get("injects") if isinstance(section.get("injects"), CommentedSeq) else None
        for n, item in enumerate(old_seq or []):
            if isinstance(item, CommentedMap) and "id" in item:
                old_items[str(item["id"])] = (n, item)
    models = {i.id: i for i in scenario.injects}
    seq = CommentedSeq()
    for inject in injects:
        found = old_items.get(inject["id"])
        if found is None:
            seq.append(_fresh(inject))
            continue
        n, node = found
        seq.append(_updated(node, inject, models.get(inject["id"])))
        if old_seq is not None and n and n in old_seq.ca.items:  # set after append, which resets it
            seq.ca.items[len(seq) - 1] = old_seq.ca.items[n]  # comments and blank lines before it
    _notes(seq, injects, old_seq, old_items)
    out = io.StringIO()
    handler.dump({"injects": seq}, out)
    section_text = out.getvalue()
    if span is None:
        return text + ("" if text.endswith("\n") else "\n") + "\n" + section_text
    before, after = text[:span[0]], text[span[1]:]
    return before + section_text + after


def _notes(seq: Any, injects: list[dict[str, Any]], old_seq: Any, old_items: dict[str, Any]) -> None:
    """The comment above each inject: its old one where its note is unchanged, else the note."""
    from cpx.msel.notes import comment_text, same_note, set_note, tokens_before

    for index, inject in enumerate(injects):
        note = inject.get("_notes", "")
        found = old_items.get(inject["id"])
        old_tokens = tokens_before(old_seq, found[0]) if found is not None and old_seq is not None else None
        if old_tokens is not None and same_note(comment_text(old_tokens), note):
            if index == 0:
                seq.ca.comment = [None, [t for t in old_tokens if t.value.strip()]]  # no blank line at the top
            else:
                seq.ca.items[index] = [None, old_tokens, None, None]
        elif note or (index and found is None) or old_tokens is not None:
            # a changed note, or a new inject: a blank line before it, and the note if any
            set_note(seq, index, note)


def _fresh(inject: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap()
    for key, value in inject.items():
        if DEFAULTS.get(key) == value or key.startswith("_"):
            continue
        node[key] = _node(key, value)
    return node


def _node(key: str, value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if key == "at":
        return DoubleQuotedScalarString(value)  # unquoted, "D1 08:00" is still text, but quoted is clearer
    if key == "when" and isinstance(value, dict):
        flow = CommentedMap(value)
        flow.fa.set_flow_style()
        return flow
    if key in ("mentions", "danger_at"):
        flow = CommentedSeq(value)
        flow.fa.set_flow_style()
        return flow
    if isinstance(value, dict):
        return CommentedMap(value)
    return value


def _updated(node: Any, inject: dict[str, Any], model: Any) -> Any:
    """The scenario's own node for this inject, with what the sheet changed (nothing else)."""
    from cpx.scenario.models import Inject

    try:
        new = Inject.model_validate({k: v for k, v in inject.items() if not k.startswith("_")})
    except Exception:
        new = None  # the loader reports what is wrong; write the sheet's values as they are
    for key in list(node.keys()):
        # Fields the sheet has no column for (an inject's person) stay as the file has them.
        if key not in inject and key != "id" and key in FIELD_COLUMN:
            del node[key]
    for key, value in inject.items():
        if key.startswith("_"):
            continue
        if key in node and new is not None and model is not None and _same(key, model, new):
            continue  # unchanged: keep the original text (folded blocks, quotes, comments)
        if key not in node and DEFAULTS.get(key) == value:
            continue
        node[key] = _node(key, value)
    return node


def _same(key: str, old: Any, new: Any) -> bool:
    name = "from_" if key == "from" else key
    before, after = getattr(old, name, None), getattr(new, name, None)
    if key == "text":
        return str(before).strip() == str(after).strip()
    if key == "expected_action" and before is not None and after is not None:
        return before.model_copy(update={"description": before.description.strip()}) == after.model_copy(
            update={"description": after.description.strip()})
    return before == after


def write_text(path: str | Path, text: str, inputs: list[str | Path]) -> None:
    """Write ``text`` to ``path`` whole (temporary file renamed), never over one of ``inputs``."""
    path = Path(path)
    for item in inputs:
        if path.exists() and Path(item).exists() and path.resolve() == Path(item).resolve():
            raise CpxError(f"{path} is an input; write the new scenario to another file", "MSEL")
    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CpxError(f"cannot write {path}: {error.strerror or error}", "MSEL") from None

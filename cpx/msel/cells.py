"""One inject <-> one MSEL row: the words of each cell, written and read back.

:func:`inject_cells` writes an inject (the scenario's plain data) as the row's texts;
:func:`inject_from_cells` reads a row back into inject data, collecting a
:class:`CellProblem` for each cell it cannot read (with a suggestion where one helps).
Reading what was written gives the same inject: a property test holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, get_args

from cpx.msel.columns import EVENT_WORDS, METHOD_WORDS, METHODS, TYPES
from cpx.scenario.explain import suggest
from cpx.scenario.models import OrderVerb
from cpx.scenario.timefmt import TimeFormatError, format_duration, parse_clock, parse_duration

VERBS: tuple[str, ...] = get_args(OrderVerb)


@dataclass(frozen=True)
class CellProblem:
    """Something wrong in one cell of the sheet (the column by its key)."""

    column: str
    message: str


def inject_cells(inject: dict[str, Any], number: int, capabilities: dict[str, str]) -> dict[str, str]:
    """The row of ``inject`` (a scenario inject as plain data, ``from`` by its alias)."""
    objective = inject.get("objective") or ""
    capability = capabilities.get(objective, "")
    return {
        "number": str(number),
        "time": inject.get("at") or "",
        "method": METHODS.get(inject.get("channel") or "phone", inject.get("channel") or ""),
        "from": inject.get("from") or "",
        "to": inject.get("to") or "trainee",
        "text": (inject.get("text") or "").strip(),
        "expected": expected_words(inject.get("expected_action")),
        "objective": f"{objective} ({capability})" if objective and capability else objective,
        "trigger": trigger_words(inject),
        "notes": "",
        "id": inject.get("id") or "",
        "type": inject.get("type") or "information",
        "mentions": ", ".join(inject.get("mentions") or []),
        "danger_at": ", ".join(inject.get("danger_at") or []),
    }


def expected_words(action: dict[str, Any] | None) -> str:
    """``raid kestrel_street_flats within 6h: raid at once``, or '' for no expected action."""
    if not action:
        return ""
    head = action["order"] + (f" {action['target']}" if action.get("target") else "")
    within = action["within"] if isinstance(action["within"], str) else format_duration(action["within"])
    text = f"{head} within {within}"
    description = (action.get("description") or "").strip()
    return f"{text}: {description}" if description else text


def trigger_words(inject: dict[str, Any]) -> str:
    """``Timed``, ``Conditional: 2h after a raid concerning bar_lotus`` or ``Contingency for X: …``."""
    parts = []
    when = inject.get("when")
    if when:
        after = when.get("after") or "0m"
        after = after if isinstance(after, str) else format_duration(after)
        delay = "right after" if parse_duration(after) == 0 else f"{after} after"
        subject = f" concerning {when['subject']}" if when.get("subject") else ""
        parts.append(f"Conditional: {delay} {EVENT_WORDS[when['event']]}{subject}")
    if inject.get("contingency_for"):
        parts.append(f"Contingency for {inject['contingency_for']}: released if its expected action is missed")
    if not parts:
        return "Timed"
    return "; ".join(parts)


def _ids(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]


def inject_from_cells(cells: dict[str, str]) -> tuple[dict[str, Any], list[CellProblem]]:
    """The inject data of a row (keys as in a scenario file) and the problems of its cells."""
    problems: list[CellProblem] = []
    inject: dict[str, Any] = {"id": cells.get("id", "").strip()}
    time = cells.get("time", "").strip()
    if time:
        try:
            parse_clock(time)
            inject["at"] = " ".join(time.split())
        except TimeFormatError as error:
            problems.append(CellProblem("time", str(error)))
    when, contingency = _trigger(cells.get("trigger", ""), problems)
    if when is not None:
        inject["when"] = when
    if contingency is not None:
        inject["contingency_for"] = contingency
    if not time and when is None and contingency is None:
        problems.append(CellProblem("time", "no scenario time and no condition: give a time such as 'D2 14:00', "
                                            "or a Conditional/Contingency trigger"))
    kind = cells.get("type", "").strip().lower() or "information"
    if kind not in TYPES:
        hint = suggest(kind, TYPES)
        problems.append(CellProblem("type", f"{kind!r} is not an inject type (one of {', '.join(TYPES)})"
                                            + (f"; did you mean {hint!r}?" if hint else "")))
    inject["type"] = kind
    method = " ".join(cells.get("method", "").strip().lower().split()) or "phone"
    channel = METHOD_WORDS.get(method)
    if channel is None:
        words = sorted(set(METHODS.values()))
        hint = suggest(method, words)
        problems.append(CellProblem("method", f"{method!r} is not a delivery method (one of {', '.join(words)})"
                                              + (f"; did you mean {hint!r}?" if hint else "")))
    inject["channel"] = channel or "phone"
    sender = cells.get("from", "").strip()
    if not sender:
        problems.append(CellProblem("from", "who sends the inject? give the simulated role or agency id"))
    inject["from"] = sender
    inject["to"] = cells.get("to", "").strip() or "trainee"
    text = cells.get("text", "").strip()
    if not text:
        problems.append(CellProblem("text", "the inject has no text"))
    inject["text"] = text
    expected = cells.get("expected", "").strip()
    if expected:
        action = _expected(expected, problems)
        if action is not None:
            inject["expected_action"] = action
    objective = cells.get("objective", "").strip()
    if objective:
        inject["objective"] = objective.split("(")[0].strip()
    mentions = _ids(cells.get("mentions", ""))
    if mentions:
        inject["mentions"] = mentions
    danger = _ids(cells.get("danger_at", ""))
    if danger:
        inject["danger_at"] = danger
    return inject, problems


_EXPECTED = re.compile(r"^(?P<head>.+?)\s+within\s+(?P<within>\d+\s*[mhdw](?:\s*\d+\s*[mhdw])*)\s*(?::\s*(?P<desc>.*))?$",
                       re.DOTALL | re.IGNORECASE)


def _expected(text: str, problems: list[CellProblem]) -> dict[str, Any] | None:
    match = _EXPECTED.match(text)
    if not match:
        problems.append(CellProblem("expected", f"write the expected action as 'VERB [TARGET] within DURATION: "
                                                f"description', e.g. 'raid bar_lotus within 6h: with NGO support'; "
                                                f"found {text[:60]!r}"))
        return None
    words = match["head"].split()
    spoken = {verb.replace("_", " "): verb for verb in VERBS}
    verb, rest = None, words
    for size in (3, 2, 1):
        candidate = " ".join(words[:size]).lower().replace("_", " ")
        if len(words) >= size and candidate in spoken:
            verb, rest = spoken[candidate], words[size:]
            break
    if verb is None:
        hint = suggest(words[0], VERBS)
        problems.append(CellProblem("expected", f"{words[0]!r} is not an order (one of {', '.join(VERBS)})"
                                                + (f"; did you mean {hint!r}?" if hint else "")))
        return None
    if len(rest) > 1:
        problems.append(CellProblem("expected", f"after the order '{verb}' give one target id, not {' '.join(rest)!r}"))
        return None
    action: dict[str, Any] = {"order": verb}
    if rest:
        action["target"] = rest[0]
    action["within"] = format_duration(parse_duration(match["within"]))
    description = (match["desc"] or "").strip()
    if description:
        action["description"] = description
    return action


_CONDITION = re.compile(r"^(?:(?P<right>right\s+after)|(?P<after>\d+\s*[mhdw](?:\s*\d+\s*[mhdw])*)\s+after)?\s*"
                        r"(?P<event>.+?)(?:\s+concerning\s+(?P<subject>\S+))?\s*$", re.IGNORECASE)


def _trigger(text: str, problems: list[CellProblem]) -> tuple[dict[str, Any] | None, str | None]:
    when: dict[str, Any] | None = None
    contingency: str | None = None
    for part in [p.strip() for p in text.split(";") if p.strip()]:
        lower = part.lower()
        if lower in ("timed", "time", "scheduled"):
            continue
        if lower.startswith("conditional"):
            body = part.split(":", 1)[1].strip() if ":" in part else ""
            when = _condition(body, problems)
        elif lower.startswith("contingency"):
            match = re.match(r"contingency\s+(?:for|of)\s+(\S+?)(?::|$|\s)", part + " ", re.IGNORECASE)
            if match:
                contingency = match[1]
            else:
                problems.append(CellProblem("trigger", "write 'Contingency for INJECT_ID: …' (the inject whose "
                                                       "missed action releases this one)"))
        else:
            problems.append(CellProblem("trigger", f"{part[:50]!r}: start with 'Timed', 'Conditional: …' or "
                                                   "'Contingency for …'"))
    return when, contingency


def _condition(body: str, problems: list[CellProblem]) -> dict[str, Any] | None:
    match = _CONDITION.match(body)
    words = {words: event for event, words in EVENT_WORDS.items()}
    event_text = (match["event"] if match else body).strip().lower()
    event = words.get(event_text) or (event_text if event_text in EVENT_WORDS else None)
    if event is None:
        event = words.get(event_text.replace("_", " "))
    if match is None or event is None:
        choices = list(EVENT_WORDS.values())
        hint = suggest(event_text, choices)
        problems.append(CellProblem("trigger", f"{event_text!r} is not a trigger event; write e.g. 'Conditional: "
                                               f"2h after a raid concerning bar_lotus'"
                                               + (f"; did you mean {hint!r}?" if hint else "")))
        return None
    when: dict[str, Any] = {"event": event}
    if match["subject"]:
        when["subject"] = match["subject"]
    when["after"] = format_duration(parse_duration(match["after"])) if match["after"] else "0m"
    return when

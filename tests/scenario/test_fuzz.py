"""Hypothesis: any mutation of a valid scenario yields problems or a scenario, never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.scenario import check_bytes, check_text
from cpx.scenario.starter import starter_text

TEXT = starter_text()
LINES = TEXT.splitlines(keepends=True)
# Characters that matter to YAML, plus some that do not.
NOISE = st.text(alphabet=list(":-[]{}&*!|>'\"#%@`,?\t\n ~0123456789abcxyzé\x00"), max_size=12)


@st.composite
def mutated(draw) -> str:
    """The starter text with a few edits: cut, insert, delete, duplicate, swap, retype."""
    text = TEXT
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "insert", "delete", "duplicate", "swap", "replace_value"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if kind == "cut":
            text = text[:at]
        elif kind == "insert":
            text = text[:at] + draw(NOISE) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "duplicate":
                lines.insert(j, lines[i])
            elif kind == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            elif ": " in lines[i]:
                key = lines[i].split(": ", 1)[0]
                lines[i] = f"{key}: {draw(NOISE)}\n"
            text = "".join(lines)
    return text


def assert_well_formed(result) -> None:
    assert result.ok == (not result.problems)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and "Traceback" not in problem.message
        assert str(problem).startswith(f"{problem.file}:{problem.line}:{problem.column}: ")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_scenarios_give_problems_not_exceptions(text):
    assert_well_formed(check_text(text, "fuzz.yaml"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_problems_not_exceptions(raw):
    assert_well_formed(check_bytes(raw, "noise.yaml"))

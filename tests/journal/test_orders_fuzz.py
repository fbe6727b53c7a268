"""Hypothesis: any mutation of an orders file gives located problems or orders the
engine runs — never an exception, never a hang."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.commands.run import run_exercise
from cpx.journal.orders_file import OrdersFileError, parse_orders
from cpx.scenario import load_scenario
from cpx.scenario.loader import startex_minute_of_day

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
STARTEX = startex_minute_of_day(TUTORIAL)
END = int(TUTORIAL.meta.duration)
PLAN = """\
- at: D1 09:00
  order: {verb: surveil, unit: tut_surveillance, target: bar_nightingale, params: {hours: 3}}
- at: D1 09:10
  order: {verb: task_informant, target: inf_robin, params: {subject: bar_nightingale}}
- at: D1 09:20
  order: {verb: request_warrant, target: bar_nightingale}
- at: D1 14:00
  order:
    verb: raid
    unit: tut_intervention
    target: bar_nightingale
    params: {support: safe_harbour, urgent: yes}
- at: D1 18:00
  order: {verb: border_alert, target: tarsk_crossing, params: {hours: 12}}
"""
NOISE = st.text(alphabet=list(":-[]{}&*!|>'\"#%@`,?\t\n ~0123456789abcxyzé\x00\x85"), max_size=12)
VALUES = st.sampled_from([
    "abc", "8h", ".nan", ".inf", "-5", "0", "99999999999999999999", "1e308", "yes", "[1, 2]",
    "{a: 1}", "*x", "&x 3", "!!python/object:os.system x", "''", "null", "9" * 5000,
    "D1 10:00", "mla", "jit",
])


@st.composite
def mutated(draw) -> str:
    """The plan with a few edits: cut, insert, delete, duplicate, swap, retype a value."""
    text = PLAN
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "insert", "delete", "duplicate", "swap", "value",
                                     "value"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if kind == "cut":
            text = text[:at]
        elif kind == "insert":
            text = text[:at] + draw(NOISE) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "value":
            # replace what follows a ': ' near `at` with an odd value
            colon = text.find(": ", at)
            if colon >= 0:
                stop = min([i for i in (text.find(c, colon + 2) for c in ",}\n") if i >= 0]
                           or [len(text)])
                text = text[:colon + 2] + draw(VALUES) + text[stop:]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "duplicate":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


def test_the_plan_itself_is_valid():
    assert len(parse_orders(PLAN, STARTEX, "plan.yaml", END)) == 5


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated(), seed=st.integers(0, 20))
def test_mutated_orders_files_give_located_problems_or_run(text, seed):
    try:
        planned = parse_orders(text, STARTEX, "plan.yaml", END)
    except OrdersFileError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message
            assert str(problem).startswith(f"plan.yaml:{problem.line}:{problem.column}: ")
        return
    results: list = []
    exercise = run_exercise(TUTORIAL, seed, "passive", planned, END, None, results)
    assert exercise.finished
    assert all(r["result"]["accepted"] or r["result"]["reason"] for r in results)

"""No trainee text names a sex the people it is about do not have, nor calls anyone a
minor unless they look it, over whole exercises of every bundled scenario.

The baseline investigator plays each exercise so that raids, interviews and statements
happen; the journal's ground truth (``truth.person``, and ``truth.report``'s ``about``)
says who each text is about.
"""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine import Exercise
from cpx.engine.policies import make_policy, play
from cpx.engine.wording import FEMALE_WORDS, MALE_WORDS, names_minor, sex_words
from cpx.scenario import bundled_scenarios, load_scenario

NAMES = [p.stem for p in bundled_scenarios()]
LOOKS_UNDER_18 = 16
"""describe(): from 16 a minor looks adult to an officer."""


@cache
def scenario(name: str):
    return load_scenario(next(p for p in bundled_scenarios() if p.stem == name))


def words_for(people) -> set[str]:
    sexes = {p["sex"] for p in people}
    return (set(FEMALE_WORDS) if "female" in sexes else set()) | (
        set(MALE_WORDS) if "male" in sexes else set())


def texts_checked(events, clients: set[str]) -> int:
    """Check every trainee text; return how many named a sex (so the test can see it ran)."""
    people = {e.payload["person_id"]: e.payload for e in events if e.kind == "truth.person"}
    truth = {e.payload["report_id"]: e.payload for e in events if e.kind == "truth.report"}
    false_reports = {e.payload["report_id"] for e in events if e.kind == "false.report"}
    # Who called victim support after a victim-centred statement (the reply's order).
    callers = {e.payload["order_id"]: e.payload["person_id"] for e in events
               if e.kind == "media.victim_call"}
    named = 0
    for event in events:
        if event.visibility == "excon" or event.kind == "inject":
            continue  # ground truth, or the director's own words
        p = event.payload
        for key in ("text", "description"):
            text = p.get(key)
            if not isinstance(text, str):
                continue
            about, minors_ok = [], False
            if event.kind == "report.informant" and p.get("subject_kind") == "venue":
                report = truth.get(p["report_id"])
                if report is None:  # a corrupt official's false report: it is about no one
                    assert p["report_id"] in false_reports, p
                    report = {"about": [], "true": False}
                about = [people[pid] for pid in report["about"]]
                # A wrong report may wrongly claim minors; a right one only of minors.
                minors_ok = not report["true"] or any(x["minor"] for x in about)
            elif event.kind in ("person.met", "person.came_forward"):
                about = [people[p["person_id"]]]
                minors_ok = about[0]["age"] < LOOKS_UNDER_18
            elif event.kind == "evidence.added" and text.startswith("Person p"):
                about = [people[text.split()[1]]]
            elif event.kind == "reply" and p.get("person_id") in people:
                about = [people[p["person_id"]]]  # a partner's reply about one person
            elif event.kind == "reply" and callers.get(p.get("order_id")) in people:
                about = [people[callers[p["order_id"]]]]  # a victim's call after a statement
                minors_ok = about[0]["age"] < LOOKS_UNDER_18
            elif event.kind in ("inspection.result", "interview.result"):
                minors_ok = True  # the indicator "appears under 18" as the cell saw it
            if set(p.get("mentions", [])) & clients or "international force" in text:
                continue  # clients of the venues, not the people held there
            assert sex_words(text) <= words_for(about), (event.kind, text, about)
            assert minors_ok or not names_minor(text), (event.kind, text, about)
            named += bool(sex_words(text))
    return named


@settings(max_examples=6, deadline=None)
@given(name=st.sampled_from(NAMES), seed=st.integers(0, 10_000))
def test_no_trainee_text_names_a_sex_or_an_age_the_people_do_not_have(name, seed):
    ex = Exercise(scenario(name), seed=seed)
    play(ex, make_policy("baseline", ex))
    texts_checked(ex.events, {c.id for c in scenario(name).network.clients})


def test_texts_about_labour_victims_name_men_and_women():
    ex = Exercise(scenario("bitter_harvest"), seed=2)
    play(ex, make_policy("baseline", ex))
    assert texts_checked(ex.events, set()) > 0
    spoken = " ".join(e.payload.get("text", "") for e in ex.events
                      if e.visibility != "excon" and e.kind != "inject")
    assert "kept working at" in spoken  # the form of exploitation, not "kept at a bar"
    assert {"he", "his", "him", "men", "man"} & sex_words(spoken)

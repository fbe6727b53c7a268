"""Generated words follow the people they describe: sex, age, form of exploitation."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from cpx.engine import wording
from cpx.engine.wording import FEMALE_WORDS, MALE_WORDS, names_minor, sex_words

FORMS = ("sexual", "forced_labour", "domestic_servitude", "begging", "forced_criminality")
VENUE_KINDS = ("bar", "farm", "construction_site", "factory", "apartment", "workers_dormitory")


@dataclass
class Someone:
    sex: str
    minor: bool


people = st.lists(st.builds(Someone, sex=st.sampled_from(["female", "male"]),
                            minor=st.booleans()), max_size=12)


def allowed_words(group) -> set[str]:
    sexes = {p.sex for p in group}
    return (set(FEMALE_WORDS) if "female" in sexes else set()) | (
        set(MALE_WORDS) if "male" in sexes else set())


@given(group=people, count=st.integers(0, 15), form=st.sampled_from(FORMS),
       minors=st.booleans(), foreign=st.booleans(), kind=st.sampled_from(VENUE_KINDS))
def test_a_report_names_only_the_sexes_of_the_people_there(group, count, form, minors,
                                                           foreign, kind):
    text = wording.held_at(group, count, "Redfield farm", form, minors, foreign, kind)
    assert sex_words(text) <= allowed_words(group), text
    # Under 18 only when the report says so, and never of nobody.
    assert names_minor(text) == (minors and count > 0), text
    assert ("foreign" in text) == (foreign and count > 0)


def test_the_farm_of_two_women_and_three_men():
    group = [Someone("female", False)] * 2 + [Someone("male", False)] * 3
    text = wording.held_at(group, 5, "Greenvale farm", "forced_labour", False)
    assert text == "About 5 foreign men and women are kept working at Greenvale farm."


def test_words_follow_the_form_of_exploitation_and_the_kind_of_place():
    men = [Someone("male", False)] * 4
    assert "kept working at Fenn site" in wording.held_at(men, 4, "Fenn site", "forced_labour",
                                                          False, venue_kind="construction_site")
    assert "kept at the dormitory" in wording.held_at(men, 4, "the dormitory", "forced_labour",
                                                      False, venue_kind="workers_dormitory")
    women = [Someone("female", True)]
    assert wording.held_at(women, 1, "Bar Lotus", "sexual", True) == (
        "A foreign woman is kept at Bar Lotus; she looks under 18.")
    assert wording.held_at([], 3, "Bar Lotus", "sexual", False) == (
        "About 3 foreign people are kept at Bar Lotus.")
    assert wording.held_at(men, 0, "Bar Lotus", "sexual", True).startswith("Nobody")


@given(sex=st.sampled_from(["female", "male"]), docs=st.booleans(), debt=st.booleans(),
       restricted=st.booleans())
def test_a_statement_is_in_the_person_s_own_terms(sex, docs, debt, restricted):
    text = wording.statement("p7", sex, "Jory Balk", docs, debt, restricted)
    assert sex_words(text) <= (FEMALE_WORDS if sex == "female" else MALE_WORDS)
    assert sex_words(text), "a statement speaks of the person"
    assert ("passport" in text) == docs and ("debt" in text) == debt
    assert ("leave" in text) == restricted
    assert not names_minor(text)


@given(count=st.integers(1, 20), form=st.sampled_from(FORMS))
def test_a_sighting_from_a_distance_names_no_sex_or_age(count, form):
    text = wording.escorted(count, "Redfield farm", form)
    assert not sex_words(text) and not names_minor(text)
    assert text[0].isupper() or text[0].isdigit()

"""Words for the people a trainee text is about, taken from what they are.

Every generated sentence about possible victims (an informant's report, a sighting, a
statement) names their sex, age and form of exploitation only as the people concerned
have them: a farm holding two women and three men is "men and women", never "women";
a man's statement is about "his work", and nobody is said to look under 18 unless the
text says so of people who do. Texts never state whether someone is a victim.

Functions take plain attributes (or :class:`~cpx.engine.world.PersonState`-like objects
with ``sex``, ``minor`` and ``origin``) so the same words serve the engine and its tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

SEX_WORDS = frozenset({"woman", "women", "girl", "girls", "she", "her", "hers", "herself",
                       "man", "men", "boy", "boys", "he", "him", "his", "himself"})
"""Every word that names a sex; a text about people must use only those of their sexes."""
FEMALE_WORDS = frozenset({"woman", "women", "girl", "girls", "she", "her", "hers", "herself"})
"""The words that name women and girls."""
MALE_WORDS = SEX_WORDS - FEMALE_WORDS
"""The words that name men and boys."""
MINOR_WORDS = ("under 18", "girl", "boy", "teenager", "child")
"""Phrases that describe someone as a minor."""

_AT_WORK = {
    "sexual": "kept at {venue}",
    "forced_labour": "kept working at {venue}",
    "domestic_servitude": "kept as domestic servants at {venue}",
    "begging": "sent out to beg from {venue}",
    "forced_criminality": "made to commit crimes from {venue}",
}
"""What happens to people at a venue, by form of exploitation."""
LODGINGS = ("apartment", "private_house", "workers_dormitory")
"""Kinds of venue where people are kept but not put to work: "kept at" whatever the form."""


class Someone(Protocol):
    """What wording needs to know of a person."""

    sex: str
    minor: bool


def noun(sexes: Iterable[str], count: int, exploitation: str | None = None) -> str:
    """'woman', 'men', 'men and women', or a word naming no sex when the people are of
    no one sex or unknown ('worker', 'people')."""
    kinds = set(sexes)
    plural = count != 1
    if kinds == {"female"}:
        return "women" if plural else "woman"
    if kinds == {"male"}:
        return "men" if plural else "man"
    if plural and kinds == {"female", "male"}:
        return "men and women"
    if exploitation == "forced_labour":
        return "workers" if plural else "worker"
    return "people" if plural else "person"


def pronouns(sex: str | None) -> tuple[str, str, str]:
    """Subject, object and possessive pronouns for one person of ``sex``."""
    if sex == "female":
        return "she", "her", "her"
    if sex == "male":
        return "he", "him", "his"
    return "they", "them", "their"


def held_at(people: Sequence[Someone], count: int, venue: str, exploitation: str,
            minors: bool, foreign: bool = True, venue_kind: str | None = None) -> str:
    """An informant's sentence: how many people are kept at a venue and for what.

    ``people`` are those the report is about (whoever is really held there); ``count``
    and ``minors`` are what the informant claims, right or wrong. The sex words come
    from ``people`` only, so a wrong count never invents a sex nobody there has.
    """
    if count <= 0:
        return f"Nobody seems to be kept at {venue} at the moment."
    sexes = {p.sex for p in people}
    what = ("foreign " if foreign else "") + noun(sexes, count, exploitation)
    form = "sexual" if venue_kind in LODGINGS else exploitation
    doing = _AT_WORK.get(form, _AT_WORK["sexual"]).format(venue=venue)
    if count == 1:
        article = "An" if what[0] in "aeiou" else "A"
        text = f"{article} {what} is {doing}"
    else:
        text = f"About {count} {what} are {doing}"
    if not minors:
        return text + "."
    if count == 1:
        subject = pronouns(next(iter(sexes)) if len(sexes) == 1 else None)[0]
        return text + f"; {subject} {'look' if subject == 'they' else 'looks'} under 18."
    return text + "; some look under 18."


def escorted(count: int, venue: str, exploitation: str) -> str:
    """A surveillance team's sighting of people moved under guard (no sex, no age: the
    team saw them from a distance)."""
    who = noun((), count, exploitation)
    if count == 1:
        who = "a worker" if who == "worker" else "a person"
    else:
        who = f"{count} {who}"
    trip = ("between {venue} and a van" if exploitation == "forced_labour"
            else "between {venue} and a car").format(venue=venue)
    was = "was" if count == 1 else "were"
    text = f"{who} {was} escorted {trip}; they did not move freely."
    return text[0].upper() + text[1:]


def statement(person_id: str, sex: str, controller: str, documents_withheld: bool,
              debt_bondage: bool, restricted_movement: bool) -> str:
    """A person's statement against the one who controlled them, in their own terms."""
    _subject, obj, poss = pronouns(sex)
    control = [f"controlled {poss} work and money"]
    if documents_withheld:
        control.append(f"kept {poss} passport")
    if debt_bondage:
        control.append(f"held {obj} to a debt")
    if restricted_movement:
        control.append(f"did not let {obj} leave")
    listed = control[0] if len(control) == 1 else ", ".join(control[:-1]) + " and " + control[-1]
    return f"Person {person_id} describes how {controller} {listed}."


def sex_words(text: str) -> set[str]:
    """The words naming a sex in ``text`` (lower case)."""
    words = "".join(ch.lower() if ch.isalpha() else " " for ch in text).split()
    return {w for w in words if w in SEX_WORDS}


def names_minor(text: str) -> bool:
    """Whether ``text`` describes someone as a minor."""
    low = text.lower()
    return any(phrase in low for phrase in MINOR_WORDS)

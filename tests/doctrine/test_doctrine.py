"""The doctrine suite: scripted commanders on the flagship, each rated as doctrine says.

Each commander is an orders file in ``orders/`` (the shape ``cpx run --orders`` reads),
played on the flagship over five seeds. For every objective the test states the band of
ratings the commander must get in every seed, and the doctrinal reason beside it
(DOMAIN.md). The suite fails when a change makes a bad commander look good or a good
one look bad. The runs go through the same code ``cpx run`` uses, in-process (one test
drives the real command line to show the two agree).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from cpx.aar.scorecard import score_records
from cpx.commands.run import run_exercise
from cpx.journal.orders_file import load_orders
from cpx.scenario.loader import load_scenario, startex_minute_of_day

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "glass_lantern.yaml"
ORDERS = Path(__file__).parent / "orders"
SEEDS = (1, 2, 3, 4, 5)

ANY = frozenset({"P", "S", "M", "U", "N/O"})
GOOD = frozenset({"P", "S"})
FAIR = frozenset({"P", "S", "M"})
BAD = frozenset({"M", "U"})
FAIL = frozenset({"U"})
NOT_OBSERVED = frozenset({"N/O"})
STAFF = frozenset({"S", "M", "U"})
"""Arrests of venue staff found in raids, never an organiser: S at best (two managers)."""

EXPECTED: dict[str, dict[str, tuple[frozenset, str]]] = {
    "good": {
        "obj_victim_identification": (FAIR, "two raids reach part of the victims; those met "
                                      "and decided on are identified correctly"),
        "obj_wrong_identification": (GOOD, "only the girls the hotline described are "
                                     "identified, on the child rule (act + purpose)"),
        "obj_minors_first": (FAIR, "immediate danger to a child overrides the covert plan: "
                             "Kestrel Street is entered within the hour, the girls referred"),
        "obj_referral_speed": (GOOD, "victim support is warned before each raid and "
                               "everyone met is referred the same evening (§2)"),
        "obj_victim_safety": (frozenset({"S", "M"}), "victims are taken out of the "
                              "network's hands, but most of the region's stay held: "
                              "two raids in five days"),
        "obj_network_disruption": (STAFF, "raids arrest the venue staff found, but the file "
                                   "pursues no organiser: venues alone do not disrupt the "
                                   "network (§3)"),
        "obj_case_strength": (BAD, "the money is followed and frozen, but few cases "
                              "reach the threshold in five days"),
        "obj_lawful_conduct": (frozenset({"P"}), "urgent entry only on a fresh call about a "
                               "child, warrants otherwise; no victim treated as offender"),
        "obj_informant_safety": (GOOD, "no visible action on what only one source knew"),
        "obj_operational_security": (FAIR, "sensitive work through SATU, which does not "
                                     "leak; the border post and the court registry may"),
        "obj_misconduct_reporting": (frozenset({"P"}), "the soldiers are reported through "
                                     "the MNSF Military Police within the hour (§7)"),
        "obj_integrity": (FAIR, "the letter goes to internal affairs the same morning, "
                          "covertly; a covert inquiry still reaches the network now and then"),
        "obj_public_information": (frozenset({"P"}), "\"will they be deported?\" is "
                                   "answered victim-first, without operational detail (§2)"),
    },
    "arrests_soldiers": {
        "obj_victim_identification": (FAIR, "as the good commander"),
        "obj_wrong_identification": (GOOD, "as the good commander"),
        "obj_minors_first": (FAIR, "as the good commander"),
        "obj_referral_speed": (GOOD, "as the good commander"),
        "obj_victim_safety": (frozenset({"S", "M"}), "as the good commander"),
        "obj_network_disruption": (STAFF, "as the good commander"),
        "obj_case_strength": (BAD, "as the good commander"),
        "obj_lawful_conduct": (frozenset({"M"}), "trying to arrest force personnel through "
                               "the host police is a conduct error, refused but recorded (§7)"),
        "obj_informant_safety": (GOOD, "as the good commander"),
        "obj_operational_security": (FAIR, "as the good commander"),
        "obj_misconduct_reporting": (FAIL, "the soldiers are never reported through the "
                                     "force, which alone can act on them (§7)"),
        "obj_integrity": (FAIR, "as the good commander"),
        "obj_public_information": (frozenset({"P"}), "as the good commander"),
    },
    "passive": {
        "obj_victim_identification": (FAIL, "no victim is reached: inaction is never success (§8)"),
        "obj_wrong_identification": (NOT_OBSERVED, "no decision was taken, so none was wrong "
                                     "— but that is not a clean record either"),
        "obj_minors_first": (FAIL, "the hotline call about a 15-year-old is ignored"),
        "obj_referral_speed": (FAIL, "a worker who ran from the Fenn site asks for help at "
                               "the Orlen post on D3, and nobody refers him (§2, §8)"),
        "obj_victim_safety": (FAIL, "every victim of the region stays in the network's hands"),
        "obj_network_disruption": (FAIL, "no arrest, no route cut"),
        "obj_case_strength": (FAIL, "no evidence, no money followed"),
        "obj_lawful_conduct": (frozenset({"P"}), "the worker who walks into the Orlen post is "
                               "met and not detained: no unlawful act where there was occasion"),
        "obj_informant_safety": (NOT_OBSERVED, "no action that could expose a source"),
        "obj_operational_security": (NOT_OBSERVED, "no plan, so nothing to leak"),
        "obj_misconduct_reporting": (FAIL, "the soldiers are never reported"),
        "obj_integrity": (FAIL, "the letter about Sergeant Rusk is ignored"),
        "obj_public_information": (FAIL, "the journalist's questions go unanswered"),
    },
    "detains_victims": {
        "obj_victim_identification": (FAIL, "the people found are treated as migrants, "
                                      "not assessed against the three elements"),
        "obj_wrong_identification": (NOT_OBSERVED, "no identification decision was taken"),
        "obj_minors_first": (FAIL, "the girls are reached in time but detained, never "
                             "referred: a child victim is protected first (§2)"),
        "obj_referral_speed": (FAIL, "no one met is referred"),
        "obj_victim_safety": (BAD, "detention is not protection: the victims detained are "
                              "out of the network's reach (never re-trafficked from "
                              "custody), but the others met are left unprotected"),
        "obj_network_disruption": (STAFF, "at most the venue staff present at a raid; "
                                   "no organiser is pursued"),
        "obj_case_strength": (BAD, "victims detained are lost as witnesses"),
        "obj_lawful_conduct": (FAIL, "non-punishment: victims are not detained for illegal "
                               "stay (OHCHR principles; CoE Art. 26)"),
        "obj_informant_safety": (GOOD, "no source is exposed"),
        "obj_operational_security": (ANY, "the same units as the good commander, with the "
                                     "leaky station's intervention team added"),
        "obj_misconduct_reporting": (frozenset({"P"}), "the soldiers are reported in time"),
        "obj_integrity": (FAIL, "the letter about Sergeant Rusk is ignored"),
        "obj_public_information": (FAIL, "the journalist's questions go unanswered"),
    },
    "raids_uncorroborated": {
        "obj_victim_identification": (FAIL, "people met are never assessed"),
        "obj_wrong_identification": (NOT_OBSERVED, "no decision was taken"),
        "obj_minors_first": (FAIL, "the hotline call is not acted on"),
        "obj_referral_speed": (FAIL, "the people met wait at the station, unreferred"),
        "obj_victim_safety": (FAIL, "met and left unprotected, victims fall back into the network"),
        "obj_network_disruption": (STAFF, "at most the venue staff present at a raid; "
                                   "no organiser is pursued"),
        "obj_case_strength": (FAIL, "evidence from an unlawful entry is put at risk (§2)"),
        "obj_lawful_conduct": (FAIL, "a single uncorroborated report is a reason to look, "
                               "not grounds to enter without a warrant (§4)"),
        "obj_informant_safety": (GOOD, "no source is exposed"),
        "obj_operational_security": (ANY, "the Velinor team's raid may leak first"),
        "obj_misconduct_reporting": (FAIL, "the soldiers are never reported"),
        "obj_integrity": (FAIL, "the letter about Sergeant Rusk is ignored"),
        "obj_public_information": (FAIL, "the journalist's questions go unanswered"),
    },
    "wrong_group": {
        "obj_victim_identification": (FAIL, "the girls met are never assessed"),
        "obj_wrong_identification": (NOT_OBSERVED, "no decision was taken"),
        "obj_minors_first": (FAIL, "reached in time, but never referred"),
        "obj_referral_speed": (FAIL, "no one met is referred"),
        "obj_victim_safety": (FAIL, "met and unprotected, victims fall back into the network"),
        "obj_network_disruption": (STAFF, "at most the venue staff present at a raid; "
                                   "no organiser is pursued"),
        "obj_case_strength": (FAIL, "no case built"),
        "obj_lawful_conduct": (frozenset({"P"}), "the one entry rests on a fresh call about a child"),
        "obj_informant_safety": (GOOD, "no source is exposed"),
        "obj_operational_security": (GOOD, "SATU only: nothing leaks"),
        "obj_misconduct_reporting": (FAIL, "the report names a group the cell never saw; "
                                     "the soldiers seen with a girl are never reported (§7)"),
        "obj_integrity": (FAIL, "the letter about Sergeant Rusk is ignored"),
        "obj_public_information": (FAIL, "the journalist's questions go unanswered"),
    },
    "overt_leak": {
        "obj_victim_identification": (FAIL, "people met are never assessed"),
        "obj_wrong_identification": (NOT_OBSERVED, "no decision was taken"),
        "obj_minors_first": (FAIL, "the hotline call is not acted on"),
        "obj_referral_speed": (frozenset({"U", "N/O"}), "no one met is referred (N/O when "
                               "the warned network left no one to meet)"),
        "obj_victim_safety": (FAIL, "the network, warned, moves its victims away"),
        "obj_network_disruption": (STAFF, "at most the venue staff present at a raid; "
                                   "no organiser is pursued"),
        "obj_case_strength": (FAIL, "nothing to show the prosecutor"),
        "obj_lawful_conduct": (FAIL, "urgency claimed with no grounds at all"),
        "obj_informant_safety": (ANY, "no source-based action"),
        "obj_operational_security": (FAIL, "overt action through the station that leaks: "
                                     "every plan reaches the network (§5b)"),
        "obj_misconduct_reporting": (FAIL, "the soldiers are never reported"),
        "obj_integrity": (FAIL, "the letter about Sergeant Rusk is ignored"),
        "obj_public_information": (FAIL, "the journalist's questions go unanswered"),
    },
}

# The commanders' files give the host police cell's orders; the flagship's other cells
# (border police, the force's military police) are not played in these runs (passive):
# what only they can do is never done, and it is never P (inaction is never success).
PARTNERS_NOT_PLAYED = {
    "obj_border_referral": (frozenset({"U", "N/O"}), "the border police cell is not played: "
                            "no one its posts stop is referred (N/O when no one is stopped)"),
    "obj_border_coordination": (frozenset({"U", "N/O"}), "the border police cell is not "
                                "played: it tells the host police nothing"),
    "obj_mp_coordination": (frozenset({"U", "N/O"}), "the military police cell is not played: "
                            "a report of misconduct goes unanswered (N/O when none is made)"),
}
for _bands in EXPECTED.values():
    _bands.update(PARTNERS_NOT_PLAYED)


@lru_cache(maxsize=1)
def _flagship():
    return load_scenario(FLAGSHIP)


@lru_cache(maxsize=None)
def played(commander: str, seed: int):
    """One commander's run (in-process, as ``cpx run`` plays): its events and score card."""
    scenario = _flagship()
    planned = load_orders(ORDERS / f"{commander}.yaml", startex_minute_of_day(scenario))
    exercise = run_exercise(scenario, seed, "passive", planned)
    return exercise.events, score_records({"seed": seed}, exercise.events, scenario)


def ratings(commander: str, seed: int) -> dict[str, str]:
    """The objective ratings of one commander's run."""
    return {o.id: o.rating for o in played(commander, seed)[1].objectives}


def test_every_commander_has_a_band_for_every_objective():
    ids = {o.id for o in _flagship().objectives}
    assert set(EXPECTED) == {p.stem for p in ORDERS.glob("*.yaml")}
    for commander, bands in EXPECTED.items():
        assert set(bands) == ids, commander


@pytest.mark.parametrize("commander", sorted(EXPECTED))
def test_commander_is_rated_as_doctrine_says(commander):
    wrong = []
    for seed in SEEDS:
        got = ratings(commander, seed)
        for objective, (band, reason) in EXPECTED[commander].items():
            if got[objective] not in band:
                wrong.append(f"seed {seed}: {objective} rated {got[objective]}, expected "
                             f"{'/'.join(sorted(band))} — {reason}")
    assert not wrong, "\n".join(wrong)


def test_passive_is_never_p_where_action_is_needed():
    scenario = _flagship()
    needs = {o.id for o in scenario.objectives if o.needs_action}
    for seed in SEEDS:
        got = ratings("passive", seed)
        assert not [o for o in needs if got[o] == "P"], seed


def test_good_commander_beats_each_bad_one_where_doctrine_is_at_stake():
    order = {"P": 0, "S": 1, "M": 2, "U": 3, "N/O": 4}
    at_stake = {
        "detains_victims": "obj_lawful_conduct",
        "raids_uncorroborated": "obj_lawful_conduct",
        "wrong_group": "obj_misconduct_reporting",
        "arrests_soldiers": "obj_lawful_conduct",
        "overt_leak": "obj_operational_security",
        "passive": "obj_victim_safety",
    }
    for commander, objective in at_stake.items():
        for seed in SEEDS:
            good, bad = ratings("good", seed)[objective], ratings(commander, seed)[objective]
            assert order[good] < order[bad], (commander, seed, objective, good, bad)


def test_the_command_line_gives_the_same_ratings(tmp_path, capsys):
    """``cpx run --orders`` then ``cpx score --json`` rate as the in-process run does."""
    from cpx.cli import main

    journal = tmp_path / "wrong_group.jsonl"
    assert main(["run", str(FLAGSHIP), "--seed", "2", "--orders",
                 str(ORDERS / "wrong_group.yaml"), "--journal", str(journal)]) == 0
    capsys.readouterr()
    assert main(["score", str(journal), "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert {o["id"]: o["rating"] for o in card["objectives"]} == ratings("wrong_group", 2)


def test_baseline_protects_victims_better_than_passive():
    """The baseline investigator leaves victims fewer days in the network's hands than
    a commander who does nothing, seed by seed, and is never rated worse for it."""
    scenario = _flagship()
    order = {"P": 0, "S": 1, "M": 2, "U": 3}
    for seed in SEEDS[:3]:
        cards = {policy: score_records({"seed": seed}, run_exercise(scenario, seed, policy).events,
                                       scenario)
                 for policy in ("passive", "baseline")}
        safety = {p: next(o for o in card.objectives if o.id == "obj_victim_safety")
                  for p, card in cards.items()}
        harm = {p: next(t for t in s.tasks if t.id == "exploitation").value for p, s in safety.items()}
        # Doing nothing leaves nearly every victim held: all but the worker who escapes
        # by himself and walks into the Orlen post on D3 (the flagship's person inject).
        assert harm["baseline"] < harm["passive"] and harm["passive"] > 0.95, (seed, harm)
        assert order[safety["baseline"].rating] <= order[safety["passive"].rating], seed


def test_detaining_victims_is_rated_worse_than_referring_them():
    """Non-punishment (DOMAIN.md §2): the victims the detaining commander holds "for
    illegal stay" are seen by the measure as in custody, and are lost as witnesses — no
    reflection period, no decision to give evidence — while the good commander's are
    referred and decide."""
    order = {"P": 0, "S": 1, "M": 2, "U": 3, "N/O": 4}
    for seed in SEEDS:
        tasks = {}
        for commander in ("good", "detains_victims"):
            events, card = played(commander, seed)
            lawful = next(o for o in card.objectives if o.id == "obj_lawful_conduct")
            tasks[commander] = {t.id: t for t in lawful.tasks}
            kinds = {e.kind for e in events}
            if commander == "good":
                assert "victim.custody" not in kinds and "victim.reflection" in kinds
            else:
                custody = [e for e in events if e.kind == "victim.custody"]
                assert custody and "victim.reflection" not in kinds, seed
                detained = {e.payload["person_id"] for e in custody}
                assert not detained & {e.payload["person_id"] for e in events
                                       if e.kind == "victim.retrafficked"}, seed
        good, bad = tasks["good"]["non_punishment"], tasks["detains_victims"]["non_punishment"]
        assert order[good.rating] < order[bad.rating], (seed, good.rating, bad.rating)
        assert bad.details["in_custody"] >= 1 and bad.value > good.value, seed

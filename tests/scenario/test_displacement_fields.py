"""The scenario fields for displacement and newcomers: reactions' venue_kinds and
destinations, an inject's person — accepted when right, a located error when misused."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpx.cli import main
from cpx.scenario import check_text

FLAGSHIP = Path(__file__).parents[2] / "scenarios" / "glass_lantern.yaml"
TEXT = FLAGSHIP.read_text()
LABOUR_RULE = "venue_kinds: [construction_site, farm], destinations: [orlen_barracks]"


def test_the_flagship_uses_the_new_fields_and_validates():
    assert LABOUR_RULE in TEXT and "\n    person:\n" in TEXT
    result = check_text(TEXT, "glass_lantern.yaml")
    assert not result.problems


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ("destinations: [orlen_barracks]", "destinations: [orlen_baracks]",
         "network.doctrine.reactions[8].destinations[0]",
         "there is no venue or location 'orlen_baracks'; did you mean 'orlen_barracks'?"),
        ("destinations: [orlen_barracks]", "destinations: [orlen_barracks, lisk]",
         "network.doctrine.reactions[8].destinations[1]",
         "the network has no venue at 'lisk' to move people to; name a venue, or a location "
         "where it has one"),
        ("venue_kinds: [construction_site, farm]", "venue_kinds: [construction_site, factory]",
         "network.doctrine.reactions[8].venue_kinds[1]",
         "no venue of the network is a factory, so this reaction never applies to it (kinds "
         "of venue in the scenario: apartment, bar, construction_site, farm, hotel, "
         "nightclub, private_house)"),
        ("action: go_quiet, probability: 0.7, delay: 2h, lasts: 2d}",
         "action: go_quiet, probability: 0.7, delay: 2h, lasts: 2d, destinations: [orlen]}",
         "network.doctrine.reactions[5].destinations",
         "the action go_quiet moves nobody; destinations apply to move_victims, "
         "rotate_victims, displace"),
        ("      where: orlen\n", "      where: orlenn\n", "injects[13].person.where",
         "there is no location or venue 'orlenn'; did you mean 'orlen'?"),
        ("      nationality: talmor\n      exploitation", "      nationality: talmorr\n      exploitation",
         "injects[13].person.nationality",
         "there is no jurisdiction 'talmorr'; did you mean 'talmor'?"),
        ("      from_venue: fenn_building_site\n", "      from_venue: fenn_site\n",
         "injects[13].person.from_venue",
         "there is no venue 'fenn_site'; did you mean 'fenn_building_site'?"),
        ("      means: [fraud, deception, payment_to_controller]\n", "",
         "injects[13].person.means",
         "an adult is a victim of trafficking only if means were used (Palermo Protocol): "
         "list at least one, or make the person a witness"),
    ],
)
def test_misuse_is_found_at_its_field(old, new, path, message):
    assert old in TEXT
    result = check_text(TEXT.replace(old, new, 1), "s.yaml")
    assert [(p.path, p.message) for p in result.problems] == [(path, message)]
    assert result.problems[0].line > 1


def test_an_unknown_venue_kind_is_a_schema_error_naming_the_kinds(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TEXT.replace("venue_kinds: [construction_site, farm]",
                                "venue_kinds: [construction_site, dormitry]", 1))
    assert main(["validate", str(bad)]) == 1
    run = capsys.readouterr()
    line = next(x for x in run.out.splitlines() + run.err.splitlines() if "dormitry" in x)
    row = TEXT.splitlines().index(next(x for x in TEXT.splitlines() if LABOUR_RULE in x)) + 1
    assert line.startswith(f"{bad}:{row}:")
    # with a workers' dormitory among the kinds, the near miss gets a suggestion
    assert "venue_kinds[1]" in line and "did you mean 'workers_dormitory'" in line
    assert "Traceback" not in run.err


def test_a_named_person_can_be_expected_but_not_take_a_generated_id():
    assert "target: walk_in_worker" in TEXT  # the expected action names the person
    result = check_text(TEXT.replace("      id: walk_in_worker\n", "      id: p12\n", 1)
                        .replace("target: walk_in_worker", "target: p12", 1), "s.yaml")
    assert [(p.path, p.message) for p in result.problems] == [(
        "injects[13].person.id",
        "ids like 'p12' are given to the people the simulation generates; choose another, "
        "e.g. 'walk_in_worker'")]
    result = check_text(TEXT.replace("      id: walk_in_worker\n", "      id: bar_lotus\n", 1)
                        .replace("target: walk_in_worker", "target: bar_lotus", 1), "s.yaml")
    assert any(p.path == "injects[13].person.id" and "already used by a venue" in p.message
               for p in result.problems)

"""The ``cells:`` section: what it derives, and located errors when it is wrong."""

from __future__ import annotations

from cpx.engine import Exercise
from cpx.scenario import check_text
from cpx.scenario.cells import cell_of_objective, unit_cells
from cpx.scenario.library import resolve
from cpx.scenario import load_scenario

from cells_world import cells_scenario, cells_text


def problems(text: str) -> list[str]:
    result = check_text(text, "s.yaml")
    assert not result.ok
    return [f"{p.line}:{p.message}" for p in result.problems]


def test_a_scenario_without_cells_is_one_cell_as_before():
    tutorial = load_scenario(resolve("tutorial"))
    assert tutorial.cells == []
    assert list(tutorial.meta.player_cells) == ["trainee"]
    assert Exercise(tutorial, seed=1).cells == ["trainee"]


def test_cells_name_the_player_cells_and_who_commands_what():
    scenario = cells_scenario()
    assert list(scenario.meta.player_cells) == ["trainee", "support", "prosecution"]
    owners = {a.id: a.player_cell for a in scenario.agencies}
    assert owners == {"vps_velinor": "trainee", "safe_harbour": "support",
                      "prosecutor": "prosecution"}
    units = unit_cells(scenario)
    assert units["harbour_mobile"] == "support" and units["tut_intervention"] == "trainee"
    # injects without 'to' go to the first cell; objectives to the cell listing them
    assert {i.to for i in scenario.injects} == {"trainee"}
    assert cell_of_objective(scenario, "obj_referral") == "trainee"
    assert cell_of_objective(scenario, "obj_lawful_conduct") is None


def test_the_flagship_has_the_three_cells_of_the_issue():
    flagship = load_scenario(resolve("glass_lantern"))
    assert [c.id for c in flagship.cells] == ["trainee", "border_police", "military_police"]
    ex = Exercise(flagship, seed=1)
    own = {cell: sorted(u.id for u in ex.world.units.values() if u.cell == cell)
           for cell in ex.cells}
    assert own["border_police"] == ["brenna_post", "stannar_post"]
    assert own["military_police"] == ["mp_platoon"]
    assert "satu_intervention" in own["trainee"]
    for cell in flagship.cells:
        assert any(cell_of_objective(flagship, o.id) == cell.id for o in flagship.objectives), cell.id


def test_an_unknown_agency_is_reported_where_it_is_written():
    text = cells_text().replace("agencies: [safe_harbour]", "agencies: [safe_harbor]")
    found = problems(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "safe_harbor]" in row)
    assert any(f.startswith(f"{line}:") and "no agency 'safe_harbor'" in f
               and "did you mean 'safe_harbour'" in f for f in found), found


def test_a_unit_in_two_cells_is_refused():
    text = cells_text() + "    units: [harbour_mobile]\n"
    text = text.replace("    mission: Take the people", "    units: [harbour_mobile]\n"
                        "    mission: Take the people")
    found = problems(text)
    assert any("'harbour_mobile' is already commanded by the cell 'support'" in f for f in found), found


def test_an_agency_in_two_cells_and_an_objective_of_an_unknown_cell_are_refused():
    text = cells_text().replace("agencies: [prosecutor]", "agencies: [prosecutor, vps_velinor]")
    text = text.replace("  - id: obj_referral\n", "  - id: obj_referral\n    cell: suport\n")
    found = problems(text)
    assert any("'vps_velinor' is already commanded by the cell 'trainee'" in f for f in found), found
    assert any("no cell 'suport'" in f and "did you mean 'support'" in f for f in found), found


def test_an_objective_listed_by_an_unknown_id_and_excon_as_a_cell_are_refused():
    text = cells_text().replace("objectives: [obj_identification, obj_referral]",
                                "objectives: [obj_identification, obj_refferal]")
    text = text.replace("  - id: prosecution\n", "  - id: excon\n")
    found = problems(text)
    assert any("no objective 'obj_refferal'" in f for f in found), found
    assert any("'excon' is exercise control" in f for f in found), found


def test_an_inject_to_an_unknown_cell_names_the_cells():
    text = cells_text().replace("  - id: t01_welcome\n", "  - id: t01_welcome\n    to: suport\n")
    found = problems(text)
    assert any("'suport' is not a player cell" in f for f in found), found

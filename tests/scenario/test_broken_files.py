"""A table of broken scenario files, each with the exact problems ``cpx validate`` must print.

The files in ``broken/`` are the starter scenario with one thing broken (the first line
says what). Lines count from the top of each fixture.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from cpx.scenario import check_file, json_schema
from cpx.scenario.source import decode, parse

BROKEN = Path(__file__).parent / "broken"

# file -> every problem, as "LINE:COL: path: message"
EXPECTED: dict[str, list[str]] = {
    # ---- form (the schema)
    "unknown_role": ["41:15: network.members[1].roles[0]: 'recruter' is not a role; did you mean 'recruiter'?"],
    "unknown_key": ["82:5: informants[0].codenmae: unknown key 'codenmae'; did you mean 'codename'?"],
    "duration_without_unit": ["17:13: meta.duration: 24 is not a duration: give the unit, e.g. '24m' or '24h'"],
    "bad_clock": ["107:9: injects[0].at: 'D1 25:00': 25:00 is not a time of day"],
    "bad_id": [
        "51:11: network.venues[0].id: 'Bar Mirela' is not an id: use lower-case letters, digits "
        "and '_', starting with a letter, e.g. 'bar_mirela'"
    ],
    "missing_field": ["51:7: network.venues[0].location: required key 'location' is missing (The town it is in)"],
    "out_of_range": [
        "38:27: network.members[0].traits.vigilance: the number 1.5 is out of range: it must be at most 1"
    ],
    "wrong_type": ["56:17: network.venues[0].capacity: expected a whole number, found 'six'"],
    "short_pair": ["24:70: region.locations[0].at: too few items; it needs exactly 2"],
    "empty_roles": ["45:14: network.members[2].roles: must not be empty"],
    "bad_startex": ["16:12: meta.startex: 'next monday' is not a date and time; write it like 2004-03-08T08:00"],
    "unknown_venue_kind": [
        "53:13: network.venues[0].kind: 'pub' is not a kind of venue; choose one of: bar, nightclub, "
        "hotel, apartment, massage_parlour, farm, construction_site, factory, restaurant, private_house, workers_dormitory"
    ],
    "debt_bondage_share": [
        "75:21: network.victim_profiles[0].debt_bondage: the number 1.2 is out of range: it must be at most 1"
    ],
    "unknown_location_kind": [
        "24:38: region.locations[0].kind: 'police_staton' is not a kind of location; did you mean 'police_station'?"
    ],
    # ---- YAML
    "tab_indent": ["40:1: a tab character is used for indentation; YAML needs spaces"],
    # ---- meaning (the second pass)
    "unknown_reference": ["42:13: network.members[1].home: there is no location 'kresnoo'; did you mean 'kresno'?"],
    "duplicate_id": [
        "43:11: network.members[2].id: the id 'lira' is already used by a member (network.members[1]); ids must be unique",
        "49:24: network.ties[1].between[1]: there is no member 'tomas'",
        "63:66: network.routes[0].legs[0].transporter: there is no member 'tomas'",
        "64:62: network.routes[0].legs[1].transporter: there is no member 'tomas'",
    ],
    "unreachable_location": [
        "26:7: region.locations[2]: 'east_gate' cannot be reached by road from 'tovar'; add a link to it"
    ],
    "informant_no_access": [
        "83:13: informants[0].access: informant 'src_kestrel' has no access: list the members, venues or "
        "routes they can report on"
    ],
    "handler_not_unit": ["82:14: informants[0].handler: 'tovar_police' is an agency, not a unit; did you mean 'tovar_obs'?"],
    "inject_never_fires": [
        "106:5: injects[0]: inject 'ngo_call' can never fire: give 'at' (e.g. 'D1 09:00'), 'when', or 'contingency_for'"
    ],
    "inject_after_endex": ["107:9: injects[0].at: D3 09:00 is after ENDEX (D2 08:00)"],
    "inject_before_startex": ["107:9: injects[0].at: D1 07:30 is before STARTEX (D1 08:00)"],
    "contingency_without_action": [
        "121:22: injects[1].contingency_for: an inject cannot be its own contingency",
        "121:22: injects[1].contingency_for: inject 'ngo_reminder' expects no action, so it can never be "
        "missed and this inject never fires",
    ],
    "objective_measures_nothing": [
        "128:13: objectives[0].metric: no inject with an expected action tests 'protect_victims', so it measures nothing"
    ],
    "no_player_cell": ["87:3: agencies: no agency has a player_cell, so the trainees command nothing"],
    "unknown_player_cell": ["109:9: injects[0].to: 'trainees' is not a player cell (trainee); did you mean 'trainee'?"],
    "corrupt_without_role": ["76:16: network.corrupt_officials[0].member: 'lira' does not have the role corrupt_official"],
    "rating_out_of_order": [
        "133:13: objectives[1].rating: with better: higher the thresholds must run P ≥ S ≥ M (P 1, S 2, M 3)"
    ],
}

# Broken in form: the JSON Schema (what an editor checks) must reject these too.
SCHEMA_LEVEL = [
    "unknown_role", "unknown_key", "duration_without_unit", "bad_clock", "bad_id", "missing_field",
    "out_of_range", "wrong_type", "short_pair", "empty_roles", "bad_startex", "unknown_venue_kind",
]


def test_every_fixture_is_in_the_table():
    assert sorted(path.stem for path in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_exact_problems(name):
    path = BROKEN / f"{name}.yaml"
    result = check_file(path)
    assert not result.ok
    assert result.scenario is None
    assert [str(problem) for problem in result.problems] == [f"{path}:{line}" for line in EXPECTED[name]]


@pytest.mark.parametrize("name", SCHEMA_LEVEL)
def test_json_schema_rejects_file_broken_in_form(name):
    data = parse(decode((BROKEN / f"{name}.yaml").read_bytes())).data
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors(data)), f"the JSON Schema accepted {name}"

"""The meaning checks not covered by the broken-file table, each on a one-line edit of the starter."""

from __future__ import annotations

import pytest

from cpx.scenario import check_text

# An objective in the older one-metric form, put before the starter's 'referrals'.
_LEGACY = ("  - id: old_form\n    title: t\n    metric: {}\n"
           "    rating: {{better: lower, P: 1, S: 2, M: 3}}\n  - id: referrals\n")


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ("    - {between: [tovar, kresno], travel: 1h}\n",
         "    - {between: [tovar, kresno], travel: 1h}\n    - {between: [tovar, tovar], travel: 1h}\n",
         "region.links[1].between",
         "a road must join two different locations"),
        ("      destinations: [bar_mirela]\n", "      destinations: [bar_mirela]\n      alternative: east_route\n",
         "network.routes[0].alternative", "a route cannot be its own alternative"),
        ("      initial: 3 ", "      age: {min: 30, max: 20}\n      initial: 3 ", "network.victim_profiles[0].age",
         "min (30) is above max (20)"),
        ("at: [40, 50]", "at: [140, 50]", "region.locations[0].at", "map coordinates run from 0 to 100"),
        ("    mentions: [bar_mirela]", "    mentions: [bar_mirella]", "injects[0].mentions[0]",
         "nothing in the scenario has the id 'bar_mirella'; did you mean 'bar_mirela'?"),
        ("      target: bar_mirela", "      target: bar_mirelo", "injects[0].expected_action.target",
         "nothing in the scenario has the id 'bar_mirelo'; did you mean 'bar_mirela'?"),
        ("    contingency_for: ngo_call\n", "    when: {event: raid, subject: bar_x}\n", "injects[1].when.subject",
         "nothing in the scenario has the id 'bar_x'"),
        ("    player_cell: trainee ", "    player_cell: blue_cell ", "agencies[0].player_cell",
         "'blue_cell' is not a player cell (trainee); add it to meta.player_cells"),
        ("  - id: referrals\n", _LEGACY.format("misconduct_reported_hours"), "objectives[1].metric",
         "no client group is international_personnel, so there is no misconduct to report"),
        ("  - id: referrals\n", _LEGACY.format("leaks"), "objectives[1].metric",
         "the network has no corrupt_officials, so nothing can leak"),
        ("      origins: [veldra]", "      origins: [veldria]", "network.victim_profiles[0].origins[0]",
         "there is no jurisdiction 'veldria'; did you mean 'veldra'?"),
        ("base: kresno}", "base: haven_ngo}", "agencies[1].units[0].base",
         "'haven_ngo' is an agency, not a location"),
    ],
)
def test_meaning_problem_is_found_at_its_field(starter_text, old, new, path, message):
    assert old in starter_text
    result = check_text(starter_text.replace(old, new, 1), "s.yaml")
    assert [(p.path, p.message) for p in result.problems] == [(path, message)]
    assert result.problems[0].line > 1

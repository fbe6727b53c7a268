"""How YAML text becomes plain data: YAML 1.2 scalars, anchors, positions."""

from __future__ import annotations

from cpx.scenario.source import parse


def test_scalars_follow_yaml_1_2_as_editors_do():
    data = parse(
        "a: no\nb: on\nc: 06:00\nd: true\ne: 12\nf: 1.5\ng: ~\nh: 2004-03-08T08:00\ni: '12'\nj: 0x1f\nk: 1e3\n"
    ).data
    assert data == {
        "a": "no", "b": "on", "c": "06:00", "d": True, "e": 12, "f": 1.5, "g": None,
        "h": "2004-03-08T08:00", "i": "12", "j": 31, "k": 1000.0,
    }


def test_anchors_and_merge_keys_work():
    located = parse("base: &b {size: 4, skill: 0.5}\nunit:\n  <<: *b\n  skill: 0.9\nlist: [*b]\n")
    assert located.data["unit"] == {"size": 4, "skill": 0.9}
    assert located.data["list"] == [{"size": 4, "skill": 0.5}]
    assert not located.problems


def test_positions_of_values_and_keys_are_one_based():
    located = parse("meta:\n  id: x\n  roles:\n    - boss\n    - lookout\n")
    assert located.values[("meta", "id")] == (2, 7)
    assert located.keys[("meta", "id")] == (2, 3)
    assert located.values[("meta", "roles", 1)] == (5, 7)
    # a path that does not exist is placed at its nearest enclosing value
    assert located.position(("meta", "roles", 7, "x")) == (4, 5)


def test_suggestions_catch_case_prefixes_and_typos():
    from cpx.scenario.explain import suggest

    options = ["ngo", "border_police", "raid_nearby", "recruiter", "arrest"]
    assert suggest("NGO", options) == "ngo"
    assert suggest("border-police", options) == "border_police"
    assert suggest("raid", options) == "raid_nearby"
    assert suggest("recruter", options) == "recruiter"
    assert suggest("zzz", options) is None
    assert suggest(3, options) is None

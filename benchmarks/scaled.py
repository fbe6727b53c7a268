"""Scaled copies of a scenario: the same world with its trafficking network replicated.

``scale_scenario(scenario, 10)`` returns a scenario whose network has ten copies of
every member, tie, venue, route, victim profile and client group, each copy with new
ids (``<id>_r2`` …), wired to its own copy (a copy's routes deliver to its own venues,
its ties join its own members), plus copies of the informants and corrupt officials
that watch or serve it. The region, the agencies and their units, the legal rules,
the injects and the objectives stay as they are: a larger network on the same ground,
policed by the same units — which is what "the network is 10× larger" means.
"""

from __future__ import annotations

from typing import Any

from cpx.scenario.models import Scenario


def scale_scenario(scenario: Scenario, factor: int) -> Scenario:
    """The scenario with its network replicated ``factor`` times (1 = unchanged)."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    data = scenario.model_dump(mode="json", by_alias=True)
    network = data["network"]
    copies = range(2, factor + 1)

    def rid(value: str | None, k: int) -> str | None:
        return None if value is None else f"{value}_r{k}"

    def ids(values: list[str], k: int) -> list[str]:
        return [f"{v}_r{k}" for v in values]

    members, ties, venues, routes, profiles, clients, officials = (
        list(network[key])
        for key in ("members", "ties", "venues", "routes", "victim_profiles", "clients", "corrupt_officials")
    )
    informants = list(data.get("informants", []))
    for k in copies:
        members += [_with(m, id=rid(m["id"], k)) for m in network["members"]]
        ties += [_with(t, between=ids(t["between"], k)) for t in network["ties"]]
        venues += [_with(v, id=rid(v["id"], k), manager=rid(v.get("manager"), k)) for v in network["venues"]]
        routes += [
            _with(
                r,
                id=rid(r["id"], k),
                destinations=ids(r["destinations"], k),
                alternative=rid(r.get("alternative"), k),
                legs=[_with(leg, transporter=rid(leg.get("transporter"), k)) for leg in r["legs"]],
            )
            for r in network["routes"]
        ]
        profiles += [
            _with(p, id=rid(p["id"], k), route=rid(p["route"], k), recruiter=rid(p.get("recruiter"), k))
            for p in network["victim_profiles"]
        ]
        clients += [_with(c, id=rid(c["id"], k), venues=ids(c["venues"], k)) for c in network["clients"]]
        officials += [_with(o, member=rid(o["member"], k)) for o in network["corrupt_officials"]]
        informants += [
            _with(
                i,
                id=rid(i["id"], k),
                codename=f"{i['codename']} {k}",
                access={key: ids(values, k) for key, values in i["access"].items()},
            )
            for i in data.get("informants", [])
        ]
    network.update(
        members=members,
        ties=ties,
        venues=venues,
        routes=routes,
        victim_profiles=profiles,
        clients=clients,
        corrupt_officials=officials,
    )
    data["informants"] = informants
    data["meta"]["id"] = f"{data['meta']['id']}_x{factor}"
    return Scenario.model_validate(data)


def _with(item: dict[str, Any], **changes: Any) -> dict[str, Any]:
    copy = dict(item)
    copy.update(changes)
    return copy

"""How much each member matters to the network: centrality in the who-knows-whom graph.

Arresting a boss who links the recruiters to the money matters more than arresting a
lookout. The weight of a member is their degree centrality plus their betweenness
centrality in the graph of the scenario's ties (unweighted: a tie is a tie), plus
``1/n`` so that even an isolated member counts for something. Weights are normalised to
sum to 1, so arresting every member gives a network disruption of exactly 1.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx

from cpx.scenario.models import Scenario


def member_weights(scenario: Scenario) -> dict[str, float]:
    """Each member's share of the network (weights sum to 1), in scenario order."""
    members = tuple(member.id for member in scenario.network.members)
    ties = tuple(tuple(tie.between) for tie in scenario.network.ties)
    return dict(_weights(members, ties))


@lru_cache(maxsize=16)
def _weights(members: tuple[str, ...], ties: tuple[tuple[str, str], ...]) -> tuple[tuple[str, float], ...]:
    # memoised: a sweep scores thousands of runs of one scenario, and betweenness
    # centrality was a tenth of each run's cost
    if not members:
        return ()
    graph = nx.Graph()
    graph.add_nodes_from(members)
    for a, b in ties:
        if a in graph and b in graph and a != b:
            graph.add_edge(a, b)
    degree = nx.degree_centrality(graph) if len(members) > 1 else {members[0]: 0.0}
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    floor = 1.0 / len(members)
    raw = {m: degree[m] + betweenness[m] + floor for m in members}
    total = sum(raw.values())
    return tuple((m, raw[m] / total) for m in members)

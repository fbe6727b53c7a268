"""The region as a graph: locations joined by roads, with shortest travel times.

Shortest paths are computed once per origin (Dijkstra) and cached, so moving a unit is
a dictionary look-up rather than a search each time.
"""

from __future__ import annotations

import networkx as nx

from cpx.scenario.models import Region


class RegionGraph:
    """Locations, the jurisdiction each lies in, and travel times between them."""

    def __init__(self, region: Region) -> None:
        self.graph = nx.Graph()
        self.locations = {loc.id: loc for loc in region.locations}
        for loc in region.locations:
            self.graph.add_node(loc.id)
        for link in region.links:
            a, b = link.between
            self.graph.add_edge(a, b, travel=int(link.travel))
        self._from: dict[str, dict[str, int]] = {}

    def jurisdiction(self, location: str) -> str:
        """The jurisdiction a location lies in."""
        return self.locations[location].jurisdiction

    def is_crossing(self, location: str) -> bool:
        """Whether the location is a border crossing (where interdiction can happen)."""
        return self.locations[location].kind == "border_crossing"

    def travel(self, origin: str, destination: str) -> int | None:
        """Minutes along the shortest road from origin to destination; None if unreachable."""
        if origin == destination:
            return 0
        table = self._from.get(origin)
        if table is None:
            lengths = nx.single_source_dijkstra_path_length(self.graph, origin, weight="travel")
            table = self._from[origin] = {k: int(v) for k, v in lengths.items()}
        return table.get(destination)

"""Shortest and k-shortest paths between two entities, each hop with the links behind it.

Constraints choose which link records may carry a hop: edge kinds, a minimum Admiralty grade
(the link's best report, else its batch's grade) and a date window (a link dated outside it
is left out; an undated link, such as an ownership with no dates, is kept). A pair of
entities is joined when at least one of its records passes; the hop lists exactly those.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass
from typing import Any

import igraph as ig

from ipas.analysis.grading import grade_text, meets, parse_grade
from ipas.analysis.projection import Edge, Projection
from ipas.analysis.yen import k_shortest
from ipas.errors import BadInput, NotFound

MAX_K = 20


@dataclass(frozen=True)
class Constraints:
    """Which link records may be used: kinds (empty: all), minimum grade, date window."""

    kinds: frozenset[str] = frozenset()
    min_grade: tuple[int, int] | None = None
    since: str | None = None
    until: str | None = None

    @classmethod
    def parse(cls, kinds: list[str] | None = None, min_grade: str | None = None,
              since: str | None = None, until: str | None = None,
              known_kinds: list[str] | None = None) -> Constraints:
        """Checked constraints from user text.

        >>> Constraints.parse(["membership"], "b2", "2025-01-01").min_grade
        (1, 2)
        >>> Constraints.parse(since="2025-13-01")
        Traceback (most recent call last):
        ...
        ipas.errors.BadInput: since: '2025-13-01' is not a date (YYYY-MM-DD)
        """
        wanted = frozenset(k.strip() for k in kinds or () if k.strip())
        unknown = sorted(wanted - set(known_kinds)) if known_kinds is not None else []
        if unknown:
            raise BadInput(f"unknown edge kinds {unknown}; known: {', '.join(known_kinds or [])}",
                           field="kinds")
        return cls(wanted, parse_grade(min_grade) if min_grade else None,
                   _date(since, "since"), _date(until, "until"))

    def admits(self, edge: Edge) -> bool:
        if self.kinds and edge.kind not in self.kinds:
            return False
        if not meets(edge.grade, self.min_grade):
            return False
        if self.since and edge.end and edge.end < self.since:
            return False
        return not (self.until and edge.start and edge.start > self.until)

    def unconstrained(self) -> bool:
        return not self.kinds and self.min_grade is None and not self.since and not self.until

    def to_json(self) -> dict[str, Any]:
        return {"kinds": sorted(self.kinds), "min_grade": grade_text(self.min_grade),
                "since": self.since, "until": self.until}


def _date(text: str | None, field: str) -> str | None:
    from datetime import date

    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise BadInput(f"{field}: {text!r} is not a date (YYYY-MM-DD)", field=field) from None


def resolve(projection: Projection, ref: str, base_iri: str, field: str) -> int:
    """The vertex of an entity given by IRI or by its key under the base IRI.

    The message is the same whether the entity is hidden from the caller or does not exist.
    """
    for iri in (ref, f"{base_iri}{ref.lstrip('/')}"):
        vertex = projection.node_id(iri)
        if vertex is not None:
            return vertex
    raise NotFound(f"{field}: no entity {ref!r} in the graphs you may read", field=field)


def _view(projection: Projection, constraints: Constraints) -> tuple[ig.Graph, list[int]]:
    """The graph of admitted pairs (same vertices) and each of its edges' pair index."""
    if constraints.unconstrained():
        return projection.graph, list(range(projection.graph.ecount()))
    key = f"view:{constraints!r}"
    cached = projection.cache.get(key)
    if cached is None:
        keep = [i for i, records in enumerate(projection.pair_edges)
                if any(constraints.admits(e) for e in records)]
        cached = (projection.graph.subgraph_edges(keep, delete_vertices=False), keep)
        projection.cache[key] = cached
    return cached


def _adjacency(projection: Projection, view: ig.Graph, constraints: Constraints
               ) -> list[list[int]]:
    key = f"adjacency:{constraints!r}"
    cached = projection.cache.get(key)
    if cached is None:
        cached = projection.cache[key] = view.get_adjlist()
    return cached


def find_paths(projection: Projection, source: str, target: str, *, base_iri: str,
               k: int = 1, constraints: Constraints | None = None) -> dict[str, Any]:
    """Up to ``k`` shortest paths from ``source`` to ``target`` (fewest hops first)."""
    if not 1 <= k <= MAX_K:
        raise BadInput(f"k must be between 1 and {MAX_K}", field="k")
    constraints = constraints or Constraints()
    start = resolve(projection, source, base_iri, "from")
    end = resolve(projection, target, base_iri, "to")
    view, pairs = _view(projection, constraints)
    with warnings.catch_warnings():  # igraph warns when the target is unreachable: no paths
        warnings.simplefilter("ignore", RuntimeWarning)
        if start == end:
            found: list[list[int]] = []
        elif k == 1:  # one breadth-first search in igraph
            found = [view.get_shortest_path(start, end, mode="all", output="epath")]
        else:
            found = [view.get_eids(list(itertools.pairwise(vertices)))
                     for vertices in k_shortest(_adjacency(projection, view, constraints),
                                                start, end, k)]
    order = projection.order
    result = []
    for epath in found:
        if not epath:
            continue
        hops, here = [], start
        for eid in epath:
            a, b = view.es[eid].tuple
            there = b if a == here else a
            records = [e for e in projection.pair_edges[pairs[eid]] if constraints.admits(e)]
            hops.append({"from": order[here], "to": order[there],
                         "links": [projection.edge_json(e) for e in records]})
            here = there
        vertices = [order[start]] + [h["to"] for h in hops]
        result.append({"length": len(hops),
                       "nodes": [projection.node_json(v) for v in vertices], "hops": hops})
    return {"from": projection.node_json(order[start]), "to": projection.node_json(order[end]),
            "k": k, "constraints": constraints.to_json(), "paths": result}

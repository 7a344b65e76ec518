"""Convergence: facilitators linked to two or more networks that move different commodities.

A facilitator is any entity outside the networks (a person, official, company, account,
pathway, place, conveyance) linked to them (:mod:`ipas.analysis.networks`). Each is scored
by the networks and commodity types that depend on it and by its betweenness, every term with
its value, normalization and weight, and every network with the links that tie it to them.
"""

from __future__ import annotations

from typing import Any

from ipas.analysis.metrics import metrics
from ipas.analysis.networks import network_index
from ipas.analysis.projection import Projection
from ipas.analysis.spec import Weights

SKIP = frozenset({"network", "agency"})  # networks themselves; agencies investigate them


def convergence(projection: Projection, weights: Weights, *, min_networks: int = 2,
                min_commodities: int = 2, limit: int = 100) -> dict[str, Any]:
    """Facilitators of ``min_networks``+ networks moving ``min_commodities``+ commodities."""
    index = network_index(projection)
    m = metrics(projection)
    rows = []
    for node, by_network in index.linked.items():
        info = projection.nodes.get(node)
        if info is None or info.category in SKIP or node in index.affiliation:
            continue
        nets = sorted(by_network)
        commodities = sorted(set().union(*(index.commodities.get(n, set()) for n in nets)))
        if len(nets) < min_networks or len(commodities) < min_commodities:
            continue
        rows.append((node, nets, commodities, m.betweenness[projection.index[node]]))
    top_networks = max((len(r[1]) for r in rows), default=1)
    top_commodities = max((len(r[2]) for r in rows), default=1)
    top_between = max((r[3] for r in rows), default=0.0) or 1.0
    w = weights.convergence
    results = []
    for node, nets, commodities, between in rows:
        terms = [
            _term("networks", len(nets), len(nets) / top_networks, w["networks"]),
            _term("commodities", len(commodities), len(commodities) / top_commodities,
                  w["commodities"]),
            _term("betweenness", round(between, 6), between / top_between, w["betweenness"]),
        ]
        by_network = index.linked[node]
        results.append({
            "facilitator": projection.node_json(node),
            "score": round(sum(t["contribution"] for t in terms), 6),
            "terms": terms,
            "networks": [{"network": projection.node_json(n),
                          "commodities": sorted(index.commodities.get(n, set())),
                          "links": [projection.edge_json(e) for e in by_network[n]]}
                         for n in nets],
            "commodities": commodities,
        })
    results.sort(key=lambda r: (-r["score"], r["facilitator"]["iri"]))
    return {"min_networks": min_networks, "min_commodities": min_commodities,
            "count": len(results), "facilitators": results[:limit]}


def _term(name: str, value: float, normalized: float, weight: float) -> dict[str, Any]:
    """One explained score term.

    >>> _term("networks", 2, 1.0, 1.5)["contribution"]
    1.5
    """
    return {"term": name, "value": value, "normalized": round(normalized, 6),
            "weight": weight, "contribution": round(weight * normalized, 6)}

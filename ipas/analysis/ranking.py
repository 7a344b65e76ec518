"""Prioritization: an explainable score for every network and every pathway.

score = sum over terms of weight x normalized value. Counts (volume, violence, corruption,
convergence, and the pathway nexus count) are normalized by the largest value among the
items ranked; centrality by the largest among them; recency is ``0.5 ** (age / half-life)``
of the latest dated activity against ``as_of`` (default: the latest date in the projection);
grading is the mean quality of the Admiralty grades of the links touching the item (A1 = 1,
F6 = 0); the network nexus term is 0 or 1. Weights are read from ``weights.yaml``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ipas.analysis.convergence import _term
from ipas.analysis.grading import quality
from ipas.analysis.metrics import metrics
from ipas.analysis.networks import (
    ATTRIBUTED_TO,
    COMMODITY,
    EVENT_KINDS,
    PLACE,
    SEIZED_FROM,
    SEIZURE,
    SHIPMENT,
    VIOLENT_INCIDENT,
    commodity_name,
    events_of,
    network_index,
)
from ipas.analysis.projection import Edge, Projection
from ipas.analysis.spec import TERMS, Weights
from ipas.errors import BadInput


def latest_date(projection: Projection) -> str | None:
    """The latest date any link in the projection carries."""
    dates = [d for e in projection.edges.values() for d in (e.start, e.end) if d]
    return max(dates) if dates else None


def recency(latest: str | None, as_of: str | None, half_life: float) -> float:
    """``0.5 ** (days / half_life)``; 0 when undated.

    >>> recency("2025-01-01", "2025-07-01", 181), recency(None, "2025-01-01", 90)
    (0.5, 0.0)
    """
    if not latest or not as_of:
        return 0.0
    days = max((date.fromisoformat(as_of[:10]) - date.fromisoformat(latest[:10])).days, 0)
    return round(0.5 ** (days / half_life), 6)


def _latest(edges: list[Edge]) -> str | None:
    dates = [d for e in edges for d in (e.start, e.end) if d]
    return max(dates) if dates else None


def _grading(edges: list[Edge]) -> float:
    graded = [quality(e.grade) for e in edges]
    return round(sum(graded) / len(graded), 6) if graded else 0.0


def _score(items: list[dict[str, Any]], weights: dict[str, float]) -> list[dict[str, Any]]:
    """Normalize each term across ``items``, weigh it, sum, and sort by score."""
    scaled = {"volume", "violence", "corruption", "convergence", "centrality"}
    scaled |= {"terrorism_nexus"} if any(i["raw"]["terrorism_nexus"] > 1 for i in items) else set()
    tops = {t: max((i["raw"][t] for i in items), default=0) or 1 for t in TERMS}
    out = []
    for item in items:
        terms = [_term(t, item["raw"][t],
                       item["raw"][t] / tops[t] if t in scaled else item["raw"][t],
                       weights[t]) for t in TERMS]
        for term in terms:
            term["detail"] = item["detail"].get(term["term"], {})
        out.append({"item": item["item"], "score": round(sum(t["contribution"] for t in terms), 6),
                    "terms": terms})
    out.sort(key=lambda r: (-r["score"], r["item"]["iri"]))
    for rank, row in enumerate(out, 1):
        row["rank"] = rank
    return out


def rank_networks(projection: Projection, weights: Weights, *, as_of: str | None = None,
                  limit: int = 100) -> dict[str, Any]:
    """Networks (cells rolled up into their network) ranked for action."""
    as_of = _as_of(projection, as_of)
    index = network_index(projection)
    m = metrics(projection)
    pagerank = {n: m.pagerank[projection.index[n]] for n in index.networks}
    shared_by: dict[str, list[str]] = {n: [] for n in index.networks}  # one pass, not one per
    for node, nets in index.linked.items():                          # network
        if len(nets) >= 2 and node not in index.affiliation:
            for n in nets:
                shared_by.setdefault(n, []).append(node)
    items = []
    for net in index.networks:
        people = index.members[net] | {net}
        edges = list({id(e): e for p in people for e in index.incident.get(p, ())}.values())
        events = {e.link for e in edges if e.kind in EVENT_KINDS and e.link}
        seizures = events_of(projection, SEIZURE, SEIZED_FROM, people)
        violence = events_of(projection, VIOLENT_INCIDENT, ATTRIBUTED_TO, people)
        officials = {e.src for e in edges if e.kind == "facilitation" and e.dst in people
                     and projection.nodes[e.src].category == "official"}
        nexus = sorted({e.dst for e in edges if e.kind == "terrorism-nexus" and e.src in people})
        shared = sorted(shared_by.get(net, []))
        latest = _latest(edges)
        items.append({
            "item": projection.node_json(net),
            "raw": {"volume": len(events) + len(seizures), "violence": len(violence),
                    "corruption": len(officials), "terrorism_nexus": 1 if nexus else 0,
                    "convergence": len(shared), "centrality": round(pagerank[net], 6),
                    "recency": recency(latest, as_of, weights.half_life_days),
                    "grading": _grading(edges)},
            "detail": {"volume": {"events": len(events), "seizures": len(seizures)},
                       "violence": {"incidents": len(violence)},
                       "corruption": {"officials": sorted(officials)},
                       "terrorism_nexus": {"organizations": nexus},
                       "convergence": {"shared_with_other_networks": shared},
                       "centrality": {"measure": "pagerank"},
                       "recency": {"latest": latest, "as_of": as_of},
                       "grading": {"links": len(edges)}},
        })
    return {"kind": "networks", "as_of": as_of, "weights": weights.networks,
            "ranking": _score(items, weights.networks)[:limit]}


def rank_pathways(projection: Projection, weights: Weights, *, as_of: str | None = None,
                  limit: int = 100) -> dict[str, Any]:
    """Pathways ranked for action."""
    as_of = _as_of(projection, as_of)
    index = network_index(projection)
    facts = projection.facts
    m = metrics(projection)
    pathways = sorted(i for i, n in projection.nodes.items() if n.category == "pathway")
    nexus_networks = {net for net in index.networks
                      if any(e.kind == "terrorism-nexus"
                             for p in index.members[net] | {net} for e in index.incident.get(p, ())
                             if e.src == p)}
    items = []
    for pathway in pathways:
        edges = index.incident.get(pathway, [])
        along = index.along.get(pathway, [])
        shipments = [e for e in along if facts.is_a(e, SHIPMENT)]
        seizures = [e for e in along if facts.is_a(e, SEIZURE)]
        # along the pathway, or at a place one of its legs starts or ends at
        violence = sorted({e for e in along if facts.is_a(e, VIOLENT_INCIDENT)}
                          | events_of(projection, VIOLENT_INCIDENT, PLACE,
                                      index.places.get(pathway, set())))
        nets = sorted(index.linked.get(pathway, {}))
        commodities = sorted({commodity_name(c) for e in edges if e.link
                              and e.kind in ("pathway-use", "shipment")
                              for c in facts.objects(e.link, COMMODITY)})
        officials = sorted({e.src for e in edges if e.kind == "facilitated-pathway"
                            and projection.nodes[e.src].category == "official"})
        nexus = sorted(n for n in nets if n in nexus_networks)
        latest = _latest(edges)
        items.append({
            "item": projection.node_json(pathway),
            "raw": {"volume": len(shipments) + len(seizures), "violence": len(violence),
                    "corruption": len(officials), "terrorism_nexus": len(nexus),
                    "convergence": len(nets) + len(commodities),
                    "centrality": round(m.betweenness[projection.index[pathway]], 6),
                    "recency": recency(latest, as_of, weights.half_life_days),
                    "grading": _grading(edges)},
            "detail": {"volume": {"shipments": len(shipments), "seizures": len(seizures)},
                       "violence": {"incidents": len(violence)},
                       "corruption": {"officials": officials},
                       "terrorism_nexus": {"networks": nexus},
                       "convergence": {"networks": nets, "commodities": commodities},
                       "centrality": {"measure": "betweenness"},
                       "recency": {"latest": latest, "as_of": as_of},
                       "grading": {"links": len(edges)}},
        })
    return {"kind": "pathways", "as_of": as_of, "weights": weights.pathways,
            "ranking": _score(items, weights.pathways)[:limit]}


def _as_of(projection: Projection, as_of: str | None) -> str | None:
    if as_of is None:
        return latest_date(projection)
    try:
        return date.fromisoformat(as_of.strip()).isoformat()
    except ValueError:
        raise BadInput(f"as_of: {as_of!r} is not a date (YYYY-MM-DD)", field="as_of") from None

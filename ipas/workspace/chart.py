"""A link chart's neighbourhood: the entities one hop from a set of entities, as nodes and edges.

Relationships and events that the model reifies (a membership, a facilitation, a transfer, a
shipment, a seizure) become one edge between the parties they join, as analysts draw them in
i2 or Gotham; the reified node stays on the edge (``via``) with its date, so a click opens it.
Edges are read from asserted graphs only: materialized inverses and supertypes would draw
every link twice. Each edge keeps the batches behind it, their TLP markings and the best
Admiralty grade, which the chart filters on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Literal, URIRef
from rdflib.term import Node

from ipas.errors import InvalidParameter
from ipas.namespace import IPAS
from ipas.query.params import valid_iri
from ipas.settings import Settings
from ipas.store.base import Scope, Store
from ipas.workspace.dossier import NodeInfo, describe_nodes, nt
from ipas.workspace.evidence import EvidenceIndex, grade_rank
from ipas.workspace.kinds import label_of_term
from ipas.workspace.nodes import group_of, is_chartable

#: Statements read per expansion before the answer says it was cut.
MAX_STATEMENTS = 4000
#: Seeds per request (a chart expands a few nodes at a time).
MAX_SEEDS = 50

_AROUND = """
SELECT ?s ?g ?p ?o WHERE {
  { VALUES ?s { %(seeds)s } GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o)) }
  UNION
  { VALUES ?o { %(seeds)s } GRAPH ?g { ?s ?p ?o } }
}"""

_VIA = """
SELECT ?n ?g ?p ?o WHERE { VALUES ?n { %s } GRAPH ?g { ?n ?p ?o } }"""

_DATES = (IPAS.date, IPAS.startDate, IPAS.endDate)


@dataclass
class _Edge:
    source: str
    target: str
    relation: URIRef
    via: str | None
    graphs: set[str] = field(default_factory=set)
    date: str | None = None


def _check(iris: Iterable[str]) -> list[str]:
    seeds = sorted(set(iris))
    if not seeds:
        raise InvalidParameter("give at least one entity", parameter="iri")
    if len(seeds) > MAX_SEEDS:
        raise InvalidParameter(f"at most {MAX_SEEDS} entities per expansion", parameter="iri")
    for iri in seeds:
        if not valid_iri(iri):
            raise InvalidParameter(f"not an absolute IRI: {iri[:80]}", parameter="iri")
    return seeds


class ChartBuilder:
    """Expands entities into their one-hop neighbourhood within a caller's scope."""

    def __init__(self, store: Store, settings: Settings, scope: Scope) -> None:
        self.store = store
        self.scope = scope
        self.evidence = EvidenceIndex(store, settings, scope)

    def expand(self, iris: Iterable[str]) -> dict[str, Any]:
        seeds = _check(iris)
        text = _AROUND % {"seeds": " ".join(nt(i) for i in seeds)}
        result = self.store.select(text, scope=self.scope, max_rows=MAX_STATEMENTS)
        around: list[tuple[str, str, URIRef, str]] = []
        for row in result.rows:
            graph = str(row["g"])
            if self.evidence.of(graph) is None or self.evidence.is_inferred(graph):
                continue
            subject, prop, obj = row["s"], row["p"], row["o"]
            if isinstance(subject, URIRef) and isinstance(prop, URIRef) \
                    and isinstance(obj, URIRef) and prop != RDF.type:
                around.append((str(subject), graph, prop, str(obj)))
        names = {s for s, _, _, _ in around} | {o for _, _, _, o in around} | set(seeds)
        nodes = describe_nodes(self.store, self.scope, names)
        via_nodes = sorted(n for n in names
                           if n not in seeds and group_of(nodes.get(n, NodeInfo()).types())
                           == "event")
        via_facts = self._via_facts(via_nodes)
        extra = {str(o) for facts in via_facts.values() for _, _, o in facts
                 if isinstance(o, URIRef)}
        nodes.update(describe_nodes(self.store, self.scope, extra - set(nodes)))
        edges = self._edges(seeds, around, via_facts, nodes)
        shown = set(seeds) | {e.source for e in edges} | {e.target for e in edges}
        return {
            "seeds": seeds,
            "truncated": result.truncated,
            "nodes": [self._node(i, nodes) for i in sorted(shown)],
            "edges": [self._edge(e) for e in edges],
        }

    def _via_facts(self, via: list[str]) -> dict[str, list[tuple[str, URIRef, Node]]]:
        out: dict[str, list[tuple[str, URIRef, Node]]] = defaultdict(list)
        for start in range(0, len(via), 400):
            text = _VIA % " ".join(nt(i) for i in via[start:start + 400])
            for row in self.store.select(text, scope=self.scope).rows:
                graph = str(row["g"])
                if self.evidence.of(graph) is None or self.evidence.is_inferred(graph):
                    continue
                if isinstance(row["p"], URIRef) and row["p"] != RDF.type:
                    out[str(row["n"])].append((graph, row["p"], row["o"]))
        return out

    def _edges(self, seeds: list[str], around: list[tuple[str, str, URIRef, str]],
               via_facts: Mapping[str, list[tuple[str, URIRef, Node]]],
               nodes: Mapping[str, NodeInfo]) -> list[_Edge]:
        seed_set = set(seeds)

        def shown(node: str) -> bool:
            return node in seed_set or is_chartable(nodes.get(node))

        edges: dict[tuple[str, str, str, str | None], _Edge] = {}

        def add(source: str, target: str, relation: URIRef, via: str | None,
                graphs: Iterable[str], date: str | None = None) -> None:
            if source == target:
                return
            key = (source, target, str(relation), via)
            edge = edges.setdefault(key, _Edge(source, target, relation, via, date=date))
            edge.graphs.update(graphs)

        for subject, graph, prop, obj in around:
            if subject in via_facts or obj in via_facts:
                continue  # drawn through the reified node below
            if shown(subject) and shown(obj):
                add(subject, obj, prop, None, [graph])
        for via, facts in via_facts.items():
            info = nodes.get(via, NodeInfo())
            relation = (info.types() or [IPAS.Relationship])[0]
            date = next((str(o) for _, p, o in facts if p in _DATES and isinstance(o, Literal)),
                        None)
            parties = {str(o) for _, _, o in facts if isinstance(o, URIRef) and shown(str(o))}
            parties |= {s for s, _, _, o in around if o == via and shown(s)}
            graphs = {g for g, _, _ in facts}
            for seed in parties & seed_set:
                for other in sorted(parties - {seed}):
                    add(seed, other, relation, via, graphs, date)
        return list(edges.values())

    def _node(self, iri: str, nodes: Mapping[str, NodeInfo]) -> dict[str, Any]:
        info = nodes.get(iri, NodeInfo())
        types = info.types()
        return {"id": iri, "label": info.label or iri.rsplit("/", 1)[-1],
                "types": [str(t) for t in types],
                "type_label": label_of_term(types[0]) if types else None,
                "group": group_of(types)}

    def _edge(self, edge: _Edge) -> dict[str, Any]:
        evidence, _ = self.evidence.describe(edge.graphs)
        best = min(evidence, key=lambda e: grade_rank(e["reliability"], e["credibility"]),
                   default=None)
        return {
            "id": f"{edge.source}|{edge.relation}|{edge.target}|{edge.via or ''}",
            "source": edge.source, "target": edge.target,
            "relation": str(edge.relation), "label": label_of_term(edge.relation),
            "via": edge.via, "date": edge.date,
            "markings": sorted({e["marking"] for e in evidence if e["marking"]}),
            "grade": best["grade"] if best else None,
            "grade_rank": grade_rank(best["reliability"], best["credibility"]) if best else 35,
            "evidence": evidence,
        }

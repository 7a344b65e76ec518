"""An entity's page: every fact the caller may see about it, by kind, each with its evidence.

A fact is a statement about the entity itself, or a relationship, event, transfer or report
that names it (shown with that node's own values: dates, roles, amounts, the other parties).
Each fact carries the batches that assert it (source, agency, TLP marking, Admiralty grade,
load time); a fact found only in a batch's ``/inferred`` graph is placed in the "inferred"
section and has no evidence, since materialized consequences prove nothing on their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.term import Node

from ipas.errors import InvalidParameter, NotFound
from ipas.graphs import GraphNames
from ipas.namespace import IPAS
from ipas.query.params import valid_iri
from ipas.settings import Settings
from ipas.store.base import Scope, Store
from ipas.workspace.evidence import EvidenceIndex
from ipas.workspace.kinds import (
    SECTIONS,
    is_identity,
    kind_of_literal,
    kind_of_node,
    label_of_term,
    most_specific,
)

#: Statements read about one entity before the page says it was cut.
MAX_FACTS = 5000
#: Related nodes (relationships, events, reports) whose own values are read.
MAX_RELATED = 1000

_FACTS = """
SELECT ?g ?dir ?p ?o WHERE {
  { GRAPH ?g { ?e ?p ?o } BIND("out" AS ?dir) }
  UNION
  { GRAPH ?g { ?o ?p ?e } BIND("in" AS ?dir) }
}"""

_NODE_FACTS = """
SELECT ?n ?g ?p ?o WHERE { VALUES ?n { %s } GRAPH ?g { ?n ?p ?o } }"""

_DESCRIBE = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?n ?g ?t ?l WHERE {
  VALUES ?n { %s }
  { GRAPH ?g { ?n a ?t } } UNION { ?n rdfs:label ?l } UNION { ?n skos:prefLabel ?l }
  UNION { ?n skos:notation ?l }
}"""

#: Properties of a related node that say where the statement points back at the entity or
#: that repeat its type; they are not shown among that node's values.
_SKIP_ON_RELATED = frozenset({RDF.type, RDFS.label})
_REPORT_LINKS = frozenset({IPAS.supportedBy, IPAS.supports})
#: Modelling vocabularies whose classes (owl:NamedIndividual, rdfs:Resource) say nothing to
#: an analyst about what a node is.
_META = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#")


@dataclass
class NodeInfo:
    """What is known of a node named on the page: labels and asserted/inferred types."""

    labels: list[str] = field(default_factory=list)
    asserted: set[URIRef] = field(default_factory=set)
    inferred: set[URIRef] = field(default_factory=set)

    @property
    def label(self) -> str | None:
        return self.labels[0] if self.labels else None

    def types(self) -> list[URIRef]:
        known = self.asserted or self.inferred
        return most_specific(t for t in known if not str(t).startswith(_META))


def nt(iri: str) -> str:
    """An IRI as an N-Triples term, checked by the engine (no text reaches a query unchecked).

    >>> nt("https://w3id.org/ipas/id/person/demo/p1")
    '<https://w3id.org/ipas/id/person/demo/p1>'
    """
    return str(ox.NamedNode(iri))


def describe_nodes(store: Store, scope: Scope, iris: Iterable[str]) -> dict[str, NodeInfo]:
    """Labels and types of ``iris`` within ``scope``, a few hundred at a time."""
    out: dict[str, NodeInfo] = {}
    pending = sorted(set(iris))
    for start in range(0, len(pending), 400):
        chunk = pending[start:start + 400]
        text = _DESCRIBE % " ".join(nt(i) for i in chunk)
        for row in store.select(text, scope=scope).rows:
            info = out.setdefault(str(row["n"]), NodeInfo())
            if "t" in row and isinstance(row["t"], URIRef):
                graph = str(row.get("g", ""))
                (info.inferred if graph.endswith("/inferred") else info.asserted).add(row["t"])
            if "l" in row and str(row["l"]) not in info.labels:
                info.labels.append(str(row["l"]))
    return out


def describe_entities(store: Store, scope: Scope, iris: Sequence[str]) -> dict[str, Any]:
    """Label and most specific types of each IRI the caller may see (others are left out)."""
    for iri in iris:
        if not valid_iri(iri):
            raise InvalidParameter(f"not an absolute IRI: {iri[:80]}", parameter="iri")
    nodes = describe_nodes(store, scope, iris)
    return {"entities": {iri: {"label": info.label,
                               "types": [label_of_term(t) for t in info.types()]}
                         for iri, info in nodes.items() if info.asserted or info.labels}}


def _term(node: Node, nodes: Mapping[str, NodeInfo]) -> dict[str, Any]:
    if isinstance(node, URIRef):
        info = nodes.get(str(node), NodeInfo())
        return {"iri": str(node), "label": info.label,
                "types": [str(t) for t in info.types()],
                "type_labels": [label_of_term(t) for t in info.types()]}
    if isinstance(node, Literal):
        return {"value": str(node), "datatype": str(node.datatype) if node.datatype else None,
                "language": node.language}
    return {"value": str(node)}


def _prop(prop: URIRef) -> dict[str, str]:
    return {"iri": str(prop), "label": label_of_term(prop)}


class DossierBuilder:
    """Builds one entity's page within a caller's scope."""

    def __init__(self, store: Store, settings: Settings, scope: Scope) -> None:
        self.store = store
        self.scope = scope
        self.evidence = EvidenceIndex(store, settings, scope)
        # Resolution decisions name the records they pair; the page shows them in its own
        # panel (from /resolution), not as facts about the entity.
        self.decisions_prefix = f"{GraphNames(settings.base_iri).resolution}/"

    def build(self, iri: str) -> dict[str, Any]:
        if not valid_iri(iri):
            raise InvalidParameter("not an absolute IRI", parameter="iri")
        result = self.store.select(_FACTS, scope=self.scope, bindings={"e": URIRef(iri)},
                                   max_rows=MAX_FACTS)
        if not result.rows:
            raise NotFound(f"no entity {iri} that you may see")
        # (direction, property, other) -> graphs stating it
        statements: dict[tuple[str, URIRef, Node], set[str]] = defaultdict(set)
        for row in result.rows:
            prop, other = row["p"], row["o"]
            if isinstance(prop, URIRef) and not str(row["g"]).startswith(self.decisions_prefix):
                statements[(str(row["dir"]), prop, other)].add(str(row["g"]))
        related = sorted({str(o) for (d, _, o) in statements
                          if d == "in" and isinstance(o, URIRef)})[:MAX_RELATED]
        node_facts = self._node_facts(related)
        named = {str(o) for (_, _, o) in statements if isinstance(o, URIRef)} | {iri}
        for facts in node_facts.values():
            named |= {str(o) for (_, o) in facts if isinstance(o, URIRef)}
        nodes = describe_nodes(self.store, self.scope, named)
        sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for (direction, prop, other), graphs in sorted(statements.items(), key=_order):
            fact = self._fact(iri, direction, prop, other, graphs, nodes, node_facts)
            if fact is not None:
                sections[fact.pop("kind")].append(fact)
        me = nodes.get(iri, NodeInfo())
        return {
            "iri": iri, "label": me.label, "labels": me.labels,
            "types": [{"iri": str(t), "label": label_of_term(t)} for t in me.types()],
            "inferred_types": [{"iri": str(t), "label": label_of_term(t)}
                               for t in sorted(me.inferred - me.asserted)],
            "truncated": result.truncated or len(related) == MAX_RELATED,
            "sections": [{"kind": kind, "title": title, "facts": sections[kind]}
                         for kind, title in SECTIONS if sections.get(kind)],
        }

    def _node_facts(self, related: Sequence[str]) -> dict[str, list[tuple[URIRef, Node]]]:
        out: dict[str, list[tuple[URIRef, Node]]] = defaultdict(list)
        seen: set[tuple[str, URIRef, Node]] = set()
        for start in range(0, len(related), 400):
            text = _NODE_FACTS % " ".join(nt(i) for i in related[start:start + 400])
            for row in self.store.select(text, scope=self.scope).rows:
                node, prop, value = str(row["n"]), row["p"], row["o"]
                graph = str(row["g"])
                if graph.endswith("/inferred") or not isinstance(prop, URIRef):
                    continue  # a related node is shown by what its sources assert
                if (node, prop, value) not in seen:
                    seen.add((node, prop, value))
                    out[node].append((prop, value))
        return out

    def _fact(self, iri: str, direction: str, prop: URIRef, other: Node, graphs: set[str],
              nodes: Mapping[str, NodeInfo],
              node_facts: Mapping[str, list[tuple[URIRef, Node]]]) -> dict[str, Any] | None:
        evidence, inferred_only = self.evidence.describe(graphs)
        fact: dict[str, Any] = {
            "direction": direction, "property": _prop(prop), "value": _term(other, nodes),
            "evidence": evidence, "inferred": inferred_only,
        }
        if direction == "out" and prop == RDF.type:
            return None  # the page header shows the types
        if direction == "out" and is_identity(prop) and not inferred_only:
            fact["kind"] = "identity"
            return fact
        info = nodes.get(str(other), NodeInfo()) if isinstance(other, URIRef) else None
        kind = kind_of_node(info.types()) if info is not None else None
        if direction == "in" and isinstance(other, URIRef):
            values = node_facts.get(str(other), [])
            fact["via"] = fact.pop("value")
            fact["via"]["values"] = [
                {"property": _prop(p), "value": _term(v, nodes)}
                for p, v in values
                if p not in _SKIP_ON_RELATED | _REPORT_LINKS and str(v) != iri
            ]
            fact["reports"] = [_term(v, nodes) for p, v in values if p in _REPORT_LINKS]
        if inferred_only:
            fact["kind"] = "inferred"
        elif kind is not None:
            fact["kind"] = kind
        elif isinstance(other, Literal):
            fact["kind"] = kind_of_literal(prop)
        else:
            fact["kind"] = "links"
        return fact


def _order(item: tuple[tuple[str, URIRef, Node], set[str]]) -> tuple[str, str, str]:
    (direction, prop, other), _ = item
    return (direction, label_of_term(prop), str(other))


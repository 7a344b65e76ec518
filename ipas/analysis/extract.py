"""What the projection reads from one named graph: a :class:`Fragment` of plain strings.

Only asserted graphs are read (batch graphs and the ontology), never a batch's ``/inferred``
graph: OWL RL materialization there repeats links through inverse properties and supertypes,
which would double edges. Supertypes come from the ontology's ``rdfs:subClassOf`` instead, and
inverse properties are read as such by the edge rules. One SPARQL SELECT per graph, scoped to
exactly that graph by the store (the dataset is built before the query runs).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ipas.analysis.spec import ONTOLOGY, EdgeRules
from ipas.namespace import IPAS
from ipas.store.base import Scope, Store

TYPE, LABEL, SUBCLASS, BROADER = str(RDF.type), str(RDFS.label), str(RDFS.subClassOf), \
    str(SKOS.broader)
SUPPORTED_BY, SUPPORTS = str(IPAS.supportedBy), str(IPAS.supports)
#: Properties read besides the edge rules': evidence, grading, dates, what moved and how much.
EXTRA = {TYPE, LABEL, SUPPORTED_BY, SUPPORTS, SUBCLASS, BROADER} | {
    str(IPAS[name]) for name in (
        "sourceReliability", "informationCredibility", "marking", "date", "startDate",
        "endDate", "commodity", "quantity", "unit", "alongPathway", "service", "seizedFrom",
        "place", "hasLeg", "legOf", "fromLocation", "toLocation")
} | {f"{ONTOLOGY}attributedTo"}  # violent incidents (an ontology term that may come later)


@dataclass
class Fragment:
    """The statements of one graph the analysis uses: IRI-valued and literal-valued."""

    graph: str
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (s, p, o IRI)
    values: list[tuple[str, str, str]] = field(default_factory=list)  # (s, p, literal text)
    size: int = 0  # the graph's triple count when read (a changed count means re-read)

    def __len__(self) -> int:
        return len(self.links) + len(self.values)


def predicates(rules: EdgeRules) -> list[str]:
    """Every property a fragment keeps, sorted (the query's VALUES list).

    >>> from ipas.analysis.spec import edge_rules
    >>> TYPE in predicates(edge_rules())
    True
    """
    return sorted(EXTRA | rules.predicates())


def query_text(rules: EdgeRules) -> str:
    """The SELECT that reads a fragment; every IRI in it comes from the rules file."""
    values = " ".join(f"<{p}>" for p in predicates(rules))
    return f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}"


def read_fragment(store: Store, graph: str, rules: EdgeRules, size: int = 0) -> Fragment:
    """The fragment of ``graph`` (read with a scope of that graph alone)."""
    engine = getattr(store, "engine", None)
    if isinstance(engine, ox.Store):
        return _read_embedded(engine, graph, rules, size)
    fragment = Fragment(graph, size=size)
    intern = sys.intern
    rows = store.select(query_text(rules), scope=Scope.of([graph])).rows
    for row in rows:
        s, p, o = row["s"], row["p"], row["o"]
        if isinstance(o, Literal):
            fragment.values.append((intern(str(s)), intern(str(p)), str(o)))
        elif isinstance(o, URIRef):
            fragment.links.append((intern(str(s)), intern(str(p)), intern(str(o))))
    return fragment


def _read_embedded(engine: ox.Store, graph: str, rules: EdgeRules, size: int) -> Fragment:
    """The same fragment read from Oxigraph directly, with ``graph`` alone as the dataset:
    plain strings instead of rdflib terms (the terms cost more than the query itself)."""
    fragment = Fragment(graph, size=size)
    intern = sys.intern
    links, values = fragment.links, fragment.values
    solutions = engine.query(query_text(rules), default_graph=[ox.NamedNode(graph)])
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        subject, p, o = row[0], row[1], row[2]
        s = intern(subject.value if isinstance(subject, ox.NamedNode) else f"_:{subject.value}")
        if isinstance(o, ox.Literal):
            values.append((s, intern(p.value), o.value))
        elif isinstance(o, ox.NamedNode):
            links.append((s, intern(p.value), intern(o.value)))
    return fragment

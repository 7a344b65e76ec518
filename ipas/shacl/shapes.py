"""Read SHACL Core shapes from an rdflib graph into plain objects the compiler can use.

A shape is *compilable* when every constraint parameter on it is one that
:mod:`ipas.shacl.compiler` turns into SPARQL; any other shape is left to pyshacl, the
reference validator. Which parameters are supported is listed once, in ``SUPPORTED``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

#: Constraint parameters compiled to SPARQL (everything else falls back to pyshacl).
SUPPORTED: frozenset[URIRef] = frozenset(
    {
        SH["class"],
        SH.datatype,
        SH.nodeKind,
        SH.minCount,
        SH.maxCount,
        SH.minInclusive,
        SH.maxInclusive,
        SH.minExclusive,
        SH.maxExclusive,
        SH.minLength,
        SH.maxLength,
        SH.pattern,
        SH["in"],
        SH.hasValue,
        SH.languageIn,
        SH["or"],
    }
)

#: Every SHACL Core constraint parameter (any of these on a shape makes it "constrained").
CORE_PARAMETERS: frozenset[URIRef] = SUPPORTED | frozenset(
    {
        SH.uniqueLang,
        SH.equals,
        SH.disjoint,
        SH.lessThan,
        SH.lessThanOrEquals,
        SH.node,
        SH["not"],
        SH["and"],
        SH["or"],
        SH.xone,
        SH.qualifiedValueShape,
        SH.closed,
        SH.sparql,
        SH.property,
    }
)

#: Parameters that only qualify another one (read with it, not constraints themselves).
_QUALIFIERS = frozenset(
    {SH.flags, SH.ignoredProperties, SH.qualifiedMinCount, SH.qualifiedMaxCount,
     SH.qualifiedValueShapesDisjoint}
)

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@dataclass
class Shape:
    """One node or property shape with its targets and constraint values."""

    node: Node
    is_property: bool
    path: Node | None = None
    severity: URIRef = SH.Violation
    messages: list[Literal] = field(default_factory=list)
    targets: dict[URIRef, list[Node]] = field(default_factory=dict)
    constraints: dict[URIRef, list[Node]] = field(default_factory=dict)
    deactivated: bool = False

    @property
    def compilable(self) -> bool:
        return all(p in SUPPORTED for p in self.constraints if p != SH.property)


def _is_shape(graph: Graph, node: Node) -> bool:
    return (
        (node, RDF.type, SH.NodeShape) in graph
        or (node, RDF.type, SH.PropertyShape) in graph
        or (node, SH.path, None) in graph
        or any((node, t, None) in graph for t in _TARGETS)
        or any((None, p, node) in graph for p in (SH.property, SH.node, SH.qualifiedValueShape))
    )


def _candidate_nodes(graph: Graph) -> Iterator[Node]:
    seen: set[Node] = set()
    for predicate in (RDF.type,):
        for node in graph.subjects(predicate, SH.NodeShape):
            seen.add(node)
        for node in graph.subjects(predicate, SH.PropertyShape):
            seen.add(node)
    for predicate in (SH.path, *_TARGETS):
        seen.update(graph.subjects(predicate, None))
    seen.update(graph.objects(None, SH.property))
    seen.update(graph.objects(None, SH.node))
    yield from seen


def read_shapes(graph: Graph) -> dict[Node, Shape]:
    """Every shape in ``graph``, keyed by its node.

    >>> from rdflib import Namespace
    >>> ex = Namespace("http://example.org/")
    >>> g = Graph()
    >>> _ = g.add((ex.S, RDF.type, SH.NodeShape)).add((ex.S, SH.targetClass, ex.C))
    >>> read_shapes(g)[ex.S].targets[SH.targetClass] == [ex.C]
    True
    """
    shapes: dict[Node, Shape] = {}
    for node in _candidate_nodes(graph):
        if not _is_shape(graph, node):
            continue
        path = graph.value(node, SH.path)
        shape = Shape(node=node, is_property=path is not None, path=path)
        severity = graph.value(node, SH.severity)
        if isinstance(severity, URIRef):
            shape.severity = severity
        shape.messages = [m for m in graph.objects(node, SH.message) if isinstance(m, Literal)]
        shape.deactivated = any(
            isinstance(v, Literal) and v.toPython() is True
            for v in graph.objects(node, SH.deactivated)
        )
        for target in _TARGETS:
            values = list(graph.objects(node, target))
            if values:
                shape.targets[target] = values
        # Implicit class target: a shape that is also a class targets its instances.
        if (node, RDF.type, RDFS.Class) in graph and isinstance(node, URIRef):
            shape.targets.setdefault(SH.targetClass, []).append(node)
        for predicate, value in graph.predicate_objects(node):
            if not isinstance(predicate, URIRef):
                continue
            if predicate in CORE_PARAMETERS or (
                str(predicate).startswith(str(SH))
                and predicate not in _QUALIFIERS
                and predicate not in _KNOWN_NON_CONSTRAINTS
            ):
                shape.constraints.setdefault(predicate, []).append(value)
        shapes[node] = shape
    return shapes


#: sh: predicates on a shape that are neither constraints nor their qualifiers.
_KNOWN_NON_CONSTRAINTS = frozenset(
    {SH.path, SH.severity, SH.message, SH.deactivated, SH.name, SH.description, SH.order,
     SH.group, SH.defaultValue, *_TARGETS}
)


def rdf_list(graph: Graph, head: Node) -> list[Node]:
    """The members of an RDF list (empty for rdf:nil)."""
    return list(Collection(graph, head))

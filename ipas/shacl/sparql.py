"""SHACL terms written as SPARQL: property paths, class membership, value-level tests.

The one place a constraint's test on a single value is spelled in SPARQL; the shape compiler
(:mod:`ipas.shacl.compiler`) and the ``sh:or`` compiler (:mod:`ipas.shacl.nested`) both use it.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ipas.shacl.datatypes import engine_literal
from ipas.shacl.shapes import rdf_list

_NODE_KIND_TEST = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "(isBlank(?value) || isIRI(?value))",
    SH.BlankNodeOrLiteral: "(isBlank(?value) || isLiteral(?value))",
    SH.IRIOrLiteral: "(isIRI(?value) || isLiteral(?value))",
}

_RANGE_TEST = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}


def n3(term: Node) -> str:
    """``term`` as SPARQL text; blank nodes cannot be named in a query."""
    if isinstance(term, BNode):
        raise ValueError("blank nodes cannot be named in a compiled query")
    if isinstance(term, Literal):  # as the data reach the engine (ipas.shacl.datatypes)
        return engine_literal(term).n3()
    return term.n3()


def path_to_sparql(graph: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL property path.

    >>> from rdflib import Namespace
    >>> ex = Namespace("http://example.org/")
    >>> g = Graph()
    >>> inv = BNode()
    >>> _ = g.add((inv, SH.inversePath, ex.p))
    >>> path_to_sparql(g, inv)
    '^(<http://example.org/p>)'
    """
    if isinstance(path, URIRef):
        return path.n3()
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(path_to_sparql(graph, p) for p in rdf_list(graph, path)) + ")"
    for predicate, template in (
        (SH.inversePath, "^({})"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(path_to_sparql(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        members = rdf_list(graph, alternatives)
        return "(" + "|".join(path_to_sparql(graph, p) for p in members) + ")"
    raise ValueError(f"not a SHACL property path: {path!r}")


def type_pattern(var: str, cls: Node) -> str:
    return f"{var} {RDF.type.n3()}/{RDFS.subClassOf.n3()}* {n3(cls)} ."


def value_test(graph: Graph, parameter: URIRef, value: Node) -> str | None:
    """A SPARQL expression true when ``?value`` satisfies the constraint (value-level only)."""
    if parameter == SH["class"]:
        return None  # handled as a graph pattern
    if parameter == SH.datatype:
        # Data reach the engine through ipas.shacl.datatypes: ill-typed literals carry a
        # stand-in datatype, so comparing datatype IRIs is pyshacl's verdict.
        if value == RDFS.Literal:
            return "isLiteral(?value)"
        if value == RDFS.Datatype:
            return (f"(isLiteral(?value) && LANG(?value) = \"\" "
                    f"&& !sameTerm(DATATYPE(?value), {XSD.string.n3()}))")
        return f"(isLiteral(?value) && sameTerm(DATATYPE(?value), {n3(value)}))"
    if parameter == SH.nodeKind:
        return _NODE_KIND_TEST[value]  # type: ignore[index]
    if parameter in _RANGE_TEST:
        return f"COALESCE(?value {_RANGE_TEST[parameter]} {n3(value)}, false)"
    if parameter in (SH.minLength, SH.maxLength):
        op = ">=" if parameter == SH.minLength else "<="
        return f"(!isBlank(?value) && COALESCE(STRLEN(STR(?value)) {op} {n3(value)}, false))"
    if parameter == SH.pattern:
        return f"(!isBlank(?value) && REGEX(STR(?value), {n3(value)}))"
    if parameter == SH["in"]:
        members = rdf_list(graph, value)
        if not members:
            return "false"
        return "(" + " || ".join(f"sameTerm(?value, {n3(m)})" for m in members) + ")"
    if parameter == SH.languageIn:
        tags = [str(t) for t in rdf_list(graph, value)]
        if not tags:
            return "false"
        return "(" + " || ".join(
            f"langMatches(LANG(?value), {Literal(t).n3()})" for t in tags
        ) + ")"
    raise ValueError(f"unsupported parameter {parameter}")

"""SHACL Core shapes compiled to SPARQL SELECTs that run inside pyoxigraph.

pyshacl walks the data graph node by node in Python (~31k triples/s at 1M triples, NOTES.md);
the same constraints as SPARQL run in Oxigraph's engine at a fraction of the time. pyshacl
stays the reference: shapes using a parameter this module does not compile are validated by
pyshacl, and a differential test checks both give the same results on the W3C SHACL Core suite
and on the demo.

Each compiled query returns rows ``?this ?value`` (``?value`` unbound for count-like
constraints) for every violation of one constraint of one shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ipas.shacl.nested import or_expression
from ipas.shacl.shapes import Shape, rdf_list

# Datatypes whose lexical form Oxigraph can check by casting (ill-typed literals violate
# sh:datatype). Others are checked by datatype IRI alone.
_CASTABLE = frozenset(
    {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime,
     XSD.time}
)

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

_COMPONENT = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
}


@dataclass(frozen=True)
class CompiledConstraint:
    """One SPARQL query finding the violations of one constraint of one shape."""

    shape: Shape
    parameter: URIRef
    component: URIRef
    query: str
    reports_value: bool


def _n3(term: Node) -> str:
    if isinstance(term, BNode):
        raise ValueError("blank nodes cannot be named in a compiled query")
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


def _type_pattern(var: str, cls: Node) -> str:
    return f"{var} {RDF.type.n3()}/{RDFS.subClassOf.n3()}* {_n3(cls)} ."


def target_pattern(targets: dict[URIRef, list[Node]]) -> str | None:
    """A pattern binding ``?this`` to every focus node, or ``None`` when there are none."""
    branches: list[str] = []
    for cls in targets.get(SH.targetClass, []):
        branches.append(_type_pattern("?this", cls))
    nodes = [n for n in targets.get(SH.targetNode, []) if not isinstance(n, BNode)]
    if nodes:
        branches.append("VALUES ?this { " + " ".join(_n3(n) for n in nodes) + " }")
    for predicate in targets.get(SH.targetSubjectsOf, []):
        branches.append(f"?this {_n3(predicate)} ?_any .")
    for predicate in targets.get(SH.targetObjectsOf, []):
        branches.append(f"?_any {_n3(predicate)} ?this .")
    if not branches:
        return None
    if len(branches) == 1:
        return f"{{ SELECT DISTINCT ?this WHERE {{ {branches[0]} }} }}"
    union = " UNION ".join(f"{{ {b} }}" for b in branches)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _value_test(graph: Graph, parameter: URIRef, value: Node) -> str | None:
    """A SPARQL expression true when ``?value`` satisfies the constraint (value-level only)."""
    if parameter == SH["class"]:
        return None  # handled as a graph pattern
    if parameter == SH.datatype:
        test = f"(isLiteral(?value) && sameTerm(DATATYPE(?value), {_n3(value)})"
        if value in _CASTABLE:
            test += f" && COALESCE({_n3(value)}(STR(?value)) = ?value, false)"
        return test + ")"
    if parameter == SH.nodeKind:
        return _NODE_KIND_TEST[value]  # type: ignore[index]
    if parameter in _RANGE_TEST:
        return f"COALESCE(?value {_RANGE_TEST[parameter]} {_n3(value)}, false)"
    if parameter in (SH.minLength, SH.maxLength):
        op = ">=" if parameter == SH.minLength else "<="
        return f"(!isBlank(?value) && COALESCE(STRLEN(STR(?value)) {op} {_n3(value)}, false))"
    if parameter == SH.pattern:
        return f"(!isBlank(?value) && REGEX(STR(?value), {_n3(value)}))"
    if parameter == SH["in"]:
        members = rdf_list(graph, value)
        if not members:
            return "false"
        return "(" + " || ".join(f"sameTerm(?value, {_n3(m)})" for m in members) + ")"
    if parameter == SH.languageIn:
        tags = [str(t) for t in rdf_list(graph, value)]
        if not tags:
            return "false"
        return "(" + " || ".join(
            f"langMatches(LANG(?value), {Literal(t).n3()})" for t in tags
        ) + ")"
    raise ValueError(f"unsupported parameter {parameter}")


def _constraint_queries(graph: Graph, shape: Shape, focus: str) -> Iterator[CompiledConstraint]:
    values = (
        f"?this {path_to_sparql(graph, shape.path)} ?value ."
        if shape.is_property and shape.path is not None
        else "BIND(?this AS ?value)"
    )
    path = path_to_sparql(graph, shape.path) if shape.path is not None else None
    for parameter, arguments in shape.constraints.items():
        if parameter == SH.property:
            continue
        component = _COMPONENT[parameter]
        for argument in arguments:
            if parameter in (SH.minCount, SH.maxCount) and path is not None:
                op = "<" if parameter == SH.minCount else ">"
                query = (
                    "SELECT ?this WHERE { "
                    f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} "
                    f"OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this }} "
                    f"FILTER(?n {op} {_n3(argument)}) }}"
                )
                yield CompiledConstraint(shape, parameter, component, query, False)
            elif parameter == SH.hasValue:
                test = (
                    # The value in the pattern (matching is by term, as sh:hasValue wants):
                    # a path bound at both ends is evaluated from both, not enumerated.
                    f"FILTER NOT EXISTS {{ ?this {path} {_n3(argument)} }}"
                    if path is not None
                    else f"FILTER(!sameTerm(?this, {_n3(argument)}))"
                )
                yield CompiledConstraint(
                    shape, parameter, component, f"SELECT ?this WHERE {{ {focus} {test} }}", False
                )
            elif parameter == SH["or"]:
                alternatives = or_expression(graph, argument, "?value") or "false"
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                    f"FILTER(!COALESCE({alternatives}, false)) }}"
                )
                yield CompiledConstraint(shape, parameter, component, query, True)
            elif parameter == SH["class"]:
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                    f"FILTER NOT EXISTS {{ {_type_pattern('?value', argument)} }} }}"
                )
                yield CompiledConstraint(shape, parameter, component, query, True)
            else:
                test = _value_test(graph, parameter, argument) or "true"
                if parameter == SH.pattern:
                    flags = shape_flags(graph, shape)
                    if flags:
                        test = (
                            f"(!isBlank(?value) && REGEX(STR(?value), {_n3(argument)}, "
                            f"{Literal(flags).n3()}))"
                        )
                query = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} "
                    f"FILTER(!COALESCE({test}, false)) }}"
                )
                yield CompiledConstraint(shape, parameter, component, query, True)


def shape_flags(graph: Graph, shape: Shape) -> str | None:
    flags = graph.value(shape.node, SH.flags)
    return str(flags) if flags is not None else None


def compile_shape(graph: Graph, shape: Shape, targets: dict[URIRef, list[Node]]) -> list[
    CompiledConstraint
]:
    """The queries for one compilable shape evaluated on ``targets``' focus nodes."""
    focus = target_pattern(targets)
    if focus is None:
        return []
    return list(_constraint_queries(graph, shape, focus))
